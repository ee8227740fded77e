"""`cxcoach serve --workers N`: several workers only where the index can be shared."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh-Hans", "多个工作进程需要一个 Chroma 服务器"),
        ("en", "Several workers need a Chroma server"),
    ],
)
def test_several_workers_over_the_embedded_index_are_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    monkeypatch.setenv("CXCOACH_UI_LANG", lang)
    result = runner.invoke(app, ["serve", "--workers", "2", "--port", "1"])
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())
    assert "http://" not in result.output  # it never said it had started

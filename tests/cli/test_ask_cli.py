"""`cxcoach ask` in a terminal: every point starts on its bullet's line and wraps under itself,
in Chinese (no spaces to wrap at) as in English, with its citation number."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from typer.testing import CliRunner

from assistant.cli import ask as ask_cli
from assistant.cli.main import app

runner = CliRunner()


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """What a 60-column terminal shows."""
    out = io.StringIO()
    monkeypatch.setattr(ask_cli, "console", Console(file=out, width=60, color_system=None))
    return out


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("顾客排队太久发火了怎么办？", "排队太长"),
        ("A caller is swearing at me", "Angry, abusive or threatening customer"),
    ],
)
def test_points_wrap_under_their_bullet(screen: io.StringIO, question: str, title: str) -> None:
    result = runner.invoke(app, ["ask", question])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in screen.getvalue().splitlines()]
    assert any(title in line for line in lines)
    bullets = [line for line in lines if line.lstrip().startswith("•")]
    assert len(bullets) >= 5
    # No bullet stands alone with its point pushed to the next line.
    assert all(len(line.strip()) > 3 for line in bullets), bullets
    # A wrapped point continues indented under its text, not under the bullet.
    continued = [
        line
        for before, line in zip(lines, lines[1:], strict=False)
        if before.lstrip().startswith("•") and line.startswith("    ") and line.strip()
    ]
    assert continued, "\n".join(lines)
    assert "[1]" in screen.getvalue()  # the citation number, not taken for markup
    assert max(len(line) for line in lines) <= 60 * 2  # double-width characters at most

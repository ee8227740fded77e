"""`cxcoach eval ask`: misses are listed for the tune half only, never for the held-out half, and
`--tune-only` leaves the held-out half out altogether (studying it would be tuning on the test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli.ask import run_ask_eval
from assistant.settings import Settings

QUESTIONS = """
questions:
  - {q: "TUNE-QUESTION 今天天气怎么样", lang: zh-Hans, outcome: guide, target: guide-long-queue, split: tune}
  - {q: "HELD-OUT-QUESTION 明天天气怎么样", lang: zh-Hans, outcome: guide, target: guide-long-queue, split: test}
"""


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(QUESTIONS, encoding="utf-8")
    return path


def test_misses_are_shown_for_the_tune_half_only(
    settings: Settings, questions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_ask_eval(settings, questions, fit=False, show_misses=True)
    out = capsys.readouterr().out
    assert "held-out test half" in out and "tune half" in out
    assert "TUNE-QUESTION" in out  # an off-topic weather question: missed
    assert "HELD-OUT-QUESTION" not in out


def test_tune_only_skips_the_held_out_half(
    settings: Settings, questions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_ask_eval(settings, questions, fit=False, show_misses=True, tune_only=True)
    out = capsys.readouterr().out
    assert "tune half" in out and "held-out" not in out

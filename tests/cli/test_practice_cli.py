"""`cxcoach practice` in the terminal: the same tutor as the pages, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CXCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CXCOACH_INDEX_BACKEND", "memory")
    monkeypatch.setenv("CXCOACH_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("COLUMNS", "200")


def test_list_shows_scenarios_and_mapping_cases_in_the_chosen_language() -> None:
    result = runner.invoke(app, ["practice", "list", "--lang", "zh-Hant"])
    assert result.exit_code == 0, result.output
    assert "callback-broken-bank" in result.output and "對練情境" in result.output
    assert "bank-branch" in result.output


def test_a_role_play_in_the_terminal_ends_with_a_scorecard_and_counts_in_progress() -> None:
    replies = [
        "Mrs Peng, we promised a call within two days and you've waited over a week. "
        "That's on us and I'm really sorry.",
        "I've checked the ticket and I'll handle it now: I'll call you back before four this "
        "afternoon, my name is Li. Is that all right?",
        "/end",
    ]
    result = runner.invoke(
        app,
        ["practice", "roleplay", "callback-broken-bank", "--name", "Amy", "--lang", "en"],
        input="\n".join(replies) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Mrs Peng" in result.output and "You may not promise" in result.output
    assert "Scorecard:" in result.output and "✓ Apologise" in result.output
    assert "The moment of truth here" in result.output
    # The name was remembered: progress needs no --name now.
    progress = runner.invoke(app, ["practice", "progress", "--lang", "en"])
    assert progress.exit_code == 0, progress.output
    assert "Amy's progress" in progress.output and "Suggested next" in progress.output


def test_a_quiz_round_asks_again_on_an_empty_answer_and_explains_each_answer() -> None:
    result = runner.invoke(
        app,
        ["practice", "quiz", "--name", "小王", "--topic", "kano", "-c", "1"],
        input="\nB\n",
    )
    assert result.exit_code == 0, result.output
    assert "先写一个答案" in result.output and "正确答案" in result.output


def test_unknown_scenario_topic_and_language_are_refused_in_plain_words() -> None:
    first_time = runner.invoke(app, ["practice", "progress"])
    assert first_time.exit_code == 2 and "--name" in first_time.output
    result = runner.invoke(app, ["practice", "roleplay", "nope", "--name", "Amy", "--lang", "en"])
    assert result.exit_code == 1 and "no such role-play scenario" in result.output
    result = runner.invoke(app, ["practice", "quiz", "--name", "Amy", "--topic", "astrology"])
    assert result.exit_code == 2 and "kano" in result.output
    assert runner.invoke(app, ["practice", "list", "--lang", "fr"]).exit_code == 2


def test_a_trainer_creates_a_course_and_exports_its_roster() -> None:
    made = runner.invoke(
        app,
        [
            "practice", "course", "save", "Night shift", "-w", "acme",
            "--scenario", "callback-broken-bank", "--topic", "mot",
            "--trainee", "Amy", "--trainee", "Bo",
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    course_id = made.output.split()[0]
    shown = runner.invoke(
        app, ["practice", "course", "show", course_id, "-w", "acme", "--lang", "en"]
    )
    assert shown.exit_code == 0 and "Amy" in shown.output and "Bo" in shown.output
    exported = runner.invoke(
        app, ["practice", "course", "show", course_id, "-w", "acme", "--csv", "--lang", "en"]
    )
    assert exported.output.splitlines()[0].startswith("trainee,role-plays")
    bad = runner.invoke(app, ["practice", "course", "save", "X", "--scenario", "nope"])
    assert bad.exit_code == 1 and "nope" in bad.output


def test_eval_tutor_prints_the_figures_of_both_halves() -> None:
    sets = Path(__file__).parents[1] / "practice"
    result = runner.invoke(app, ["eval", "tutor", "--sets", str(sets)])
    assert result.exit_code == 0, result.output
    figures = (
        "held-out set",
        "development set",
        "Spearman",
        "role-play turn p95",
        "trainers agree",
    )
    for figure in figures:
        assert figure in result.output

"""The labelled sets behind `cxcoach eval tutor` are well formed and big enough, and the figures
are computed right (not that they meet their targets: that is measured, not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.practice.evaluation import evaluate, spearman
from assistant.practice.scenarios import load_scenarios
from assistant.text.script import is_simplified_only
from assistant.text.yaml_text import load_yaml

SETS = Path(__file__).parent
PAIRS = [("tutor_set.yaml", "roleplay_runs.yaml"), ("tutor_holdout.yaml", "roleplay_holdout.yaml")]


@pytest.mark.parametrize(("replies", "runs"), PAIRS)
def test_each_labelled_set_is_well_formed_and_covers_three_languages(
    replies: str, runs: str
) -> None:
    library = load_scenarios()
    items = load_yaml((SETS / replies).read_text(encoding="utf-8"))["replies"]
    assert len(items) >= 120
    assert len({library[i["scenario"]].situation_id for i in items}) >= 20
    assert {i["lang"] for i in items} == {"zh-Hans", "zh-Hant", "en"}
    assert len({i["id"] for i in items}) == len(items)
    for item in items:
        scenario = library[item["scenario"]]
        assert set(item["labels"]) == set(scenario.criteria), item["id"]
        assert set(item["labels"].values()) <= {"met", "missed", "broken"}
        assert 1 <= item["grade"] <= 5
        if item["lang"] == "zh-Hant":
            assert not any(is_simplified_only(c) for c in item["reply"]), item["id"]
    scripted = load_yaml((SETS / runs).read_text(encoding="utf-8"))["runs"]
    assert len(scripted) >= 40
    assert {r["expected"] for r in scripted} == {"calmed", "escalated"}
    assert all(r["scenario"] in library and 1 <= len(r["replies"]) <= 6 for r in scripted)


def test_the_report_counts_what_it_measures(tmp_path: Path) -> None:
    replies = tmp_path / "r.yaml"
    replies.write_text(
        """version: 1
replies:
  - id: a
    scenario: callback-broken-bank-en
    lang: en
    kind: bad
    reply: ""
    labels: {acknowledge: missed, apologise: missed, explain: missed, remedy: missed,
             confirm: missed, close: missed, avoid: missed}
    grade: 1
  - id: b
    scenario: callback-broken-bank-en
    lang: en
    kind: bad
    reply: "ok"
    labels: {acknowledge: met, apologise: missed, explain: missed, remedy: missed,
             confirm: missed, close: missed, avoid: missed}
    grade: 2
""",
        encoding="utf-8",
    )
    runs = tmp_path / "s.yaml"
    runs.write_text(
        """version: 1
runs:
  - id: r
    scenario: callback-broken-bank-en
    lang: en
    expected: escalated
    replies: ["My colleague was on leave, we've been very busy.", "We've been very busy."]
""",
        encoding="utf-8",
    )
    report = evaluate(replies, runs)
    assert report.replies == 2 and report.accuracy["acknowledge"] == 0.5
    assert report.accuracy["avoid"] == 1.0
    assert [m.item for m in report.misses] == ["b"]
    assert (report.runs, report.runs_expected) == (1, 1) and report.p95_ms > 0


def test_spearman_ranks_with_ties() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2, 2], [1, 2, 3, 4]) == pytest.approx(0.894, abs=1e-3)
    with pytest.raises(ValueError):
        spearman([1], [1])

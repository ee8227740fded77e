"""The labelled sets behind `cxcoach eval tutor` are well formed and big enough, and the figures
are computed right (not that they meet their targets: that is measured, not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.practice.evaluation import agreement, cohen_kappa, evaluate, spearman
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


def test_cohen_kappa_is_one_when_the_labellers_agree_and_zero_at_chance() -> None:
    assert cohen_kappa(["met", "missed", "met"], ["met", "missed", "met"]) == 1.0
    assert (
        cohen_kappa(["met", "met", "missed", "missed"], ["met", "missed", "met", "missed"]) == 0.0
    )
    with pytest.raises(ValueError):
        cohen_kappa([], [])


def test_agreement_compares_two_trainers_and_the_tutor(tmp_path: Path) -> None:
    replies = tmp_path / "r.yaml"
    replies.write_text(
        """version: 1
replies:
  - id: a
    scenario: late-gift-ecommerce-zh
    lang: zh-Hans
    kind: bad
    reply: "您要是当时选了顺丰配送就不会这样了"
    labels: {explain: broken}
    grade: 1
  - id: b
    scenario: late-gift-ecommerce-zh
    lang: zh-Hans
    kind: mediocre
    reply: "亲，包裹还在运输中哦，请耐心等待"
    labels: {explain: met}
    grade: 2
  - id: c
    scenario: late-gift-ecommerce-zh
    lang: zh-Hans
    kind: mediocre
    reply: "不好意思"
    labels: {explain: missed}
    grade: 1
""",
        encoding="utf-8",
    )
    second = tmp_path / "second.yaml"
    second.write_text("criterion: explain\nlabels: {a: broken, b: missed}\n", encoding="utf-8")
    found = agreement(replies, second)
    assert (found.criterion, found.replies, found.consensus) == ("explain", 2, 1)
    assert found.trainers == 0.5
    # the tutor hears the blame (a) and no cause in a status (b): the second trainer's reading
    assert found.tutor_second == 1.0 and found.tutor_first == 0.5
    assert found.tutor_consensus == 1.0

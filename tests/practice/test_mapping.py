"""The mapping exercise: cases load and are checked, and a trainee's map is compared with the
reference the way a trainer reads it (synonyms, both scripts, the wrong stage noticed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain import (
    BusinessContext,
    Diagnosis,
    GoalScope,
    JourneyMap,
    PainPoint,
    Stage,
    Touchpoint,
)
from assistant.practice.mapping import (
    Case,
    CaseError,
    case_for,
    compare,
    load_cases,
    names_match,
    parse_case,
)
from assistant.text.script import to_traditional

CASES = load_cases()


def journey(
    stages: list[str],
    touchpoints: dict[str, list[tuple[str, bool]]] | None = None,
    pains: dict[str, list[str]] | None = None,
) -> Diagnosis:
    ids = {name: f"s{i}" for i, name in enumerate(stages, 1)}
    tps = [
        Touchpoint(id=f"t{n}", stage_id=ids[stage], name=name, moment_of_truth=mot)
        for n, (stage, name, mot) in enumerate(
            ((s, name, mot) for s, items in (touchpoints or {}).items() for name, mot in items), 1
        )
    ]
    pain_points = [
        PainPoint(id=f"p{n}", stage_id=ids[stage], description=text, severity=3)
        for n, (stage, text) in enumerate(
            ((s, t) for s, items in (pains or {}).items() for t in items), 1
        )
    ]
    return Diagnosis(
        map=JourneyMap(
            title="practice",
            goal=GoalScope(goal="practice"),
            context=BusinessContext(industry="banking", product_or_service="practice"),
            stages=[Stage(id=ids[name], name=name) for name in stages],
            touchpoints=tps,
            pain_points=pain_points,
        )
    )


def reference_map(case: Case, convert: bool = False) -> Diagnosis:
    def c(text: str) -> str:
        return to_traditional(text) if convert else text

    ref = case.reference
    moments = {m.touchpoint for m in ref.moments_of_truth}
    return journey(
        [c(s.name) for s in ref.stages],
        {c(s.name): [(c(t.name), t.name in moments) for t in s.touchpoints] for s in ref.stages},
        {c(s.name): [c(p.text) for p in ref.pain_points if p.stage == s.name] for s in ref.stages},
    )


def test_six_cases_ship_in_both_languages_with_a_reference_map() -> None:
    ids = {case.case_id for case in CASES.values()}
    assert len(ids) >= 6
    for case_id in ids:
        zh, en = case_for(case_id, "zh-Hans"), case_for(case_id, "en")
        assert zh.pair == en.id and en.pair == zh.id
        assert len(zh.reference.stages) == len(en.reference.stages)
        assert case_for(case_id, "zh-Hant") is zh  # Traditional readers get the zh case converted


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_reference_map_itself_scores_full_marks(case_id: str) -> None:
    case = CASES[case_id]
    report = compare(case, reference_map(case), case.lang)
    assert report.total == 100, [(p.kind, [m.reference for m in p.missed]) for p in report.parts]


@pytest.mark.parametrize("case_id", sorted(c for c in CASES if c.endswith("-zh")))
def test_a_traditional_map_matches_the_simplified_reference(case_id: str) -> None:
    case = CASES[case_id]
    report = compare(case, reference_map(case, convert=True), "zh-Hant")
    assert report.total == 100
    assert report.title == to_traditional(case.title)


def test_synonyms_a_wrong_stage_and_missing_moments_are_told_apart() -> None:
    case = case_for("bank-branch", "zh-Hans")
    first = case.reference.stages[0]
    second = case.reference.stages[1]
    alias = (first.aliases or (first.name,))[0]
    misplaced = second.touchpoints[0]
    diagnosis = journey(
        [alias, second.name, "喝咖啡"],
        {alias: [(misplaced.name, False)]},
    )
    report = compare(case, diagnosis, "zh-Hans")
    stages = report.part("stages")
    assert [f.reference for f in stages.found] == [first.name, second.name]
    assert stages.missed and stages.feedback  # the coaching note for what was missed
    touchpoints = report.part("touchpoints")
    moved = next(f for f in touchpoints.found if f.reference == misplaced.name)
    assert moved.note == "other_stage"
    assert report.part("moments_of_truth").found == ()
    assert report.extra == ("喝咖啡",)
    assert 0 < report.total < 60


def test_pain_points_match_by_their_words_not_their_exact_wording() -> None:
    case = case_for("outpatient-clinic", "zh-Hans")
    pain = case.reference.pain_points[0]
    stage = pain.stage
    said = "，".join(pain.keywords[:2]) + "，病人很烦"
    report = compare(case, journey([stage], pains={stage: [said]}), "zh-Hans")
    assert pain.text in [f.reference for f in report.part("pain_points").found]


def test_names_match_forgives_length_and_script_but_not_different_things() -> None:
    assert names_match("到店取號", ["取号"])
    assert names_match("Check-in at the front desk", ["Check-in"])
    assert not names_match("缴费", ["预约挂号"])
    assert not names_match("", ["预约"])


def test_a_broken_case_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    text = next(iter(CASES.values())).model_dump_json()
    import json

    data = json.loads(text)
    data["reference"]["pain_points"][0]["stage"] = "no such stage"
    with pytest.raises(CaseError, match="bad-case-zh.yaml.*no stage"):
        parse_case(json.dumps(data, ensure_ascii=False), "mapping/bad-case-zh.yaml")
    with pytest.raises(CaseError, match="not valid YAML"):
        parse_case("id: [", "mapping/x.yaml")


def test_one_trainee_element_is_credited_for_one_reference_element_only() -> None:
    case = case_for("business-hotel", "zh-Hans")
    stage = case.reference.stages[0]
    all_tps = [tp for s in case.reference.stages for tp in s.touchpoints]
    word = "客房"  # a short name that several reference touchpoints contain
    assert sum(word in tp.name or any(word in a for a in tp.aliases) for tp in all_tps) >= 1
    report = compare(case, journey([stage.name], {stage.name: [(word, False)]}), "zh-Hans")
    assert len(report.part("touchpoints").found) <= 1
    pain = case.reference.pain_points[0]
    vague = journey([pain.stage], pains={pain.stage: ["，".join(pain.keywords)]})
    assert len(compare(case, vague, "zh-Hans").part("pain_points").found) == 1


def test_english_steps_named_with_a_light_verb_still_match() -> None:
    assert names_match("Taking a ticket", ["Getting a ticket"])
    assert names_match("getting the room", ["Room"])
    assert not names_match("Taking a ticket", ["Taking a seat"])

"""The shipped example diagnoses are complete, valid and consistent; broken copies are rejected."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

import knowledge
from assistant.domain import Diagnosis, describe_validation_error
from assistant.examples import list_examples, load_example
from assistant.text.script import glossary_violations

EXPECTED = ["bank-loan.zh-Hans", "online-retailer.en", "telecom-service-hall.zh-Hant"]
NAMES = list_examples()


def raw_example(name: str) -> dict[str, Any]:
    text = (knowledge.root() / "examples" / f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_the_three_examples_are_listed() -> None:
    assert NAMES == EXPECTED


def test_unknown_example_names_the_available_ones() -> None:
    with pytest.raises(KeyError) as info:
        load_example("no-such-example.en")
    message = str(info.value)
    assert "no-such-example.en" in message
    for name in EXPECTED:
        assert name in message


def test_each_load_returns_a_fresh_copy() -> None:
    first = load_example(EXPECTED[0])
    first.map.title = "changed"
    assert load_example(EXPECTED[0]).map.title != "changed"


@pytest.mark.parametrize("name", EXPECTED)
def test_example_validates(name: str) -> None:
    diagnosis = load_example(name)
    assert isinstance(diagnosis, Diagnosis)
    assert Diagnosis.model_validate(raw_example(name)) == diagnosis


@pytest.mark.parametrize("name", EXPECTED)
def test_language_is_the_one_in_the_name(name: str) -> None:
    assert load_example(name).map.lang == name.rsplit(".", 1)[1]


@pytest.mark.parametrize("name", EXPECTED)
def test_map_is_complete(name: str) -> None:
    m = load_example(name).map
    assert m.title and m.goal.goal and m.goal.scope
    assert m.context.industry and m.context.product_or_service and m.context.company
    assert 2 <= len(m.personas) <= 3
    for persona in m.personas:
        assert persona.goals and persona.needs and persona.expectations, persona.id
    assert 5 <= len(m.stages) <= 6
    for stage in m.stages:
        assert len(m.touchpoints_of(stage.id)) >= 2, f"stage {stage.id} has < 2 touchpoints"
    for tp in m.touchpoints:
        assert tp.emotion is not None, f"touchpoint {tp.id} has no emotion"
        assert -2 <= tp.emotion.score <= 2 and tp.emotion.label and tp.emotion.quote, tp.id
        assert tp.category is not None, tp.id
    assert 2 <= sum(tp.moment_of_truth for tp in m.touchpoints) <= 3
    assert 5 <= len(m.pain_points) <= 8
    assert all(p.evidence for p in m.pain_points)
    sources = {p.provenance.source for p in m.pain_points}
    assert sources == {"user", "data", "suggested"}
    assert 3 <= len(m.opportunities) <= 5
    assert 3 <= len(m.kpis) <= 5
    assert all(k.baseline is not None and k.target is not None for k in m.kpis)


@pytest.mark.parametrize("name", EXPECTED)
def test_every_pain_point_has_an_action(name: str) -> None:
    d = load_example(name)
    addressed = {pid for action in d.plan.actions for pid in action.pain_point_ids}
    missing = [p.id for p in d.map.pain_points if p.id not in addressed]
    assert not missing, f"pain points without an action: {missing}"


@pytest.mark.parametrize("name", EXPECTED)
def test_plan_is_complete(name: str) -> None:
    plan = load_example(name).plan
    assert 5 <= len(plan.actions) <= 8
    for action in plan.actions:
        assert action.kpi.baseline is not None and action.kpi.baseline_source, action.id
    buckets = {a.priority for a in plan.actions}
    assert {"quick_win", "major_project"} <= buckets
    assert plan.review_loop.owner and plan.review_loop.steps


def test_all_four_priority_buckets_appear_across_the_set() -> None:
    buckets = {a.priority for name in EXPECTED for a in load_example(name).plan.actions}
    assert buckets == {"quick_win", "major_project", "fill_in", "reconsider"}


@pytest.mark.parametrize("name", EXPECTED)
def test_referenced_ids_exist(name: str) -> None:
    d = load_example(name)
    m = d.map
    stages = {s.id for s in m.stages}
    touchpoints = {t.id: t.stage_id for t in m.touchpoints}
    pains = {p.id for p in m.pain_points}
    assert all(t.stage_id in stages for t in m.touchpoints)
    for p in m.pain_points:
        assert p.stage_id in stages
        if p.touchpoint_id is not None:
            assert touchpoints[p.touchpoint_id] == p.stage_id
    assert all(set(o.pain_point_ids) <= pains for o in m.opportunities)
    assert all(k.stage_id is None or k.stage_id in stages for k in m.kpis)
    assert all(set(a.pain_point_ids) <= pains for a in d.plan.actions)


Corruption = Callable[[dict[str, Any]], None]


def _tp_missing_stage(d: dict[str, Any]) -> None:
    d["map"]["touchpoints"][0]["stage_id"] = "s-missing"


def _emotion_out_of_range(d: dict[str, Any]) -> None:
    d["map"]["touchpoints"][1]["emotion"]["score"] = 3


def _action_missing_pain_point(d: dict[str, Any]) -> None:
    d["plan"]["actions"][0]["pain_point_ids"] = ["pp-missing"]


def _pain_point_missing_touchpoint(d: dict[str, Any]) -> None:
    d["map"]["pain_points"][0]["touchpoint_id"] = "tp-missing"


def _opportunity_missing_pain_point(d: dict[str, Any]) -> None:
    d["map"]["opportunities"][0]["pain_point_ids"].append("pp-missing")


def _duplicate_stage_id(d: dict[str, Any]) -> None:
    d["map"]["stages"][1]["id"] = d["map"]["stages"][0]["id"]


def _data_without_refs(d: dict[str, Any]) -> None:
    pain = next(p for p in d["map"]["pain_points"] if p["provenance"]["source"] == "data")
    pain["provenance"]["refs"] = []


def _action_impact_out_of_range(d: dict[str, Any]) -> None:
    d["plan"]["actions"][0]["impact"] = 6


CORRUPTIONS: list[tuple[str, Corruption, str]] = [
    ("touchpoint-missing-stage", _tp_missing_stage, "touchpoints[0].stage_id"),
    ("emotion-3", _emotion_out_of_range, "map.touchpoints.1.emotion.score"),
    ("action-missing-pain-point", _action_missing_pain_point, "plan.actions[0].pain_point_ids"),
    (
        "pain-point-missing-touchpoint",
        _pain_point_missing_touchpoint,
        "pain_points[0].touchpoint_id",
    ),
    (
        "opportunity-missing-pain-point",
        _opportunity_missing_pain_point,
        "opportunities[0].pain_point_ids",
    ),
    ("duplicate-stage-id", _duplicate_stage_id, "stages[1].id"),
    ("data-without-refs", _data_without_refs, "provenance"),
    ("impact-6", _action_impact_out_of_range, "plan.actions.0.impact"),
]


@pytest.mark.parametrize("name", EXPECTED)
@pytest.mark.parametrize(
    ("corrupt", "field"),
    [pytest.param(fn, field, id=case) for case, fn, field in CORRUPTIONS],
)
def test_corrupted_copy_is_rejected_naming_the_field(
    name: str, corrupt: Corruption, field: str
) -> None:
    data = copy.deepcopy(raw_example(name))
    Diagnosis.model_validate(data)  # the pristine copy is valid
    corrupt(data)
    with pytest.raises(ValidationError) as info:
        Diagnosis.model_validate(data)
    message = describe_validation_error(info.value)
    assert field in message, message


def test_the_zh_hant_example_follows_the_taiwan_glossary() -> None:
    # The example is cxcoach's own text, so it names things as every zh-Hant page does (顧客 not
    # 客戶, 占 not 佔); only what a persona says in their own words (the quote) is left as said.
    def texts(value: Any, key: str = "") -> list[str]:
        if isinstance(value, str):
            return [] if key == "quote" else [value]
        if isinstance(value, list):
            return [t for item in value for t in texts(item, key)]
        if isinstance(value, dict):
            return [t for k, item in value.items() for t in texts(item, k)]
        return []

    for name in (n for n in NAMES if n.endswith(".zh-Hant")):
        found = {text: glossary_violations(text) for text in texts(raw_example(name))}
        assert not {t: v for t, v in found.items() if v}, name

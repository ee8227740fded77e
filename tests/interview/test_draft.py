"""The map draft: missing pieces allowed, references always resolve, ids never reused."""

from __future__ import annotations

from assistant.domain import (
    Action,
    KPITarget,
    Opportunity,
    PainPoint,
    Provenance,
    Touchpoint,
)
from assistant.interview.draft import MapDraft


def test_an_empty_draft_is_already_a_valid_diagnosis() -> None:
    diagnosis = MapDraft(lang="en").to_diagnosis(placeholder="(to be completed)", title="Map")
    assert diagnosis.map.goal.goal == "(to be completed)"
    assert diagnosis.map.context.industry == "(to be completed)"
    assert diagnosis.map.title == "Map" and diagnosis.plan.actions == []


def test_removing_a_pain_point_unlinks_opportunities_and_drops_orphan_actions() -> None:
    draft = MapDraft()
    stage = draft.add_stage("等待", "", Provenance())
    touchpoint = draft.add_touchpoint(
        Touchpoint(id=draft.new_id("touchpoint"), stage_id=stage.id, name="叫号")
    )
    first = draft.add_pain(
        PainPoint(
            id=draft.new_id("pain"),
            stage_id=stage.id,
            touchpoint_id=touchpoint.id,
            description="排队久",
            severity=4,
        )
    )
    second = draft.add_pain(
        PainPoint(id=draft.new_id("pain"), stage_id=stage.id, description="没座位", severity=2)
    )
    draft.add_opportunity(
        Opportunity(id="opp-1", description="预约", pain_point_ids=[first.id, second.id])
    )
    kpi = KPITarget(name="等候", target=15)
    draft.plan.actions = [
        Action(
            id="a1",
            title="预约",
            pain_point_ids=[first.id],
            impact=4,
            effort=2,
            owner_department="运营",
            kpi=kpi,
        ),
        Action(
            id="a2",
            title="加座",
            pain_point_ids=[first.id, second.id],
            impact=2,
            effort=1,
            owner_department="运营",
            kpi=kpi,
        ),
    ]
    draft.remove("pain", first.id)
    assert draft.opportunities[0].pain_point_ids == [second.id]
    assert [(a.id, a.pain_point_ids) for a in draft.plan.actions] == [("a2", [second.id])]
    draft.remove("touchpoint", touchpoint.id)
    draft.to_diagnosis(placeholder="-", title="t")
    assert draft.new_id("pain") == "pain-3"  # never reuses pain-1


def test_duplicates_by_name_merge_instead_of_repeating() -> None:
    draft = MapDraft()
    stage = draft.add_stage("Order", "", Provenance())
    assert draft.add_stage("order", "", Provenance()) is stage
    one = draft.add_touchpoint(Touchpoint(id="t1", stage_id=stage.id, name="Checkout"))
    same = draft.add_touchpoint(
        Touchpoint(id="t2", stage_id=stage.id, name="checkout", channel="app")
    )
    assert same is one and one.channel == "app" and len(draft.touchpoints) == 1


def test_the_diagnosis_is_a_copy() -> None:
    draft = MapDraft()
    draft.add_stage("A", "", Provenance())
    diagnosis = draft.to_diagnosis(placeholder="-", title="t")
    diagnosis.map.stages[0].name = "changed"
    assert draft.stages[0].name == "A"

"""Plan generation: an action for every pain point, from the team's opportunities, the playbook,
the methodology (by retrieval) or a cited generic step; scored, owned, measured, dated."""

from __future__ import annotations

from assistant.domain import Emotion, MapKPI, Opportunity, PainPoint, Provenance, Touchpoint
from assistant.interview.engine import new_state
from assistant.interview.methodology import Methodology
from assistant.interview.plan import HORIZON_BY_BUCKET, PlanBuilder
from assistant.interview.plan_edits import apply_plan_edits
from assistant.interview.state import InterviewState
from assistant.interview.turn import Turn
from assistant.retrieval import KnowledgeIndex
from tests.interview.fakes import EmptyRetriever


def state_with_pains(lang: str = "zh-Hans", industry: str | None = "banking") -> InterviewState:
    state = new_state("s", "w", "acme", lang, industry)
    draft = state.draft
    for name in ("咨询了解", "申请提交", "日常服务"):
        draft.add_stage(name, "", Provenance())
    hall = draft.stages[2]
    draft.add_touchpoint(
        Touchpoint(
            id=draft.new_id("touchpoint"),
            stage_id=hall.id,
            name="网点取号排队",
            channel="网点",
            emotion=Emotion(score=-2),
        )
    )
    draft.add_pain(
        PainPoint(
            id=draft.new_id("pain"),
            stage_id=draft.stages[1].id,
            description="材料反复补交：清单不一次说清",
            severity=5,
        )
    )
    draft.add_pain(
        PainPoint(
            id=draft.new_id("pain"),
            stage_id=hall.id,
            touchpoint_id="tp-1",
            description="网点排队久",
            severity=4,
        )
    )
    draft.add_pain(
        PainPoint(
            id=draft.new_id("pain"),
            stage_id=hall.id,
            description="保安态度冷淡，不理人",
            severity=2,
        )
    )
    draft.kpis.append(
        MapKPI(id="kpi-1", name="网点平均等候时长", unit="分钟", baseline=25, target=15)
    )
    return state


def test_every_pain_point_gets_cited_scored_owned_actions(retriever: KnowledgeIndex) -> None:
    state = state_with_pains()
    PlanBuilder(Methodology(retriever)).ensure(state)
    draft = state.draft
    by_pain = {p.description: draft.actions_for(p.id) for p in draft.pain_points}
    assert all(by_pain.values())
    (checklist,) = by_pain["材料反复补交：清单不一次说清"]
    assert checklist.title == "一次性材料清单与预审" and checklist.owner_department == "零售信贷部"
    assert (checklist.impact, checklist.effort, checklist.priority) == (4, 2, "quick_win")
    assert checklist.horizon == "30d" and checklist.kano == "must_be"  # severity 5: basic
    assert checklist.provenance.citations[0].doc_id == "playbook-banking-zh"
    (booking,) = by_pain["网点排队久"]
    assert (booking.kpi.name, booking.kpi.baseline, booking.kpi.target) == (
        "网点平均等候时长",
        25,
        15,
    )
    assert booking.kpi.baseline_source == "来自旅程图的目标指标“网点平均等候时长”"
    assert booking.horizon == HORIZON_BY_BUCKET[booking.priority]
    # Not in the playbook: a strategy from the methodology, found by retrieval and cited.
    (guard,) = by_pain["保安态度冷淡，不理人"]
    assert guard.title.startswith("针对“保安态度冷淡，不理人”：")
    citation = guard.provenance.citations[0]
    assert citation.doc_id.endswith("-zh") and not citation.doc_id.startswith("playbook")
    # The action is a recommendation of the cited section (its bold lead and text), not the
    # section heading with "1." as description (the bug of issue #10).
    assert citation.section and guard.title == "针对“保安态度冷淡，不理人”：员工培训"
    assert guard.description.startswith("员工是触点上") and guard.description.endswith("。")
    # The KPI follows from the pain (an attitude problem → satisfaction with the service), not
    # "complaints drop 30%" for everything; nothing measured it yet, so no baseline.
    assert guard.owner_department and (guard.kpi.name, guard.kpi.unit) == ("服务满意度", "%")
    assert guard.kpi.baseline is None
    assert draft.plan.review_loop.owner == "客户体验负责人"
    # Quick wins first, as the plan is read.
    order = ["quick_win", "major_project", "fill_in", "reconsider"]
    priorities = [order.index(a.priority) for a in draft.plan.actions]
    assert priorities == sorted(priorities)


def test_with_an_empty_knowledge_base_the_action_cites_the_plan_practice() -> None:
    state = state_with_pains("en", industry=None)
    PlanBuilder(Methodology(EmptyRetriever())).ensure(state)
    for action in state.draft.plan.actions:
        (citation,) = action.provenance.citations
        assert citation.doc_id == "practice-improvement-plan-en"
        assert action.title.startswith("Find the root cause of")


def test_opportunities_become_actions_and_ensure_keeps_edits(retriever: KnowledgeIndex) -> None:
    state = state_with_pains()
    draft = state.draft
    pain = draft.pain_points[2]
    draft.add_opportunity(
        Opportunity(
            id="opp-1",
            description="服务礼仪培训：每周演练",
            impact=3,
            effort=1,
            pain_point_ids=[pain.id],
        )
    )
    draft.kano["opp-1"] = "attractive"
    draft.owners["opp-1"] = "网点运营部"
    builder = PlanBuilder(Methodology(retriever))
    builder.ensure(state)
    training = next(a for a in draft.plan.actions if a.id == "action-opp-1")
    assert (training.title, training.description) == ("服务礼仪培训", "每周演练")
    assert training.kano == "attractive" and training.owner_department == "网点运营部"
    assert training.provenance.source == "user" and draft.actions_for(pain.id) == [training]

    turn = Turn(
        state, message="1 负责：零售信贷部；1 目标 2；1 基线 5；1 期限 60天；1 魅力型\n复盘 每季度"
    )
    assert apply_plan_edits(turn)
    first = draft.plan.actions[0]
    assert first.owner_department == "零售信贷部"
    assert (first.kpi.target, first.kpi.baseline, first.horizon, first.kano) == (
        2,
        5,
        "60d",
        "attractive",
    )
    assert draft.plan.review_loop.cadence == "quarterly"
    assert len(turn.echo) == 6

    draft.add_pain(
        PainPoint(
            id=draft.new_id("pain"),
            stage_id=draft.stages[0].id,
            description="实际成本不清",
            severity=5,
        )
    )
    builder.ensure(state)  # a new pain point gets its action; the edited one is untouched
    assert draft.plan.actions[0].owner_department == "零售信贷部"
    assert draft.actions_for(draft.pain_points[-1].id)

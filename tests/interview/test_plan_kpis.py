"""Each action's KPI follows from its pain, with a baseline only where one is known; values the
manager never said (severity, mode, owner, target, horizon, impact/effort) are stored as the
assistant's guesses in provenance.inferred, and stop being guesses once the manager states them."""

from __future__ import annotations

import pytest

from assistant.domain import Provenance
from assistant.exports.html_export import render_html
from assistant.exports.markdown_export import render_markdown
from assistant.interview.apply import apply_answer
from assistant.interview.extraction import (
    GoalAnswer,
    KPIItem,
    OpportunityItem,
    PainItem,
    PainsAnswer,
    TouchpointItem,
    TouchpointsAnswer,
)
from assistant.interview.methodology import Methodology
from assistant.interview.plan import PlanBuilder, mark_action_stated
from assistant.interview.plan_edits import apply_plan_edits
from assistant.interview.state import InterviewState
from assistant.interview.turn import Turn
from assistant.retrieval import KnowledgeIndex
from assistant.text.script import to_traditional
from tests.interview.test_plan_fixes import action_titled, interview, state_fixes


def with_goal_kpi(state: InterviewState, name: str, unit: str) -> None:
    """The goal as the manager put it: "… from 25 to 12 minutes"."""
    kpi = KPIItem(name=name, baseline=25, target=12, unit=unit)
    apply_answer(Turn(state), GoalAnswer(goal="shorter waits", kpis=[kpi]))


@pytest.mark.parametrize(
    ("lang", "kpi_name", "unit", "pain", "fix"),
    [
        ("zh-Hans", "网点平均等候时长", "分钟", "网点排队久，常等半小时", "手机预约取号"),
        ("en", "average waiting time", "minutes", "No idea how long the wait is", "Text people"),
    ],
)
def test_a_waiting_pain_is_measured_in_waiting_minutes_from_the_goal(
    lang: str, kpi_name: str, unit: str, pain: str, fix: str, retriever: KnowledgeIndex
) -> None:
    state = interview(
        lang, None, ("A", "B"), ((pain, "A"), ("Cold food" if lang == "en" else "菜凉了", "B"))
    )
    with_goal_kpi(state, kpi_name, unit)
    state_fixes(state, OpportunityItem(description=fix, pain="1"))
    PlanBuilder(Methodology(retriever)).ensure(state)
    action = action_titled(state, fix)
    kpi = action.kpi
    assert (kpi.name, kpi.baseline, kpi.target, kpi.unit) == (kpi_name, 25, 12, unit)
    assert kpi.baseline_source  # says it comes from the map's KPI
    # The KPI was chosen by the assistant; its baseline and target are the manager's own.
    assert action.provenance.is_inferred("kpi.name")
    assert not action.provenance.is_inferred("kpi.target")


CASES = {
    "zh-Hans": [
        ("申请到一半就放弃了", "中途放弃率", "%"),
        ("经常送错菜", "差错率", "%"),
        ("装机总是迟到", "按时完成率", "%"),
        ("不知道审批进度", "催问进度的咨询占比", "%"),
        ("取号排队要半小时", "平均等候时长", "分钟"),
    ],
    "en": [
        ("Customers abandon the form halfway", "drop-out rate", "%"),
        ("Wrong items in the bag", "error rate", "%"),
        ("Deliveries arrive late", "on-time rate", "%"),
        ("No idea where my application is", "share of contacts chasing progress", "%"),
        ("The queue at the counter is long", "average waiting time", "minutes"),
    ],
}
CASES["zh-Hant"] = [
    (to_traditional(p), to_traditional(name), to_traditional(unit))
    for p, name, unit in CASES["zh-Hans"]
]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_each_kpi_follows_from_its_pain(lang: str, retriever: KnowledgeIndex) -> None:
    cases = CASES[lang]
    state = interview(lang, None, ("A",), [(pain, "A") for pain, _, _ in cases])
    fixes = [OpportunityItem(description=f"fix {n}", pain=str(n)) for n in range(1, len(cases) + 1)]
    state_fixes(state, *fixes)
    PlanBuilder(Methodology(retriever)).ensure(state)
    for n, (pain, name, unit) in enumerate(cases, start=1):
        kpi = action_titled(state, f"fix {n}").kpi
        assert (kpi.name, kpi.unit, kpi.baseline) == (name, unit, None), pain
        # No baseline known: the reply asks for one ("N actions have no baseline").
    assert all("drop in complaints" not in a.kpi.name for a in state.draft.plan.actions)


def test_values_not_said_are_recorded_as_the_assistants(retriever: KnowledgeIndex) -> None:
    state = interview("zh-Hans", "banking", ("申请提交", "审批等待"), ())
    apply_answer(
        Turn(state),
        PainsAnswer(
            pain_points=[
                PainItem(description="不知道审批进度", stage="审批等待"),
                PainItem(description="材料要补交好几次", stage="申请提交", severity=5),
            ]
        ),
    )
    progress, paperwork = state.draft.pain_points
    assert progress.provenance.source == "user" and progress.provenance.inferred == ["severity"]
    assert 1 <= progress.severity <= 5
    assert paperwork.severity == 5 and paperwork.provenance.inferred == []
    state_fixes(
        state,
        OpportunityItem(description="增加进度查询", pain="1"),
        OpportunityItem(
            description="一次性材料清单",
            pain="2",
            impact=4,
            effort=2,
            kano="must_be",
            owner="零售信贷部",
        ),
    )
    PlanBuilder(Methodology(retriever)).ensure(state)
    guessed = action_titled(state, "增加进度查询")
    assert guessed.provenance.source == "user"
    assert {"owner", "kpi.target", "horizon", "impact", "effort", "kano"} <= set(
        guessed.provenance.inferred
    )
    assert "pain_point_ids" not in guessed.provenance.inferred  # the manager said "痛点1"
    stated = action_titled(state, "一次性材料清单")
    assert stated.owner_department == "零售信贷部" and stated.kano == "must_be"
    assert not {"owner", "impact", "effort", "kano"} & set(stated.provenance.inferred)
    assert (stated.impact, stated.effort, stated.priority) == (4, 2, "quick_win")


def test_a_touchpoint_mode_not_said_is_guessed_from_the_channel() -> None:
    state = interview("zh-Hans", "banking", ("申请提交",), ())
    answer = TouchpointsAnswer(
        touchpoints=[
            TouchpointItem(name="申请进度页", channel="手机银行App"),
            TouchpointItem(name="网点面签", channel="网点", mode="offline"),
            TouchpointItem(name="审批结果通知", channel="短信"),
            TouchpointItem(name="客户经理上门"),
        ]
    )
    apply_answer(Turn(state), answer)
    modes = {t.name: (t.mode, t.provenance.inferred) for t in state.draft.touchpoints}
    assert modes == {
        "申请进度页": ("online", ["mode"]),
        "网点面签": ("offline", []),
        "审批结果通知": ("online", ["mode"]),
        "客户经理上门": ("offline", ["mode"]),
    }


def test_stating_a_value_takes_it_out_of_the_guesses(retriever: KnowledgeIndex) -> None:
    state = interview("zh-Hans", None, ("A",), (("取号排队要半小时", "A"),))
    state_fixes(state, OpportunityItem(description="预约取号", pain="1"))
    PlanBuilder(Methodology(retriever)).ensure(state)
    action = action_titled(state, "预约取号")
    assert action.kpi.baseline is None and action.provenance.is_inferred("kpi.target")
    action.owner_department = "网点运营部"
    mark_action_stated(action, "owner")
    assert not action.provenance.is_inferred("owner")
    # A baseline said later: the guessed target now follows it (30% better), still a guess.
    action.kpi.baseline = 40
    mark_action_stated(action, "kpi.baseline")
    assert action.kpi.target == 28 and action.provenance.is_inferred("kpi.target")
    action.kpi.target = 20
    mark_action_stated(action, "kpi.target")
    action.kpi.baseline = 35
    mark_action_stated(action, "kpi.baseline")
    assert action.kpi.target == 20  # the manager's own target is never recomputed


def test_a_plan_edit_that_states_the_owner_removes_it_from_the_guesses(
    retriever: KnowledgeIndex,
) -> None:
    state = interview("zh-Hans", None, ("A",), (("取号排队要半小时", "A"),))
    state_fixes(state, OpportunityItem(description="预约取号", pain="1"))
    PlanBuilder(Methodology(retriever)).ensure(state)
    action = action_titled(state, "预约取号")
    assert action.provenance.is_inferred("owner")
    assert apply_plan_edits(Turn(state, message="1 负责：数字渠道部"))
    edited = action_titled(state, "预约取号")
    assert edited.owner_department == "数字渠道部"
    assert not edited.provenance.is_inferred("owner")
    assert edited.provenance.is_inferred("kpi.target")  # still the assistant's


def test_exports_mark_the_guessed_values(retriever: KnowledgeIndex) -> None:
    state = interview("zh-Hans", None, ("A",), (("取号排队要半小时", "A"),))
    state_fixes(state, "预约取号")
    PlanBuilder(Methodology(retriever)).ensure(state)
    diagnosis = state.draft.to_diagnosis(placeholder="?", title="旅程图")
    markdown = render_markdown(diagnosis, "zh-Hans")
    assert "团队未给出、由助手推测填写的值" in markdown
    assert "**[严重程度 3/5 中等]**\\* 取号排队要半小时" in markdown
    html = render_html(diagnosis, "zh-Hans")
    assert html.count('<sup class="guess"') >= 5  # severity, owner, target, horizon, ...
    english = render_markdown(diagnosis, "en")
    assert "a value the assistant filled in" in english


def test_a_stated_map_has_no_guess_marks() -> None:
    state = interview("en", None, ("A",), ())
    state.draft.add_stage("B", "", Provenance())
    diagnosis = state.draft.to_diagnosis(placeholder="?", title="map")
    assert "filled in" not in render_markdown(diagnosis, "en")

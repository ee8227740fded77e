"""Reading step 1 the way managers answer it (issue #10): the industry with or without a
playbook, KPIs and scope in Traditional script, no rambling paragraph stored as an industry; and
step-8 plan edits typed in Traditional script."""

from __future__ import annotations

import pytest

from assistant.domain import Opportunity, PainPoint, Provenance
from assistant.interview import parsing as p
from assistant.interview import rules
from assistant.interview.engine import new_state
from assistant.interview.methodology import Methodology
from assistant.interview.plan import PlanBuilder
from assistant.interview.plan_edits import apply_plan_edits
from assistant.interview.state import InterviewState
from assistant.interview.turn import Turn
from assistant.retrieval import KnowledgeIndex


def blank(lang: str = "zh-Hans") -> InterviewState:
    return new_state("s", "w", "acme", lang)


@pytest.mark.parametrize(
    ("text", "key", "has_playbook"),
    [
        ("We are a regional airline and we want to shorten airport check-in", "airline", False),
        ("我们是一家区域航空公司，值机排队太久", "airline", False),
        ("我們是一家區域航空公司，值機排隊太久", "airline", False),
        ("Hotel check-in queues are too long", "hotel", True),
        ("我们是一所职业培训学校，家长总说报名流程太乱", "education", False),
        ("供电营业厅交电费要排很久", "utilities", False),
        ("我們是一家4S店，提車要等好幾個小時", "automotive", False),
        ("快递公司的揽收总是迟到", "logistics", False),
        ("物业公司报修响应太慢，业主投诉多", "real_estate", False),
        ("政务大厅办社保要跑好几趟", "government", False),
        ("Our gym members cancel after the first month", "fitness", False),
        ("旅行社的跟团游行程经常临时变", "travel", False),
        ("营业厅排队太久，宽带装机慢", "telecom", True),
        ("我们医院门诊候诊时间太长", "healthcare", True),
    ],
)
def test_industries_are_recognised_as_themselves_playbook_or_not(
    text: str, key: str, has_playbook: bool
) -> None:
    guess = p.guess_industry(text)
    assert guess is not None and guess.sure
    assert (guess.key, guess.has_playbook) == (key, has_playbook)
    # Only an industry with its own playbook comes back as a playbook key.
    assert p.detect_industry(text) == (key if has_playbook else None)


@pytest.mark.parametrize(
    "text",
    [
        "Our check-in is slow and guests complain",  # hotels and airlines both check people in
        "check-in takes too long",
        "我们的排队时间太长",
    ],
)
def test_weak_evidence_is_unsure_and_names_no_industry(text: str) -> None:
    guess = p.guess_industry(text)
    assert guess is None or not guess.sure
    assert p.detect_industry(text) is None
    answer = rules.read_goal(blank("en"), text)
    assert answer is not None and answer.industry == ""  # the engine asks which industry


GOALS = {
    "zh-Hans": "我们是一家区域航空公司，想把机场值机时间从25分钟降到12分钟，范围从订票到提取行李。",
    "zh-Hant": "我們是一家區域航空公司，想把機場值機時間從25分鐘降到12分鐘，範圍從訂票到提取行李。",
    "en": "We are a regional airline and we want to cut airport check-in time from 25 to 12 "
    "minutes, from booking to baggage claim.",
}


@pytest.mark.parametrize(
    ("lang", "industry", "kpi", "unit", "scope", "product"),
    [
        ("zh-Hans", "航空公司", "机场值机时间", "分钟", "从订票到提取行李", "值机"),
        ("zh-Hant", "航空公司", "機場值機時間", "分鐘", "從訂票到提取行李", "值機"),
        (
            "en",
            "airline",
            "airport check-in time",
            "minutes",
            "from booking to baggage claim",
            "check-in",
        ),
    ],
)
def test_an_airline_goal_in_three_languages(
    lang: str, industry: str, kpi: str, unit: str, scope: str, product: str
) -> None:
    answer = rules.read_goal(blank(lang), GOALS[lang])
    assert answer is not None
    assert answer.industry == industry  # not "hotel": check-in alone proves nothing
    (found,) = answer.kpis
    assert (found.name, found.baseline, found.target, found.unit) == (kpi, 25, 12, unit)
    assert (answer.scope, answer.product) == (scope, product)
    assert answer.goal == GOALS[lang].rstrip("。.")


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("zh-Hans", "目标：把平均候诊时间从40分钟降到20分钟", "平均候诊时间"),
        ("zh-Hant", "目標：把平均候診時間從40分鐘降到20分鐘", "平均候診時間"),
        ("en", "Goal: reduce the average wait from 40 minutes to 20 minutes", "average wait"),
    ],
)
def test_a_labelled_traditional_goal_has_its_kpi(lang: str, text: str, name: str) -> None:
    answer = rules.read_goal(blank(lang), text)
    assert answer is not None
    assert [(k.name, k.baseline, k.target) for k in answer.kpis] == [(name, 40, 20)]


def test_an_english_kpi_name_starts_at_a_word() -> None:
    text = (
        "We are a small regional airline flying out of three airports and we want to cut airport "
        "check-in time from 25 to 12 minutes"
    )
    assert [k.name for k in p.parse_kpis(text)] == ["airport check-in time"]
    assert [k.name for k in p.parse_kpis("speed up check-in from 25 to 12 minutes")] == ["check-in"]


def test_the_scope_stops_where_it_ends() -> None:
    answer = rules.read_goal(blank(), "我们医院想缩短候诊时间，范围从预约到取药的整个过程")
    assert answer is not None and answer.scope == "从预约到取药"
    answer = rules.read_goal(blank(), "醫院想縮短候診時間，範圍從預約到取藥")
    assert answer is not None and answer.scope == "從預約到取藥"


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("航空", "航空"),
        ("airline", "airline"),
        ("銀行", "banking"),
        ("我们是做4S店的", "4S店"),
        ("我们是一家做跨境电商SaaS的公司，主要服务中小卖家，客户经常抱怨上手难", "跨境电商SaaS"),
        ("we sell things to clinics and to software vendors all over the country, mostly", None),
    ],
)
def test_the_industry_answer_is_a_name_never_a_paragraph(text: str, industry: str | None) -> None:
    answer = rules.read_industry(blank(), text)
    assert (answer.industry if answer else None) == industry


def plan_state(lang: str, retriever: KnowledgeIndex) -> InterviewState:
    state = new_state("s", "w", "acme", lang, "banking")
    draft = state.draft
    stage = draft.add_stage("审批等待" if lang != "en" else "Approval", "", Provenance())
    pain = draft.add_pain(
        PainPoint(
            id=draft.new_id("pain"),
            stage_id=stage.id,
            description="不知道审批进度" if lang != "en" else "No idea where the approval is",
            severity=4,
            provenance=Provenance(),
        )
    )
    draft.add_opportunity(
        Opportunity(
            id=draft.new_id("opportunity"),
            description="进度查询" if lang != "en" else "Status tracker",
            pain_point_ids=[pain.id],
            impact=4,
            effort=2,
            provenance=Provenance(),
        )
    )
    PlanBuilder(Methodology(retriever)).ensure(state)
    return state


@pytest.mark.parametrize(
    ("lang", "message", "owner"),
    [
        ("zh-Hans", "1 负责：数字渠道部\n1 目标 3；1 期限 30天\n复盘 每周", "数字渠道部"),
        ("zh-Hant", "1 負責：數位通路部\n1 目標 3；1 期限 30天\n復盤 每週", "數位通路部"),
        ("zh-Hant", "第1條措施由數位通路部負責；1 目標 3；1 期限 一個月\n每週復盤", "數位通路部"),
        (
            "en",
            "action 1 owner: Digital team\n1 target 3; 1 horizon 30 days\nreview weekly",
            "Digital team",
        ),
    ],
)
def test_plan_edits_in_three_languages(
    lang: str, message: str, owner: str, retriever: KnowledgeIndex
) -> None:
    state = plan_state(lang, retriever)
    assert apply_plan_edits(Turn(state, message=message))
    action = state.draft.plan.actions[0]
    assert action.owner_department == owner  # in the user's own script
    assert (action.kpi.target, action.horizon) == (3, "30d")
    assert state.draft.plan.review_loop.cadence == "weekly"
    assert not action.provenance.is_inferred("owner")


@pytest.mark.parametrize(
    ("lang", "message", "owner"),
    [
        ("zh-Hant", "第1條負責單位：理賠部", "理賠部"),
        ("zh-Hans", "1 负责团队：数字渠道部", "数字渠道部"),
        ("en", "1 owner: Claims team", "Claims team"),
    ],
)
def test_an_owner_said_with_its_label_word(
    lang: str, message: str, owner: str, retriever: KnowledgeIndex
) -> None:
    state = plan_state(lang, retriever)
    assert apply_plan_edits(Turn(state, message=message))
    assert state.draft.plan.actions[0].owner_department == owner

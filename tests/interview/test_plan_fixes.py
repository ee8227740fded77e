"""The plan starts from the team's own fixes (issue #10): each fix the manager states becomes its own
action, titled exactly as said, linked to the pain it addresses — by what the manager said, else by
what the fix is about — and suggestions are made only for the pains no fix covers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.domain import Action, Opportunity, Provenance
from assistant.interview.apply import apply_answer
from assistant.interview.engine import new_state
from assistant.interview.extraction import (
    OpportunitiesAnswer,
    OpportunityItem,
    PainItem,
    PainsAnswer,
)
from assistant.interview.methodology import Methodology
from assistant.interview.plan import PlanBuilder, PlanOutcome, fix_title, short, split_title
from assistant.interview.state import InterviewState
from assistant.interview.turn import Turn
from assistant.retrieval import KnowledgeIndex


def interview(
    lang: str,
    industry: str | None,
    stages: Sequence[str],
    pains: Sequence[tuple[str, str]],
) -> InterviewState:
    """A session that has reached step 7: stages, and the pain points the manager named
    (description, stage) — no severity said."""
    state = new_state("s", "w", "acme", lang, industry)
    for name in stages:
        state.draft.add_stage(name, "", Provenance())
    items = [PainItem(description=d, stage=s) for d, s in pains]
    apply_answer(Turn(state), PainsAnswer(pain_points=items))
    return state


def state_fixes(state: InterviewState, *fixes: str | OpportunityItem) -> Turn:
    """The manager's answer to "what would you do about it?", one fix per item."""
    items = [f if isinstance(f, OpportunityItem) else OpportunityItem(description=f) for f in fixes]
    turn = Turn(state)
    apply_answer(turn, OpportunitiesAnswer(opportunities=items))
    return turn


def plan(state: InterviewState, retriever: KnowledgeIndex) -> PlanOutcome:
    return PlanBuilder(Methodology(retriever)).ensure(state)


def action_titled(state: InterviewState, title: str) -> Action:
    (action,) = [a for a in state.draft.plan.actions if a.title == title]
    return action


def pains_of(state: InterviewState, action: Action) -> list[str]:
    by_id = {p.id: p.description for p in state.draft.pain_points}
    return [by_id[i] for i in action.pain_point_ids]


BANK_STAGES = ("咨询了解", "申请提交", "审批等待", "放款")
BANK_PAINS = (
    ("申请表太复杂，要填很多项", "申请提交"),
    ("不知道审批进度", "审批等待"),
    ("网点排队久，常等半小时", "咨询了解"),
)


def test_three_stated_fixes_become_three_actions_titled_as_said(
    retriever: KnowledgeIndex,
) -> None:
    state = interview("zh-Hans", "banking", BANK_STAGES, BANK_PAINS)
    state_fixes(state, "简化申请表", "增加进度查询", "在线咨询")
    plan(state, retriever)
    actions = state.draft.plan.actions
    assert sorted(a.title for a in actions) == sorted(["简化申请表", "增加进度查询", "在线咨询"])
    assert pains_of(state, action_titled(state, "简化申请表")) == ["申请表太复杂，要填很多项"]
    assert pains_of(state, action_titled(state, "增加进度查询")) == ["不知道审批进度"]
    assert pains_of(state, action_titled(state, "在线咨询")) == ["网点排队久，常等半小时"]
    # The team's own fixes, not the knowledge base's: every pain is covered, nothing suggested.
    assert all(a.provenance.source == "user" and not a.provenance.citations for a in actions)
    assert all(state.draft.actions_for(p.id) for p in state.draft.pain_points)
    # Which pain each fix addresses was worked out, not said: recorded as a guess.
    assert all(a.provenance.is_inferred("pain_point_ids") for a in actions)


def test_traditional_fixes_keep_their_words_and_links(retriever: KnowledgeIndex) -> None:
    state = interview(
        "zh-Hant",
        "telecom",
        ("了解比較", "入網辦理", "寬頻安裝", "帳單繳費"),
        (
            ("營業廳排隊太久", "入網辦理"),
            ("寬頻裝機常遲到", "寬頻安裝"),
            ("帳單看不懂", "帳單繳費"),
        ),
    )
    state_fixes(
        state, "預約到廳（針對營業廳排隊太久）", "裝機前一小時簡訊提醒", "帳單加一頁白話說明"
    )
    plan(state, retriever)
    booking = action_titled(state, "預約到廳（針對營業廳排隊太久）")  # whole, not cut at （針對
    assert pains_of(state, booking) == ["營業廳排隊太久"]
    assert not booking.provenance.is_inferred("pain_point_ids")  # the manager named the pain
    assert pains_of(state, action_titled(state, "裝機前一小時簡訊提醒")) == ["寬頻裝機常遲到"]
    assert pains_of(state, action_titled(state, "帳單加一頁白話說明")) == ["帳單看不懂"]
    assert len(state.draft.plan.actions) == 3


def test_english_fixes_find_their_pains_by_what_they_are_about(
    retriever: KnowledgeIndex,
) -> None:
    state = interview(
        "en",
        "restaurant",
        ("Arrive", "Wait for a table", "Eat", "Pay"),
        (
            ("No idea how long the wait is", "Wait for a table"),
            ("Wrong dishes served", "Eat"),
            ("Bill takes ages", "Pay"),
        ),
    )
    state_fixes(
        state,
        "Text people when their table is ready",
        "Kitchen double-check before serving",
        "Pay at the table by QR code",
    )
    outcome = plan(state, retriever)
    links = {a.title: pains_of(state, a) for a in state.draft.plan.actions}
    assert links == {
        "Text people when their table is ready": ["No idea how long the wait is"],
        "Kitchen double-check before serving": ["Wrong dishes served"],
        "Pay at the table by QR code": ["Bill takes ages"],
    }
    assert sorted(outcome.guessed_links) == sorted(o.id for o in state.draft.opportunities)
    assert outcome.ambiguous == []


@pytest.mark.parametrize(
    ("fix", "pain"),
    [
        ("增加进度查询（针对审批等待）", "不知道审批进度"),  # names the stage of the pain
        ("增加进度查询（针对：不知道审批进度）", "不知道审批进度"),  # a colon inside the brackets
        ("短信通知审批结果（针对痛点2）", "不知道审批进度"),
        ("预约取号 (for 网点排队久)", "网点排队久，常等半小时"),
    ],
)
def test_a_fix_that_says_what_it_is_for_keeps_its_whole_title(
    fix: str, pain: str, retriever: KnowledgeIndex
) -> None:
    state = interview("zh-Hans", "banking", BANK_STAGES, BANK_PAINS)
    state_fixes(state, fix)
    plan(state, retriever)
    action = action_titled(state, fix)
    assert action.description == "" and pains_of(state, action) == [pain]
    assert not action.provenance.is_inferred("pain_point_ids")


def test_english_for_clause_is_kept_and_used_for_the_link(retriever: KnowledgeIndex) -> None:
    state = interview(
        "en",
        "restaurant",
        ("Wait for a table", "Eat"),
        (("No idea how long the wait is", "Wait for a table"), ("Cold food", "Eat")),
    )
    state_fixes(state, "Buzzer pagers (for the wait)")
    plan(state, retriever)
    action = action_titled(state, "Buzzer pagers (for the wait)")
    assert pains_of(state, action) == ["No idea how long the wait is"]
    assert not action.provenance.is_inferred("pain_point_ids")


def test_a_fix_named_after_its_pain_or_numbered_is_linked_as_said(
    retriever: KnowledgeIndex,
) -> None:
    state = interview("zh-Hans", "banking", BANK_STAGES, BANK_PAINS)
    state_fixes(
        state,
        "网点排队久，常等半小时：手机预约取号",
        OpportunityItem(description="审批结果短信推送", pain="2"),
    )
    plan(state, retriever)
    booking = action_titled(state, "手机预约取号")  # the head is the pain, the fix follows
    assert pains_of(state, booking) == ["网点排队久，常等半小时"]
    sms = action_titled(state, "审批结果短信推送")
    assert pains_of(state, sms) == ["不知道审批进度"]
    assert not sms.provenance.is_inferred("pain_point_ids")


def test_two_equally_likely_pains_are_flagged_for_the_interview_to_ask(
    retriever: KnowledgeIndex,
) -> None:
    state = interview(
        "zh-Hans", "banking", BANK_STAGES, (("网点排队久", "咨询了解"), ("热线排队久", "放款"))
    )
    turn = state_fixes(state, "缩短排队时间")
    (opportunity,) = state.draft.opportunities
    assert opportunity.provenance.is_inferred("pain_point_ids")
    assert "网点排队久" in turn.echo[0] and "热线排队久" in turn.echo[0]  # asks which one
    outcome = plan(state, retriever)
    assert outcome.ambiguous == [opportunity.id]
    (action,) = [a for a in state.draft.plan.actions if a.title == "缩短排队时间"]
    assert len(action.pain_point_ids) == 1  # linked to one, marked as a guess
    assert action.provenance.is_inferred("pain_point_ids")


def test_a_fix_that_matches_no_pain_still_becomes_an_action(retriever: KnowledgeIndex) -> None:
    state = interview(
        "en", "restaurant", ("Eat", "Pay"), (("Cold food", "Eat"), ("Bill takes ages", "Pay"))
    )
    state_fixes(state, "Play calmer music in the evening")
    plan(state, retriever)
    action = action_titled(state, "Play calmer music in the evening")
    assert len(action.pain_point_ids) == 1 and action.provenance.source == "user"
    assert action.provenance.is_inferred("pain_point_ids")


def test_an_unlinked_fix_in_the_map_is_linked_when_the_plan_is_made(
    retriever: KnowledgeIndex,
) -> None:
    """The bug of issue #10: a fix linked to no pain fell out of the plan."""
    state = interview("zh-Hans", "banking", BANK_STAGES, BANK_PAINS)
    state.draft.add_opportunity(
        Opportunity(id="opp-9", description="增加进度查询", provenance=Provenance())
    )
    outcome = plan(state, retriever)
    action = action_titled(state, "增加进度查询")
    assert pains_of(state, action) == ["不知道审批进度"]
    assert state.draft.opportunities[0].pain_point_ids == action.pain_point_ids
    assert outcome.guessed_links == ["opp-9"]


def test_saying_which_pain_later_replaces_the_guess(retriever: KnowledgeIndex) -> None:
    state = interview(
        "zh-Hans", "banking", BANK_STAGES, (("网点排队久", "咨询了解"), ("热线排队久", "放款"))
    )
    state_fixes(state, "缩短排队时间")
    plan(state, retriever)
    state_fixes(state, OpportunityItem(description="缩短排队时间", pain="热线排队久"))
    (opportunity,) = state.draft.opportunities
    hotline = next(p for p in state.draft.pain_points if p.description == "热线排队久")
    assert opportunity.pain_point_ids == [hotline.id]
    assert not opportunity.provenance.is_inferred("pain_point_ids")
    plan(state, retriever)
    action = action_titled(state, "缩短排队时间")
    assert action.pain_point_ids == [hotline.id]
    assert not action.provenance.is_inferred("pain_point_ids")


def test_suggestions_only_for_the_pains_no_fix_covers(retriever: KnowledgeIndex) -> None:
    state = interview("zh-Hans", "banking", BANK_STAGES, BANK_PAINS)
    state_fixes(state, "增加进度查询")
    plan(state, retriever)
    progress = next(p for p in state.draft.pain_points if p.description == "不知道审批进度")
    assert [a.title for a in state.draft.actions_for(progress.id)] == ["增加进度查询"]
    others = [a for a in state.draft.plan.actions if progress.id not in a.pain_point_ids]
    assert others and all(a.provenance.source == "suggested" for a in others)
    assert all(a.provenance.citations for a in others)


def test_titles_are_never_cut_inside_brackets() -> None:
    assert split_title("增加进度查询（针对：审批等待）") == ("增加进度查询（针对：审批等待）", "")
    assert split_title("Status texts (for: the wait)") == ("Status texts (for: the wait)", "")
    assert split_title("服务礼仪培训：每周演练") == ("服务礼仪培训", "每周演练")
    assert short("审批慢（说明：要两周）") == "审批慢（说明：要两周）"
    assert fix_title("预约取号（针对网点排队久）", []) == ("预约取号（针对网点排队久）", "")

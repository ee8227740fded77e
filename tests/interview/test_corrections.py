"""Back, skip and corrections work at every one of the nine steps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.interview.service import InterviewService, TurnResult
from assistant.interview.steps import STEP_IDS, StepId
from tests.interview.scripts import drive_to


@pytest.mark.parametrize("step", STEP_IDS)
def test_back_at_every_step_keeps_what_was_entered(service: InterviewService, step: StepId) -> None:
    before = drive_to(service, step)
    after = service.reply(before.session_id, "上一步")
    if step == "goal":
        assert after.step == "goal" and "已经是第一步了" in after.text
        return
    previous = STEP_IDS[STEP_IDS.index(step) - 1]
    assert after.step == previous
    assert after.text.startswith("好，回到上一步")
    assert after.draft == before.draft  # nothing is lost by going back
    assert after.why  # the step is introduced again, with its rationale
    # Answering "继续" returns to where the user was.
    resumed = service.reply(after.session_id, "继续")
    assert resumed.step == step


@pytest.mark.parametrize("step", STEP_IDS)
def test_skip_at_every_step_moves_on_and_says_what_is_missing(
    service: InterviewService, step: StepId
) -> None:
    before = drive_to(service, step)
    after = service.reply(before.session_id, "跳过")
    assert after.text.startswith("好，这个问题先跳过")
    moved = (after.step, after.finished) != (before.step, before.finished)
    asked_other = after.question != before.question
    assert moved or asked_other
    if step in ("personas", "stages", "touchpoints", "emotions", "pains", "opportunities"):
        assert after.missing, "skipping a required question says what is still missing"
        assert after.missing[0] in after.text
    if step == "pains":  # the step's second question (moments of truth) comes next
        assert after.step == "pains" and after.question.startswith("哪几个触点是关键时刻")
    elif step in ("personas", "stages", "touchpoints", "emotions", "opportunities"):
        assert after.step == STEP_IDS[STEP_IDS.index(step) + 1]
    if step == "review":
        assert after.finished
    result = after.diagnosis  # the map stays valid whatever was skipped
    assert result.map.lang == "zh-Hans"


def _names(result: TurnResult) -> list[str]:
    journey = result.diagnosis.map
    return [s.name for s in journey.stages]


# For each step: a correction said while that step is current, and what it must have changed.
CORRECTIONS: dict[StepId, tuple[str, Callable[[TurnResult], bool]]] = {
    "goal": ("行业改成电信", lambda r: r.draft.industry == "电信运营商"),
    "personas": ("把目标改成降低贷款投诉率", lambda r: r.draft.goal == "降低贷款投诉率"),
    "stages": (
        "把首次贷款的年轻白领改成首贷客户",
        lambda r: [p.name for p in r.draft.personas] == ["首贷客户"],
    ),
    "touchpoints": ("把第二个阶段改成提交申请", lambda r: _names(r)[1] == "提交申请"),
    "emotions": (
        "在申请提交阶段加一个触点：电话回访",
        lambda r: "电话回访" in [t.name for t in r.draft.touchpoints],
    ),
    "pains": ("删除客服热线", lambda r: "客服热线" not in [t.name for t in r.draft.touchpoints]),
    "opportunities": (
        "删除第一个痛点",
        lambda r: len(r.draft.pain_points) == 1 and r.draft.pain_points[0].id == "pain-2",
    ),
    "plan": (
        "把第一个措施改成线上预约取号",
        lambda r: r.draft.plan.actions[0].title == "线上预约取号",
    ),
    "review": ("把第三个阶段改成等待审批", lambda r: _names(r)[2] == "等待审批"),
}


@pytest.mark.parametrize("step", STEP_IDS)
def test_a_correction_at_every_step(service: InterviewService, step: StepId) -> None:
    before = drive_to(service, step)
    message, changed = CORRECTIONS[step]
    after = service.reply(before.session_id, message)
    assert changed(after), after.text
    assert after.step == step  # a correction does not move the interview on
    assert after.question == before.question or step in ("emotions", "plan", "review")
    # The correction is in the checkpoint, and the map is still valid.
    assert changed(service.current(before.session_id))
    after.diagnosis.model_validate(after.diagnosis.model_dump(exclude_computed_fields=True))


def test_where_are_we_reports_the_step_and_the_counts(service: InterviewService) -> None:
    before = drive_to(service, "emotions")
    after = service.reply(before.session_id, "到哪了？")
    assert after.text.startswith(
        "现在是第 5/9 步：情绪。已完成：目标与范围、客户角色、旅程阶段、触点"
    )
    assert "6 个阶段" in after.text and after.step == "emotions"
    english = service.reply(before.session_id, "where are we?")
    assert english.text.startswith("We are at step 5 of 9: Emotions.")  # replies follow the user


def test_corrections_in_traditional_script_and_english(service: InterviewService) -> None:
    before = drive_to(service, "emotions")
    session = before.session_id
    hant = service.reply(session, "把第一個階段改成諮詢")
    assert _names(hant)[0] == "諮詢"
    english = service.reply(session, "rename stage 2 to Apply online")
    assert _names(english)[1] == "Apply online" and english.lang == "en"
    removed = service.reply(session, "delete touchpoint 1")
    assert "贷款产品页" not in [t.name for t in removed.draft.touchpoints]


# Corrections as people say them: a lead-in before, a reason after, the kind after the name.
SAID_AROUND: list[tuple[str, Callable[[TurnResult], bool]]] = [
    (
        "啊我剛剛講錯，第一個階段改叫「了解比較」",
        lambda r: _names(r)[0] == "了解比較",
    ),
    (
        "删除「客服热线」，现在没人打了",
        lambda r: "客服热线" not in [t.name for t in r.draft.touchpoints],
    ),
    (
        "actually drop the 客服热线 touchpoint, nobody calls it",
        lambda r: "客服热线" not in [t.name for t in r.draft.touchpoints],
    ),
    (
        "No wait — the second stage should be called 'Online application'",
        lambda r: _names(r)[1] == "Online application",
    ),
    (
        "阶段少了一个，在审批等待后面加一个“面签”",
        lambda r: _names(r)[_names(r).index("审批等待") + 1] == "面签",
    ),
]


@pytest.mark.parametrize(("said", "changed"), SAID_AROUND)
def test_corrections_with_lead_ins_and_reasons(
    service: InterviewService, said: str, changed: Callable[[TurnResult], bool]
) -> None:
    before = drive_to(service, "pains")
    after = service.reply(before.session_id, said)
    assert after.act == "correction", after.text
    assert changed(after), after.text
    # The reason around it is not stored anywhere.
    text = after.draft.model_dump_json()
    assert "没人打了" not in text and "nobody calls" not in text and "講錯" not in text


def test_a_deletion_of_something_absent_changes_nothing_and_says_so(
    service: InterviewService,
) -> None:
    before = drive_to(service, "pains")
    after = service.reply(before.session_id, "删除「自助机」，反正也没人用")
    assert "没有找到「自助机」" in after.text and "已删除" not in after.text
    assert after.draft == before.draft

"""A plan with no actions (no pain points to build them from) says so at the plan step, with
how to go on, in zh-Hans, zh-Hant and English, instead of an empty list under "here is the
plan"; the way on it offers works."""

from __future__ import annotations

import pytest

from assistant.interview.service import InterviewService
from assistant.text.lang import simplified_only_chars

CASES = [
    (
        "zh-Hans",
        ["我们是银行，想提升贷款申请体验", "小微企业主", "了解、申请、审批、放款", "跳过", "跳过"],
        "跳到改进计划",
        "改进计划里还没有行动",
        "回到痛点",
    ),
    (
        "zh-Hant",
        ["我們是銀行，想提升貸款申請體驗", "小微企業主", "了解、申請、審批、撥款", "跳過", "跳過"],
        "跳到改善計畫",
        "改善計畫裡還沒有行動",
        "回到痛點",
    ),
    (
        "en",
        ["We run a hotel and want faster check-in", "business traveller", "booking, arrival, stay"]
        + ["skip", "skip"],
        "go to the plan",
        "The improvement plan has no actions yet",
        "go back to pain points",
    ),
]


@pytest.mark.parametrize(("lang", "answers", "goto", "empty", "back"), CASES)
def test_an_empty_plan_says_so_and_how_to_go_on(
    service: InterviewService, lang: str, answers: list[str], goto: str, empty: str, back: str
) -> None:
    result = service.start("acme", lang=lang)  # type: ignore[arg-type]
    for answer in answers:
        result = service.reply(result.session_id, answer)
    result = service.reply(result.session_id, goto)
    assert result.step == "plan" and not result.draft.plan.actions
    assert empty in result.question and back in result.question
    assert "这是根据" not in result.text and "Here is the improvement plan" not in result.text
    if lang == "zh-Hant":
        assert not simplified_only_chars(result.question), simplified_only_chars(result.question)
    # The way back it names takes the user to the pain points ("跳到改善計畫" above: the step's
    # name on the zh-Hant pages works as one of its words).
    again = service.reply(result.session_id, back)
    assert again.step == "pains"


def test_ok_leaves_the_empty_plan_and_goes_on_to_the_review(service: InterviewService) -> None:
    _, answers, goto, _, _ = CASES[2]
    result = service.start("acme", lang="en")
    for answer in [*answers, goto, "ok"]:
        result = service.reply(result.session_id, answer)
    assert result.step == "review" and "0 actions" in result.text

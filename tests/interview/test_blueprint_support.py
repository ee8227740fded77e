"""Support processes (below the line of internal interaction) given in the same answer as the
front- and backstage at the optional blueprint question, in zh-Hans, zh-Hant and English: read
only where the line names them, echoed back, and never taken from a backstage that merely
mentions a system."""

from __future__ import annotations

import pytest

from assistant.interview.service import InterviewService, TurnResult

SCRIPTS = {
    "zh-Hans": (
        "我们想减少网点排队的投诉，我们是银行",
        "年轻白领",
        "咨询、申请、放款",
        "咨询：手机银行App、客服热线",
        "申请：网点柜台",
        "放款：短信通知",
    ),
    "zh-Hant": (
        "我們想減少門市排隊的客訴，我們是銀行",
        "上班族",
        "諮詢、申請、撥款",
        "諮詢：行動銀行App、客服專線",
        "申請：分行櫃檯",
        "撥款：簡訊通知",
    ),
    "en": (
        "We run a hotel and want faster check-in",
        "business traveller",
        "booking, arrival, stay",
        "booking: hotel website, phone line",
        "arrival: check-in desk",
        "stay: room service",
    ),
}
# (answer, touchpoint, frontstage, backstage, support, echoed)
ANSWERS = {
    "zh-Hans": (
        "网点柜台：前台 柜员核对证件；后台 审批岗复核材料；支持流程 信贷审批系统、影像平台",
        "网点柜台",
        "柜员核对证件",
        "审批岗复核材料",
        "信贷审批系统、影像平台",
        "支持流程：信贷审批系统、影像平台",
    ),
    "zh-Hant": (
        "分行櫃檯：前台 行員核對證件；後台 審批人員複核文件；支援流程：信貸審批系統",
        "分行櫃檯",
        "行員核對證件",
        "審批人員複核文件",
        "信貸審批系統",
        "支援流程：信貸審批系統",
    ),
    "en": (
        "check-in desk: frontstage agent checks the passport; backstage the duty manager "
        "assigns the room; support systems: property management system, housekeeping rota",
        "check-in desk",
        "agent checks the passport",
        "the duty manager assigns the room",
        "property management system, housekeeping rota",
        "support processes: property management system, housekeeping rota",
    ),
}


def at_blueprint(service: InterviewService, lang: str) -> TurnResult:
    result = service.start("acme", lang=lang)  # type: ignore[arg-type]
    for answer in SCRIPTS[lang]:
        result = service.reply(result.session_id, answer)
    assert result.slot == "blueprint", (lang, result.slot, result.text)
    return result


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_support_processes_in_the_blueprint_answer(service: InterviewService, lang: str) -> None:
    result = at_blueprint(service, lang)
    assert (
        "支持流程"
        if lang == "zh-Hans"
        else "支援流程"
        if lang == "zh-Hant"
        else "support processes"
    ) in result.question
    answer, name, front, back, support, echoed = ANSWERS[lang]
    result = service.reply(result.session_id, answer)
    touchpoint = next(t for t in result.draft.touchpoints if t.name == name)
    assert (touchpoint.frontstage, touchpoint.backstage, touchpoint.support) == (
        front,
        back,
        support,
    )
    assert echoed in result.text
    assert result.step == "emotions"


def test_a_system_in_the_backstage_stays_there(service: InterviewService) -> None:
    result = at_blueprint(service, "zh-Hans")
    result = service.reply(result.session_id, "网点柜台：前台 柜员核对证件；后台 系统自动查征信")
    counter = next(t for t in result.draft.touchpoints if t.name == "网点柜台")
    assert (counter.backstage, counter.support) == ("系统自动查征信", "")
    assert "支持流程" not in result.text.split("\n")[0]  # nothing echoed for a lane not given


def test_support_alone_is_an_answer(service: InterviewService) -> None:
    result = at_blueprint(service, "en")
    result = service.reply(result.session_id, "phone line: support teams: reservations call centre")
    phone = next(t for t in result.draft.touchpoints if t.name == "phone line")
    assert (phone.frontstage, phone.backstage, phone.support) == (
        "",
        "",
        "reservations call centre",
    )

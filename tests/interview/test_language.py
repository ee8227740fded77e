"""Replies follow the user's language and script, detected per message, and switch on request."""

from __future__ import annotations

from assistant.interview.service import InterviewService
from assistant.text.script import to_traditional


def test_the_language_is_detected_from_the_first_answer(service: InterviewService) -> None:
    start = service.start("acme")  # default zh-Hans
    hant = service.reply(start.session_id, "我們想降低營業廳排隊的投訴率")
    assert hant.lang == "zh-Hant" and hant.diagnosis.map.lang == "zh-Hant"
    assert hant.text.startswith("記下了：目標是")
    assert "這張圖為誰而畫" in hant.question
    english = service.reply(start.session_id, "Young parents who just moved into the area")
    assert english.lang == "en" and english.text.startswith("Noted: personas")


def test_short_words_keep_the_current_language(service: InterviewService) -> None:
    start = service.start("acme", lang="zh-Hant")
    result = service.reply(start.session_id, "ok")
    assert result.lang == "zh-Hant"
    result = service.reply(start.session_id, "1,3")
    assert result.lang == "zh-Hant"


def test_switching_on_request_sticks_until_switched_again(service: InterviewService) -> None:
    start = service.start("acme", lang="zh-Hans")
    session = start.session_id
    english = service.reply(session, "switch to English")
    assert english.lang == "en"
    assert english.text.startswith("Sure, English from now on.")
    assert english.question.startswith("What problem should this journey map help solve?")
    # An answer in Chinese after an explicit switch is still answered in English.
    answer = service.reply(session, "我们想减少网点排队的投诉，是一家银行")
    assert answer.lang == "en" and answer.text.startswith('Noted: the goal is "我们想减少网点排队')
    assert "Who is this map for?" in answer.question
    hant = service.reply(session, "用繁體")
    assert hant.lang == "zh-Hant" and hant.text.startswith("好的，接下來用繁體中文。")
    assert "這張圖為誰而畫" in hant.question
    hans = service.reply(session, "请用简体")
    assert hans.lang == "zh-Hans" and "这张图为谁而画" in hans.question


def test_suggestions_follow_the_script(service: InterviewService) -> None:
    start = service.start("acme", lang="zh-Hant", industry="banking")
    result = service.reply(start.session_id, "我們想減少貸款申請的投訴")
    result = service.reply(start.session_id, "首次貸款的上班族")
    labels = [chip.label for chip in result.suggestions]
    assert labels[0] == to_traditional("咨询了解 — 了解贷款额度、利率、期限和申请条件")
    assert labels[0].startswith("諮詢")
    english = service.reply(start.session_id, "switch to English")
    assert english.suggestions[0].label.startswith("Enquiry — ")

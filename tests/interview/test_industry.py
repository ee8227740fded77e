"""The industry: read from the goal against every playbook, asked when the goal leaves it
unsure, never asked again when picked on the start page, and only that industry's suggestions."""

from __future__ import annotations

from assistant.interview.service import InterviewService


def test_an_airline_is_an_airline_not_a_hotel(service: InterviewService) -> None:
    result = service.start("acme", lang="en")
    result = service.reply(
        result.session_id,
        "We're a regional airline and want to cut airport check-in time from 25 to 12 minutes.",
    )
    assert result.step == "personas"  # not asked: the goal said it
    assert "airline" in result.draft.industry.lower() and "hotel" not in result.text.lower()
    (kpi,) = result.draft.kpis
    assert (kpi.name, kpi.baseline, kpi.target) == ("airport check-in time", 25, 12)
    result = service.reply(result.session_id, "business travellers who fly every week")
    assert not result.suggestions  # no playbook: no other industry's stages offered


def test_a_goal_that_leaves_the_industry_unsure_is_asked_about(
    service: InterviewService,
) -> None:
    result = service.start("acme", lang="en")
    result = service.reply(result.session_id, "Our check-in is slow and guests complain")
    assert result.slot == "industry" and not result.draft.industry
    assert result.question.startswith("Which industry")
    result = service.reply(result.session_id, "hotel")
    assert result.step == "personas" and result.draft.industry == "hotel"


def test_traditional_goals_are_read_like_simplified_ones(service: InterviewService) -> None:
    result = service.start("acme", lang="zh-Hant")
    result = service.reply(
        result.session_id, "我們是電信公司，想把門市平均等候時間從25分鐘降到12分鐘"
    )
    assert result.step == "personas"
    (kpi,) = result.draft.kpis
    assert (kpi.baseline, kpi.target) == (25, 12)
    assert "從" not in kpi.name and "降" not in kpi.name
    result = service.reply(result.session_id, "午休來辦事的上班族")
    labels = " ".join(chip.label for chip in result.suggestions)
    assert "了解比較" in labels and "入網辦理" in labels  # the telecom playbook's stages


def test_the_industry_picked_on_the_start_page_is_not_asked_again(
    service: InterviewService,
) -> None:
    result = service.start("acme", lang="zh-Hans", industry="telecom")
    result = service.reply(result.session_id, "想减少投诉")
    assert result.step == "personas" and result.draft.industry == "电信运营商"
    assert "营业厅" in result.question  # the persona example is a telecom one

"""The service API the CLI and the web call: start, reply, current, state, finish, export."""

from __future__ import annotations

import json

import pytest

from assistant.interview.service import InterviewService, TurnResult
from tests.interview.scripts import drive_to, say


def test_a_turn_result_is_plain_json_for_the_web(service: InterviewService) -> None:
    result = drive_to(service, "touchpoints")
    data = json.loads(result.model_dump_json())
    assert data["step"] == "touchpoints" and data["step_index"] == 4 and data["step_total"] == 9
    assert data["suggestions"][0]["choice"]["kind"] == "touchpoint"
    assert data["suggestions"][0]["citation"]["doc_id"] == "playbook-banking-zh"
    assert data["progress"]["completed_steps"] == ["goal", "personas", "stages"]
    assert data["progress"]["counts"]["stages"] == 6
    assert data["diagnosis"]["map"]["stages"][0]["name"] == "咨询了解"
    assert TurnResult.model_validate(data) == result
    assert result.map_id is not None and result.map_version == 3  # one version per step done


def test_finish_at_any_step_completes_the_plan(service: InterviewService) -> None:
    result = drive_to(service, "opportunities")
    finished = service.finish(result.session_id)
    assert finished.finished and finished.step == "review"
    journey, plan = finished.diagnosis.map, finished.diagnosis.plan
    assert journey.pain_points and all(
        any(p.id in a.pain_point_ids for a in plan.actions) for p in journey.pain_points
    )
    assert service.db.sessions.get(result.session_id).status == "finished"
    assert service.finish(result.session_id) == service.current(result.session_id)
    exported = service.export(result.session_id, "md", lang="en")
    assert exported.filename.endswith(".en.md") and b"Improvement plan" in exported.content


def test_an_edit_after_finishing_is_saved_as_a_new_version(service: InterviewService) -> None:
    result = drive_to(service, "review")
    done = service.reply(result.session_id, "完成")
    edited = service.reply(result.session_id, "把第一个阶段改成了解贷款")
    assert edited.finished and edited.map_version == (done.map_version or 0) + 1
    latest, _ = service.db.maps.latest(edited.map_id or "")
    assert latest.map.stages[0].name == "了解贷款"
    unchanged = service.reply(result.session_id, "到哪了")
    assert unchanged.map_version == edited.map_version


def test_going_back_after_finishing_reopens_the_session(service: InterviewService) -> None:
    result = drive_to(service, "review")
    session = result.session_id
    assert service.reply(session, "完成").finished
    reopened = service.reply(session, "上一步")
    assert not reopened.finished and reopened.step == "review"
    assert service.db.sessions.get(session).status == "active"


def test_an_industry_without_a_playbook_gets_no_other_industrys_suggestions(
    service: InterviewService,
) -> None:
    start = service.start("加油站", lang="zh-Hans")
    session = start.session_id
    result = say(service, session, ["我们是一家加油站连锁，想减少加油排队和开票慢的投诉"])
    assert result.question.startswith("你们属于哪个行业") and len(result.suggestions) == 8
    result = say(service, session, ["行业：加油站"])
    assert result.draft.industry == "加油站"  # the map keeps what the user said
    result = say(service, session, ["自驾的上班族"])
    # No retail or hotel chips for a petrol station: another industry's playbook reads as
    # nonsense to the user; a non-answer gets a generic example instead.
    assert not result.suggestions
    result = say(service, session, ["不知道"])
    assert result.act == "non_answer" and "了解、预约、到店办理" in result.text


def test_start_refuses_an_unknown_industry_key(service: InterviewService) -> None:
    with pytest.raises(ValueError, match="unknown industry 'mining'"):
        service.start("acme", industry="mining")
    known = service.start("acme", lang="en", industry="hotel")
    assert known.draft.industry == "hotel" and known.question.startswith("What problem")
    answered = service.reply(known.session_id, "Fewer complaints at check-in")
    assert answered.step == "personas"  # the industry question is not asked again


@pytest.mark.parametrize(
    ("lang", "goal", "persona", "ok"),
    [
        (
            "zh-Hans",
            "我们是财险公司，车险小额理赔，从报案到赔款到账平均6天，目标2天。",
            "出了小事故的私家车主，第一次理赔",
            "好",
        ),
        (
            "zh-Hant",
            "我們是產險公司，車險小額理賠，從報案到賠款入帳平均6天，目標2天。",
            "出了小事故的私家車主，第一次理賠",
            "好的",
        ),
        (
            "en",
            "We are a car insurer; small claims take 6 days from report to payout, we want 2.",
            "First-time claimants after a minor accident",
            "ok",
        ),
    ],
)
def test_taking_one_stages_suggested_touchpoints_offers_every_remaining_stage_at_once(
    service: InterviewService, lang: str, goal: str, persona: str, ok: str
) -> None:
    started = service.start("acme", lang=lang, industry="insurance")  # type: ignore[arg-type]
    result = say(service, started.session_id, [goal, persona, ok])  # stages as suggested
    assert result.slot == "touchpoints"
    first = say(service, started.session_id, [ok], result)  # the first stage's suggestions
    bare = [s.name for s in first.diagnosis.map.stages if not any(
        t.stage_id == s.id for t in first.diagnosis.map.touchpoints
    )]  # fmt: skip
    assert len(bare) >= 2
    labels = [c.label for c in first.suggestions]
    assert {label.split(" · ")[0] for label in labels} == set(bare)  # every stage, named
    taken = say(service, started.session_id, [ok], first)
    journey = taken.diagnosis.map
    assert all(any(t.stage_id == s.id for t in journey.touchpoints) for s in journey.stages)
    assert taken.slot != "touchpoints" or taken.step != "touchpoints"


def test_typing_ones_own_touchpoints_keeps_the_question_stage_by_stage(
    service: InterviewService,
) -> None:
    started = service.start("acme", lang="zh-Hans", industry="insurance")
    result = say(
        service,
        started.session_id,
        ["车险小额理赔从6天降到2天", "出了小事故的私家车主", "好", "代理人讲解、官网比价"],
    )
    assert result.slot == "touchpoints"
    assert not any(" · " in c.label for c in result.suggestions)  # one stage at a time

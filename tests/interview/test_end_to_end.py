"""Whole interviews with the offline guided engine, in zh-Hans, zh-Hant and English, for three
industries: the map and plan are complete, carry provenance, validate and export everywhere."""

from __future__ import annotations

import json

import pytest

from assistant.domain import Diagnosis
from assistant.exports import FORMATS
from assistant.interview.service import InterviewService, TurnResult
from assistant.text.script import to_traditional
from tests.interview.scripts import BANKING_ZH, RESTAURANT_EN, TELECOM_HANT, run


def check_complete(service: InterviewService, result: TurnResult) -> Diagnosis:
    """What every finished interview must satisfy, whatever the language and industry."""
    assert result.finished and result.step == "review"
    assert result.progress.percent == 100
    diagnosis = Diagnosis.model_validate_json(result.diagnosis.to_json())  # round-trips
    journey, plan = diagnosis.map, diagnosis.plan
    assert journey.lang == result.lang
    assert len(journey.stages) >= 3
    assert all(journey.touchpoints_of(s.id) for s in journey.stages)
    assert all(t.emotion is not None for t in journey.touchpoints)
    assert journey.pain_points
    for pain in journey.pain_points:  # every pain point gets at least one action
        actions = [a for a in plan.actions if pain.id in a.pain_point_ids]
        assert actions, pain.description
        for action in actions:
            assert action.owner_department and action.kpi.name and action.horizon
            assert 1 <= action.impact <= 5 and 1 <= action.effort <= 5
    assert plan.review_loop.owner
    for fmt in FORMATS:
        exported = service.export(result.session_id, fmt)
        text = exported.content.decode("utf-8-sig")
        assert journey.stages[0].name in text, fmt
    # Saved as versions: one per completed step, the last one equal to the final diagnosis.
    record = service.db.sessions.get(result.session_id)
    assert record.status == "finished" and record.step == "review"
    (map_record,) = service.db.maps.for_session(result.session_id)
    history = service.db.maps.history(map_record.id)
    assert [v.author for v in history] == ["assistant"] * len(history)
    assert len(history) >= 9
    latest, _ = service.db.maps.latest(map_record.id)
    assert latest == diagnosis
    return diagnosis


def test_banking_in_simplified_chinese(service: InterviewService) -> None:
    result = run(service, BANKING_ZH)
    diagnosis = check_complete(service, result)
    journey = diagnosis.map
    assert result.lang == "zh-Hans"
    assert journey.context.industry == "银行"
    assert journey.context.product_or_service == "贷款"
    assert journey.goal.scope == "从咨询到放款"
    kpi = journey.kpis[0]
    assert (kpi.name, kpi.baseline, kpi.target, kpi.unit) == ("网点平均等候时长", 25, 15, "分钟")
    assert [p.name for p in journey.personas] == ["首次贷款的年轻白领", "个体工商户"]
    # Accepted playbook stages are "suggested", citing the playbook section.
    assert [s.name for s in journey.stages][:3] == ["咨询了解", "申请提交", "审批等待"]
    stage = journey.stages[0]
    assert stage.provenance.source == "suggested"
    assert stage.provenance.citations[0].doc_id == "playbook-banking-zh"
    assert stage.provenance.citations[0].section == "典型阶段"
    # Typed touchpoints are the user's, with channel, mode and front/backstage.
    online = next(t for t in journey.touchpoints if t.name == "线上申请")
    assert online.provenance.source == "user"
    assert (online.channel, online.mode) == ("手机银行App", "online")
    assert (online.frontstage, online.backstage) == ("客户经理预审", "系统自动查征信")
    assert online.emotion is not None
    assert (online.emotion.score, online.emotion.label, online.emotion.quote) == (
        -2,
        "焦虑",
        "材料总说不全",
    )
    assert {t.name for t in journey.touchpoints if t.moment_of_truth} == {
        "网点取号排队",
        "审批结果",
    }
    queue = next(p for p in journey.pain_points if p.description.startswith("网点排队久"))
    assert queue.severity == 4 and queue.provenance.source == "user"
    assert journey.stage(queue.stage_id).name == "日常服务"  # placed by the playbook
    opaque = next(p for p in journey.pain_points if p.description == "不知道审批到哪一步了")
    assert opaque.severity == 5 and journey.stage(opaque.stage_id).name == "审批等待"
    # The plan: the playbook's improvements, the map KPI as baseline, the team's edits.
    booking = next(a for a in diagnosis.plan.actions if a.title == "预约取号与线上咨询")
    assert booking.owner_department == "网点运营部"  # edited in step 8
    assert (booking.kpi.name, booking.kpi.baseline, booking.kpi.target) == (
        "网点平均等候时长",
        25,
        15,
    )
    assert booking.provenance.citations[0].section == "行之有效的改进"
    assert (booking.impact, booking.effort, booking.priority) == (4, 3, "major_project")
    assert booking.horizon == "quarter"
    assert diagnosis.plan.review_loop.cadence == "weekly"
    # The reply reads back what it understood and cites the methodology of each step.
    assert result.text.startswith("记下了：访谈完成")


def test_telecom_in_traditional_chinese(service: InterviewService) -> None:
    result = run(service, TELECOM_HANT)
    diagnosis = check_complete(service, result)
    journey = diagnosis.map
    assert result.lang == "zh-Hant" and journey.lang == "zh-Hant"
    assert journey.context.industry == "電信業者"  # the Taiwan glossary's word
    # Typed stages keep the user's script; accepted suggestions are converted to Traditional.
    assert [s.name for s in journey.stages] == ["了解比較", "入網辦理", "寬頻安裝", "帳單繳費"]
    names = {t.name for t in journey.touchpoints}
    assert {"取號排隊", "櫃檯辦理", "裝機預約"} <= names
    queue = next(t for t in journey.touchpoints if t.name == "取號排隊")
    assert queue.moment_of_truth and queue.emotion is not None and queue.emotion.score == -1
    assert queue.provenance.citations[0].doc_id == "playbook-telecom-zh"
    pains = [p.description for p in journey.pain_points]
    assert pains[0].startswith("資費看不懂") and pains[1].startswith("營業廳排隊久")
    assert all(p.provenance.source == "suggested" for p in journey.pain_points)
    titles = [a.title for a in diagnosis.plan.actions]
    assert titles == [to_traditional("资费一页说明"), to_traditional("预约到厅与大堂分流")]
    md = service.export(result.session_id, "md").content.decode()
    assert "顧客旅程" in md and "取號排隊" in md


def test_restaurant_in_english(service: InterviewService) -> None:
    result = run(service, RESTAURANT_EN)
    diagnosis = check_complete(service, result)
    journey = diagnosis.map
    assert result.lang == "en" and journey.context.industry == "restaurant"
    assert journey.context.product_or_service == "food delivery"
    assert journey.goal.scope == "from order to review"
    delivery = next(t for t in journey.touchpoints if t.name == "Delivery time")
    assert delivery.emotion is not None
    assert (delivery.emotion.score, delivery.emotion.quote) == (-2, "45 minutes late again")
    late = next(p for p in journey.pain_points if p.description.startswith("Late delivery"))
    assert late.severity == 5 and journey.stage(late.stage_id).name == "Delivery and serving"
    (opportunity,) = journey.opportunities
    assert opportunity.description == "Dynamic delivery estimates"
    assert opportunity.pain_point_ids == [late.id]
    assert (opportunity.impact, opportunity.effort) == (4, 3)
    stated = next(a for a in diagnosis.plan.actions if a.title == "Dynamic delivery estimates")
    assert stated.provenance.source == "user" and stated.kano == "performance"
    # "Cold food" had no opportunity: the plan still covers it, from the playbook, cited.
    cold = next(p for p in journey.pain_points if p.description.startswith("Cold food"))
    (cold_action,) = [a for a in diagnosis.plan.actions if cold.id in a.pain_point_ids]
    assert cold_action.provenance.source == "suggested"
    assert cold_action.provenance.citations[0].doc_id == "playbook-restaurant-en"
    data = json.loads(service.export(result.session_id, "json").content)
    assert data["map"]["title"] == "food delivery customer journey map"


def test_every_step_states_why_it_matters_with_a_citation(service: InterviewService) -> None:
    result = service.start("acme", lang="en")
    seen: dict[str, list[str]] = {}
    for message in RESTAURANT_EN:
        seen.setdefault(result.step, [c.doc_id for c in result.citations])
        assert result.why and result.citations, result.step
        result = service.reply(result.session_id, message)
    assert seen["personas"] == ["concept-personas-en"]
    assert seen["emotions"] == ["concept-emotion-curve-en"]
    assert "model-impact-effort-en" in seen["opportunities"]
    assert len(seen) == 9


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_the_first_question_is_asked_in_the_chosen_language(
    service: InterviewService, lang: str
) -> None:
    result = service.start("acme", lang=lang)  # type: ignore[arg-type]
    expected = {"zh-Hans": "这张客户旅程图", "zh-Hant": "這張顧客旅程圖", "en": "What problem"}
    assert result.question.startswith(expected[lang])
    assert result.step_index == 1 and result.step_total == 9
    assert result.diagnosis.map.lang == lang  # a valid (empty) diagnosis from the first turn

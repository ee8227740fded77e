"""With company data (an EvidenceProvider), pain points come with record counts and provenance
`data`, and the plan takes the measured metric as the KPI baseline."""

from __future__ import annotations

from assistant.interview.evidence import Evidence, EvidenceMetric, EvidenceProvider
from tests.interview.conftest import MakeService
from tests.interview.fakes import FakeEvidence
from tests.interview.scripts import STEP_ANSWERS, say

LATE = Evidence(
    text="配送超时",
    count=2310,
    refs=("reviews.csv#row=12", "reviews.csv#row=40", "reviews.csv#row=77"),
    metric=EvidenceMetric(name="超时订单占比", value=18.0, unit="%", source="orders.csv，近90天"),
    stage="配送上菜",
)
COLD = Evidence(text="饭菜凉了", count=640, refs=("reviews.csv#row=3",))


def test_evidence_backed_pain_points_and_kpi_baselines(make_service: MakeService) -> None:
    evidence = FakeEvidence([LATE, COLD])
    assert isinstance(evidence, EvidenceProvider)
    service = make_service(evidence=evidence)
    result = service.start("外卖店", lang="zh-Hans")
    session = result.session_id
    result = say(service, session, ["我们想减少外卖配送超时的差评", "上班族：午休点外卖", "好"])
    result = say(service, session, ["好"] * 6 + ["其余：-1 焦虑"])
    assert result.step == "pains"
    chips = result.suggestions
    assert chips[0].label == "「配送超时」——数据中有 2,310 条记录提到"
    assert chips[0].origin == "data" and chips[0].refs == list(LATE.refs)
    assert chips[1].label.startswith("「饭菜凉了」——数据中有 640 条")
    assert chips[2].origin == "playbook"  # the playbook's suggestions follow the data
    workspace_id, stages, lang = evidence.calls[-1]
    assert workspace_id == result.workspace_id and "配送上菜" in stages and lang == "zh-Hans"

    result = say(service, session, ["1,2", "跳过", "好", "好", "完成"])
    journey, plan = result.diagnosis.map, result.diagnosis.plan
    late = next(p for p in journey.pain_points if p.description == "配送超时")
    assert late.provenance.source == "data"
    assert late.provenance.refs == list(LATE.refs)
    assert late.evidence == list(LATE.refs)
    assert journey.stage(late.stage_id).name == "配送上菜"
    assert late.severity == 4  # thousands of records
    (late_action, *_) = [a for a in plan.actions if late.id in a.pain_point_ids]
    assert (late_action.kpi.name, late_action.kpi.baseline) == ("超时订单占比", 18.0)
    assert late_action.kpi.target < 18.0  # lower is better for a share of late orders
    assert late_action.kpi.baseline_source == "来自公司数据：orders.csv，近90天"
    cold = next(p for p in journey.pain_points if p.description == "饭菜凉了")
    assert cold.provenance.source == "data" and cold.severity == 4


def test_without_data_there_are_no_data_suggestions(make_service: MakeService) -> None:
    service = make_service()
    result = service.start("acme", lang="zh-Hans")
    for _, messages in STEP_ANSWERS[:5]:
        result = say(service, result.session_id, messages, result)
    assert result.step == "pains"
    assert result.suggestions and all(c.origin == "playbook" for c in result.suggestions)

"""Analytics as the interview's evidence: pain points with provenance `data` and references to
the records, and the touchpoint's negative share as the plan's KPI baseline — end to end, through
the real interview engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.analytics.evidence import AnalyticsEvidence, evidence_from, matched_name
from assistant.analytics.service import AnalyticsService
from assistant.interview.evidence import EvidenceProvider
from assistant.interview.service import InterviewService, TurnResult
from assistant.retrieval import Hit, Kind, Method, SearchFilters
from assistant.retrieval.fusion import DEFAULT_FUSION, Fusion
from assistant.storage import Database
from tests.analytics.conftest import write_csv

LATE = ["送餐太慢了，超时一个小时", "超时太久，慢死了", "送餐慢，超时了", "太慢了，超时四十分钟"]
OTHER = ["好吃，下次还点", "汤洒了", "味道不错"]


class NoKnowledge:
    """A retriever that finds nothing: the interview must still work."""

    def search(
        self,
        query: str,
        *,
        kind: Kind = "methodology",
        workspace: str | None = None,
        filters: SearchFilters | None = None,
        k: int = 5,
        method: Method = "hybrid",
        per_document: int | None = None,
        fusion: Fusion = DEFAULT_FUSION,
    ) -> list[Hit]:
        return []

    def count(self, workspace: str | None = None) -> int:
        return 0


@pytest.fixture
def feedback(tmp_path: Path) -> Path:
    rows = [[str(i), "1", t] for i, t in enumerate(LATE, start=1)]
    rows += [[str(10 + i), "5", t] for i, t in enumerate(OTHER)]
    return write_csv(tmp_path / "reviews.csv", ["编号", "满意度", "评价"], rows)


def test_evidence_items_from_an_analysis(service: AnalyticsService, feedback: Path) -> None:
    result = service.analyze([feedback], "外卖店", industry="restaurant")
    items = evidence_from(result, ["配送上菜"], ["送达时间", "骑手配送"], "zh-Hans")
    late = items[0]
    assert late.text == "送达时间：送餐慢、超时；等待时间长"
    assert late.count == 4 and late.touchpoint == "送达时间" and late.stage == "配送上菜"
    assert late.refs == ("reviews.csv#row=1", "reviews.csv#row=2", "reviews.csv#row=3",
                         "reviews.csv#row=4")  # fmt: skip
    assert late.metric is not None
    assert (late.metric.name, late.metric.value, late.metric.unit) == (
        "送达时间差评占比",
        100.0,
        "%",
    )
    assert late.metric.source.startswith("reviews.csv：4 条记录中 4 条负面")
    english = evidence_from(result, [], [], "en")[0]
    assert english.text == "送达时间: late delivery; long waits"
    assert english.metric is not None and english.metric.name == "Negative share at 送达时间"
    assert english.touchpoint is None  # no map yet to place it on
    hant = evidence_from(result, [], [], "zh-Hant")[0]
    assert hant.text == "送達時間：送餐慢、超時；等待時間長"


def test_names_are_matched_onto_the_users_map() -> None:
    assert matched_name("骑手配送", ["配送", "支付"]) == "配送"
    assert matched_name("送達時間", ["送达时间"]) == "送达时间"
    assert matched_name("核对餐品", ["支付"]) is None


def test_the_provider_reads_the_stored_analysis(service: AnalyticsService, feedback: Path) -> None:
    provider = service.evidence
    assert isinstance(provider, EvidenceProvider)
    assert provider.pain_evidence("no-such-workspace", [], [], "zh-Hans") == []
    result = service.analyze([feedback], "外卖店", industry="restaurant")
    again = AnalyticsEvidence(service.store).pain_evidence(result.workspace_id, [], [], "zh-Hans")
    assert again[0].count == 4


@pytest.fixture
def interview(
    db: Database, tmp_path: Path, service: AnalyticsService
) -> Iterator[InterviewService]:
    made = InterviewService(
        db, NoKnowledge(), None, tmp_path / "checkpoints.sqlite", service.evidence
    )
    yield made
    made.close()


def say(interview: InterviewService, session: str, messages: list[str]) -> TurnResult:
    result = None
    for message in messages:
        result = interview.reply(session, message)
    assert result is not None
    return result


def test_the_interview_suggests_evidence_backed_pains_and_kpi_baselines(
    service: AnalyticsService, interview: InterviewService, feedback: Path
) -> None:
    analysis = service.analyze([feedback], "外卖店", industry="restaurant")
    result = interview.start("外卖店", lang="zh-Hans")
    assert result.workspace_id == analysis.workspace_id
    session = result.session_id
    say(interview, session, ["我们想减少外卖配送超时的差评", "上班族：午休点外卖", "好"])
    result = say(interview, session, ["好"] * 6 + ["其余：-1 焦虑"])
    assert result.step == "pains"
    chip = result.suggestions[0]
    assert chip.origin == "data"
    assert chip.label == "「送达时间：送餐慢、超时；等待时间长」——数据中有 4 条记录提到"
    assert chip.refs[:2] == ["reviews.csv#row=1", "reviews.csv#row=2"]

    result = say(interview, session, ["1", "跳过", "好", "好", "完成"])
    journey, plan = result.diagnosis.map, result.diagnosis.plan
    pain = next(p for p in journey.pain_points if p.description.startswith("送达时间"))
    assert pain.provenance.source == "data"
    assert pain.provenance.refs[0] == "reviews.csv#row=1" and len(pain.provenance.refs) == 4
    assert journey.stage(pain.stage_id).name == "配送上菜"
    action = next(a for a in plan.actions if pain.id in a.pain_point_ids)
    assert (action.kpi.name, action.kpi.baseline, action.kpi.unit) == (
        "送达时间差评占比",
        100.0,
        "%",
    )
    assert action.kpi.target is not None and action.kpi.target < 100.0  # lower is better
    assert action.kpi.baseline_source.startswith("来自公司数据：reviews.csv")

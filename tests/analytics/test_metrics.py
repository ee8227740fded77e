"""Metrics arithmetic on small hand-made files: every number below was worked out by hand."""

from __future__ import annotations

from assistant.analytics.result import AnalysisResult, TouchpointMetrics
from tests.analytics.conftest import Analyze

# 10 reviews with an NPS score (0–10), a date over four months and a channel. Touchpoints by hand:
# 1 送达时间+口味温度分量, 2 送达时间, 3 打包封口, 4 口味温度分量, 5 打包封口+口味温度分量,
# 6 骑手配送, 7 none, 8 核对餐品+退款申请, 9 送达时间, 10 none.
NPS_FILE = """日期,渠道,NPS,评价
2024-01-05,App,10,送餐很快，好吃
2024-01-10,App,3,送餐太慢了，等了两个小时
2024-01-20,电话,9,包装很好
2024-01-25,App,8,味道一般
2024-02-03,App,2,汤洒了，饭也凉了
2024-02-10,电话,6,骑手态度很差
2024-02-15,App,10,太好了
2024-02-20,App,0,送错了，退款也不给
2024-04-01,App,7,送餐准时
2024-04-10,App,9,好极了
"""


def tp(result: AnalysisResult, name: str) -> TouchpointMetrics:
    found = result.touchpoint_named(name)
    assert found is not None, name
    return found


def test_nps_file_overall(analyze: Analyze) -> None:
    result = analyze(NPS_FILE)
    assert result.files[0].mapping == {"text": "评价", "score": "NPS", "date": "日期",
                                       "channel": "渠道"}  # fmt: skip
    assert result.score_scale == "0–10 (NPS)"
    overall = result.overall
    assert (overall.volume, overall.positive, overall.neutral, overall.negative) == (10, 4, 2, 4)
    assert overall.negative_share == 0.4
    assert overall.average_score == 6.4
    assert overall.nps == 0.0  # 4 promoters (9–10) − 4 detractors (0–6), of 10
    assert overall.csat is None
    assert result.totals.sentiment_from_score == 10 and result.totals.sentiment_from_model == 0


def test_nps_file_per_touchpoint_and_stage(analyze: Analyze) -> None:
    result = analyze(NPS_FILE)
    time = tp(result, "送达时间")
    assert (time.volume, time.negative, time.negative_share) == (3, 1, 0.3333)
    assert (time.average_score, time.nps) == (6.67, 0.0)
    assert time.share_of_records == 0.3
    pack = tp(result, "打包封口")
    assert (pack.volume, pack.negative_share, pack.average_score) == (2, 0.5, 5.5)
    food = tp(result, "口味温度分量")
    assert (food.volume, food.negative) == (3, 1)
    rider = tp(result, "骑手配送")
    assert (rider.volume, rider.negative_share, rider.nps) == (1, 1.0, -100.0)
    assert tp(result, "核对餐品").volume == tp(result, "退款申请").volume == 1
    assert tp(result, "店内菜单").volume == 0 and tp(result, "店内菜单").negative_share is None
    stages = {s.name: s for s in result.stages}
    assert (stages["配送上菜"].volume, stages["配送上菜"].negative_share) == (4, 0.5)
    assert (stages["收餐用餐"].volume, stages["收餐用餐"].negative_share) == (4, 0.5)
    assert (stages["评价售后"].volume, stages["评价售后"].negative_share) == (1, 1.0)
    assert stages["浏览选餐"].volume == 0


def test_dates_give_change_over_time(analyze: Analyze) -> None:
    result = analyze(NPS_FILE)
    trend = result.overall.trend
    assert trend is not None and trend.granularity == "month"
    assert [(p.label, p.volume, p.negative_share) for p in trend.periods] == [
        ("2024-01", 4, 0.25),
        ("2024-02", 4, 0.75),
        ("2024-04", 2, 0.0),
    ]
    assert trend.change_pp == -25.0 and trend.last_change_pp == -75.0
    time = tp(result, "送达时间").trend
    assert time is not None
    assert [(p.label, p.negative_share) for p in time.periods] == [
        ("2024-01", 0.5),
        ("2024-04", 0.0),
    ]
    assert time.change_pp == -50.0


def test_channels_are_broken_down(analyze: Analyze) -> None:
    result = analyze(NPS_FILE)
    channels = {c.value: c for c in result.channels}
    assert (channels["App"].volume, channels["App"].negative_share) == (8, 0.375)
    assert (channels["电话"].volume, channels["电话"].negative_share) == (2, 0.5)


def test_unassigned_records_are_counted_and_sampled(analyze: Analyze) -> None:
    result = analyze(NPS_FILE)
    assert result.unassigned.count == 2 and result.unassigned.share == 0.2
    assert {q.text for q in result.unassigned.samples} == {"太好了", "好极了"}
    assert {q.ref for q in result.unassigned.samples} == {"reviews.csv#row=7", "reviews.csv#row=10"}
    assert result.totals.tagged + result.totals.untagged == result.totals.analysed == 10


def test_csat_from_a_one_to_five_column(analyze: Analyze) -> None:
    result = analyze(
        "满意度,评价\n5,送餐很快\n4,好吃\n3,一般般\n2,太慢了\n1,汤洒了\n5,很满意\n",
        "csat.csv",
    )
    assert result.score_scale == "1–5 (CSAT / stars)"
    overall = result.overall
    assert overall.csat == 50.0  # 4s and 5s: 3 of 6
    assert overall.average_score == 3.33
    assert overall.negative == 2 and overall.negative_share == 0.3333  # 1s and 2s
    assert overall.nps is None and overall.trend is None


def test_a_label_wins_over_a_score_and_the_model_fills_in(analyze: Analyze) -> None:
    result = analyze("label,评分,评价\n1,1,送餐很快\n0,,太难吃了\n,,好吃，下次还点\n")
    t = result.totals
    assert (t.sentiment_from_label, t.sentiment_from_score, t.sentiment_from_model) == (2, 0, 1)
    assert (result.overall.positive, result.overall.negative) == (2, 1)


def test_pain_issues_and_negative_references_per_touchpoint(analyze: Analyze) -> None:
    result = analyze(NPS_FILE)
    time = tp(result, "送达时间")
    assert [i.label for i in time.issues] == ["送餐慢、超时", "等待时间长"]
    assert time.negative_refs == ["reviews.csv#row=2"]
    assert [q.text for q in time.negative_quotes] == ["送餐太慢了，等了两个小时"]

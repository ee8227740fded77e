"""The latency benchmark runs and reports its numbers (timings are not asserted: machines vary)."""

from __future__ import annotations

from assistant.interview.benchmark import SCRIPTS, run_interview_benchmark
from assistant.retrieval import KnowledgeIndex


def test_the_benchmark_reports_percentiles(retriever: KnowledgeIndex) -> None:
    numbers = run_interview_benchmark(turns=12, retriever=retriever)
    assert numbers["turns"] == 12 and numbers["interviews"] >= 1
    assert 0 < numbers["p50_ms"] <= numbers["p95_ms"] <= numbers["max_ms"]
    assert set(numbers) == {
        "turns",
        "interviews",
        "p50_ms",
        "p95_ms",
        "max_ms",
        "mean_ms",
        "warmup_s",
    }
    assert set(SCRIPTS) == {"zh-Hans", "zh-Hant", "en"}

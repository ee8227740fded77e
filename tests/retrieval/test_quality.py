"""Retrieval quality on the labelled query set, with the real default embedding model.

Quality, not speed: `cxcoach eval retrieval` prints the same figures with latencies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.evaluation import evaluate, load_queries

QUERIES = Path(__file__).parent / "queries.yaml"


def test_the_query_set_is_large_varied_and_complete() -> None:
    queries, off_topic = load_queries(QUERIES)
    assert len(queries) >= 80 and len(off_topic) >= 20
    assert {q.lang for q in queries} == {"zh-Hans", "zh-Hant", "en"}
    assert sum(q.type == "paraphrase" for q in queries) >= 25
    assert sum(q.type == "cross-language" for q in queries) >= 12


@pytest.fixture(scope="module")
def scores(e5_index: KnowledgeIndex) -> dict[str, tuple[float, float, float]]:
    queries, _ = load_queries(QUERIES)
    return {s.method: (s.recall_at_1, s.recall_at_5, s.mrr) for s in evaluate(e5_index, queries)}


def test_hybrid_recall_at_5_meets_the_target(scores: dict[str, tuple[float, float, float]]) -> None:
    assert scores["hybrid"][1] >= 0.95, scores


def test_hybrid_beats_each_single_method_at_5(
    scores: dict[str, tuple[float, float, float]],
) -> None:
    assert scores["hybrid"][1] > scores["bm25"][1], scores
    assert scores["hybrid"][1] > scores["vector"][1], scores

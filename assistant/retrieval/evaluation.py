"""Retrieval evaluation on a labelled query set: recall@1, recall@5, MRR and query latency for
hybrid, BM25-only and vector-only, measured in the same run on the same index.

A query names its target document without the language suffix (`guide-long-queue`): a hit on
either language version counts, since both say the same thing.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from assistant.retrieval.index import Retriever
from assistant.retrieval.model import Hit, Method

METHODS: tuple[Method, ...] = get_args(Method)
CHUNK_DEPTH = 30  # chunks fetched per query, collapsed to documents


@dataclass(frozen=True)
class LabelledQuery:
    q: str
    lang: str
    target: str
    type: str


@dataclass(frozen=True)
class MethodScores:
    method: Method
    queries: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    p50_ms: float
    p95_ms: float
    misses: tuple[str, ...]  # queries whose target is not in the top 5


def load_queries(path: Path) -> tuple[list[LabelledQuery], list[str]]:
    """The labelled queries and the off-topic questions of a query-set file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = [
        LabelledQuery(
            q=str(i["q"]),
            lang=str(i["lang"]),
            target=str(i["target"]),
            type=str(i.get("type", "direct")),
        )
        for i in data["queries"]
    ]
    return queries, [str(i["q"]) for i in data.get("off_topic", [])]


def doc_stem(doc_id: str) -> str:
    return doc_id.removesuffix("-zh").removesuffix("-en")


def ranked_documents(hits: Sequence[Hit]) -> list[str]:
    seen: list[str] = []
    for hit in hits:
        stem = doc_stem(hit.chunk.doc_id)
        if stem not in seen:
            seen.append(stem)
    return seen


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[position]


def evaluate_method(
    retriever: Retriever, queries: Sequence[LabelledQuery], method: Method
) -> MethodScores:
    hits_at_1 = hits_at_5 = 0
    reciprocal: list[float] = []
    latencies: list[float] = []
    misses: list[str] = []
    for query in queries:
        start = time.perf_counter()
        hits = retriever.search(query.q, k=CHUNK_DEPTH, method=method)
        latencies.append((time.perf_counter() - start) * 1000)
        docs = ranked_documents(hits)
        rank = docs.index(query.target) + 1 if query.target in docs else None
        hits_at_1 += rank == 1
        hits_at_5 += rank is not None and rank <= 5
        reciprocal.append(1 / rank if rank else 0.0)
        if rank is None or rank > 5:
            misses.append(query.q)
    n = max(len(queries), 1)
    return MethodScores(
        method=method,
        queries=len(queries),
        recall_at_1=hits_at_1 / n,
        recall_at_5=hits_at_5 / n,
        mrr=statistics.fmean(reciprocal) if reciprocal else 0.0,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        misses=tuple(misses),
    )


def evaluate(
    retriever: Retriever, queries: Sequence[LabelledQuery], methods: Sequence[Method] = METHODS
) -> list[MethodScores]:
    # Warm-up: load the index, the model and jieba's dictionary before anything is timed.
    for method in methods:
        retriever.search("客户旅程 customer journey", k=5, method=method)
    return [evaluate_method(retriever, queries, method) for method in methods]

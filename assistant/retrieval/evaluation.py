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

from assistant.retrieval.fusion import Fusion
from assistant.retrieval.index import KnowledgeIndex, Retriever
from assistant.retrieval.model import Hit, Method
from assistant.text.yaml_text import load_yaml

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
    data = load_yaml(path.read_text(encoding="utf-8"))
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


def split(queries: Sequence[LabelledQuery]) -> tuple[list[LabelledQuery], list[LabelledQuery]]:
    """(tune, test): alternate queries. The file lists a document's queries together, so each
    half asks for every document and in every style."""
    return list(queries[0::2]), list(queries[1::2])


def evaluate_method(
    retriever: Retriever,
    queries: Sequence[LabelledQuery],
    method: Method,
    fusion: Fusion | None = None,
) -> MethodScores:
    hits_at_1 = hits_at_5 = 0
    reciprocal: list[float] = []
    latencies: list[float] = []
    misses: list[str] = []
    for query in queries:
        start = time.perf_counter()
        if fusion is not None and isinstance(retriever, KnowledgeIndex):
            hits = retriever.search(query.q, k=CHUNK_DEPTH, method=method, fusion=fusion)
        else:
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


FUSION_GRID = [
    Fusion(vector_weight=v, document_weight=d)
    for v in (0.2, 0.3, 0.4, 0.5, 0.7)
    for d in (0.0, 0.5, 1.0, 2.0, 4.0)
]


def tune_fusion(
    index: KnowledgeIndex, queries: Sequence[LabelledQuery]
) -> list[tuple[Fusion, MethodScores]]:
    """Hybrid with each fusion of the grid on `queries` (the tune half), best first by MRR,
    then recall@1, then recall@5."""
    rows = [(f, evaluate_method(index, queries, "hybrid", fusion=f)) for f in FUSION_GRID]
    return sorted(
        rows,
        key=lambda r: (-r[1].mrr, -r[1].recall_at_1, -r[1].recall_at_5, r[0].document_weight),
    )

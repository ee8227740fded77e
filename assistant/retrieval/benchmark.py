"""Query latency with a realistic amount of company data indexed (the default stack: embedded
Chroma + e5 + BM25). Prints figures; nothing here asserts on time."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.embeddings import Embedder
from assistant.retrieval.evaluation import percentile
from assistant.retrieval.index import KnowledgeIndex, Store
from assistant.retrieval.model import Chunk, Method

# What staff and managers ask of a food-delivery company's reviews.
BENCH_QUERIES = [
    "配送太慢",
    "骑手态度不好",
    "送餐超时一个小时",
    "饭菜送到都凉了",
    "汤洒了包装破了",
    "少送了一份米饭",
    "送错餐了",
    "分量太少",
    "味道很咸",
    "退款一直不到账",
    "客服电话打不通",
    "商家出餐慢",
    "价格太贵了",
    "餐具没有给",
    "外卖员找不到地址",
    "菜里有头发",
    "送达时间不准",
    "打包很用心",
    "味道不错下次还点",
    "骑手很辛苦服务好",
    "配送費太高",
    "餐點是冷的",
    "外送員遲到",
    "客服處理很差",
    "late delivery",
    "cold food",
    "rider was rude",
    "missing item in my order",
    "refund never came",
    "portion too small",
    "packaging leaked",
    "great taste will order again",
    "wrong dish delivered",
    "为什么总是延迟",
    "差评原因是什么",
    "顾客最常抱怨什么",
    "哪些问题影响复购",
    "送到楼下不上楼",
    "电话不接就走了",
    "备注没看",
    "少辣写了还是很辣",
    "包装漏油",
    "米饭硬",
    "肉不新鲜",
]


@dataclass(frozen=True)
class LatencyRow:
    method: Method
    queries: int
    p50_ms: float
    p95_ms: float


@dataclass(frozen=True)
class RetrievalBenchmark:
    chunks: int
    index_seconds: float
    rows: list[LatencyRow]


def review_chunks(texts: Sequence[str]) -> list[Chunk]:
    return [
        Chunk(
            id=f"bench:{n}",
            text=t,
            doc_id="reviews.csv",
            title="reviews.csv",
            source="reviews.csv",
            section=f"row {n + 1}",
            kind="company",
            doc_kind="data",
            source_id="bench",
        )
        for n, t in enumerate(texts)
    ]


def run_benchmark(
    store: Store,
    embedder: Embedder,
    texts: Sequence[str],
    repeats: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> RetrievalBenchmark:
    index = KnowledgeIndex(store, embedder)
    workspace = "benchmark"
    index.drop_workspace(workspace)
    start = time.perf_counter()
    index.add_chunks(workspace, review_chunks(texts), progress)
    index_seconds = time.perf_counter() - start
    for query in BENCH_QUERIES[:5]:  # warm: model, index view, jieba
        index.search(query, kind="company", workspace=workspace, k=10)
    rows = []
    for method in ("hybrid", "bm25", "vector"):
        times = []
        for _ in range(repeats):
            for query in BENCH_QUERIES:
                t0 = time.perf_counter()
                index.search(query, kind="company", workspace=workspace, k=10, method=method)
                times.append((time.perf_counter() - t0) * 1000)
        rows.append(LatencyRow(method, len(times), percentile(times, 0.5), percentile(times, 0.95)))
    index.drop_workspace(workspace)
    return RetrievalBenchmark(len(texts), index_seconds, rows)


def read_texts(path: Path, limit: int) -> list[str]:
    from assistant.ingest.readers import read_file

    parsed = read_file(path)
    texts = [r.text for r in parsed.records]
    while texts and len(texts) < limit:  # a small file is repeated with a marker to reach `limit`
        texts += [f"{t} #{len(texts) + i}" for i, t in enumerate(texts[: limit - len(texts)])]
    return texts[:limit]

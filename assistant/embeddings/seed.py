"""Vectors shipped with cxcoach for its own knowledge corpus, so a first start does not embed it.

Without them, the first start with the bundled e5 model embeds ~1,200 methodology passages:
about a minute on a quiet 2-core laptop, several minutes on a busy one, while the app says it is
warming up. `knowledge/vectors/<embedder>.npz` holds the cache's content keys (as raw SHA-256
digests) and the float32 vectors the model gave for them; the vector cache consults it before
the model, and copies what it uses into the local cache. A key the file lacks (a document edited
since the file was made, another model) is simply embedded. `make vectors` rebuilds the file;
tests/retrieval/test_shipped_vectors.py fails when it no longer covers the corpus.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

import knowledge
from assistant.embeddings.base import Vectors


def seed_path(embedder_id: str) -> Path:
    """knowledge/vectors/<embedder id made safe>.npz (the file may not exist)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", embedder_id).strip("-")
    return Path(str(knowledge.root())) / "vectors" / f"{name}.npz"


class SeedVectors:
    """Read-only key → vector lookups in a shipped file, loaded on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index: dict[bytes, int] | None = None
        self._vectors: Vectors | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[dict[bytes, int], Vectors]:
        with self._lock:
            if self._index is None or self._vectors is None:
                with np.load(self.path) as data:
                    keys, vectors = data["keys"], data["vectors"].astype(np.float32)
                self._index = {k.tobytes(): i for i, k in enumerate(keys)}
                self._vectors = vectors
            return self._index, self._vectors

    def get_many(self, keys: Sequence[str]) -> dict[str, Vectors]:
        index, vectors = self._load()
        found: dict[str, Vectors] = {}
        for key in keys:
            row = index.get(bytes.fromhex(key))
            if row is not None:
                found[key] = vectors[row]
        return found

    def keys(self) -> set[str]:
        index, _ = self._load()
        return {k.hex() for k in index}


def shipped_seed(embedder_id: str) -> SeedVectors | None:
    path = seed_path(embedder_id)
    return SeedVectors(path) if path.is_file() else None


def write_seed(path: Path, keys: Sequence[str], vectors: Vectors) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # (n, 32) bytes, not a numpy "S32" string array: that would drop a digest's trailing zeros.
    digests = np.array([np.frombuffer(bytes.fromhex(k), dtype=np.uint8) for k in keys])
    np.savez_compressed(path, keys=digests, vectors=np.asarray(vectors, dtype=np.float32))

"""Vectors cached by content hash, so nothing is embedded twice (across runs and processes)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.embeddings.base import Embedder, Vectors
from assistant.embeddings.seed import SeedVectors

_LOOKUP_BATCH = 500


def content_key(embedder_id: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{embedder_id}\0{kind}\0{text}".encode()).hexdigest()


class VectorCache:
    """A key → float32 vector store in one SQLite file (safe across threads and processes)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        with self._lock:
            for start in range(0, len(keys), _LOOKUP_BATCH):
                batch = list(keys[start : start + _LOOKUP_BATCH])
                marks = ",".join("?" * len(batch))
                rows = self._conn.execute(
                    f"SELECT key, v FROM vectors WHERE key IN ({marks})", batch
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, Vectors]) -> None:
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO vectors (key, v) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])


class CachedEmbedder:
    """Wraps any embedder; only texts never seen before reach the model."""

    def __init__(
        self,
        inner: Embedder,
        cache: VectorCache,
        *,
        cache_queries: bool = True,
        seed: SeedVectors | None = None,
    ) -> None:
        """`seed`: vectors shipped for the knowledge corpus (see seed.py), consulted before the
        model for passages; what is taken from it is copied into the cache."""
        self.inner = inner
        self.cache = cache
        self.seed = seed
        self.cache_queries = cache_queries  # off when measuring real query latency
        self.misses = 0

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if not self.cache_queries:
            return self.inner.embed_queries(texts)
        return self._embed(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, "passage")

    def _embed(self, texts: Sequence[str], kind: str) -> Vectors:
        keys = [content_key(self.inner.id, kind, t) for t in texts]
        found = self.cache.get_many(keys)
        if self.seed is not None and kind == "passage" and len(found) < len(set(keys)):
            shipped = self.seed.get_many([k for k in keys if k not in found])
            if shipped:
                self.cache.put_many(shipped)
                found.update(shipped)
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
        if todo:
            new_keys, new_texts = zip(*todo, strict=True)
            embed = self.inner.embed_queries if kind == "query" else self.inner.embed_passages
            vectors = embed(list(new_texts))
            fresh = dict(zip(new_keys, vectors, strict=True))
            self.cache.put_many(fresh)
            found.update(fresh)
            self.misses += len(todo)
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)

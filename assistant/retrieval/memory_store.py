"""An in-process collection with exact numpy search: the same contract as the Chroma adapter.

Used when nothing should touch disk (tests, demos with `CXCOACH_INDEX=memory`) and as the
reference the Chroma adapter is checked against.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.embeddings import Vectors
from assistant.retrieval.model import Chunk
from assistant.retrieval.searchable import VectorSearch, numpy_nearest


class MemoryCollection:
    def __init__(self, name: str, metadata: dict[str, str] | None = None) -> None:
        self.name = name
        self._metadata: dict[str, Any] = dict(metadata or {})
        self._rows: dict[str, tuple[Chunk, list[str], Vectors]] = {}
        self._search: VectorSearch | None = None  # built on the first query after a change

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self._metadata)

    def set_metadata(self, metadata: dict[str, str]) -> None:
        self._metadata = dict(metadata)

    def count(self) -> int:
        return len(self._rows)

    def upsert(
        self, chunks: Sequence[Chunk], tokens: Sequence[Sequence[str]], vectors: Vectors
    ) -> None:
        for chunk, toks, vector in zip(chunks, tokens, vectors, strict=True):
            self._rows[chunk.id] = (chunk, list(toks), np.asarray(vector, dtype=np.float32))
        self._search = None

    def delete_source(self, source_id: str) -> None:
        self._rows = {k: v for k, v in self._rows.items() if v[0].source_id != source_id}
        self._search = None

    def delete_ids(self, ids: Sequence[str]) -> None:
        for chunk_id in ids:
            self._rows.pop(chunk_id, None)
        self._search = None

    def source_ids(self) -> set[str]:
        return {chunk.source_id for chunk, _, _ in self._rows.values()}

    def get_sections(self, sections: Sequence[str]) -> list[Chunk]:
        wanted = set(sections)
        return [chunk for chunk, _, _ in self._rows.values() if chunk.section in wanted]

    def load_all(self) -> list[tuple[Chunk, list[str]]]:
        return [(chunk, toks) for chunk, toks, _ in self._rows.values()]

    def nearest(self, vector: Vectors, k: int) -> list[tuple[str, float]]:
        if not self._rows:
            return []
        if self._search is None:
            ids = list(self._rows)
            self._search = numpy_nearest(ids, np.vstack([self._rows[i][2] for i in ids]))
        return self._search(vector, k)


class MemoryStore:
    """Named memory collections, as a Chroma client holds collections."""

    def __init__(self) -> None:
        self.collections: dict[str, MemoryCollection] = {}

    def collection(self, name: str, metadata: dict[str, str] | None = None) -> MemoryCollection:
        if name not in self.collections:
            self.collections[name] = MemoryCollection(name, metadata)
        return self.collections[name]

    def delete(self, name: str) -> None:
        self.collections.pop(name, None)

    def names(self) -> list[str]:
        return list(self.collections)

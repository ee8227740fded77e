"""The Chroma adapter: the only module that imports chromadb.

Embedded `PersistentClient` under the data dir by default, `HttpClient` when a server URL is set.
We always pass our own vectors (Chroma's default embedding function downloads a model at run
time). Lists are stored as '|a|b|' strings because Chroma metadata values must be scalars.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from assistant.embeddings import Vectors
from assistant.retrieval.model import Chunk

UPSERT_BATCH = 1000


def connect(path: Path, url: str = "") -> Any:
    """A Chroma client: a server when `url` is set, else files under `path`."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url)
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def _join(values: Sequence[str]) -> str:
    return "|" + "|".join(values) + "|" if values else ""


def _split(value: object) -> tuple[str, ...]:
    return tuple(v for v in str(value or "").split("|") if v)


def to_metadata(chunk: Chunk, tokens: Sequence[str]) -> dict[str, str | int]:
    return {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "source": chunk.source,
        "section": chunk.section,
        "kind": chunk.kind,
        "doc_kind": chunk.doc_kind,
        "lang": chunk.lang,
        "stages": _join(chunk.stages),
        "categories": _join(chunk.categories),
        "industries": _join(chunk.industries),
        "source_id": chunk.source_id,
        "extra": json.dumps(chunk.extra, ensure_ascii=False) if chunk.extra else "",
        # BM25 tokens travel with the chunk so loading an index never re-runs jieba.
        "tokens": " ".join(tokens),
    }


def from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> tuple[Chunk, list[str]]:
    chunk = Chunk(
        id=chunk_id,
        text=text,
        doc_id=str(meta.get("doc_id", "")),
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        section=str(meta.get("section", "")),
        kind=meta.get("kind", "methodology"),
        doc_kind=meta.get("doc_kind", "concept"),
        lang=str(meta.get("lang", "")),
        stages=_split(meta.get("stages")),
        categories=_split(meta.get("categories")),
        industries=_split(meta.get("industries")),
        source_id=str(meta.get("source_id", "")),
        extra=json.loads(meta["extra"]) if meta.get("extra") else {},
    )
    return chunk, str(meta.get("tokens", "")).split()


class ChromaCollection:
    """One collection: methodology, or one workspace's company data."""

    def __init__(self, client: Any, name: str, metadata: dict[str, str] | None = None) -> None:
        self._collection = client.get_or_create_collection(
            name=name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata=metadata or None,
        )
        self.name = name

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self._collection.metadata or {})

    def set_metadata(self, metadata: dict[str, str]) -> None:
        self._collection.modify(metadata=metadata)

    def count(self) -> int:
        return int(self._collection.count())

    def upsert(
        self, chunks: Sequence[Chunk], tokens: Sequence[Sequence[str]], vectors: Vectors
    ) -> None:
        for start in range(0, len(chunks), UPSERT_BATCH):
            part = slice(start, start + UPSERT_BATCH)
            batch = chunks[part]
            self._collection.upsert(
                ids=[c.id for c in batch],
                embeddings=np.asarray(vectors[part], dtype=np.float32),
                documents=[c.text for c in batch],
                metadatas=[to_metadata(c, t) for c, t in zip(batch, tokens[part], strict=True)],
            )

    def delete_source(self, source_id: str) -> None:
        self._collection.delete(where={"source_id": source_id})

    def delete_ids(self, ids: Sequence[str]) -> None:
        if ids:
            self._collection.delete(ids=list(ids))

    def source_ids(self) -> set[str]:
        got = self._collection.get(include=["metadatas"])
        return {str(m["source_id"]) for m in got["metadatas"] or [] if m and "source_id" in m}

    def get_sections(self, sections: Sequence[str]) -> list[Chunk]:
        got = self._collection.get(
            where={"section": {"$in": list(sections)}}, include=["documents", "metadatas"]
        )
        return [
            from_record(i, d or "", dict(m or {}))[0]
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    def load_all(self) -> list[tuple[Chunk, list[str]]]:
        got = self._collection.get(include=["documents", "metadatas"])
        return [
            from_record(i, d or "", dict(m or {}))
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    def nearest(self, vector: Vectors, k: int) -> list[tuple[str, float]]:
        """Ids and cosine similarity of the `k` nearest chunks (no metadata filter: filtering
        in Chroma costs ~40 ms per query at 10k chunks; the caller filters in memory)."""
        k = min(k, self.count())
        if k == 0:
            return []
        result = self._collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=k,
            include=["distances"],
        )
        return [
            (i, 1.0 - float(d))
            for i, d in zip(result["ids"][0], result["distances"][0], strict=True)
        ]


class ChromaStore:
    """Collections of one Chroma client (embedded or server)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def collection(self, name: str, metadata: dict[str, str] | None = None) -> ChromaCollection:
        return ChromaCollection(self.client, name, metadata)

    def delete(self, name: str) -> None:
        if name in self.names():
            self.client.delete_collection(name)

    def names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self.client.list_collections()]

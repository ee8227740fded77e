"""The knowledge index: methodology and each workspace's company data, searched the same way.

One class over a storage adapter (Chroma, or memory) for the workspaces' data, which ingestion
writes; the shipped methodology corpus is held in memory, opened from shipped vectors and tokens.
A workspace's data lives in its own collection, so a query in workspace A cannot see B's records.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, Protocol

from assistant.embeddings import Embedder, Vectors
from assistant.retrieval.corpus import index_text, load_documents, methodology_chunks
from assistant.retrieval.fusion import DEFAULT_FUSION, Fusion
from assistant.retrieval.memory_store import MemoryCollection
from assistant.retrieval.model import Chunk, Hit, Kind, Method, SearchFilters
from assistant.retrieval.passage_tokens import passage_tokens
from assistant.retrieval.searchable import Searchable
from assistant.text.tokens import TOKENIZER_VERSION, tokenize

EMBED_BATCH = 256
Progress = Callable[[int, int], None]


class Collection(Protocol):
    name: str

    @property
    def metadata(self) -> dict[str, Any]: ...
    def set_metadata(self, metadata: dict[str, str]) -> None: ...
    def count(self) -> int: ...
    def upsert(
        self, chunks: Sequence[Chunk], tokens: Sequence[Sequence[str]], vectors: Vectors
    ) -> None: ...
    def delete_source(self, source_id: str) -> None: ...
    def delete_ids(self, ids: Sequence[str]) -> None: ...
    def source_ids(self) -> set[str]: ...
    def get_sections(self, sections: Sequence[str]) -> list[Chunk]: ...
    def load_all(self) -> list[tuple[Chunk, list[str]]]: ...
    def nearest(self, vector: Vectors, k: int) -> list[tuple[str, float]]: ...


class Store(Protocol):
    """Creates, lists and drops collections (a Chroma client, or memory)."""

    def collection(self, name: str, metadata: dict[str, str] | None = None) -> Collection: ...
    def delete(self, name: str) -> None: ...
    def names(self) -> list[str]: ...


class Retriever(Protocol):
    """What the interview, Ask and analytics see of retrieval."""

    def search(
        self,
        query: str,
        *,
        kind: Kind = "methodology",
        workspace: str | None = None,
        filters: SearchFilters | None = None,
        k: int = 5,
        method: Method = "hybrid",
        per_document: int | None = None,
        fusion: Fusion = DEFAULT_FUSION,
    ) -> list[Hit]: ...

    def count(self, workspace: str | None = None) -> int: ...


def _short(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


class KnowledgeIndex:
    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self._views: dict[str, tuple[int, Searchable]] = {}
        self._methodology: Collection | None = None  # checked against the corpus once per process
        self._lock = threading.RLock()

    # Names --------------------------------------------------------------------------------
    @cached_property
    def _suffix(self) -> str:
        return _short(self.embedder.id)  # another embedding model gets other collections

    def methodology_name(self) -> str:
        return f"methodology-{self._suffix}"

    def workspace_name(self, workspace: str) -> str:
        return f"ws-{_short(workspace)}-{self._suffix}"

    # Writing ------------------------------------------------------------------------------
    def ensure_methodology(self, progress: Progress | None = None) -> Collection:
        """The methodology passages, held in process memory.

        The shipped corpus is read-only and small (~1,100 passages): its vectors come through
        the vector cache (shipped for the bundled e5 model, embedded once and cached for any
        other), its BM25 tokens from the shipped token file. Opening it takes ~0.2 s and no
        database, so `cxcoach ask` never starts Chroma, which holds the workspaces' data only.
        """
        with self._lock:
            if self._methodology is not None:
                return self._methodology
            chunks = methodology_chunks(load_documents())
            collection = MemoryCollection(self.methodology_name())
            texts = [index_text(c) for c in chunks]
            done = 0
            for start in range(0, len(chunks), EMBED_BATCH):
                end = start + EMBED_BATCH
                vectors = self.embedder.embed_passages(texts[start:end])
                collection.upsert(chunks[start:end], passage_tokens(texts[start:end]), vectors)
                done += len(vectors)
                if progress:
                    progress(done, len(chunks))
            self._methodology = collection
            return collection

    def add_chunks(
        self, workspace: str, chunks: Sequence[Chunk], progress: Progress | None = None
    ) -> None:
        """Embed and store; on any failure the chunks written so far are removed again."""
        collection = self.store.collection(
            self.workspace_name(workspace), {"tokenizer": TOKENIZER_VERSION}
        )
        try:
            self._write(collection, chunks, progress)
        except BaseException:
            collection.delete_ids([c.id for c in chunks])
            raise
        finally:
            self._views.pop(collection.name, None)

    def delete_source(self, workspace: str, source_id: str) -> None:
        collection = self.store.collection(self.workspace_name(workspace))
        collection.delete_source(source_id)
        self._views.pop(collection.name, None)

    def source_ids(self, workspace: str) -> set[str]:
        """The sources that have chunks in the workspace's collection."""
        name = self.workspace_name(workspace)
        return self.store.collection(name).source_ids() if name in self.store.names() else set()

    def chunks_at(self, workspace: str, sections: Sequence[str]) -> list[Chunk]:
        """The workspace's chunks cited at these sections ("row 12", "§ 退款流程"), read
        directly: quoting a few records needs no loading of the whole collection."""
        name = self.workspace_name(workspace)
        if not sections or name not in self.store.names():
            return []
        return self.store.collection(name).get_sections(sections)

    def drop_workspace(self, workspace: str) -> None:
        self.store.delete(self.workspace_name(workspace))
        self._views.pop(self.workspace_name(workspace), None)

    def _write(
        self, collection: Collection, chunks: Sequence[Chunk], progress: Progress | None
    ) -> None:
        done = 0
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = list(chunks[start : start + EMBED_BATCH])
            texts = [index_text(c) for c in batch]
            vectors = self.embedder.embed_passages(texts)
            collection.upsert(batch, [tokenize(t) for t in texts], vectors)
            done += len(batch)
            if progress:
                progress(done, len(chunks))

    # Reading ------------------------------------------------------------------------------
    def _collection_for(self, kind: Kind, workspace: str | None) -> Collection | None:
        if kind == "methodology":
            return self.ensure_methodology()
        if workspace is None:
            raise ValueError("company data is searched within a workspace: pass workspace=")
        name = self.workspace_name(workspace)
        return self.store.collection(name) if name in self.store.names() else None

    def _view(self, collection: Collection) -> Searchable:
        with self._lock:
            count = collection.count()  # another process may have ingested since
            cached = self._views.get(collection.name)
            if cached and cached[0] == count:
                return cached[1]
            rows = collection.load_all()
            chunks = [c for c, _ in rows]
            if collection.metadata.get("tokenizer", TOKENIZER_VERSION) == TOKENIZER_VERSION:
                tokens = [t for _, t in rows]
            else:  # written by an older tokenizer: recompute rather than mis-match
                tokens = [tokenize(index_text(c)) for c in chunks]
            view = Searchable(chunks, tokens)
            self._views[collection.name] = (count, view)
            return view

    def search(
        self,
        query: str,
        *,
        kind: Kind = "methodology",
        workspace: str | None = None,
        filters: SearchFilters | None = None,
        k: int = 5,
        method: Method = "hybrid",
        per_document: int | None = None,
        fusion: Fusion = DEFAULT_FUSION,
    ) -> list[Hit]:
        """Best `k` passages; `per_document` caps the passages of one document (the list then
        spans documents); `fusion` weighs the two methods (see fusion.py)."""
        collection = self._collection_for(kind, workspace)
        if collection is None or not query.strip():
            return []
        view = self._view(collection)
        return view.search(
            query,
            query_vector=lambda: self.embedder.embed_queries([query])[0],
            vector_search=collection.nearest,
            filters=filters or SearchFilters(),
            k=k,
            method=method,
            per_document=per_document,
            fusion=fusion,
        )

    def count(self, workspace: str | None = None) -> int:
        if workspace is None:
            return self.ensure_methodology().count()
        collection = self._collection_for("company", workspace)
        return collection.count() if collection else 0

    def stats(self) -> dict[str, int]:
        return {name: self.store.collection(name).count() for name in self.store.names()}

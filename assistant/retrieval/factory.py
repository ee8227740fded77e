"""The one place the index storage is chosen from settings: Chroma server, embedded Chroma, or memory."""

from __future__ import annotations

from assistant.embeddings import Embedder
from assistant.retrieval.index import KnowledgeIndex, Store
from assistant.settings import Settings


def build_store(settings: Settings) -> Store:
    if settings.index_backend == "memory":
        from assistant.retrieval.memory_store import MemoryStore

        return MemoryStore()
    from assistant.retrieval.chroma_store import ChromaStore, connect

    return ChromaStore(connect(settings.effective_chroma_path, settings.chroma_url))


def build_index(settings: Settings, embedder: Embedder) -> KnowledgeIndex:
    return KnowledgeIndex(build_store(settings), embedder)

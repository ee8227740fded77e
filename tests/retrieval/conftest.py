from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.embeddings.hash_backend import HashEmbedder
from assistant.retrieval import Chunk, KnowledgeIndex
from assistant.retrieval.memory_store import MemoryStore


def company_chunk(source: str, n: int, text: str, **extra: str) -> Chunk:
    return Chunk(
        id=f"{source}:{n}",
        text=text,
        doc_id=f"{source}.csv",
        title=f"{source}.csv",
        source=f"{source}.csv",
        section=f"row {n + 1}",
        kind="company",
        doc_kind="data",
        source_id=source,
        extra=dict(extra),
    )


def company_chunks(source: str, texts: Sequence[str]) -> list[Chunk]:
    return [company_chunk(source, n, t) for n, t in enumerate(texts)]


@pytest.fixture(scope="session")
def memory_index() -> KnowledgeIndex:
    """Methodology over the shipped corpus with the lexical embedder: fast, offline."""
    index = KnowledgeIndex(MemoryStore(), HashEmbedder())
    index.ensure_methodology()
    return index

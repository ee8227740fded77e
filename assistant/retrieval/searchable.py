"""An in-memory view of one collection: chunks, their BM25 index, and ranked search with filters.

Both retrievers use it: the Chroma one for BM25 and metadata, the memory one for everything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.embeddings import Vectors
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.corpus import RETRIEVAL_AIDS
from assistant.retrieval.fusion import DEFAULT_FUSION, Fusion, score_fusion
from assistant.retrieval.model import Chunk, Hit, Method, SearchFilters

# How deep each method looks before fusion; filters are applied to these candidates.
CANDIDATES = 60

VectorSearch = Callable[[Vectors, int], list[tuple[str, float]]]


class Searchable:
    def __init__(self, chunks: Sequence[Chunk], tokens: Sequence[Sequence[str]]) -> None:
        self.chunks = list(chunks)
        self.positions = {c.id: i for i, c in enumerate(self.chunks)}
        self.bm25 = BM25Index(tokens)
        # A document's first quotable passage: where a match on its question list points.
        self.quotable: dict[str, str] = {}
        for chunk in self.chunks:
            if chunk.section not in RETRIEVAL_AIDS:
                self.quotable.setdefault(chunk.doc_id, chunk.id)

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
        per_document: int | None = None,
        fusion: Fusion = DEFAULT_FUSION,
    ) -> list[Hit]:
        """Best `k` passages. A question-list passage (corpus.RETRIEVAL_AIDS) is never returned:
        the best quotable passage of its document takes its place (and its score, if higher). `per_document` caps how
        many passages of one document the list holds, so it spans documents."""
        depth = max(CANDIDATES, k)
        bm25 = self.bm25_ranking(query, filters, depth) if method != "vector" else []
        vector: list[tuple[str, float]] = []
        if method != "bm25" and self.chunks:
            over = depth if filters.empty else depth * 4
            vector = self.vector_ranking(vector_search(query_vector(), over), filters, depth)
        bm25_at = {cid: (r, s) for r, (cid, s) in enumerate(bm25, 1)}
        vector_at = {cid: (r, s) for r, (cid, s) in enumerate(vector, 1)}
        fused = score_fusion(
            bm25, vector, fusion, lambda cid: self.chunks[self.positions[cid]].doc_id
        )
        scores: dict[str, float] = {}
        aided: dict[str, str] = {}  # quotable passage → the question list that found it
        for cid, score in fused:
            chunk = self.chunks[self.positions[cid]]
            if chunk.section in RETRIEVAL_AIDS:
                target = self._best_quotable(chunk.doc_id, fused)
                if target is None:
                    continue
                aided.setdefault(target, cid)
                cid = target
            scores[cid] = max(scores.get(cid, 0.0), score)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        hits: list[Hit] = []
        per_doc: dict[str, int] = {}
        for cid, score in ranked:
            chunk = self.chunks[self.positions[cid]]
            if per_document is not None and per_doc.get(chunk.doc_id, 0) >= per_document:
                continue
            per_doc[chunk.doc_id] = per_doc.get(chunk.doc_id, 0) + 1
            both = [c for c in (cid, aided.get(cid)) if c]
            hits.append(
                Hit(
                    chunk=chunk,
                    score=score,
                    bm25_rank=min((bm25_at[c][0] for c in both if c in bm25_at), default=None),
                    vector_rank=min(
                        (vector_at[c][0] for c in both if c in vector_at), default=None
                    ),
                    bm25_score=max((bm25_at[c][1] for c in both if c in bm25_at), default=0.0),
                    vector_score=max(
                        (vector_at[c][1] for c in both if c in vector_at), default=0.0
                    ),
                )
            )
            if len(hits) == k:
                break
        return hits

    def _best_quotable(self, doc_id: str, fused: list[tuple[str, float]]) -> str | None:
        """The document's best-ranked quotable passage among the candidates, else its first."""
        for cid, _ in fused:
            chunk = self.chunks[self.positions[cid]]
            if chunk.doc_id == doc_id and chunk.section not in RETRIEVAL_AIDS:
                return cid
        return self.quotable.get(doc_id)


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

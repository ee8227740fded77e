"""Does the knowledge base know anything about this question? Ask says "I don't know" rather
than stretch an unrelated guide over a question it does not answer.

Vector similarities from the e5 model bunch high (0.75–0.93), so an absolute threshold means
little; what tells a real match is agreement: both methods rank the passage near the top, or
the words of the question match well (BM25), or the top vector hit stands clear of the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.retrieval.model import Hit

AGREEMENT_DEPTH = 5  # both methods put it in their top 5
MIN_BM25 = 4.0  # roughly two distinctive words of the question found in the passage
MIN_VECTOR_GAP = 0.035  # top cosine this far above the mean of the next hits


def is_relevant(hits: Sequence[Hit]) -> bool:
    if not hits:
        return False
    top = hits[0]
    if (
        top.bm25_rank is not None
        and top.vector_rank is not None
        and max(top.bm25_rank, top.vector_rank) <= AGREEMENT_DEPTH
    ):
        return True
    if max(h.bm25_score for h in hits) >= MIN_BM25:
        return True
    sims = sorted((h.vector_score for h in hits if h.vector_rank is not None), reverse=True)
    return len(sims) >= 3 and sims[0] - sum(sims[1:]) / len(sims[1:]) >= MIN_VECTOR_GAP

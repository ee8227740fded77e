"""Fusing the BM25 and the vector lists: each method's scores scaled to 0..1 over its candidates
(BM25 divided by its best score; cosine min-max scaled), then added with the vector part weighed
by `Fusion.vector_weight`; each passage also gets a share of its document's score. A passage one list does not hold scores 0 there.

Reciprocal rank fusion (by rank alone) was the first choice; on the labelled set it put hybrid
behind BM25 alone (recall@1 0.881 vs 0.907), because a rank says nothing about how far ahead the
best match is. Scaled scores keep that. `cxcoach eval retrieval --tune` chooses the weight on the
tune half of the set and reports on the other half.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Fusion:
    vector_weight: float = 0.5  # the scaled cosine's weight against the scaled BM25 score
    document_weight: float = 2.0  # the weight of the document's fused score in a passage's


# Tuned on the tune half of tests/retrieval/queries.yaml (`cxcoach eval retrieval --tune`): the
# best document first, as Ask and the evaluation want it.
DEFAULT_FUSION = Fusion()
# For picking the best passage wherever it stands (a remedy for a pain point): passages alone.
PASSAGE_FUSION = Fusion(document_weight=0.0)


def _scaled(ranking: Sequence[tuple[str, float]], *, min_max: bool) -> dict[str, float]:
    if not ranking:
        return {}
    values = [s for _, s in ranking]
    top, low = max(values), (min(values) if min_max else 0.0)
    span = top - low
    if span <= 0:
        return {cid: 1.0 for cid, _ in ranking}
    return {cid: (s - low) / span for cid, s in ranking}


def score_fusion(
    bm25: Sequence[tuple[str, float]],
    vector: Sequence[tuple[str, float]],
    fusion: Fusion = DEFAULT_FUSION,
    document_of: Callable[[str], str] | None = None,
) -> list[tuple[str, float]]:
    """(id, fused score), best first; ties by id, so the order is stable. With `document_of`,
    each passage also gets its document's fused score (each method's best passage of the
    document), weighed by `fusion.document_weight`: a document that one method finds through one
    passage and the other through another is not split in two halves."""
    lexical = _scaled(bm25, min_max=False)
    semantic = _scaled(vector, min_max=True)
    weight = fusion.vector_weight if lexical else 1.0  # one list alone keeps its own order
    ids = lexical.keys() | semantic.keys()
    fused = {cid: lexical.get(cid, 0.0) + weight * semantic.get(cid, 0.0) for cid in ids}
    if document_of is not None and fusion.document_weight:
        best_lexical: dict[str, float] = {}
        best_semantic: dict[str, float] = {}
        for cid in ids:
            doc = document_of(cid)
            best_lexical[doc] = max(best_lexical.get(doc, 0.0), lexical.get(cid, 0.0))
            best_semantic[doc] = max(best_semantic.get(doc, 0.0), semantic.get(cid, 0.0))
        for cid in ids:
            doc = document_of(cid)
            fused[cid] += fusion.document_weight * (best_lexical[doc] + weight * best_semantic[doc])
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))

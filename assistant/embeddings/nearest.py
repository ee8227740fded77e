"""k-nearest-neighbour vote over labelled examples, by embedding similarity.

The interview tells a message's act with it (prompts/exemplars/acts.yaml) and Ask the kind of a
question (prompts/exemplars/ask.yaml). The examples are embedded once, on first use, as passages
(the shipped vectors hold them, see assistant/retrieval/shipped_vectors.py); a message is embedded
as a query: ~20 ms with the bundled e5 model on two cores.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from assistant.embeddings.base import Embedder, Vectors


class NearestNeighbours:
    def __init__(
        self,
        embedder: Embedder,
        examples: Sequence[tuple[str, str]],
        *,
        neighbours: int = 7,
        sharpness: float = 12.0,
    ) -> None:
        """`examples`: (label, text) pairs. Each of the `neighbours` nearest votes with weight
        exp(sharpness × (similarity − best similarity)): near neighbours count far more."""
        self.embedder = embedder
        self.labels = [label for label, _ in examples]
        self.texts = [text for _, text in examples]
        self.neighbours = neighbours
        self.sharpness = sharpness
        self._vectors: Vectors | None = None
        self._lock = threading.Lock()

    def vectors(self) -> Vectors:
        with self._lock:
            if self._vectors is None:
                self._vectors = self.embedder.embed_passages(self.texts)
            return self._vectors

    def similarities(self, text: str) -> Vectors:
        """Cosine similarity of the text to every example, in the examples' order."""
        return self.similarities_to(self.embedder.embed_queries([text])[0])

    def similarities_to(self, query: Vectors) -> Vectors:
        """The same for a query vector already embedded (by this embedder)."""
        similarities: Vectors = self.vectors() @ query
        return similarities

    def vote(self, text: str, labels: Sequence[str] = ()) -> dict[str, float]:
        """Each label's share of the weighted vote of the nearest examples (sums to 1); every
        label in `labels` is present, with 0.0 when no neighbour carries it."""
        return self.vote_from(self.similarities(text), labels)

    def vote_from(self, similarities: Vectors, labels: Sequence[str] = ()) -> dict[str, float]:
        nearest = np.argsort(-similarities)[: self.neighbours]
        weights = dict.fromkeys(labels, 0.0)
        if nearest.size == 0:
            return weights
        top = float(similarities[nearest[0]])
        for i in nearest:
            label = self.labels[i]
            weights[label] = weights.get(label, 0.0) + float(
                np.exp(self.sharpness * (float(similarities[i]) - top))
            )
        total = sum(weights.values()) or 1.0
        return {label: weight / total for label, weight in weights.items()}

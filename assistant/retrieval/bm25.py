"""BM25 (Okapi) over jieba tokens, in memory: an inverted index of postings, scored with numpy.
A query is cut against the index's vocabulary (see assistant/text/tokens.py)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from assistant.text.tokens import query_tokens

K1 = 1.5
B = 0.75


class BM25Index:
    def __init__(self, token_lists: Sequence[Sequence[str]]) -> None:
        self.size = len(token_lists)
        lengths = np.array([len(t) for t in token_lists], dtype=np.float32)
        avg = float(lengths.mean()) if self.size else 1.0
        self._norm = K1 * (1 - B + B * lengths / max(avg, 1e-9))
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for doc, tokens in enumerate(token_lists):
            for token, tf in Counter(tokens).items():
                postings[token].append((doc, tf))
        self._postings = {
            token: (
                np.array([d for d, _ in plist], dtype=np.int32),
                np.array([tf for _, tf in plist], dtype=np.float32),
            )
            for token, plist in postings.items()
        }
        self._idf = {
            token: math.log(1 + (self.size - len(plist) + 0.5) / (len(plist) + 0.5))
            for token, plist in postings.items()
        }

    def scores(self, query: str) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for token in set(query_tokens(query, self._postings)):
            if token not in self._postings:
                continue
            docs, tfs = self._postings[token]
            scores[docs] += self._idf[token] * tfs * (K1 + 1) / (tfs + self._norm[docs])
        return scores

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        """Best `k` positions with a score > 0, best first."""
        scores = self.scores(query)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size > k:
            candidates = candidates[np.argpartition(-scores[candidates], k)[:k]]
        order = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(int(i), float(scores[i])) for i in order]

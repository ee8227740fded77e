"""A lexical embedder: hashed jieba tokens. No model, instant, deterministic.

For tests and for machines where even the small e5 model is too slow; it matches words, not
meanings, so paraphrases and cross-language queries are lost (the evaluation shows how much).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from assistant.embeddings.base import Vectors, normalise
from assistant.text.tokens import tokenize


class HashEmbedder:
    id = "hash:jieba-384"
    dim = 384

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text):
                digest = hashlib.blake2b(token.encode(), digest_size=4).digest()
                bucket = int.from_bytes(digest, "little")
                out[row, bucket % self.dim] += 1.0 if bucket & (1 << 31) else -1.0
        return normalise(out)

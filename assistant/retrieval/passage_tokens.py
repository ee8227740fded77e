"""BM25 tokens of the shipped corpus, shipped with it, so no start has to run jieba over it.

`knowledge/vectors/tokens-v<TOKENIZER_VERSION>.npz` maps a digest of each passage's index text to
its tokens; a passage the file lacks (edited since, or another tokenizer version) is cut by jieba
as before. `make vectors` rebuilds the file with the shipped vectors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

import knowledge
from assistant.text.tokens import TOKENIZER_VERSION, tokenize


def tokens_path() -> Path:
    return Path(str(knowledge.root())) / "vectors" / f"tokens-v{TOKENIZER_VERSION}.npz"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@cache
def shipped_tokens() -> dict[str, str]:
    path = tokens_path()
    if not path.is_file():
        return {}
    with np.load(path) as data:
        return dict(zip(data["keys"].tolist(), data["tokens"].tolist(), strict=True))


def passage_tokens(texts: Sequence[str]) -> list[list[str]]:
    """Tokens of each text: from the shipped file where it has them, else from jieba."""
    shipped = shipped_tokens()
    out: list[list[str]] = []
    for text in texts:
        joined = shipped.get(_digest(text))
        out.append(joined.split(" ") if joined else tokenize(text))
    return out


def missing(texts: Sequence[str]) -> list[str]:
    shipped = shipped_tokens()
    return [t for t in texts if _digest(t) not in shipped]


def write_tokens(texts: Sequence[str]) -> Path:
    """Cut every text with jieba and write the file (tokens never contain a space)."""
    unique = sorted({_digest(t): t for t in texts}.items())
    path = tokens_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        keys=np.array([k for k, _ in unique]),
        tokens=np.array([" ".join(tokenize(t)) for _, t in unique]),
    )
    shipped_tokens.cache_clear()
    return path

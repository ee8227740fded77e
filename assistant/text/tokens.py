"""Tokens for BM25: jieba words over text folded to Simplified, lower-cased, stop words removed.

Passages are cut by jieba once, when they are indexed (the shipped corpus's tokens travel with
it, see assistant/retrieval/shipped_tokens.py). A query is cut against the index's own
vocabulary instead (`query_tokens`): every word of the index that occurs in the query counts,
which is what BM25 can use anyway, and a question is answered without loading jieba's
350,000-word dictionary (0.85 s at every start of `cxcoach ask`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Container
from functools import cache

import jieba

from assistant.text.script import to_simplified

jieba.setLogLevel(logging.WARNING)

# Bump when tokenize() changes: stored BM25 tokens of another version are recomputed.
TOKENIZER_VERSION = "3"

_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)

# Function words that match everything and so rank nothing.
STOPWORDS = frozenset(
    """的 了 在 是 我 你 他 她 它 们 我们 你们 他们 这 那 就 都 也 和 与 及 或 而 但 很 还 又 被 把 给
    对 让 向 从 到 吗 呢 吧 啊 呀 哦 嗯 着 过 之 其 该 个 一个 有 没 没有 不 要 会 能 可以 怎么 怎么办
    什么 如何 为什么 哪 哪些 时候 如果 因为 所以 请 一下 一些 这个 那个 自己 可 等 等等 以及
    a an the and or but of to in on at for with by from as is are was were be been being it its
    this that these those i you he she we they me my your our their do does did how what why when
    which who whom should can could would will shall may might must not no so if then than too very
    about into over after before up down out again""".split()
)


@cache
def _init_jieba() -> None:
    jieba.initialize()


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _stem(token: str) -> str:
    if token.isascii() and len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]  # the cheapest English stemming: queues → queue
    return token


def tokenize(text: str) -> list[str]:
    """Search tokens: jieba words (search mode also yields parts: 营业厅 → 营业, 营业厅) plus the
    single characters of Chinese words, so that 太慢 still meets 慢 and 汤洒 meets 洒 when jieba
    segments a query and a document differently."""
    _init_jieba()
    folded = to_simplified(text).lower()
    tokens = []
    for token in jieba.lcut_for_search(folded):
        token = token.strip()
        if not token or token in STOPWORDS or not _WORDLIKE.search(token):
            continue
        token = _stem(token)
        tokens.append(token)
        if len(token) > 1 and _CJK_CHAR.match(token):
            tokens.extend(c for c in token if c not in STOPWORDS and _CJK_CHAR.match(c))
    return tokens


_RUN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:[.'][a-z0-9]+)*")
MAX_WORD = 6  # the longest Chinese index word looked for inside a query


def query_tokens(text: str, vocabulary: Container[str]) -> list[str]:
    """The index words a query contains: English words as `tokenize` makes them; in Chinese,
    every substring of two to six characters that is an index word (as jieba's search mode
    yields 营业厅 and 营业), plus the single characters, as `tokenize` adds them."""
    tokens: list[str] = []
    for run in _RUN.findall(to_simplified(text).lower()):
        if not _CJK_CHAR.match(run):
            token = _stem(run)
            if token not in STOPWORDS:
                tokens.append(token)
            continue
        for start in range(len(run)):
            for end in range(start + 2, min(len(run), start + MAX_WORD) + 1):
                word = run[start:end]
                if word in vocabulary and word not in STOPWORDS:
                    tokens.append(word)
        tokens.extend(c for c in run if c not in STOPWORDS and c in vocabulary)
    return tokens

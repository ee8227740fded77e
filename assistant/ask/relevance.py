"""Does the knowledge base know anything about this question? Ask says "I don't know" rather
than stretch an unrelated guide over a question it does not answer.

Retrieval always returns *something*, and e5 similarities bunch high (0.75–0.93), so neither a
score threshold nor rank agreement separates "a customer shouted at me" from "what's the weather"
(measured on the labelled set in tests/retrieval/queries.yaml). What does separate them is a
domain signal in the question itself: a customer (客户, 客人, guest, patient…) or a service
situation named by the guides' own tags (排队, 退款, late delivery…). Without one, only strong
agreement of both retrieval methods on a close match counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from assistant.ask.guides import documents_by_id
from assistant.retrieval.model import Hit
from assistant.text.script import to_simplified

ACTORS = (
    "客户 顾客 客人 用户 会员 患者 病人 家属 房客 住客 乘客 投保人 买家 消费者 业主 旅客 长辈 老人 "
    "customer client guest shopper caller patient passenger buyer member tenant policyholder"
).split()
AGREEMENT_DEPTH = 5  # both methods rank the top passage in their first five
MIN_SIMILARITY = {"en": 0.82, "zh": 0.90}  # e5 cosine of the top passage, per query language


@cache
def situation_terms() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """Guide tags (folded to Simplified, lower-case): Chinese as substrings, English as words."""
    chinese: set[str] = set()
    english: set[str] = {a for a in ACTORS if a.isascii()}
    for doc in documents_by_id().values():
        if doc.kind != "guide":
            continue
        for tag in doc.values("tags"):
            term = to_simplified(tag).lower().strip()
            if len(term) >= 2:
                (english if term.isascii() else chinese).add(term)
    chinese.update(a for a in ACTORS if not a.isascii())
    patterns = tuple(re.compile(rf"\b{re.escape(t)}(?:s|es)?\b") for t in sorted(english))
    return frozenset(chinese), patterns


def names_a_situation(question: str) -> bool:
    text = to_simplified(question).lower()
    chinese, english = situation_terms()
    return any(term in text for term in chinese) or any(p.search(text) for p in english)


def is_relevant(question: str, hits: Sequence[Hit], lang: str) -> bool:
    if not hits:
        return False
    if names_a_situation(question):
        return True
    top = hits[0]
    agree = (
        top.bm25_rank is not None
        and top.vector_rank is not None
        and max(top.bm25_rank, top.vector_rank) <= AGREEMENT_DEPTH
    )
    return agree and top.vector_score >= MIN_SIMILARITY["en" if lang == "en" else "zh"]


def lexical_matches(hits: Sequence[Hit]) -> list[Hit]:
    """Company records that share words with the question: shown as "your data says" only then."""
    return [h for h in hits if h.bm25_rank is not None]

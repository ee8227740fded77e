"""Which of a workspace's passages Ask shows, and as what.

A company's own rule (an SOP or policy section: prose documents cited by section or page) that
matches the question is shown first and marked as the company's rule. Its records (reviews,
tickets, survey rows) are evidence, shown below. Either is shown only when it shares a word of the
situation with the question: a vector neighbour, or a shared character (BM25 counts single
Chinese characters so that segmentations meet), is too loose to put a company's text under a
card — in a small workspace everything is somebody's neighbour.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.retrieval.model import Hit
from assistant.text.tokens import query_tokens, tokenize

DOCUMENT_LOCATORS = ("§", "page")  # sections of Word/Markdown files, pages of PDFs
# Words every service text shares: who and when, not what happened.
GENERIC = frozenset(
    "顾客 客户 客人 用户 会员 我们 他们 分钟 小时 今天 昨天 时候 问题 情况 怎么 处理 需要 "
    "customer client guest staff minute hour today what when".split()
)


def shares_a_situation_word(question: str, text: str) -> bool:
    """The question and the text have a word of two or more characters in common that is not
    a generic one or a number."""
    words = {t for t in tokenize(text) if len(t) >= 2 and t not in GENERIC and not t.isdigit()}
    return any(t in words for t in query_tokens(question, words))


def is_company_document(hit: Hit) -> bool:
    return hit.chunk.section.startswith(DOCUMENT_LOCATORS)


def company_documents(question: str, hits: Sequence[Hit]) -> list[Hit]:
    """Passages of the company's own documents that match the question."""
    return [
        h
        for h in hits
        if is_company_document(h) and shares_a_situation_word(question, h.chunk.text)
    ]


def lexical_matches(question: str, hits: Sequence[Hit]) -> list[Hit]:
    """Company records that share a situation word with the question."""
    return [
        h
        for h in hits
        if not is_company_document(h) and shares_a_situation_word(question, h.chunk.text)
    ]

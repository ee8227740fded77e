"""Which of a workspace's passages Ask shows, and as what.

A company's own rule (an SOP or policy section: prose documents cited by section or page) that
matches the question is shown first and marked as the company's rule. Its records (reviews,
tickets, survey rows) are evidence, shown below, and only when they share words with the question:
a vector neighbour alone is too loose to put a customer's words under a card.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.retrieval.model import Hit

DOCUMENT_LOCATORS = ("§", "page")  # sections of Word/Markdown files, pages of PDFs


def is_company_document(hit: Hit) -> bool:
    return hit.chunk.section.startswith(DOCUMENT_LOCATORS)


def company_documents(hits: Sequence[Hit]) -> list[Hit]:
    """Matching passages of the company's own documents (both methods found them)."""
    return [
        h
        for h in hits
        if is_company_document(h) and h.bm25_rank is not None and h.vector_rank is not None
    ]


def lexical_matches(hits: Sequence[Hit]) -> list[Hit]:
    """Company records that share words with the question."""
    return [h for h in hits if h.bm25_rank is not None and not is_company_document(h)]

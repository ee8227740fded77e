"""Test doubles for the interview: company-data evidence, and a retriever that finds nothing."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain import Lang
from assistant.interview.evidence import Evidence
from assistant.retrieval import Hit, Kind, Method, SearchFilters
from assistant.retrieval.fusion import DEFAULT_FUSION, Fusion


class FakeEvidence:
    """Evidence from a fixed list; records the calls it got."""

    def __init__(self, items: Sequence[Evidence]) -> None:
        self.items = list(items)
        self.calls: list[tuple[str, tuple[str, ...], Lang]] = []

    def pain_evidence(
        self,
        workspace_id: str,
        stage_names: Sequence[str],
        touchpoint_names: Sequence[str],
        lang: Lang,
    ) -> list[Evidence]:
        self.calls.append((workspace_id, tuple(stage_names), lang))
        return list(self.items)


class EmptyRetriever:
    """A knowledge base with nothing in it: the interview must still work, and cite statically."""

    def search(
        self,
        query: str,
        *,
        kind: Kind = "methodology",
        workspace: str | None = None,
        filters: SearchFilters | None = None,
        k: int = 5,
        method: Method = "hybrid",
        per_document: int | None = None,
        fusion: Fusion = DEFAULT_FUSION,
    ) -> list[Hit]:
        return []

    def count(self, workspace: str | None = None) -> int:
        return 0

"""What retrieval stores and returns: chunks with metadata, hits with citations, search scopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.domain.provenance import Citation

Kind = Literal["methodology", "company"]
DocKind = Literal["concept", "guide", "playbook", "data"]


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage. `id` is stable: source id + position."""

    id: str
    text: str
    doc_id: str
    title: str
    source: str  # file name (knowledge path, or the uploaded file)
    section: str = ""  # heading path, or "row 42" for tabular records
    kind: Kind = "methodology"
    doc_kind: DocKind = "concept"
    lang: str = "zh-Hans"
    stages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    source_id: str = ""  # the ingested file this came from (company data)
    extra: dict[str, str] = field(default_factory=dict)  # tabular columns: score, date, channel

    def citation(self) -> Citation:
        return Citation(
            doc_id=self.doc_id, title=self.title, source=self.source, section=self.section
        )


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused score; only the order means something
    bm25_rank: int | None = None
    vector_rank: int | None = None
    bm25_score: float = 0.0
    vector_score: float = 0.0  # cosine similarity

    @property
    def citation(self) -> Citation:
        return self.chunk.citation()


@dataclass(frozen=True)
class SearchFilters:
    """Each set field narrows the search; `all` in a chunk's list matches any asked value."""

    doc_kinds: tuple[DocKind, ...] = ()
    stage: str | None = None
    category: str | None = None
    industry: str | None = None
    lang: str | None = None  # "zh" matches zh-Hans and zh-Hant

    def accepts(self, chunk: Chunk) -> bool:
        if self.doc_kinds and chunk.doc_kind not in self.doc_kinds:
            return False
        if self.lang and not chunk.lang.startswith(self.lang):
            return False
        return (
            _matches(self.stage, chunk.stages)
            and _matches(self.category, chunk.categories)
            and _matches(self.industry, chunk.industries, wildcard=("all", "general"))
        )

    @property
    def empty(self) -> bool:
        return self == SearchFilters()


def _matches(
    wanted: str | None, values: tuple[str, ...], wildcard: tuple[str, ...] = ("all",)
) -> bool:
    return wanted is None or not values or wanted in values or any(w in values for w in wildcard)


Method = Literal["hybrid", "bm25", "vector"]

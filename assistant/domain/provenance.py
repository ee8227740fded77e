"""Where an element of a map or plan came from.

Every element says whether the user stated it (`user`), it was drawn from the company's own data
(`data`, with references to the records) or the assistant suggested it (`suggested`, with the
knowledge it stood on). A reviewer can always tell a fact from a proposal.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from assistant.domain.common import DomainModel

ProvenanceSource = Literal["user", "data", "suggested"]


class Citation(DomainModel):
    """A pointer into the knowledge base or the company's data."""

    doc_id: str = Field(min_length=1, description="Document or record-set id")
    title: str = ""
    source: str = Field("", description="Source file the passage came from")
    section: str = Field("", description="Heading, or row number for tabular data")


class Provenance(DomainModel):
    source: ProvenanceSource = "user"
    refs: list[str] = Field(
        default_factory=list,
        description="For `data`: references to the records, e.g. 'reviews.csv#row=42'",
    )
    citations: list[Citation] = Field(
        default_factory=list, description="For `suggested`: the knowledge it stands on"
    )
    note: str = ""

    @model_validator(mode="after")
    def _evidence_matches_source(self) -> Self:
        if self.source == "data" and not self.refs:
            raise ValueError("provenance 'data' needs at least one record reference in refs")
        if self.source == "suggested" and not self.citations:
            raise ValueError("provenance 'suggested' needs at least one knowledge citation")
        return self

"""Where an element of a map or plan came from.

Every element says whether the user stated it (`user`), it was drawn from the company's own data
(`data`, with references to the records) or the assistant suggested it (`suggested`, with the
knowledge it stood on). A reviewer can always tell a fact from a proposal.

An element the user stated may still hold values the user never gave: a pain point's severity, a
touchpoint's channel mode, an action's owner, KPI target or horizon. Those are listed in
`inferred` by field path, so "the team said it" and "the assistant filled it in" stay apart on
the same element; a value the user states later is removed from the list (`mark_stated`).
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, field_validator, model_validator

from assistant.domain.common import DomainModel

ProvenanceSource = Literal["user", "data", "suggested"]

# The field paths the assistant fills in when the user did not say them. Not a closed list (a
# caller may record another field), but these are the ones the interview, exports and map use.
INFERABLE_FIELDS: tuple[str, ...] = (
    "severity",  # pain point
    "mode",  # touchpoint: online / offline
    "impact",  # opportunity, action
    "effort",  # opportunity, action
    "pain_point_ids",  # opportunity, action: which pain a fix addresses, when it was a guess
    "owner",  # action: owner_department
    "kano",  # action
    "horizon",  # action
    "kpi.name",  # action: which KPI measures it
    "kpi.target",  # action
)


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
    inferred: list[str] = Field(
        default_factory=list,
        description="Values of this element the assistant filled in because the user did not "
        "say them, by field path: e.g. 'severity', 'mode', 'owner', 'kpi.target', 'horizon', "
        "'impact', 'effort', 'pain_point_ids' (a guessed link). Meaningful on `user` and `data` "
        "elements; a `suggested` element is the assistant's as a whole.",
    )

    @field_validator("inferred")
    @classmethod
    def _unique_fields(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(f.strip() for f in value if f.strip()))

    @model_validator(mode="after")
    def _evidence_matches_source(self) -> Self:
        if self.source == "data" and not self.refs:
            raise ValueError("provenance 'data' needs at least one record reference in refs")
        if self.source == "suggested" and not self.citations:
            raise ValueError("provenance 'suggested' needs at least one knowledge citation")
        return self

    def is_inferred(self, field: str) -> bool:
        return field in self.inferred


# Field paths of the model that are recorded under a shorter name.
FIELD_ALIASES: dict[str, str] = {"owner_department": "owner"}


def _names(fields: tuple[str, ...]) -> list[str]:
    return [FIELD_ALIASES.get(f, f) for f in fields]


def mark_inferred(provenance: Provenance, *fields: str) -> Provenance:
    """Record that the assistant filled in `fields` (the user did not say them); returns the
    same provenance, changed in place."""
    added = list(dict.fromkeys(f for f in _names(fields) if f not in provenance.inferred))
    if added:
        provenance.inferred = [*provenance.inferred, *added]
    return provenance


def mark_stated(provenance: Provenance, *fields: str) -> Provenance:
    """The user has now given `fields` themselves (an edit, a later answer): they are no longer
    the assistant's guesses (a model path such as "owner_department" or "kpi.target" works too).
    Returns the same provenance, changed in place."""
    names = _names(fields)
    if any(f in provenance.inferred for f in names):
        provenance.inferred = [f for f in provenance.inferred if f not in names]
    return provenance

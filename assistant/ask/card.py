"""The card a frontline employee gets back from Ask: a guide card, a concept card, "not covered
by our guides" (with general principles, marked as such), or "not a customer-service question"."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, computed_field

from assistant.domain.common import DomainModel, Lang
from assistant.domain.provenance import Citation

Outcome = Literal["guide", "concept", "not_covered", "off_topic"]


class CardPoint(DomainModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)


class RelatedDoc(DomainModel):
    doc_id: str
    title: str


class GuidanceCard(DomainModel):
    question: str
    lang: Lang
    outcome: Outcome
    title: str = ""
    # A guide card: its four fixed sections.
    do_now: list[CardPoint] = Field(default_factory=list)
    say: list[CardPoint] = Field(default_factory=list)
    avoid: list[CardPoint] = Field(default_factory=list)
    moment_of_truth: list[CardPoint] = Field(default_factory=list)
    # A concept card.
    definition: list[CardPoint] = Field(default_factory=list)
    answer: list[CardPoint] = Field(default_factory=list)
    how_to: list[CardPoint] = Field(default_factory=list)
    example: list[CardPoint] = Field(default_factory=list)
    # Not covered: the general service-recovery principles, marked as general.
    general: list[CardPoint] = Field(default_factory=list)
    # The company's own rule (SOP, policy) that matches: shown first, marked as the company's.
    company_rules: list[CardPoint] = Field(default_factory=list)
    company_rules_heading: str = ""
    # The company's records (reviews, tickets) that share words with the question: evidence.
    company: list[CardPoint] = Field(default_factory=list)
    company_heading: str = ""
    also: list[RelatedDoc] = Field(default_factory=list, description="Runner-up documents")
    message: str = Field("", description="Said instead of, or above, the card")
    mode: Literal["extractive", "llm"] = "extractive"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> Literal["answered", "unknown"]:
        """answered: a guide or concept card; unknown: not covered or off topic."""
        return "answered" if self.outcome in ("guide", "concept") else "unknown"

    def sections(self) -> list[tuple[str, list[CardPoint]]]:
        """(label key, points) in reading order, company rule first; empty ones left out."""
        keyed = [
            ("ask_company_rule", self.company_rules),
            ("ask_do_now", self.do_now),
            ("ask_say", self.say),
            ("ask_avoid", self.avoid),
            ("ask_moment_of_truth", self.moment_of_truth),
            ("ask_definition", self.definition),
            ("ask_answer", self.answer),
            ("ask_how_to", self.how_to),
            ("ask_example", self.example),
            ("ask_general", self.general),
            ("ask_company_records", self.company),
        ]
        return [(key, points) for key, points in keyed if points]

    def sources(self) -> list[Citation]:
        """Every distinct citation on the card, in order of first use."""
        seen: dict[tuple[str, str], Citation] = {}
        for _, section in self.sections():
            for point in section:
                for c in point.citations:
                    seen.setdefault((c.doc_id, c.section), c)
        return list(seen.values())

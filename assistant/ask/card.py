"""The guidance card a frontline employee gets back from Ask."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assistant.domain.common import DomainModel, Lang
from assistant.domain.provenance import Citation


class CardPoint(DomainModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)


class GuidanceCard(DomainModel):
    question: str
    lang: Lang
    status: Literal["answered", "unknown"]
    title: str = ""
    do_now: list[CardPoint] = Field(default_factory=list)
    say: list[CardPoint] = Field(default_factory=list)
    avoid: list[CardPoint] = Field(default_factory=list)
    moment_of_truth: list[CardPoint] = Field(default_factory=list)
    company: list[CardPoint] = Field(default_factory=list)
    company_heading: str = ""
    message: str = Field("", description="Said instead of, or above, the card")
    mode: Literal["extractive", "llm"] = "extractive"

    def sources(self) -> list[Citation]:
        """Every distinct citation on the card, in order of first use."""
        seen: dict[tuple[str, str], Citation] = {}
        for section in (self.do_now, self.say, self.avoid, self.moment_of_truth, self.company):
            for point in section:
                for c in point.citations:
                    seen.setdefault((c.doc_id, c.section), c)
        return list(seen.values())

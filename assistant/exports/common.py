"""Helpers shared by the export formats: language choice, number and KPI text, provenance notes.

Nothing here knows about an output syntax; each format escapes what it takes from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.domain import (
    LANGS,
    Citation,
    Diagnosis,
    JourneyMap,
    Lang,
    PriorityBucket,
    Provenance,
    as_lang,
)
from assistant.i18n.labels import Labels

# Emotion −2..+2 and severity 1..5 colours, shared by the HTML page and the SVG charts.
EMOTION_COLOURS: dict[int, str] = {
    -2: "#c62828",
    -1: "#ef6c00",
    0: "#8d99ae",
    1: "#7cb342",
    2: "#2e7d32",
}
NO_EMOTION_COLOUR = "#cbd5e1"
BUCKET_COLOURS: dict[str, str] = {
    "quick_win": "#2e7d32",
    "major_project": "#1565c0",
    "fill_in": "#78818c",
    "reconsider": "#c62828",
}

PROVENANCE_SYMBOLS = {"data": "◆", "suggested": "◇"}

# The order the plan is read in: do first, plan for, fill in, challenge.
BUCKETS: tuple[PriorityBucket, ...] = ("quick_win", "major_project", "fill_in", "reconsider")

_SPACE = re.compile(r"\s+")


def resolve_lang(journey: JourneyMap, lang: str | None) -> Lang:
    """The export language: the explicit one if given, else the map's own."""
    if lang is None:
        return journey.lang
    known = as_lang(lang)
    if known is not None:
        return known
    raise ValueError(f"unknown export language {lang!r}; choose one of {', '.join(LANGS)}")


def one_line(text: str) -> str:
    """Collapse newlines and runs of whitespace into single spaces."""
    return _SPACE.sub(" ", text).strip()


def signed(score: int) -> str:
    return f"+{score}" if score > 0 else str(score)


def number(value: float | None) -> str:
    """12.0 → '12', 12.345 → '12.35', None → '?'."""
    if value is None:
        return "?"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def with_unit(value: float | None, unit: str) -> str:
    text = number(value)
    if not unit or value is None:
        return text
    # '%' and CJK units (分钟, 元) sit tight against the number; Latin units get a space.
    tight = unit[0] in "%‰" or "\u2e80" <= unit[0] <= "\u9fff"
    return f"{text}{unit}" if tight else f"{text} {unit}"


def kpi_change(baseline: float | None, target: float | None, unit: str) -> str:
    return f"{with_unit(baseline, unit)} → {with_unit(target, unit)}"


def step_label(labels: Labels, step: str) -> str:
    """Review-loop steps are free text with well-known defaults that have labels."""
    return labels.get(f"step.{step}", step)


def citation_text(citation: Citation) -> str:
    where = " § ".join(part for part in (citation.source, citation.section) if part)
    title = citation.title or citation.doc_id
    return f"{title} ({where})" if where else title


def provenance_details(provenance: Provenance) -> list[str]:
    """The references behind an element: record refs, knowledge citations, the note."""
    details = list(provenance.refs)
    details.extend(citation_text(c) for c in provenance.citations)
    if provenance.note:
        details.append(provenance.note)
    return details


def provenance_text(labels: Labels, provenance: Provenance) -> str:
    """One cell of text, e.g. 'from company data: reviews.csv#row=42; tickets#TK-1', with the
    values the assistant filled in: 'stated by the team; filled in by the assistant: severity'."""
    head = labels[f"prov.{provenance.source}"]
    details = provenance_details(provenance)
    text = f"{head}{labels['colon']}{labels['list_sep'].join(details)}" if details else head
    inferred = inferred_text(labels, provenance)
    return f"{text}{labels['list_sep']}{inferred}" if inferred else text


def inferred_text(labels: Labels, provenance: Provenance) -> str:
    """'filled in by the assistant: severity, owner', or '' when the team gave every value."""
    if not provenance.inferred:
        return ""
    names = [labels.get(f"inferred.{f}", f) for f in provenance.inferred]
    return f"{labels['inferred_fields']}{labels['colon']}{', '.join(names)}"


def is_inferred(provenance: Provenance, *fields: str) -> bool:
    """Whether any of `fields` was filled in by the assistant (marked in the exports)."""
    return any(provenance.is_inferred(f) for f in fields)


def has_inferred(diagnosis: Diagnosis) -> bool:
    """Whether any element holds a value the assistant filled in (the legend then explains *)."""
    journey = diagnosis.map
    provenances = [
        *(t.provenance for t in journey.touchpoints),
        *(p.provenance for p in journey.pain_points),
        *(o.provenance for o in journey.opportunities),
        *(a.provenance for a in diagnosis.plan.actions),
    ]
    return any(p.inferred for p in provenances)


@dataclass(frozen=True)
class Note:
    """A footnote about where an element came from."""

    number: int
    source: str
    symbol: str
    heading: str
    details: tuple[str, ...]
    text: str  # heading and details on one line, punctuated for the language


@dataclass
class Notes:
    """Collects provenance footnotes in order of first use; equal provenances share one note.

    Elements stated by the user carry no mark: the legend says unmarked means stated.
    """

    labels: Labels
    items: list[Note] = field(default_factory=list)
    _by_key: dict[str, Note] = field(default_factory=dict, init=False, repr=False)

    def mark(self, provenance: Provenance) -> Note | None:
        if provenance.source == "user":
            return None
        # Which values were filled in is marked at the values, not in the note.
        key = provenance.model_dump_json(exclude={"inferred"})
        note = self._by_key.get(key)
        if note is None:
            note = Note(
                number=len(self.items) + 1,
                source=provenance.source,
                symbol=PROVENANCE_SYMBOLS[provenance.source],
                heading=self.labels[f"prov.{provenance.source}"],
                details=tuple(provenance_details(provenance)),
                text=provenance_text(self.labels, provenance.model_copy(update={"inferred": []})),
            )
            self.items.append(note)
            self._by_key[key] = note
        return note


@dataclass(frozen=True)
class Lookup:
    """Names by id, to show references (a pain point's stage, an action's pain points)."""

    stages: dict[str, str]
    touchpoints: dict[str, str]
    pain_points: dict[str, str]

    @classmethod
    def of(cls, journey: JourneyMap) -> Lookup:
        return cls(
            stages={s.id: s.name for s in journey.stages},
            touchpoints={t.id: t.name for t in journey.touchpoints},
            pain_points={p.id: p.description for p in journey.pain_points},
        )

"""What the interview may learn from the workspace's own data (implemented by analytics).

The interview only needs a narrow view: which pain points the company's records show, how often,
with references to the records and, when the data measures it, a metric to use as a KPI baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from assistant.domain.common import Lang


@dataclass(frozen=True)
class EvidenceMetric:
    """A measured value the plan can use as a KPI baseline, e.g. 28 % negative reviews."""

    name: str
    value: float
    unit: str = ""
    source: str = ""  # how it was measured, e.g. "reviews.csv, 1–2 star share, last 90 days"


@dataclass(frozen=True)
class Evidence:
    """One issue the records show, e.g. text "配送超时", count 2310 negative reviews."""

    text: str
    count: int
    refs: tuple[str, ...]  # record references, e.g. "reviews.csv#row=42"; at least one
    metric: EvidenceMetric | None = None
    stage: str | None = None  # the map stage it belongs to, when the provider could tell
    touchpoint: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class EvidenceProvider(Protocol):
    def pain_evidence(
        self,
        workspace_id: str,
        stage_names: Sequence[str],
        touchpoint_names: Sequence[str],
        lang: Lang,
    ) -> list[Evidence]:
        """Evidence-backed pain points for the map so far, most frequent first."""
        ...

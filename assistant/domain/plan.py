"""The improvement plan: actions linked to pain points, prioritised by impact and effort."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field, computed_field, model_validator

from assistant.domain.common import DomainModel
from assistant.domain.errors import check_unique_ids
from assistant.domain.provenance import Provenance

PriorityBucket = Literal["quick_win", "major_project", "fill_in", "reconsider"]
KanoClass = Literal["must_be", "performance", "attractive", "indifferent", "reverse"]
Horizon = Literal["30d", "60d", "90d", "quarter"]

# Impact and effort are scored 1..5. Impact of 3 or more is worth doing; effort of 3 or more
# makes it a project (budget, several departments). The 2x2 reading of the impact/effort matrix:
HIGH_IMPACT = 3
HIGH_EFFORT = 3


def priority_bucket(impact: int, effort: int) -> PriorityBucket:
    high_impact, high_effort = impact >= HIGH_IMPACT, effort >= HIGH_EFFORT
    if high_impact:
        return "major_project" if high_effort else "quick_win"
    return "reconsider" if high_effort else "fill_in"


class KPITarget(DomainModel):
    name: str = Field(min_length=1, description="e.g. 平均排队时长, NPS, negative review share")
    unit: str = ""
    baseline: float | None = Field(None, description="Where it stands now, if measured")
    target: float
    baseline_source: str = Field("", description="Where the baseline comes from")


class Action(DomainModel):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    pain_point_ids: list[str] = Field(min_length=1)
    impact: int = Field(ge=1, le=5)
    effort: int = Field(ge=1, le=5)
    kano: KanoClass = "performance"
    owner_department: str = Field(min_length=1)
    kpi: KPITarget
    horizon: Horizon = "90d"
    provenance: Provenance = Field(default_factory=Provenance)

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        # `priority` is written in exports for readers but always recomputed, never trusted.
        if isinstance(data, dict) and "priority" in data:
            data = {k: v for k, v in data.items() if k != "priority"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def priority(self) -> PriorityBucket:
        return priority_bucket(self.impact, self.effort)


# The values of an action the assistant may fill in when the team does not say them, by the field
# path `Provenance.inferred` records them under (assistant/domain/provenance.py).
ACTION_INFERABLE: tuple[str, ...] = (
    "pain_point_ids",
    "owner",
    "kpi.name",
    "kpi.target",
    "horizon",
    "impact",
    "effort",
    "kano",
)


DEFAULT_REVIEW_STEPS = ["implement", "collect_feedback", "re_measure", "update_map"]


class ReviewLoop(DomainModel):
    cadence: Literal["weekly", "monthly", "quarterly"] = "monthly"
    owner: str = ""
    steps: list[str] = Field(default_factory=lambda: list(DEFAULT_REVIEW_STEPS))


class ImprovementPlan(DomainModel):
    actions: list[Action] = Field(default_factory=list)
    review_loop: ReviewLoop = Field(default_factory=ReviewLoop)

    @model_validator(mode="after")
    def _unique_actions(self) -> Self:
        check_unique_ids("actions", self.actions)
        return self

    def by_bucket(self, bucket: PriorityBucket) -> list[Action]:
        return [a for a in self.actions if a.priority == bucket]

"""The customer journey map: goal and scope, personas, ordered stages, touchpoints, emotions,
pain points, opportunities and KPIs (NN/g journey-map anatomy with Shostack's front/backstage)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from assistant.domain.common import ChannelMode, DomainModel, Lang, TouchpointCategory
from assistant.domain.errors import check_references, check_unique_ids
from assistant.domain.provenance import Provenance

SCHEMA_VERSION = 1


class GoalScope(DomainModel):
    goal: str = Field(min_length=1, description="Why the map is made, e.g. cut complaint rate")
    scope: str = Field("", description="Which journey, from where to where")
    provenance: Provenance = Field(default_factory=Provenance)


class BusinessContext(DomainModel):
    industry: str = Field(min_length=1, description="e.g. banking, telecom, restaurant")
    product_or_service: str = Field(min_length=1)
    company: str = ""
    provenance: Provenance = Field(default_factory=Provenance)


class Persona(DomainModel):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = ""
    goals: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    expectations: list[str] = Field(default_factory=list)
    frustrations: list[str] = Field(default_factory=list, description="What annoys them today")
    quote: str = Field("", description="A line in the persona's own words")
    provenance: Provenance = Field(default_factory=Provenance)


class Stage(DomainModel):
    """A stage of the journey; the order of `JourneyMap.stages` is the journey's order."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = ""
    provenance: Provenance = Field(default_factory=Provenance)


class Emotion(DomainModel):
    score: int = Field(ge=-2, le=2, description="-2 very negative .. +2 very positive")
    label: str = Field("", description="A word for the feeling, e.g. 焦虑, relieved")
    quote: str = Field("", description="What a customer said, in their words")


class Touchpoint(DomainModel):
    id: str = Field(min_length=1)
    stage_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    channel: str = Field("", description="e.g. app, hotline, service hall, delivery rider")
    mode: ChannelMode = "offline"
    category: TouchpointCategory | None = None
    customer_action: str = ""
    frontstage: str = Field("", description="What staff or systems visibly do")
    backstage: str = Field("", description="What happens behind the line of visibility")
    support: str = Field(
        "",
        description="Support processes below the line of internal interaction: the systems and "
        "teams the backstage relies on (e.g. the credit approval system, CRM, courier dispatch)",
    )
    emotion: Emotion | None = None
    moment_of_truth: bool = False
    provenance: Provenance = Field(default_factory=Provenance)


class PainPoint(DomainModel):
    id: str = Field(min_length=1)
    stage_id: str = Field(min_length=1)
    touchpoint_id: str | None = None
    description: str = Field(min_length=1)
    severity: int = Field(ge=1, le=5, description="1 minor .. 5 critical")
    evidence: list[str] = Field(
        default_factory=list, description="References to records or quotes that show it"
    )
    provenance: Provenance = Field(default_factory=Provenance)


class Opportunity(DomainModel):
    id: str = Field(min_length=1)
    description: str = Field(min_length=1)
    pain_point_ids: list[str] = Field(default_factory=list)
    impact: int = Field(3, ge=1, le=5)
    effort: int = Field(3, ge=1, le=5)
    provenance: Provenance = Field(default_factory=Provenance)


class MapKPI(DomainModel):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1, description="e.g. NPS, average waiting minutes")
    unit: str = ""
    stage_id: str | None = None
    baseline: float | None = None
    target: float | None = None
    provenance: Provenance = Field(default_factory=Provenance)


class JourneyMap(DomainModel):
    schema_version: int = SCHEMA_VERSION
    title: str = Field(min_length=1)
    lang: Lang = "zh-Hans"
    goal: GoalScope
    context: BusinessContext
    personas: list[Persona] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    pain_points: list[PainPoint] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    kpis: list[MapKPI] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        for field in ("personas", "stages", "touchpoints", "pain_points", "opportunities", "kpis"):
            check_unique_ids(field, getattr(self, field))
        stage_ids = {s.id for s in self.stages}
        touchpoint_stage = {t.id: t.stage_id for t in self.touchpoints}
        check_references("touchpoints", "stage_id", self.touchpoints, stage_ids, "stage")
        check_references("pain_points", "stage_id", self.pain_points, stage_ids, "stage")
        check_references(
            "pain_points", "touchpoint_id", self.pain_points, set(touchpoint_stage), "touchpoint"
        )
        for i, pain in enumerate(self.pain_points):
            tp_stage = touchpoint_stage.get(pain.touchpoint_id or "")
            if tp_stage is not None and tp_stage != pain.stage_id:
                raise ValueError(
                    f"pain_points[{i}].stage_id: '{pain.stage_id}' does not match the stage "
                    f"'{tp_stage}' of touchpoint '{pain.touchpoint_id}'"
                )
        check_references(
            "opportunities",
            "pain_point_ids",
            self.opportunities,
            {p.id for p in self.pain_points},
            "pain point",
        )
        check_references("kpis", "stage_id", self.kpis, stage_ids, "stage")
        return self

    # Read-side helpers used by exports, the interview and analytics.
    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    def touchpoints_of(self, stage_id: str) -> list[Touchpoint]:
        return [t for t in self.touchpoints if t.stage_id == stage_id]

    def pain_points_of(self, stage_id: str) -> list[PainPoint]:
        return [p for p in self.pain_points if p.stage_id == stage_id]

    def ordered_touchpoints(self) -> list[Touchpoint]:
        """Touchpoints in journey order: by stage order, then as listed."""
        return [t for s in self.stages for t in self.touchpoints_of(s.id)]

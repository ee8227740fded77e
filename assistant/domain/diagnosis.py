"""A diagnosis: the journey map and its improvement plan, validated together.

This is the unit that is saved (as versions), exported and published as JSON Schema.
"""

from __future__ import annotations

import json
from typing import Any, Self

from pydantic import Field, model_validator

from assistant.domain.common import DomainModel
from assistant.domain.errors import check_references
from assistant.domain.journey import JourneyMap
from assistant.domain.plan import ImprovementPlan


class Diagnosis(DomainModel):
    map: JourneyMap
    plan: ImprovementPlan = Field(default_factory=ImprovementPlan)

    @model_validator(mode="after")
    def _plan_points_at_map(self) -> Self:
        known = {p.id for p in self.map.pain_points}
        try:
            check_references("actions", "pain_point_ids", self.plan.actions, known, "pain point")
        except ValueError as exc:
            raise ValueError(f"plan.{exc}") from None
        return self

    @classmethod
    def from_json(cls, text: str) -> Diagnosis:
        return cls.model_validate_json(text)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def json_schema() -> dict[str, Any]:
    """JSON Schema of a Diagnosis (map + plan), as printed by `cxcoach schema`."""
    schema = Diagnosis.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cxcoach Diagnosis (customer journey map + improvement plan)"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)

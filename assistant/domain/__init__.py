"""The CX domain model: journey maps, improvement plans and their provenance.

Pure pydantic; knows nothing of LangChain, Chroma or FastAPI.
"""

from assistant.domain.common import (
    LANGS,
    TOUCHPOINT_CATEGORIES,
    Lang,
    TouchpointCategory,
    as_lang,
)
from assistant.domain.diagnosis import Diagnosis, json_schema, json_schema_text
from assistant.domain.errors import describe_validation_error
from assistant.domain.journey import (
    BusinessContext,
    Emotion,
    GoalScope,
    JourneyMap,
    MapKPI,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
)
from assistant.domain.plan import (
    Action,
    Horizon,
    ImprovementPlan,
    KanoClass,
    KPITarget,
    PriorityBucket,
    ReviewLoop,
    priority_bucket,
)
from assistant.domain.provenance import (
    INFERABLE_FIELDS,
    Citation,
    Provenance,
    mark_inferred,
    mark_stated,
)

__all__ = [
    "INFERABLE_FIELDS",
    "LANGS",
    "as_lang",
    "TOUCHPOINT_CATEGORIES",
    "Action",
    "BusinessContext",
    "Citation",
    "Diagnosis",
    "Emotion",
    "GoalScope",
    "Horizon",
    "ImprovementPlan",
    "JourneyMap",
    "KPITarget",
    "KanoClass",
    "Lang",
    "MapKPI",
    "Opportunity",
    "PainPoint",
    "Persona",
    "PriorityBucket",
    "Provenance",
    "ReviewLoop",
    "Stage",
    "Touchpoint",
    "TouchpointCategory",
    "describe_validation_error",
    "json_schema",
    "json_schema_text",
    "mark_inferred",
    "mark_stated",
    "priority_bucket",
]

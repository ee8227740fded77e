"""The journey map on screen: stage columns for the grid, and one element in detail.

Text comes from the diagnosis as stored; between Simplified and Traditional Chinese it is shown
in the interface's script (the exports' `in_script`), never translated otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from assistant.domain import (
    Diagnosis,
    JourneyMap,
    Lang,
    Opportunity,
    PainPoint,
    Provenance,
    Stage,
    Touchpoint,
)
from assistant.exports import in_script
from assistant.i18n.labels import Labels
from assistant.services.editing import FIELDS, EditableKind, FieldSpec, current_values


def shown(diagnosis: Diagnosis, lang: Lang) -> Diagnosis:
    """The diagnosis in the interface's Chinese script (English content is left as it is)."""
    return in_script(diagnosis, lang)


@dataclass(frozen=True)
class Column:
    number: int
    stage: Stage
    touchpoints: list[Touchpoint]
    pain_points: list[PainPoint]
    opportunities: list[Opportunity]

    @property
    def moments(self) -> list[Touchpoint]:
        return [t for t in self.touchpoints if t.moment_of_truth]


def columns(journey: JourneyMap) -> list[Column]:
    """One column per stage, in journey order; touchpoints and pain points in the order the map
    keeps them (the order a person set on the canvas); the opportunities that address a pain
    point of the stage."""
    result = []
    for number, stage in enumerate(journey.stages, 1):
        pains = journey.pain_points_of(stage.id)
        ids = {p.id for p in pains}
        result.append(
            Column(
                number=number,
                stage=stage,
                touchpoints=journey.touchpoints_of(stage.id),
                pain_points=pains,
                opportunities=[o for o in journey.opportunities if ids & set(o.pain_point_ids)],
            )
        )
    return result


def unplaced_opportunities(journey: JourneyMap) -> list[Opportunity]:
    """Opportunities tied to no pain point: the grid has no column for them."""
    return [o for o in journey.opportunities if not o.pain_point_ids]


# Field names on screen: the export labels where they have one, else a UI string key.
FIELD_LABELS: dict[str, str] = {
    "goal": "L:goal",
    "scope": "L:scope",
    "industry": "L:industry",
    "product_or_service": "L:product",
    "company": "L:company",
    "name": "ui:field_name",
    "title": "ui:field_title",
    "description": "ui:field_description",
    "channel": "L:channel",
    "mode": "L:mode",
    "customer_action": "L:customer_action",
    "frontstage": "L:frontstage",
    "backstage": "L:backstage",
    "support": "L:support",
    "emotion_score": "L:emotion_score",
    "emotion_label": "L:emotion_label",
    "emotion_quote": "L:quote",
    "moment_of_truth": "L:moment_of_truth",
    "severity": "L:severity",
    "impact": "L:impact",
    "effort": "L:effort",
    "unit": "L:unit",
    "baseline": "L:baseline",
    "target": "L:target",
    "owner_department": "L:owner",
    "kpi_name": "L:kpi",
    "kpi_unit": "L:unit",
    "kpi_baseline": "L:baseline",
    "kpi_target": "L:target",
    "horizon": "L:horizon",
    "kano": "L:kano",
    "pain_point_ids": "L:addresses",  # an action's, in a version note (plan_editing.py)
    "goals": "L:persona_goals",
    "needs": "L:persona_needs",
    "expectations": "L:persona_expectations",
    "frustrations": "L:persona_frustrations",
    "quote": "L:persona_quote",
}
# Choice values have export labels under these groups.
CHOICE_GROUPS = {"mode": "mode", "horizon": "horizon", "kano": "kano"}
KIND_LABELS: dict[str, str] = {
    "goal": "L:goal_scope",
    "context": "L:context",
    "persona": "ui:kind_persona",
    "stage": "L:stage",
    "touchpoint": "L:touchpoint",
    "pain_point": "L:pain_point",
    "opportunity": "L:opportunity",
    "kpi": "L:kpi",
    "action": "L:action",
}


def label_of(ref: str, labels: Labels, t: Any) -> str:
    source, key = ref.split(":", 1)
    return labels[key] if source == "L" else str(t(key))


@dataclass(frozen=True)
class FieldView:
    spec: FieldSpec
    label: str
    value: Any
    shown: str  # the value as read on screen
    choices: list[tuple[str, str]]  # (value, label) for a choice field


@dataclass(frozen=True)
class ElementView:
    kind: EditableKind
    id: str
    kind_label: str
    name: str
    fields: list[FieldView]
    provenance: Provenance


def _shown(spec: FieldSpec, value: Any, labels: Labels, t: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if spec.type == "lines":
        return labels["list_sep"].join(str(item) for item in value)
    if spec.type == "bool":
        return labels["yes"] if value else labels["no"]
    if spec.type == "choice":
        return labels.get(f"{CHOICE_GROUPS[spec.name]}.{value}", str(value))
    if spec.name == "severity":
        return f"{value}/5 · {labels[f'severity.{value}']}"
    if spec.name in ("impact", "effort"):
        return f"{value}/5"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def element_view(element: BaseModel, kind: EditableKind, labels: Labels, t: Any) -> ElementView:
    values = current_values(element, kind)
    fields = []
    for spec in FIELDS[kind]:
        value = values[spec.name]
        choices = [(c, labels.get(f"{CHOICE_GROUPS[spec.name]}.{c}", c)) for c in spec.choices]
        fields.append(
            FieldView(
                spec=spec,
                label=label_of(FIELD_LABELS[spec.name], labels, t),
                value=value,
                shown=_shown(spec, value, labels, t),
                choices=choices,
            )
        )
    data = element.model_dump()
    name = next(
        (str(data[k]) for k in ("name", "title", "description", "goal", "industry") if data.get(k)),
        kind,
    )
    provenance = getattr(element, "provenance", None) or Provenance()
    return ElementView(
        kind=kind,
        id=str(data.get("id", kind)),
        kind_label=label_of(KIND_LABELS[kind], labels, t),
        name=name,
        fields=fields,
        provenance=provenance,
    )


@dataclass(frozen=True)
class Arrange:
    """Where an element stands, for its move buttons: first or last in its list (within its
    stage for a touchpoint or pain point), in the first or last stage, and the stages it can go
    to. `across` elements (stages, personas) move left and right; the rest up and down."""

    kind: str
    first: bool
    last: bool
    across: bool
    stage_id: str = ""
    first_stage: bool = True
    last_stage: bool = True
    stages: tuple[Stage, ...] = ()


def arrange(journey: JourneyMap, kind: str, element_id: str) -> Arrange | None:
    """How the element can be moved on the canvas; None for what is not moved (goal, KPI)."""
    lists: dict[str, list[Any]] = {
        "stage": journey.stages,
        "persona": journey.personas,
        "opportunity": journey.opportunities,
        "touchpoint": journey.touchpoints,
        "pain_point": journey.pain_points,
    }
    if kind not in lists:
        return None
    element = next((item for item in lists[kind] if item.id == element_id), None)
    if element is None:
        return None
    if kind not in ("touchpoint", "pain_point"):
        ids = [item.id for item in lists[kind]]
        at = ids.index(element_id)
        return Arrange(kind, at == 0, at == len(ids) - 1, across=kind in ("stage", "persona"))
    stage_id = str(element.stage_id)
    siblings = [item.id for item in lists[kind] if item.stage_id == stage_id]
    at = siblings.index(element_id)
    stage_ids = [stage.id for stage in journey.stages]
    where = stage_ids.index(stage_id)
    return Arrange(
        kind,
        at == 0,
        at == len(siblings) - 1,
        across=False,
        stage_id=stage_id,
        first_stage=where == 0,
        last_stage=where == len(stage_ids) - 1,
        stages=tuple(journey.stages),
    )

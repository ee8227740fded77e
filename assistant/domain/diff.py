"""What changed between two versions of a diagnosis: elements added, removed or changed, by id.

Pure: two `Diagnosis` objects in, a `DiagnosisDiff` out. Elements of the map's lists (personas,
stages, touchpoints, pain points, opportunities, KPIs) and the plan's actions are matched by id
within their kind; the single parts (goal, business context, review loop, the map's title) are
compared field by field. Nested values are flattened to dotted paths (`emotion.score`,
`kpi.target`, `provenance.source`) so a change reads as one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.diagnosis import Diagnosis

ElementKind = Literal[
    "map",
    "goal",
    "context",
    "persona",
    "stage",
    "touchpoint",
    "pain_point",
    "opportunity",
    "kpi",
    "action",
    "review_loop",
]
ChangeStatus = Literal["added", "removed", "changed"]

# The lists of a diagnosis, in the order a reader goes through a map and its plan.
LIST_KINDS: tuple[tuple[ElementKind, str], ...] = (
    ("persona", "map.personas"),
    ("stage", "map.stages"),
    ("touchpoint", "map.touchpoints"),
    ("pain_point", "map.pain_points"),
    ("opportunity", "map.opportunities"),
    ("kpi", "map.kpis"),
    ("action", "plan.actions"),
)
SINGLE_KINDS: tuple[tuple[ElementKind, str], ...] = (
    ("goal", "map.goal"),
    ("context", "map.context"),
    ("review_loop", "plan.review_loop"),
)
# Fields that carry an element's name, in order of preference, for a readable diff line.
NAME_FIELDS = ("name", "title", "description", "goal", "industry")


class FieldChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str
    old: Any = None
    new: Any = None


class ElementChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ElementKind
    id: str
    name: str
    status: ChangeStatus
    changes: list[FieldChange] = Field(default_factory=list)


class DiagnosisDiff(BaseModel):
    model_config = ConfigDict(extra="forbid")

    elements: list[ElementChange] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.elements

    def count(self, status: ChangeStatus) -> int:
        return sum(1 for e in self.elements if e.status == status)


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"emotion": {"score": -2}} → {"emotion.score": -2}; lists stay whole values."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            nested = flatten(value, f"{path}.")
            flat.update(nested or {path: {}})
        else:
            flat[path] = value
    return flat


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """The flattened fields whose values differ, in the order of `new` then removed ones."""
    before, after = flatten(old), flatten(new)
    keys = list(after) + [k for k in before if k not in after]
    return [
        FieldChange(field=k, old=before.get(k), new=after.get(k))
        for k in keys
        if before.get(k) != after.get(k)
    ]


def _name(data: Mapping[str, Any]) -> str:
    for key in NAME_FIELDS:
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return str(data.get("id", ""))


def _dig(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        value = value[part]
    return value


def _by_id(items: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {str(item["id"]): item for item in items}


def diff_diagnoses(old: Diagnosis, new: Diagnosis) -> DiagnosisDiff:
    """Every element added, removed or changed from `old` to `new`."""
    a = old.model_dump(mode="json", exclude_computed_fields=True)
    b = new.model_dump(mode="json", exclude_computed_fields=True)
    elements: list[ElementChange] = []

    title_changes = field_changes(
        {"title": a["map"]["title"], "lang": a["map"]["lang"]},
        {"title": b["map"]["title"], "lang": b["map"]["lang"]},
    )
    if title_changes:
        elements.append(
            ElementChange(
                kind="map",
                id="map",
                name=b["map"]["title"],
                status="changed",
                changes=title_changes,
            )
        )
    for kind, path in SINGLE_KINDS:
        changes = field_changes(_dig(a, path), _dig(b, path))
        if changes:
            elements.append(
                ElementChange(
                    kind=kind, id=kind, name=_name(_dig(b, path)), status="changed", changes=changes
                )
            )
    for kind, path in LIST_KINDS:
        before, after = _by_id(_dig(a, path)), _by_id(_dig(b, path))
        for element_id, item in after.items():
            if element_id not in before:
                elements.append(
                    ElementChange(kind=kind, id=element_id, name=_name(item), status="added")
                )
                continue
            changes = [c for c in field_changes(before[element_id], item) if c.field != "id"]
            if changes:
                elements.append(
                    ElementChange(
                        kind=kind,
                        id=element_id,
                        name=_name(item),
                        status="changed",
                        changes=changes,
                    )
                )
        for element_id, item in before.items():
            if element_id not in after:
                elements.append(
                    ElementChange(kind=kind, id=element_id, name=_name(item), status="removed")
                )
    return DiagnosisDiff(elements=elements)

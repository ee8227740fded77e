"""A version diff as read on screen: element kinds and field names in the interface language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.domain.diff import DiagnosisDiff, ElementChange
from assistant.i18n.labels import Labels
from web.views.journey import KIND_LABELS, label_of

DIFF_KIND_LABELS = {**KIND_LABELS, "map": "ui:kind_map", "review_loop": "L:review_loop"}
# Dotted field paths of the diff → the label they have on screen.
FIELD_PATHS: dict[str, str] = {
    "name": "ui:field_name",
    "title": "ui:field_title",
    "description": "ui:field_description",
    "lang": "ui:field_lang",
    "goal": "L:goal",
    "scope": "L:scope",
    "industry": "L:industry",
    "product_or_service": "L:product",
    "company": "L:company",
    "goals": "L:persona_goals",
    "needs": "L:persona_needs",
    "expectations": "L:persona_expectations",
    "stage_id": "L:stage",
    "touchpoint_id": "L:touchpoint",
    "channel": "L:channel",
    "mode": "L:mode",
    "category": "L:category",
    "customer_action": "L:customer_action",
    "frontstage": "L:frontstage",
    "backstage": "L:backstage",
    "support": "L:support",
    "emotion": "L:emotion",
    "emotion.score": "L:emotion_score",
    "emotion.label": "L:emotion_label",
    "emotion.quote": "L:quote",
    "moment_of_truth": "L:moment_of_truth",
    "severity": "L:severity",
    "evidence": "L:evidence",
    "pain_point_ids": "L:addresses",
    "impact": "L:impact",
    "effort": "L:effort",
    "unit": "L:unit",
    "baseline": "L:baseline",
    "target": "L:target",
    "owner_department": "L:owner",
    "kpi.name": "L:kpi",
    "kpi.unit": "L:unit",
    "kpi.baseline": "L:baseline",
    "kpi.target": "L:target",
    "kpi.baseline_source": "L:sources",
    "horizon": "L:horizon",
    "kano": "L:kano",
    "cadence": "L:cadence",
    "owner": "L:owner",
    "steps": "L:steps",
    "provenance.source": "L:provenance",
    "provenance.refs": "ui:records",
    "provenance.citations": "ui:knowledge_sources",
    "provenance.note": "ui:field_note",
    "provenance.inferred": "L:inferred_fields",
}
# Values that are codes, read through their labels: `provenance.source` (prov.user, …), the
# field paths of `provenance.inferred` (inferred.owner, …), an action's horizon and KANO class.
VALUE_LABELS = {
    "provenance.source": "prov",
    "provenance.inferred": "inferred",
    "horizon": "horizon",
    "kano": "kano",
}


@dataclass(frozen=True)
class FieldLine:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class DiffRow:
    status: str
    kind: str
    name: str
    fields: list[FieldLine]


def value_text(value: Any, labels: Labels) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return labels["yes"] if value else labels["no"]
    if isinstance(value, list):
        return "; ".join(value_text(v, labels) for v in value)
    if isinstance(value, dict):
        return str(value.get("title") or value.get("doc_id") or value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _coded(field: str, value: Any, labels: Labels) -> Any:
    prefix = VALUE_LABELS.get(field)
    if prefix is None:
        return value
    if isinstance(value, list):
        return [labels.get(f"{prefix}.{v}", v) for v in value]
    return labels.get(f"{prefix}.{value}", value) if isinstance(value, str) else value


def _row(change: ElementChange, labels: Labels, t: Any) -> DiffRow:
    fields = [
        FieldLine(
            label=label_of(FIELD_PATHS[c.field], labels, t) if c.field in FIELD_PATHS else c.field,
            old=value_text(_coded(c.field, c.old, labels), labels),
            new=value_text(_coded(c.field, c.new, labels), labels),
        )
        for c in change.changes
    ]
    return DiffRow(
        status=change.status,
        kind=label_of(DIFF_KIND_LABELS[change.kind], labels, t),
        name=change.name,
        fields=fields,
    )


@dataclass(frozen=True)
class DiffGroup:
    """The changes to one kind of element: names added and removed, fields changed."""

    kind: str
    added: list[str]
    removed: list[str]
    changed: list[DiffRow]


def diff_groups(diff: DiagnosisDiff, labels: Labels, t: Any) -> list[DiffGroup]:
    """By kind, in the map's order (the diff lists kinds in that order already)."""
    groups: dict[str, DiffGroup] = {}
    for change in diff.elements:
        row = _row(change, labels, t)
        group = groups.setdefault(row.kind, DiffGroup(row.kind, [], [], []))
        if row.status == "added":
            group.added.append(row.name)
        elif row.status == "removed":
            group.removed.append(row.name)
        else:
            group.changed.append(row)
    return list(groups.values())

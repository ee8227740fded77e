"""A journey map exported by cxcoach (a JSON Diagnosis): one record per element of the map and
plan, each citable by its id ("touchpoint t3", "pain point p2", "action a1").

Record texts are written with the export labels of the map's own language, so a Chinese map
yields Chinese records that match Chinese questions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import ValidationError

from assistant.domain import (
    Action,
    Diagnosis,
    JourneyMap,
    MapKPI,
    Opportunity,
    PainPoint,
    Persona,
    Touchpoint,
    describe_validation_error,
)
from assistant.i18n.labels import Labels, labels_for
from assistant.ingest.readers.model import CXCOACH_MAP, ParsedFile, ReadError, Record

_MAP_KEYS = {"title", "goal", "context", "stages"}


def is_cxcoach_map(data: Any) -> bool:
    """A Diagnosis ({"map": ..., "plan": ...}) or a bare journey map, judged by its keys."""
    if isinstance(data, dict) and isinstance(data.get("map"), dict):
        return _MAP_KEYS <= data["map"].keys() and set(data) <= {"map", "plan", "$schema"}
    return isinstance(data, dict) and _MAP_KEYS <= data.keys() and "touchpoints" in data


def parse_cxcoach_map(data: dict[str, Any], encoding: str) -> ParsedFile:
    payload = {k: v for k, v in data.items() if k != "$schema"}
    if "map" not in payload:
        payload = {"map": payload}
    try:
        diagnosis = Diagnosis.model_validate(payload)
    except ValidationError as exc:
        first = describe_validation_error(exc).splitlines()[0]
        raise ReadError(f"cxcoach map export that does not validate: {first}") from None
    return ParsedFile(records=list(_records(diagnosis)), format=CXCOACH_MAP, encoding=encoding)


Pairs = Sequence[tuple[str, object]]


def _lines(labels: Labels, pairs: Pairs) -> str:
    """ "label：value" lines for the values that are set."""
    return "\n".join(
        f"{labels[key]}{labels['colon']}{value}" for key, value in pairs if value not in ("", None)
    )


def _records(d: Diagnosis) -> Iterator[Record]:
    m, lab = d.map, labels_for(d.map.lang)
    yield _overview(m, lab)
    yield from (_persona(p, lab) for p in m.personas)
    yield from (
        Record(
            text="\n".join(filter(None, [f"{lab['stage']}{lab['colon']}{s.name}", s.description])),
            locator=f"stage {s.id}",
            fields={"stage": s.name},
        )
        for s in m.stages
    )
    yield from (_touchpoint(t, m, lab) for t in m.touchpoints)
    yield from (_pain_point(p, m, lab) for p in m.pain_points)
    yield from (_opportunity(o, m, lab) for o in m.opportunities)
    yield from (_kpi(k, m, lab) for k in m.kpis)
    yield from (_action(a, m, lab) for a in d.plan.actions)


def _overview(m: JourneyMap, lab: Labels) -> Record:
    pairs: Pairs = [
        ("goal", m.goal.goal),
        ("scope", m.goal.scope),
        ("industry", m.context.industry),
        ("product", m.context.product_or_service),
        ("company", m.context.company),
    ]
    return Record(text=f"{m.title}\n{_lines(lab, pairs)}", locator="map")


def _persona(p: Persona, lab: Labels) -> Record:
    sep = lab["list_sep"]
    pairs: Pairs = [
        ("persona_goals", sep.join(p.goals)),
        ("persona_needs", sep.join(p.needs)),
        ("persona_expectations", sep.join(p.expectations)),
    ]
    text = "\n".join(filter(None, [p.name, p.description, _lines(lab, pairs)]))
    return Record(text=text, locator=f"persona {p.id}")


def _touchpoint(t: Touchpoint, m: JourneyMap, lab: Labels) -> Record:
    emotion = ""
    if t.emotion is not None:
        emotion = " ".join(filter(None, [f"{t.emotion.score:+d}", t.emotion.label]))
        emotion += f"「{t.emotion.quote}」" if t.emotion.quote else ""
    category = lab[f"category.{t.category}"] if t.category else ""
    stage = m.stage(t.stage_id).name
    pairs: Pairs = [
        ("touchpoint", t.name),
        ("stage", stage),
        ("channel", t.channel),
        ("mode", lab[f"mode.{t.mode}"]),
        ("category", category),
        ("customer_action", t.customer_action),
        ("frontstage", t.frontstage),
        ("backstage", t.backstage),
        ("support", t.support),
        ("emotion", emotion),
        ("moment_of_truth", lab["yes"] if t.moment_of_truth else ""),
    ]
    fields = {"touchpoint": t.name, "stage": stage}
    fields |= {k: v for k, v in (("channel", t.channel), ("category", category)) if v}
    return Record(text=_lines(lab, pairs), locator=f"touchpoint {t.id}", fields=fields)


def _pain_point(p: PainPoint, m: JourneyMap, lab: Labels) -> Record:
    where = next((t.name for t in m.touchpoints if t.id == p.touchpoint_id), "")
    stage = m.stage(p.stage_id).name
    pairs: Pairs = [
        ("pain_point", p.description),
        ("stage", stage),
        ("touchpoint", where),
        ("severity", f"{p.severity} {lab[f'severity.{p.severity}']}"),
        ("evidence", lab["list_sep"].join(p.evidence)),
    ]
    fields = {"stage": stage, "severity": str(p.severity)}
    if where:
        fields["touchpoint"] = where
    return Record(text=_lines(lab, pairs), locator=f"pain point {p.id}", fields=fields)


def _pains(ids: list[str], m: JourneyMap, lab: Labels) -> str:
    return lab["list_sep"].join(p.description for p in m.pain_points if p.id in ids)


def _opportunity(o: Opportunity, m: JourneyMap, lab: Labels) -> Record:
    pairs: Pairs = [
        ("opportunity", o.description),
        ("addresses", _pains(o.pain_point_ids, m, lab)),
        ("impact", o.impact),
        ("effort", o.effort),
    ]
    return Record(text=_lines(lab, pairs), locator=f"opportunity {o.id}")


def _kpi(k: MapKPI, m: JourneyMap, lab: Labels) -> Record:
    pairs: Pairs = [
        ("kpi", k.name),
        ("unit", k.unit),
        ("stage", m.stage(k.stage_id).name if k.stage_id else ""),
        ("baseline", k.baseline),
        ("target", k.target),
    ]
    return Record(text=_lines(lab, pairs), locator=f"kpi {k.id}")


def _action(a: Action, m: JourneyMap, lab: Labels) -> Record:
    baseline = a.kpi.baseline if a.kpi.baseline is not None else "?"
    pairs: Pairs = [
        ("action", a.title),
        ("addresses", _pains(a.pain_point_ids, m, lab)),
        ("owner", a.owner_department),
        ("kpi_change", f"{a.kpi.name} {baseline} → {a.kpi.target}{a.kpi.unit}"),
        ("horizon", lab[f"horizon.{a.horizon}"]),
        ("priority", lab[f"bucket.{a.priority}"]),
    ]
    text = "\n".join(filter(None, [_lines(lab, pairs), a.description]))
    return Record(text=text, locator=f"action {a.id}", fields={"owner": a.owner_department})

"""Standalone HTML report: one file, no external assets, printable.

Rendered from the package template `templates/report.html.j2` with autoescape on. The only markup
not escaped by Jinja is the SVG built by `svg.py`, which escapes every text it draws itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from assistant.domain import (
    Diagnosis,
    JourneyMap,
    Lang,
    Opportunity,
    PainPoint,
    Stage,
    Touchpoint,
)
from assistant.exports.analytics_chart import AnalyticsSection, percent, touchpoint_chart_svg
from assistant.exports.common import (
    BUCKET_COLOURS,
    BUCKETS,
    EMOTION_COLOURS,
    Lookup,
    Notes,
    has_inferred,
    kpi_change,
    signed,
    step_label,
    with_unit,
)
from assistant.exports.svg import emotion_curve_svg, impact_effort_svg
from assistant.i18n.labels import labels_for

TEMPLATE = "report.html.j2"

_env = Environment(
    loader=PackageLoader("assistant.exports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class StageColumn:
    """What one stage column of the journey grid shows."""

    number: int
    stage: Stage
    touchpoints: list[Touchpoint]
    pain_points: list[PainPoint]
    opportunities: list[Opportunity]

    @property
    def moments(self) -> list[Touchpoint]:
        return [t for t in self.touchpoints if t.moment_of_truth]


def emotion_class(score: int) -> str:
    return {-2: "emo-n2", -1: "emo-n1", 0: "emo-0", 1: "emo-p1", 2: "emo-p2"}[score]


def _columns(journey: JourneyMap) -> list[StageColumn]:
    columns = []
    for number, stage in enumerate(journey.stages, start=1):
        pains = sorted(journey.pain_points_of(stage.id), key=lambda p: -p.severity)
        pain_ids = {p.id for p in pains}
        columns.append(
            StageColumn(
                number=number,
                stage=stage,
                touchpoints=journey.touchpoints_of(stage.id),
                pain_points=pains,
                opportunities=[
                    o for o in journey.opportunities if pain_ids.intersection(o.pain_point_ids)
                ],
            )
        )
    return columns


def _stats(journey: JourneyMap) -> dict[str, str]:
    scored = [t for t in journey.ordered_touchpoints() if t.emotion is not None]
    scores = [t.emotion.score for t in scored if t.emotion is not None]
    average = f"{sum(scores) / len(scores):+.1f}" if scores else "—"
    lowest = min(scored, key=lambda t: t.emotion.score if t.emotion else 0).name if scored else "—"
    return {
        "stages": str(len(journey.stages)),
        "touchpoints": str(len(journey.touchpoints)),
        "severe": str(sum(1 for p in journey.pain_points if p.severity >= 4)),
        "pain_points": str(len(journey.pain_points)),
        "average": average.replace("+0.0", "0.0"),
        "lowest": lowest,
        "moments": str(sum(1 for t in journey.touchpoints if t.moment_of_truth)),
    }


def render_html(diagnosis: Diagnosis, lang: Lang, analytics: AnalyticsSection | None = None) -> str:
    """The report; with `analytics`, a section on the company's feedback data and its chart."""
    journey, plan = diagnosis.map, diagnosis.plan
    labels = labels_for(lang)
    notes = Notes(labels)
    template = _env.get_template(TEMPLATE)
    return template.render(
        L=labels,
        lang=lang,
        m=journey,
        plan=plan,
        columns=_columns(journey),
        stats=_stats(journey),
        lookup=Lookup.of(journey),
        numbers={a.id: n for n, a in enumerate(plan.actions, start=1)},
        buckets=[(b, plan.by_bucket(b)) for b in BUCKETS],
        curve=Markup(emotion_curve_svg(journey, labels)),
        matrix=Markup(impact_effort_svg(plan.actions, labels)),
        analytics=analytics,
        analytics_chart=Markup(touchpoint_chart_svg(analytics.bars, labels)) if analytics else "",
        percent=percent,
        note=notes.mark,
        any_inferred=has_inferred(diagnosis),
        notes=notes,
        signed=signed,
        emotion_class=emotion_class,
        kpi_change=kpi_change,
        with_unit=with_unit,
        step_label=step_label,
        emotion_colours=EMOTION_COLOURS,
        bucket_colours=BUCKET_COLOURS,
    )

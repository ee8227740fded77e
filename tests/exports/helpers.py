"""What every export must mention, collected from a diagnosis."""

from __future__ import annotations

from assistant.domain import Diagnosis


def stage_names(d: Diagnosis) -> list[str]:
    return [s.name for s in d.map.stages]


def touchpoint_names(d: Diagnosis) -> list[str]:
    return [t.name for t in d.map.ordered_touchpoints()]


def pain_descriptions(d: Diagnosis) -> list[str]:
    return [p.description for p in d.map.pain_points]


def action_titles(d: Diagnosis) -> list[str]:
    return [a.title for a in d.plan.actions]


def all_names(d: Diagnosis) -> list[str]:
    return stage_names(d) + touchpoint_names(d) + pain_descriptions(d) + action_titles(d)

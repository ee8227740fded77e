"""The map at a glance, as the interview says it: counts, the plan as numbered lines, a summary."""

from __future__ import annotations

from assistant.i18n.labels import labels_for
from assistant.interview.say import Say, number_text, unit_suffix
from assistant.interview.state import InterviewState


def counts(state: InterviewState) -> dict[str, int]:
    draft = state.draft
    return {
        "personas": len(draft.personas),
        "stages": len(draft.stages),
        "touchpoints": len(draft.touchpoints),
        "emotions": sum(1 for t in draft.touchpoints if t.emotion is not None),
        "pains": len(draft.pain_points),
        "moments": sum(1 for t in draft.touchpoints if t.moment_of_truth),
        "opportunities": len(draft.opportunities),
        "actions": len(draft.plan.actions),
    }


def plan_lines(state: InterviewState, say: Say) -> str:
    labels = labels_for(state.lang)
    lines = []
    for number, action in enumerate(state.draft.plan.actions, 1):
        kpi = action.kpi
        kpi_text = say(
            "kpi_text",
            name=kpi.name,
            baseline=number_text(kpi.baseline),
            target=number_text(kpi.target),
            unit=unit_suffix(kpi.unit, state.lang),
        )
        lines.append(
            say(
                "plan_line",
                number=number,
                title=action.title,
                owner=action.owner_department,
                kpi=kpi_text,
                horizon=labels[f"horizon.{action.horizon}"],
                bucket=labels[f"bucket.{action.priority}"],
                kano=labels[f"kano.{action.kano}"],
            )
        )
    return "\n".join(lines)


def summary(state: InterviewState, say: Say) -> str:
    numbers = counts(state)
    return say(
        "map_summary",
        personas=numbers["personas"],
        stages=numbers["stages"],
        touchpoints=numbers["touchpoints"],
        pains=numbers["pains"],
        moments=numbers["moments"],
        actions=numbers["actions"],
    )

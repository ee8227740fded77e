"""Where an interview stands: which questions are answered, what is missing, what is thin.

"Missing" is a step's minimum (≥ 3 stages, a touchpoint per stage, an emotion per touchpoint ...);
"thin" is what a reviewer would still ask about, said when the step is left.
"""

from __future__ import annotations

from assistant.interview import registry
from assistant.interview.registry import MIN_STAGES
from assistant.interview.say import Say
from assistant.interview.state import InterviewState
from assistant.interview.steps import STEP_IDS, STEPS, Slot, SlotKey, StepId


def slot_satisfied(state: InterviewState, key: SlotKey) -> bool:
    return registry.answered(state, key)


def slot_done(state: InterviewState, slot: Slot) -> bool:
    return slot.key in state.passed or slot_satisfied(state, slot.key)


def open_slot(state: InterviewState, step: StepId) -> Slot | None:
    """The first question of `step` still to ask, or None when the step is done."""
    return next((s for s in STEPS[step].slots if not slot_done(state, s)), None)


def missing(state: InterviewState, step: StepId, say: Say) -> list[str]:
    """What the step's minimum still lacks, one phrase per unmet required slot."""
    return [
        registry.gap(state, slot.key, say)
        for slot in STEPS[step].slots
        if slot.required and not registry.answered(state, slot.key)
    ]


def missing_anywhere(state: InterviewState, say: Say) -> list[str]:
    return [gap for step in STEP_IDS[:-1] for gap in missing(state, step, say)]


def thin(state: InterviewState, step: StepId, say: Say) -> list[str]:
    draft = state.draft
    notes: list[str] = []
    if step == "goal":
        if not draft.scope:
            notes.append(say("thin_scope"))
        if not draft.product:
            notes.append(say("thin_product"))
        if not draft.kpis:
            notes.append(say("thin_kpi"))
    elif step == "personas":
        bare = [p.name for p in draft.personas if not (p.description or p.goals or p.needs)]
        if bare:
            notes.append(say("thin_persona_detail", names=say.join(bare)))
    elif step == "stages":
        if MIN_STAGES <= len(draft.stages) < 4:
            notes.append(say("thin_few_stages"))
    elif step == "touchpoints":
        single = [s.name for s in draft.stages if len(draft.touchpoints_of(s.id)) == 1]
        if single:
            notes.append(say("thin_single_touchpoint", stages=say.join(_few(single))))
        bare = [t.name for t in draft.touchpoints if not (t.channel and t.customer_action)]
        if bare:
            notes.append(say("thin_touchpoint_channel", names=say.join(_few(bare))))
    elif step == "emotions":
        scored = [t.emotion for t in draft.touchpoints if t.emotion]
        if scored and not any(e.quote for e in scored):
            notes.append(say("thin_quotes"))
        if scored and not any(e.score > 0 for e in scored):
            notes.append(say("thin_no_highlight"))
    elif step == "pains":
        without = [p for p in draft.pain_points if not p.evidence]
        if without:
            notes.append(say("thin_pain_evidence", count=len(without)))
        if draft.pain_points and not any(t.moment_of_truth for t in draft.touchpoints):
            notes.append(say("thin_no_moment"))
    elif step == "opportunities":
        covered = {i for o in draft.opportunities for i in o.pain_point_ids}
        bare = [p.description for p in draft.pain_points if p.id not in covered]
        if bare:
            notes.append(say("thin_pain_without_opportunity", names=say.join(_few(bare))))
    elif step == "plan":
        unmeasured = [a for a in draft.plan.actions if a.kpi.baseline is None]
        if unmeasured:
            notes.append(say("thin_kpi_baseline", count=len(unmeasured)))
    return notes


def _few(names: list[str], limit: int = 6) -> list[str]:
    return names if len(names) <= limit else [*names[:limit], "…"]

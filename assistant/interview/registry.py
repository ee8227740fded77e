"""One home per question: what the interview asks, how an answer is read (by rules and by a
model), how it goes into the map, and when the question counts as answered.

`steps.py` says which questions each step asks and in what order; this module says what each
question does. Adding a question means adding its `Question` here (and its templates in
prompts/interview.yaml: `q_<key>`, `missing_<key>`, `example_<key>`); the engine, the model
brain, the progress and the reply all look it up here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.interview import rules
from assistant.interview.apply import (
    apply_emotions,
    apply_goal,
    apply_opportunities,
    apply_pains,
    apply_personas,
    apply_stages,
    apply_touchpoints,
    playbook_for,
)
from assistant.interview.blueprint import apply_blueprint, read_blueprint_answer
from assistant.interview.examples import example_for
from assistant.interview.extraction import (
    Answer,
    BlueprintAnswer,
    EmotionsAnswer,
    GoalAnswer,
    OpportunitiesAnswer,
    PainsAnswer,
    PersonasAnswer,
    StagesAnswer,
    TouchpointsAnswer,
)
from assistant.interview.overview import plan_lines, summary
from assistant.interview.say import Say
from assistant.interview.state import InterviewState
from assistant.interview.steps import SlotKey
from assistant.interview.turn import Turn

MIN_STAGES = 3
FEW = 6  # names listed in one "missing" phrase

Reader = Callable[[InterviewState, str], Answer | None]
Applier = Callable[[Turn, Any], None]


@dataclass(frozen=True)
class Question:
    key: SlotKey
    ask: Callable[[InterviewState, Say], str]
    answered: Callable[[InterviewState], bool]
    read: Reader | None = None  # the rules' reading; None: commands and chips only
    schema: type[Answer] | None = None  # what a model fills in (None: the model is not asked)
    apply: Applier | None = None
    gap: Callable[[InterviewState, Say], str] | None = None  # what the minimum still lacks


def _few(names: list[str]) -> list[str]:
    return names if len(names) <= FEW else [*names[:FEW], "…"]


# Asking --------------------------------------------------------------------------------------


def _plain(key: str) -> Callable[[InterviewState, Say], str]:
    return lambda state, say: say(f"q_{key}")


def _with_example(key: str) -> Callable[[InterviewState, Say], str]:
    """A question whose example comes from the session's own industry."""
    return lambda state, say: say(f"q_{key}", example=example_for(state, say))


def _ask_touchpoints(state: InterviewState, say: Say) -> str:
    from assistant.interview.suggestions import offers_all_touchpoints

    stage = rules.focus_stage_name(state.draft)
    if stage and offers_all_touchpoints(state.draft, playbook_for(state)):
        names = [s.name for s in state.draft.stages_without_touchpoints()]
        return say("q_touchpoints_all", stages=say.join(names), stage=stage)
    return say("q_touchpoints", stage=stage) if stage else say("q_touchpoints_more")


def _ask_emotions(state: InterviewState, say: Say) -> str:
    """Lists the touchpoints still without a feeling, numbered (answers may use the numbers)."""
    draft = state.draft
    listed = draft.touchpoints_without_emotion() or draft.ordered_touchpoints()
    state.numbered = [t.id for t in listed]
    lines = []
    for number, touchpoint in enumerate(listed, 1):
        stage = draft.stage_of(touchpoint.id)
        where = ""
        if stage is not None:
            where = f" ({stage.name})" if say.lang == "en" else f"（{stage.name}）"
        lines.append(f"{number}. {touchpoint.name}{where}")
    return say("q_emotions", items="\n".join(lines))


# What is still missing -------------------------------------------------------------------------


def _stages_gap(state: InterviewState, say: Say) -> str:
    return say("missing_stages", count=len(state.draft.stages))


def _touchpoints_gap(state: InterviewState, say: Say) -> str:
    draft = state.draft
    if not draft.stages:
        return _stages_gap(state, say)
    names = [s.name for s in draft.stages_without_touchpoints()]
    return say("missing_touchpoints", stages=say.join(names))


def _emotions_gap(state: InterviewState, say: Say) -> str:
    draft = state.draft
    if not draft.touchpoints:
        return _stages_gap(state, say)
    names = [t.name for t in draft.touchpoints_without_emotion()]
    return say("missing_emotions", touchpoints=say.join(_few(names)))


def _ask_plan(state: InterviewState, say: Say) -> str:
    """The plan as numbered lines; a plan with no actions (no pain points to build them from)
    says so and how to go on, rather than an empty list."""
    if not state.draft.plan.actions:
        return say("q_plan_empty")
    return say("q_plan", actions=plan_lines(state, say))


def _plan_answered(state: InterviewState) -> bool:
    draft = state.draft
    every_pain_has_an_action = all(draft.actions_for(p.id) for p in draft.pain_points)
    return state.plan_confirmed and every_pain_has_an_action


QUESTIONS: dict[SlotKey, Question] = {
    q.key: q
    for q in (
        Question(
            "goal",
            _plain("goal"),
            lambda s: bool(s.draft.goal),
            rules.read_goal,
            GoalAnswer,
            apply_goal,
        ),
        Question(
            "industry",
            _plain("industry"),
            lambda s: bool(s.draft.industry),
            rules.read_industry,
            GoalAnswer,
            apply_goal,
        ),
        Question(
            "personas",
            _with_example("personas"),
            lambda s: bool(s.draft.personas),
            rules.read_personas,
            PersonasAnswer,
            apply_personas,
        ),
        Question(
            "stages",
            _plain("stages"),
            lambda s: len(s.draft.stages) >= MIN_STAGES,
            rules.read_stages,
            StagesAnswer,
            apply_stages,
            _stages_gap,
        ),
        Question(
            "touchpoints",
            _ask_touchpoints,
            lambda s: bool(s.draft.stages) and not s.draft.stages_without_touchpoints(),
            rules.read_touchpoints,
            TouchpointsAnswer,
            apply_touchpoints,
            _touchpoints_gap,
        ),
        Question(
            "blueprint",
            _plain("blueprint"),
            lambda s: any(t.frontstage or t.backstage or t.support for t in s.draft.touchpoints),
            read_blueprint_answer,
            BlueprintAnswer,
            apply_blueprint,
        ),
        Question(
            "emotions",
            _ask_emotions,
            lambda s: bool(s.draft.touchpoints) and not s.draft.touchpoints_without_emotion(),
            rules.read_emotions,
            EmotionsAnswer,
            apply_emotions,
            _emotions_gap,
        ),
        Question(
            "pains",
            _with_example("pains"),
            lambda s: bool(s.draft.pain_points),
            rules.read_pains,
            PainsAnswer,
            apply_pains,
        ),
        Question(
            "moments",
            _plain("moments"),
            lambda s: any(t.moment_of_truth for t in s.draft.touchpoints),
            rules.read_moments,
            PainsAnswer,
            apply_pains,
        ),
        Question(
            "opportunities",
            _plain("opportunities"),
            lambda s: bool(s.draft.opportunities),
            rules.read_opportunities,
            OpportunitiesAnswer,
            apply_opportunities,
        ),
        # The plan and the review are read by the plan-edit parser and commands, not here.
        Question(
            "plan",
            _ask_plan,
            _plan_answered,
        ),
        Question(
            "review",
            lambda state, say: say("q_review", summary=summary(state, say)),
            lambda s: s.finished,
        ),
    )
}


def ask(state: InterviewState, say: Say) -> str:
    """The question for the current slot (the emotions question numbers its touchpoints)."""
    state.numbered = []
    if state.finished:
        return say("q_finished")
    return QUESTIONS[state.slot].ask(state, say)


def read(state: InterviewState, text: str) -> Answer | None:
    """The rules' reading of an answer to the current question; None when nothing was read."""
    reader = QUESTIONS[state.slot].read
    return reader(state, text) if reader else None


def apply(turn: Turn, answer: Answer) -> None:
    """Put an answer to the current question into the map."""
    applier = QUESTIONS[turn.state.slot].apply
    if applier is not None:
        applier(turn, answer)


def answered(state: InterviewState, key: SlotKey) -> bool:
    return QUESTIONS[key].answered(state)


def gap(state: InterviewState, key: SlotKey, say: Say) -> str:
    """What the question's minimum still lacks, in one phrase."""
    phrase = QUESTIONS[key].gap
    return phrase(state, say) if phrase else say(f"missing_{key}")

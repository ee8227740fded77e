"""The interview engine: one turn = state + message → new state with the reply in it.

The flow is the same with or without a language model; only the part that reads a free-text
answer (the `Answerer`) differs. Commands (corrections, back, skip, next, progress, language)
and accepting suggestions are handled here by rules in both cases: they must work even when
the model does not.
"""

from __future__ import annotations

import logging
from typing import Protocol

from assistant.interview import parsing as p
from assistant.interview import rules
from assistant.interview import vocabulary as vocab
from assistant.interview.apply import apply_answer, apply_chips
from assistant.interview.commands import (
    Navigate,
    NavigationAction,
    SwitchLanguage,
    apply_correction,
    parse_command,
)
from assistant.interview.evidence import EvidenceProvider
from assistant.interview.methodology import Methodology
from assistant.interview.plan import PlanBuilder
from assistant.interview.plan_edits import apply_plan_edits
from assistant.interview.progress import counts, missing, open_slot, slot_satisfied, thin
from assistant.interview.replies import ReplyComposer, step_title
from assistant.interview.say import Say
from assistant.interview.state import InterviewState, Reply, TranscriptEntry, TurnInput
from assistant.interview.steps import STEP_IDS, STEPS, next_step, previous_step, step_number
from assistant.interview.suggestions import Suggester, choose
from assistant.interview.turn import Turn
from assistant.retrieval import Retriever
from assistant.text.lang import detect_lang

log = logging.getLogger(__name__)


class Answerer(Protocol):
    """Reads a free-text answer to the current question into the map (sets turn.understood)."""

    def answer(self, turn: Turn) -> None: ...


class RuleAnswerer:
    """The deterministic guided engine's reading of answers."""

    def answer(self, turn: Turn) -> None:
        parsed = rules.extract(turn.state.slot, turn.state, turn.message)
        if parsed is not None:
            apply_answer(turn, parsed)
            turn.understood = True


class InterviewEngine:
    def __init__(
        self,
        retriever: Retriever,
        answerer: Answerer | None = None,
        evidence: EvidenceProvider | None = None,
    ) -> None:
        self.methodology = Methodology(retriever)
        self.suggester = Suggester(retriever, evidence)
        self.planner = PlanBuilder(self.methodology, evidence)
        self.composer = ReplyComposer(self.methodology, self.suggester)
        self.answerer: Answerer = answerer or RuleAnswerer()

    # Entry points ------------------------------------------------------------------------------
    def open(self, state: InterviewState) -> InterviewState:
        """The first question of a new interview."""
        state = copy_state(state)
        turn = Turn(state, entered=True)
        state.draft.lang = state.lang
        slot = open_slot(state, state.step)
        state.slot = slot.key if slot else STEPS[state.step].slots[0].key
        self._settle(turn)
        return self._reply(turn)

    def handle(self, state: InterviewState, given: str | TurnInput) -> InterviewState:
        """One turn: the user's message (with the map's hand edits taken in first, if any)."""
        given = given if isinstance(given, TurnInput) else TurnInput(message=given)
        state = copy_state(state)
        message = given.message.strip()
        turn = Turn(state, message)
        if given.edited_draft is not None:
            state.draft = given.edited_draft.model_copy(deep=True)
            state.edits_version = given.edited_version
            turn.notices.append(turn.say("notice_map_edits", version=given.edited_version))
        state.transcript.append(TranscriptEntry(role="user", text=message, step=state.step))
        self._follow_language(turn)
        command = parse_command(message, state.draft) if message else None
        if isinstance(command, SwitchLanguage):
            state.lang, state.lang_pinned = command.lang, True
            state.draft.lang = command.lang
            turn.lines.append(turn.say("cmd_lang"))
        elif isinstance(command, Navigate):
            self._navigate(turn, command.action)
        elif command is not None:
            apply_correction(turn, command)
            if state.step == "plan":
                self.planner.ensure(state)  # a new or renamed pain point needs its action
        else:
            self._answer(turn)
        return self._reply(turn)

    def recover(self, state: InterviewState, message: str, error: BaseException) -> InterviewState:
        """The turn after an unexpected error: the map unchanged, the user told, the question
        asked again. Never raises: a failing turn must not wedge the session."""
        log.exception("interview turn failed", exc_info=error)
        state = copy_state(state)
        state.transcript.append(TranscriptEntry(role="user", text=message, step=state.step))
        turn = Turn(state, message)
        turn.notices.append(turn.say("notice_error"))
        try:
            return self._reply(turn)
        except Exception:  # noqa: BLE001 - the last line of defence, see docstring
            log.exception("composing the recovery reply failed")
            text = turn.say("notice_error")
            state.last_reply = Reply(text=text, question="", notices=[text])
            return state

    # Steps of a turn ---------------------------------------------------------------------------
    def _follow_language(self, turn: Turn) -> None:
        state = turn.state
        if state.lang_pinned or not turn.message:
            return
        lang = detect_lang(turn.message, default=state.lang)
        if lang != state.lang:
            state.lang = lang
            state.draft.lang = lang

    def _answer(self, turn: Turn) -> None:
        state, say = turn.state, turn.say
        slot = state.slot
        if state.finished or slot == "review":
            if p.is_accept(turn.message) or p.is_exactly(turn.message, vocab.FINISH_WORDS):
                self._finish(turn)
            elif apply_plan_edits(turn):
                turn.understood = True
            else:
                turn.lines.append(say("not_understood"))
            return
        if slot == "plan":
            if p.is_accept(turn.message):
                self._confirm_plan(turn)
            elif apply_plan_edits(turn):
                turn.understood = True
            else:
                turn.lines.append(say("not_understood"))
            self._settle(turn)
            return
        chosen = choose(turn.message, state.pending)
        if chosen is not None:
            apply_chips(turn, chosen)
            turn.understood = True
        elif p.is_accept(turn.message):
            # "ok" with nothing on offer is never an answer ("好" is no touchpoint): it means
            # "fine as it is", which moves on only when the question is already answered.
            turn.understood = slot_satisfied(state, slot)
        else:
            self.answerer.answer(turn)
        if not next(s for s in STEPS[state.step].slots if s.key == slot).required:
            state.passed.append(slot)  # optional questions are asked once
        elif not turn.understood:
            turn.lines.append(say("not_understood"))
            return
        step = state.step
        self._settle(turn)
        if state.step == step and not turn.missing:
            turn.missing = missing(state, step, say)

    def _navigate(self, turn: Turn, action: NavigationAction) -> None:
        state, say = turn.state, turn.say
        if action == "progress":
            done = [say(f"step_{s}") for s in STEP_IDS if s in state.completed_steps]
            numbers = counts(state)
            turn.lines.append(
                say(
                    "progress",
                    index=step_number(state.step),
                    total=len(STEP_IDS),
                    title=step_title(state, say),
                    done=say.join(done) or say("nothing_done"),
                    personas=numbers["personas"],
                    stages=numbers["stages"],
                    touchpoints=numbers["touchpoints"],
                    emotions=numbers["emotions"],
                    pains=numbers["pains"],
                    actions=numbers["actions"],
                )
            )
        elif action == "back":
            self._back(turn)
        elif action == "skip":
            turn.lines.append(say("cmd_skipped"))
            step = state.step
            gaps = missing(state, step, say)
            state.passed.append(state.slot)
            self._settle(turn)
            if state.step == step:  # still in the step: say what the skipped question lacks
                turn.missing = gaps
        elif action == "finish" and (state.step == "review" or state.finished):
            self._finish(turn)
        elif action == "finish" and state.step == "plan":
            self._confirm_plan(turn)
            self._settle(turn)
        else:  # next, or "done" before the last step: the user insists on moving on
            turn.lines.append(say("cmd_moved_on"))
            state.passed.extend(s.key for s in STEPS[state.step].slots)
            self._settle(turn)

    def _back(self, turn: Turn) -> None:
        state, say = turn.state, turn.say
        target = state.step if state.finished else previous_step(state.step)
        if target is None:
            turn.lines.append(say("cmd_back_first"))
            return
        state.finished = False
        state.step = target
        keys = {s.key for s in STEPS[target].slots}
        state.passed = [k for k in state.passed if k not in keys]
        state.slot = STEPS[target].slots[0].key
        if target == "plan":
            state.plan_confirmed = False
            self.planner.ensure(state)
        turn.entered = True
        turn.lines.append(say("cmd_back", title=step_title(state, say)))

    def _confirm_plan(self, turn: Turn) -> None:
        self.planner.ensure(turn.state)
        turn.state.plan_confirmed = True
        turn.understood = True
        count = len(turn.state.draft.plan.actions)
        turn.echo.append(turn.say("echo_plan_confirmed", count=count))

    def _finish(self, turn: Turn) -> None:
        state = turn.state
        if not state.plan_confirmed:
            self._confirm_plan(turn)
        state.finished = True
        state.step = "review"
        turn.understood = True
        turn.echo.append(turn.say("echo_finished"))
        if "review" not in state.completed_steps:
            state.completed_steps.append("review")
        turn.completed.append("review")

    def _settle(self, turn: Turn) -> None:
        """Move on while the current step is done: to the next question of the step, or to the
        next step that still has an open question (steps completed earlier are not re-asked)."""
        state, say = turn.state, turn.say
        while True:
            slot = open_slot(state, state.step)
            if slot is not None:
                state.slot = slot.key
                return
            left = state.step
            if left not in state.completed_steps:
                state.completed_steps.append(left)
            turn.completed.append(left)
            turn.thin.extend(thin(state, left, say))
            turn.missing.extend(missing(state, left, say))
            following = next_step(left)
            if following is None:
                state.finished = True
                return
            state.step = following
            state.slot = STEPS[following].slots[0].key
            turn.entered = True
            if following == "plan":
                self.planner.ensure(state)

    def _guess_industry(self, turn: Turn) -> None:
        """An industry without a playbook of its own borrows the nearest one, by retrieval, so
        there are still concrete suggestions; the map keeps the industry as the user said it."""
        state, draft = turn.state, turn.state.draft
        if state.industry or not draft.industry or state.industry_guessed:
            return
        state.industry_guessed = True
        text = f"{draft.industry} {draft.product} {draft.goal}"
        nearest = self.suggester.nearest_playbooks(text, state.lang)
        if nearest:
            state.industry = nearest[0].industry
            label = turn.say(f"industry_{state.industry}")
            turn.lines.append(turn.say("industry_borrowed", industry=label))

    def _reply(self, turn: Turn) -> InterviewState:
        state = turn.state
        self._guess_industry(turn)
        reply = self.composer.compose(turn)
        state.last_reply = reply
        state.transcript.append(TranscriptEntry(role="assistant", text=reply.text, step=state.step))
        return state


def copy_state(state: InterviewState) -> InterviewState:
    """A copy to change: turns never mutate the state they were given (a dump and validate is
    several times faster than a deep copy of the pydantic tree)."""
    return InterviewState.model_validate(state.model_dump())


def new_state(
    session_id: str,
    workspace_id: str,
    workspace_name: str,
    lang: str,
    industry: str | None = None,
) -> InterviewState:
    """A fresh interview; `industry` (a playbook key) may be known up front."""
    state = InterviewState.model_validate(
        {
            "session_id": session_id,
            "workspace_id": workspace_id,
            "workspace_name": workspace_name,
            "lang": lang,
        }
    )
    state.draft.lang = state.lang
    if industry:
        state.industry = industry
        state.draft.industry = Say(state.lang)(f"industry_{industry}")
    return state

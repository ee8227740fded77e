"""The interview engine: one turn = state + message → new state with the reply in it.

The flow is the same with or without a language model; only the part that reads a free-text
answer (the `Answerer`) differs. Commands (corrections, back, skip, next, progress, language)
and accepting suggestions are handled here by rules in both cases: they must work even when
the model does not.
"""

from __future__ import annotations

import logging
from typing import Protocol

from assistant.embeddings import Embedder
from assistant.interview import parsing as p
from assistant.interview import registry
from assistant.interview import vocabulary as vocab
from assistant.interview.acts import Act, ActClassifier
from assistant.interview.apply import apply_chips
from assistant.interview.commands import (
    Navigate,
    NavigationAction,
    SwitchLanguage,
    apply_correction,
)
from assistant.interview.draft import MapDraft
from assistant.interview.evidence import EvidenceProvider
from assistant.interview.examples import example_for
from assistant.interview.methodology import Methodology
from assistant.interview.overview import counts
from assistant.interview.plan import PlanBuilder
from assistant.interview.plan_edits import apply_plan_edits
from assistant.interview.progress import missing, open_slot, slot_satisfied, thin
from assistant.interview.questions import QuestionAnswerer
from assistant.interview.replies import ReplyComposer, step_title
from assistant.interview.say import Say
from assistant.interview.state import (
    InterviewState,
    Reply,
    TranscriptEntry,
    TurnInput,
    TypedCommand,
)
from assistant.interview.steps import (
    OPTIONAL_SLOTS,
    STEP_IDS,
    STEPS,
    StepId,
    next_step,
    previous_step,
    step_number,
)
from assistant.interview.suggestions import Suggester, choose
from assistant.interview.turn import Turn
from assistant.retrieval import Retriever
from assistant.text.lang import detect_lang
from assistant.text.script import traditional_tree

log = logging.getLogger(__name__)

# Keys whose values are identifiers or enumerations, never converted between scripts.
IDENTIFIERS = frozenset(
    {"id", "stage_id", "touchpoint_id", "pain_point_ids", "doc_id", "source", "refs", "lang",
     "kano", "horizon", "mode", "category", "priority", "cadence", "counters", "inferred", "act",
     "completed_steps"}
)  # fmt: skip

# Buttons that move around the interview, as the navigation they stand for.
NAVIGATION: dict[str, NavigationAction] = {
    a: a for a in ("back", "skip", "next", "progress", "finish", "goto")
}


class Answerer(Protocol):
    """Reads a free-text answer to the current question into the map (sets turn.understood).

    A reader that can tell the act itself (a model) may instead set `turn.act` to another act
    (a question, a non-answer…) and leave the map alone; the engine then answers that act."""

    uses_model: bool

    def answer(self, turn: Turn) -> None: ...


class RuleAnswerer:
    """The deterministic guided engine's reading of answers."""

    uses_model = False

    def answer(self, turn: Turn) -> None:
        parsed = registry.read(turn.state, turn.message)
        if parsed is not None:
            registry.apply(turn, parsed)
            turn.understood = True


class InterviewEngine:
    def __init__(
        self,
        retriever: Retriever,
        answerer: Answerer | None = None,
        evidence: EvidenceProvider | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.methodology = Methodology(retriever)
        self.acts = ActClassifier(embedder)
        self.questions = QuestionAnswerer(retriever)
        self.suggester = Suggester(evidence)
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
        """One turn: the user's message (with the map's hand edits taken in first, if any).

        The message's act is decided first (acts.py): only answers and corrections change the
        map; a question is answered, a non-answer or an off-topic message gets the question
        again with an example, and a message that could be either is asked about, not stored."""
        given = given if isinstance(given, TurnInput) else TurnInput(message=given)
        state = copy_state(state)
        state.plan_moved = []  # this turn's own, for the service to save
        message = given.message.strip()
        turn = Turn(state, message)
        if given.edited_draft is not None:
            state.draft = given.edited_draft.model_copy(deep=True)
            state.edits_version = given.edited_version
            turn.notices.append(turn.say("notice_map_edits", version=given.edited_version))
        if given.finish_now:
            turn.act = "navigation"
            self._finish_now(turn)
            return self._reply(turn)
        if given.command is not None:
            picked = [c.label for c in state.pending if c.number in set(given.command.choices)]
            label = message or (
                turn.say.join(picked)
                if given.command.action == "choose" and picked
                else turn.say(f"button_{given.command.action}")
            )
            state.transcript.append(TranscriptEntry(role="user", text=label, step=state.step))
            self._typed(turn, given.command)
            return self._reply(turn)
        state.transcript.append(TranscriptEntry(role="user", text=message, step=state.step))
        self._follow_language(turn)
        act = self.acts.classify(message, state)
        turn.act, turn.act_by_rule = act.kind, act.source == "rule"
        if act.kind == "unclear" and self.answerer.uses_model:
            turn.act = "answer"  # the model reads act and content in one call
        self._act(turn, act)
        return self._reply(turn)

    def _act(self, turn: Turn, act: Act) -> None:
        state = turn.state
        command = act.command
        if isinstance(command, SwitchLanguage):
            state.lang, state.lang_pinned = command.lang, True
            state.draft.lang = command.lang
            turn.lines.append(turn.say("cmd_lang"))
        elif isinstance(command, Navigate):
            self._navigate(turn, command)
        elif command is not None:
            apply_correction(turn, command)
            if state.step == "plan":
                self.planner.ensure(state)  # a new or renamed pain point needs its action
        elif turn.act == "non_answer" and state.slot in OPTIONAL_SLOTS:
            self._navigate(turn, Navigate("skip"))  # "不知道" to an optional question: move on
        elif turn.act == "answer":
            self._answer(turn)
            if turn.act != "answer":  # a model read it as another act
                self._not_an_answer(turn)
        else:
            self._not_an_answer(turn)

    def _not_an_answer(self, turn: Turn) -> None:
        """A question, a non-answer, off-topic or unclear: nothing is stored; the question is
        asked again (by `_reply`) after a short word that fits the act."""
        say = turn.say
        example = example_for(turn.state, say)
        if turn.act == "question":
            turn.lines.append(self.questions.answer(turn.message, turn.state.lang, say))
            turn.lines.append(say("back_to_question"))
        elif turn.act == "off_topic":
            turn.lines.append(say("reask_off_topic"))
        elif turn.act == "correction":  # a change the rule parsers could not read
            turn.lines.append(say("cmd_unread"))
        elif turn.act == "non_answer":
            turn.lines.append(
                say("reask_non_answer_example", example=example)
                if example
                else say("reask_non_answer")
            )
        else:
            turn.lines.append(
                say("reask_unclear_example", example=example) if example else say("reask_unclear")
            )

    def _typed(self, turn: Turn, command: TypedCommand) -> None:
        """A button: the action as sent, nothing parsed from words."""
        state = turn.state
        turn.act = "navigation"
        if command.action in ("accept", "choose"):
            turn.act = "answer"
            if command.action == "accept":
                chosen = list(state.pending)
            else:
                chosen = [c for c in state.pending if c.number in set(command.choices)]
            if state.slot == "plan" or (state.step == "review" and command.action == "accept"):
                self._accept_plan_or_finish(turn)
            elif chosen:
                apply_chips(turn, chosen)
                turn.understood = True
                step = state.step
                self._settle(turn)
                if state.step == step and not turn.missing:
                    turn.missing = missing(state, step, turn.say)
            else:
                turn.lines.append(turn.say("nothing_chosen"))
        else:
            self._navigate(turn, Navigate(NAVIGATION[command.action], command.step))

    def _accept_plan_or_finish(self, turn: Turn) -> None:
        if turn.state.slot == "plan":
            self._confirm_plan(turn)
            self._settle(turn)
        else:
            self._finish(turn)

    def recover(self, state: InterviewState, message: str, error: BaseException) -> InterviewState:
        """The turn after an unexpected error: the map unchanged, the user told, the question
        asked again. Never raises: a failing turn must not wedge the session."""
        log.exception("interview turn failed", exc_info=error)
        state = copy_state(state)
        state.plan_moved = []
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
                self._unread(turn)
            return
        if slot == "plan":
            if p.is_accept(turn.message):
                self._confirm_plan(turn)
            elif apply_plan_edits(turn):
                turn.understood = True
            else:
                self._unread(turn)
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
        optional = not next(s for s in STEPS[state.step].slots if s.key == slot).required
        if optional:
            state.passed.append(slot)  # optional questions are asked once
        elif not turn.understood:
            if turn.act == "answer":
                self._unread(turn)
            return
        step = state.step
        self._settle(turn)
        if (
            optional
            and not turn.understood
            and state.slot != slot
            and turn.act == "answer"
            and not p.is_accept(turn.message)
        ):
            # An optional question never blocks: a reply that is no answer to it is taken as
            # the answer to the question that follows ("skip the blueprint, here are feelings").
            self._answer(turn)
            return
        if state.step == step and not turn.missing:
            turn.missing = missing(state, step, say)

    def _unread(self, turn: Turn) -> None:
        """An answer the readers got nothing from: say so, with an example of what works."""
        example = example_for(turn.state, turn.say)
        turn.lines.append(
            turn.say("not_understood_example", example=example)
            if example
            else turn.say("not_understood")
        )

    def _navigate(self, turn: Turn, command: Navigate) -> None:
        state, say = turn.state, turn.say
        action = command.action
        if action == "goto" and command.step is not None:
            self._goto(turn, command.step)
        elif action == "progress":
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
            # Questions about the skipped answers go too (no blueprint of skipped touchpoints).
            state.passed.extend(s.key for s in STEPS[step].slots if s.needs == state.slot)
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
        state = turn.state
        target = state.step if state.finished else previous_step(state.step)
        if target is None:
            turn.lines.append(turn.say("cmd_back_first"))
            return
        self._goto(turn, target, "cmd_back")

    def _goto(self, turn: Turn, target: StepId, said: str = "cmd_goto") -> None:
        """Reopen `target`: its questions are asked again, what the map holds stays."""
        state, say = turn.state, turn.say
        state.finished = False
        state.step = target
        keys = {s.key for s in STEPS[target].slots}
        state.passed = [k for k in state.passed if k not in keys]
        state.slot = STEPS[target].slots[0].key
        if target == "plan":
            state.plan_confirmed = False
            self.planner.ensure(state)
        turn.entered = True
        turn.lines.append(say(said, title=step_title(state, say)))

    def _confirm_plan(self, turn: Turn) -> None:
        self.planner.ensure(turn.state)
        turn.state.plan_confirmed = True
        turn.understood = True
        count = len(turn.state.draft.plan.actions)
        turn.echo.append(turn.say("echo_plan_confirmed", count=count))

    def _finish_now(self, turn: Turn) -> None:
        """End the interview from whatever step it is at: the steps left are passed, the plan
        is made from what the map holds and confirmed. The reply says once what was missing."""
        state = turn.state
        left: list[StepId] = []
        if not state.finished:
            for _ in STEP_IDS:  # each round leaves one step
                if state.step == "review" or state.finished:
                    break
                left.append(state.step)
                state.passed.extend(s.key for s in STEPS[state.step].slots)
                self._settle(turn)
            self._finish(turn)
        turn.entered = False  # the closing words, not the review step's introduction
        # What the steps left lack, once each, as the map stands now (the plan is confirmed).
        gaps = [gap for step in left for gap in missing(state, step, turn.say)]
        turn.missing = list(dict.fromkeys(gaps))
        turn.thin = list(dict.fromkeys(turn.thin))

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

    def _reply(self, turn: Turn) -> InterviewState:
        state = turn.state
        reply = self.composer.compose(turn)
        if state.lang == "zh-Hant":
            # A zh-Hant session reads Traditional throughout: content that came in Simplified
            # (a playbook line, a citation title, a retrieved passage) is converted; what the
            # user typed in Traditional is left as typed (script.traditional_chars).
            state.draft = MapDraft.model_validate(
                traditional_tree(state.draft.model_dump(mode="json"), keep=IDENTIFIERS)
            )
            reply = Reply.model_validate(
                traditional_tree(reply.model_dump(mode="json"), keep=IDENTIFIERS)
            )
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

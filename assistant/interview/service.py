"""The interview as a service: what the CLI and the web app call.

`InterviewService` ties the engine (guided, or with a model), the checkpointed graph and
storage together. Each turn is checkpointed by the graph before `reply` returns; the session's
step is mirrored in the sessions table, and the map is saved as a new version whenever a step is
completed and when the interview finishes (author "assistant").
"""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import Citation, Diagnosis, Lang
from assistant.embeddings import Embedder
from assistant.exports import ExportFormat, ExportResult, export_diagnosis
from assistant.interview.draft import MapDraft
from assistant.interview.edits import pending_edits
from assistant.interview.engine import InterviewEngine, new_state
from assistant.interview.evidence import EvidenceProvider
from assistant.interview.graph import InterviewGraph, SessionNotStarted
from assistant.interview.llm_brain import LLMAnswerer
from assistant.interview.overview import counts
from assistant.interview.say import Say
from assistant.interview.state import (
    CommandAction,
    InterviewState,
    Mode,
    SuggestionChip,
    TurnInput,
    TypedCommand,
)
from assistant.interview.steps import STEP_IDS, SlotKey, StepId, step_number
from assistant.interview.titles import is_placeholder, session_title, untitled
from assistant.llm import ChatProvider
from assistant.playbooks import INDUSTRIES
from assistant.retrieval import Retriever
from assistant.services.plan_editing import PlanEditError, PlanEditor
from assistant.storage import Database, NotFound, SessionRecord
from assistant.storage.notes import EDITED_AFTER_REVIEW, interview_note

__all__ = ["InterviewService", "Progress", "SessionNotStarted", "TurnResult"]


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step_index: int
    step_total: int
    completed_steps: list[StepId]
    percent: int
    counts: dict[str, int]


class TurnResult(BaseModel):
    """One turn as a UI shows it: the reply and its parts, the suggestions, where we are, and
    the map so far (as a draft, and as a valid Diagnosis)."""

    model_config = ConfigDict(extra="forbid")

    session_id: str
    workspace_id: str
    step: StepId
    slot: SlotKey  # the question being asked within the step
    step_index: int
    step_total: int
    step_title: str
    lang: Lang
    text: str  # the whole reply: notices, echo, what is missing or thin, why, question, chips
    question: str
    why: str
    echo: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    thin: list[str] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[SuggestionChip] = Field(default_factory=list)
    progress: Progress
    mode: Mode = "guided"
    act: str = "answer"  # what the last message was read as: answer, question, non_answer…
    said: str = ""  # the user's last turn as the transcript has it (a button: its label)
    finished: bool = False
    draft: MapDraft
    diagnosis: Diagnosis
    map_id: str | None = None
    map_version: int | None = None


class InterviewService:
    def __init__(
        self,
        db: Database,
        retriever: Retriever,
        llm: ChatProvider | None,
        checkpoints: Path | str,
        evidence: EvidenceProvider | None = None,
        *,
        default_lang: Lang = "zh-Hans",
        llm_timeout: float | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        """`embedder`: a semantic model for telling the act of a message by its nearest labelled
        examples (acts.py); without one, rules alone decide."""
        self.db = db
        self.default_lang: Lang = default_lang
        answerer = LLMAnswerer(llm, timeout=llm_timeout) if llm is not None else None
        self.engine = InterviewEngine(retriever, answerer, evidence, embedder)
        self.graph = InterviewGraph(self.engine.handle, self.engine.recover, checkpoints)
        # One turn at a time per session: two browser tabs must not interleave a session.
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    # The conversation ---------------------------------------------------------------------------
    def start(
        self, workspace_name: str, lang: Lang | None = None, industry: str | None = None
    ) -> TurnResult:
        """A new interview in the workspace (created if needed); the first question."""
        if industry is not None and industry not in INDUSTRIES:
            raise ValueError(f"unknown industry {industry!r}; one of {', '.join(INDUSTRIES)}")
        workspace = self.db.workspaces.get_or_create(workspace_name)
        chosen: Lang = lang or self.default_lang
        industry_name = Say(chosen)(f"industry_{industry}") if industry else ""
        title = untitled(chosen, industry_name)
        session = self.db.sessions.create(workspace.id, title, chosen, step=STEP_IDS[0])
        state = new_state(session.id, workspace.id, workspace.name, chosen, industry)
        state = self.graph.start(self.engine.open(state))
        return self._result(state)

    def command(
        self,
        session_id: str,
        action: CommandAction,
        *,
        choices: list[int] | None = None,
        step: StepId | None = None,
    ) -> TurnResult:
        """A button pressed (back, skip, accept all, chips 1 and 3…): sent as a typed command."""
        typed = TypedCommand(action=action, choices=choices or [], step=step)
        return self.reply(session_id, "", command=typed)

    def reply(
        self,
        session_id: str,
        message: str,
        *,
        command: TypedCommand | None = None,
        turn_id: str = "",
    ) -> TurnResult:
        """Handle the user's message (or a button's command); the turn is checkpointed before
        this returns. `turn_id`: the stored turn this is (recorded as the state's
        `last_turn_id`; see assistant/services/turns.py)."""
        return self._turn(session_id, message, command=command, turn_id=turn_id)

    def _turn(
        self,
        session_id: str,
        message: str,
        *,
        command: TypedCommand | None = None,
        finish_now: bool = False,
        turn_id: str = "",
    ) -> TurnResult:
        with self._locks[session_id]:
            record = self.db.sessions.get(session_id)  # NotFound for an unknown id
            loaded = self.graph.load(session_id)
            draft = loaded.draft
            before = draft if record.status == "finished" else None
            turn = TurnInput(
                message=message, command=command, finish_now=finish_now, turn_id=turn_id
            )
            edits = pending_edits(self.db, session_id, draft)  # made in the map view meanwhile
            if edits is not None:
                turn = turn.model_copy(
                    update={"edited_draft": edits.draft, "edited_version": edits.version}
                )
            state = self.graph.resume(session_id, turn)
            completed = state.last_reply.completed_steps if state.last_reply else []
            if record.step != state.step:
                self.db.sessions.update_step(session_id, state.step)
            self._retitle(record, session_title(draft, loaded.lang), state)
            taken = edits is not None and state.edits_version == edits.version
            if completed or taken:
                # Saving right after taking hand edits in makes this the base the next hand
                # edits are compared with, so they are never applied twice.
                note = interview_note(completed, hand_edits=taken, finished_early=finish_now)
                saving = state
                if taken and edits is not None and state.plan_moved:
                    # The hand edits as taken in, before this turn's moves: those are saved
                    # next as the plan page saves them, so that its undo can take them back.
                    saving = state.model_copy(
                        update={"draft": _reordered(state.draft, edits.draft)}
                    )
                self._save_map(saving, note=note)
            moved = self._save_plan_moves(state)
            if (
                not (completed or taken)
                and before is not None
                and state.finished
                and state.draft != (_reordered(before, state.draft) if moved else before)
            ):
                self._save_map(state, note=EDITED_AFTER_REVIEW)  # the result stays versioned
            if state.finished and record.status != "finished":
                self.db.sessions.update_status(session_id, "finished")
            elif not state.finished and record.status == "finished":
                self.db.sessions.update_status(session_id, "active")
            return self._result(state)

    def _retitle(self, record: SessionRecord, before: str, state: InterviewState) -> None:
        """The session's title follows its subject: renewed when the turn changed what the
        title is made from (a copy keeps its marker until then), or when it is still the
        placeholder sessions once all shared."""
        after = session_title(state.draft, state.lang)
        if after != record.title and (after != before or is_placeholder(record.title, record.lang)):
            self.db.sessions.update_title(record.id, after)

    def current(self, session_id: str) -> TurnResult:
        """The last reply again (for a UI resuming a session)."""
        return self._result(self.state(session_id))

    def state(self, session_id: str) -> InterviewState:
        self.db.sessions.get(session_id)
        return self.graph.load(session_id)

    def diagnosis(self, session_id: str) -> Diagnosis:
        return self._diagnosis(self.state(session_id))

    def finish(self, session_id: str) -> TurnResult:
        """Finish now, whatever step the interview is at: the plan is made from what the map
        holds and confirmed, the final version saved. One turn with a typed flag: nothing is
        put in the user's mouth (no "done" in the transcript), and the steps passed on the way
        add no replies of their own. Callers confirm with the user first
        (`assistant.services.sessions.SessionService.finish_check`)."""
        current = self.current(session_id)
        return current if current.finished else self._turn(session_id, "", finish_now=True)

    def forget(self, session_id: str) -> None:
        """Delete the session's checkpoints (its conversation); the caller deletes the stored
        session. A session that was never started has none: nothing to do."""
        with self._locks[session_id]:
            self.graph.delete(session_id)
        self._locks.pop(session_id, None)

    def export(self, session_id: str, fmt: ExportFormat, lang: Lang | None = None) -> ExportResult:
        return export_diagnosis(self.diagnosis(session_id), fmt, lang)

    def close(self) -> None:
        self.graph.close()

    # Helpers ----------------------------------------------------------------------------------
    def _diagnosis(self, state: InterviewState) -> Diagnosis:
        say = Say(state.lang)
        placeholder = say("placeholder")
        subject = state.draft.product or state.draft.industry or placeholder
        return state.draft.to_diagnosis(
            placeholder=placeholder, title=say("map_title", subject=subject)
        )

    def _save_plan_moves(self, state: InterviewState) -> bool:
        """Save the turn's moves of plan actions in words as the plan page saves its moves
        (`PlanEditor.move`: a version authored `edit`, note "reorder action …", undone by the
        page's undo), each to the place the draft now gives it among the stored actions. True
        when one was saved; a map not saved yet, or an action it does not hold yet, is saved with
        the interview's next version instead."""
        if not state.plan_moved:
            return False
        maps = self.db.maps.for_session(state.session_id)
        if not maps:
            return False
        map_id, editor = maps[0].id, PlanEditor(self.db)
        order = [a.id for a in state.draft.plan.actions]
        saved = False
        for action_id in dict.fromkeys(state.plan_moved):
            stored = [a.id for a in self.db.maps.latest(map_id)[0].plan.actions]
            if action_id not in stored or action_id not in order:
                continue
            rest = [i for i in stored if i != action_id]
            earlier = [i for i in order[: order.index(action_id)] if i in rest]
            index = rest.index(earlier[-1]) + 1 if earlier else 0
            try:
                saved = editor.move(map_id, action_id, index=index) is not None or saved
            except PlanEditError:  # the stored plan cannot take it: the next version will
                continue
        return saved

    def _save_map(self, state: InterviewState, note: str) -> None:
        diagnosis = self._diagnosis(state)
        maps = self.db.maps.for_session(state.session_id)
        if maps:
            self.db.maps.save_version(maps[0].id, diagnosis, note=note, author="assistant")
        else:
            self.db.maps.create(
                state.workspace_id,
                diagnosis,
                session_id=state.session_id,
                note=note,
                author="assistant",
            )

    def _result(self, state: InterviewState) -> TurnResult:
        reply = state.last_reply
        if reply is None:  # only a state that never went through the engine
            raise NotFound(f"session '{state.session_id}' has no reply yet")
        say = Say(state.lang)
        try:
            maps = self.db.maps.for_session(state.session_id)
        except NotFound:
            maps = []
        index = step_number(state.step)
        done = [s for s in STEP_IDS if s in state.completed_steps]
        return TurnResult(
            session_id=state.session_id,
            workspace_id=state.workspace_id,
            step=state.step,
            slot=state.slot,
            step_index=index,
            step_total=len(STEP_IDS),
            step_title=say(f"step_{state.step}"),
            lang=state.lang,
            text=reply.text,
            question=reply.question,
            why=reply.why,
            echo=reply.echo,
            missing=reply.missing,
            thin=reply.thin,
            notices=reply.notices,
            citations=reply.citations,
            suggestions=list(state.pending),
            progress=Progress(
                step_index=index,
                step_total=len(STEP_IDS),
                completed_steps=done,
                percent=round(100 * len(done) / len(STEP_IDS)),
                counts=counts(state),
            ),
            mode=reply.mode,
            act=reply.act,
            said=next((e.text for e in reversed(state.transcript) if e.role == "user"), ""),
            finished=state.finished,
            draft=state.draft,
            diagnosis=self._diagnosis(state),
            map_id=maps[0].id if maps else None,
            map_version=maps[0].latest_version if maps else None,
        )


def _reordered(draft: MapDraft, like: MapDraft) -> MapDraft:
    """`draft` with its plan's actions in the order `like` has them (and its flag for a team's
    order): what a turn that only moved actions leaves of the draft it started from."""
    rank = {a.id: i for i, a in enumerate(like.plan.actions)}
    copy = draft.model_copy(deep=True)
    copy.plan.actions.sort(key=lambda a: rank.get(a.id, len(rank)))
    copy.plan_ordered = like.plan_ordered
    return copy

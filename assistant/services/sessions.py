"""Interview sessions as the web app, the JSON API and the CLI start, list, copy, delete and
finish them: `SessionService` owns these, so no router or command calls the repositories or the
checkpoints for them directly.

`duplicate` copies the stored session and its maps (storage does that) and also the interview's
checkpoint, so the copy resumes exactly where the original stands (same step, same suggestions
on offer) and the two then go their own ways; the copy's title carries a "copy" marker in the
language of whoever copied it. `delete` removes the session, its maps and its checkpoint.
`finish_check` says what finishing now would leave missing, for the confirmation every caller
asks for before `finish`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.domain import Lang
from assistant.interview.draft import MapDraft
from assistant.interview.graph import SessionNotStarted
from assistant.interview.say import Say
from assistant.interview.service import InterviewService, TurnResult
from assistant.interview.titles import copy_title, is_placeholder
from assistant.prompts import load_prompts
from assistant.storage import Database, MapRecord, SessionRecord, WorkspaceRecord
from assistant.text.script import to_simplified, to_traditional

DEFAULT_WORKSPACE = "default"

MapPart = Literal["goal", "personas", "stages", "touchpoints", "emotions", "pain_points"]
MAP_PARTS: tuple[MapPart, ...] = (
    "goal",
    "personas",
    "stages",
    "touchpoints",
    "emotions",
    "pain_points",
)


@dataclass(frozen=True)
class SessionSummary:
    """A session with what a list shows beside it: its workspace and its map, if one exists."""

    session: SessionRecord
    workspace: WorkspaceRecord
    map: MapRecord | None

    def title_in(self, lang: Lang) -> str:
        """The title as a page in `lang` shows it: between Simplified and Traditional Chinese in
        that page's script (as the map pages show content); English and content in English as
        stored."""
        source = self.session.lang
        if lang == source or "en" in (lang, source):
            return self.title
        return to_traditional(self.title) if lang == "zh-Hant" else to_simplified(self.title)

    @property
    def title(self) -> str:
        # The session's title follows its goal or subject (interview/titles.py). Sessions
        # stored before that all share a placeholder title: their map's title says more.
        session = self.session
        if self.map is not None and is_placeholder(session.title, session.lang):
            return self.map.title
        return session.title


def list_sessions(db: Database, workspace_id: str | None = None) -> list[SessionSummary]:
    """Sessions of one workspace, or of all, most recently changed first."""
    summaries: list[SessionSummary] = []
    for workspace in db.workspaces.list():
        if workspace_id is not None and workspace.id != workspace_id:
            continue
        maps = {m.session_id: m for m in reversed(db.maps.list(workspace.id)) if m.session_id}
        for session in db.sessions.list(workspace.id):
            summaries.append(SessionSummary(session, workspace, maps.get(session.id)))
    summaries.sort(key=lambda s: s.session.updated_at, reverse=True)
    return summaries


def duplicate_session(
    db: Database, interview: InterviewService, session_id: str, title: str | None = None
) -> SessionRecord:
    """A copy of the session, its maps and its interview state; NotFound if there is none."""
    copy = db.sessions.duplicate(session_id, title)
    try:
        state = interview.state(session_id)
    except SessionNotStarted:
        return copy  # stored without a conversation (e.g. imported): nothing more to copy
    interview.graph.start(state.model_copy(update={"session_id": copy.id}, deep=True))
    return copy


@dataclass(frozen=True)
class FinishCheck:
    """What finishing now would mean, for the confirmation asked before `finish`."""

    session_id: str
    finished: bool  # already finished: nothing to confirm
    missing: list[MapPart]  # parts of the map with nothing in them yet, in map order
    empty: bool  # no touchpoints and no pain points: the map would be empty
    message: str  # what to tell the user, in the language asked for


class SessionService:
    """Start, list, duplicate, delete and finish interview sessions."""

    def __init__(self, db: Database, interview: InterviewService) -> None:
        self.db = db
        self.interview = interview

    def list(self, workspace_id: str | None = None) -> list[SessionSummary]:
        return list_sessions(self.db, workspace_id)

    def get(self, session_id: str) -> SessionSummary:
        """One session as the list shows it; NotFound if there is none."""
        session = self.db.sessions.get(session_id)
        maps = self.db.maps.for_session(session_id)
        workspace = self.db.workspaces.get(session.workspace_id)
        return SessionSummary(session, workspace, maps[0] if maps else None)

    def start(
        self,
        workspace: str = DEFAULT_WORKSPACE,
        lang: Lang | None = None,
        industry: str | None = None,
    ) -> TurnResult:
        """A new interview in the workspace (created if needed; blank means the default one)."""
        return self.interview.start(workspace.strip() or DEFAULT_WORKSPACE, lang, industry)

    def duplicate(self, session_id: str, lang: Lang | None = None) -> SessionSummary:
        """A copy that resumes where the original stands, titled with a "copy" marker in
        `lang` (the user's language; the session's own by default)."""
        original = self.get(session_id)
        title = copy_title(original.title, lang or original.session.lang)
        return self.get(duplicate_session(self.db, self.interview, session_id, title).id)

    def delete(self, session_id: str) -> SessionSummary:
        """Delete the session, its maps with all their versions, and its interview checkpoint;
        returns what was deleted (for the confirmation)."""
        deleted = self.get(session_id)
        self.db.sessions.delete(session_id)
        self.interview.forget(session_id)
        return deleted

    def finish_check(self, session_id: str, lang: Lang | None = None) -> FinishCheck:
        """What is still missing if the interview finishes now, said in `lang` (the user's
        language; the session's own by default)."""
        state = self.interview.state(session_id)
        return finish_check(session_id, state.draft, state.finished, lang or state.lang)

    def finish(self, session_id: str) -> TurnResult:
        """Finish now (after the user confirmed): the plan is made from what the map holds and
        confirmed, the final version saved. Nothing is added to the transcript in the user's
        name."""
        return self.interview.finish(session_id)


def finish_check(session_id: str, draft: MapDraft, finished: bool, lang: Lang) -> FinishCheck:
    """`SessionService.finish_check` for a map already at hand (a page has the turn's draft)."""
    have = {
        "goal": bool(draft.goal.strip()),
        "personas": bool(draft.personas),
        "stages": bool(draft.stages),
        "touchpoints": bool(draft.touchpoints),
        "emotions": any(t.emotion is not None for t in draft.touchpoints),
        "pain_points": bool(draft.pain_points),
    }
    missing = [part for part in MAP_PARTS if not have[part]]
    empty = not draft.touchpoints and not draft.pain_points
    return FinishCheck(
        session_id=session_id,
        finished=finished,
        missing=missing,
        empty=empty,
        message=_finish_message(finished, missing, empty, lang),
    )


def _finish_message(finished: bool, missing: list[MapPart], empty: bool, lang: Lang) -> str:
    prompts = load_prompts()

    def ui(key: str, **values: str) -> str:
        return prompts.render(f"ui.{key}", lang, **values)

    if finished:
        return ui("finish_already")
    if not missing:
        return ui("finish_complete")
    names = [ui(f"finish_part_{part}") for part in missing]
    parts = names[0]
    if len(names) > 1:
        parts = ui("finish_parts_last", first=Say(lang).join(names[:-1]), last=names[-1])
    return ui("finish_missing_empty" if empty else "finish_missing_partial", parts=parts)

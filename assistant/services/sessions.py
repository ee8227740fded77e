"""Interview sessions as the web app and the CLI list and copy them.

`duplicate_session` copies the stored session and its maps (storage does that) and also the
interview's checkpoint, so the copy resumes exactly where the original stands (same step, same
suggestions on offer) and the two then go their own ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.interview.graph import SessionNotStarted
from assistant.interview.service import InterviewService
from assistant.storage import Database, MapRecord, SessionRecord, WorkspaceRecord


@dataclass(frozen=True)
class SessionSummary:
    """A session with what a list shows beside it: its workspace and its map, if one exists."""

    session: SessionRecord
    workspace: WorkspaceRecord
    map: MapRecord | None

    @property
    def title(self) -> str:
        # The map's title names the subject once the interview knows it; the session's own
        # title is set at the start, before anything is known.
        return self.map.title if self.map is not None else self.session.title


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

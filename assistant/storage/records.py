"""What the repositories hand out: small frozen dataclasses, detached from any database session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from assistant.domain import Lang

SessionStatus = Literal["active", "finished"]
Author = Literal["user", "assistant", "import", "edit"]
"""Who made a map version: the user, the assistant, an import, or a manual edit."""
SourceStatus = Literal["ok", "failed"]
AttemptKind = Literal["roleplay", "quiz", "mapping"]
AttemptStatus = Literal["active", "finished"]
WorkStatus = Literal["pending", "running", "done", "failed"]
"""A turn or a job: accepted and waiting, being run by a process (its `holder`), or ended."""
JobKind = Literal["ingest", "analysis"]


@dataclass(frozen=True, slots=True)
class WorkspaceRecord:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: str
    workspace_id: str
    title: str
    lang: Lang
    status: SessionStatus
    step: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class MapRecord:
    id: str
    workspace_id: str
    session_id: str | None
    title: str
    latest_version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One entry of a map's history, with the sizes a history list shows."""

    map_id: str
    version: int
    note: str
    author: Author
    created_at: datetime
    stages: int
    touchpoints: int
    pain_points: int
    actions: int


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: str
    workspace_id: str
    filename: str
    content_hash: str
    kind: str
    record_count: int
    status: SourceStatus
    error: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TraineeRecord:
    id: str
    workspace_id: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CourseRecord:
    """A trainer's course: the scenarios, quiz topics and mapping cases assigned, and the roster."""

    id: str
    workspace_id: str
    name: str
    scenario_ids: tuple[str, ...]
    quiz_topics: tuple[str, ...]
    mapping_cases: tuple[str, ...]
    trainee_ids: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    """One practice attempt: a role-play, a quiz answer or a mapping exercise, with its state
    (the transcript), its total (0-100, or None while running) and its per-criterion result."""

    id: str
    workspace_id: str
    trainee_id: str
    kind: AttemptKind
    item_id: str
    lang: Lang
    status: AttemptStatus
    state: dict[str, Any]
    total: int | None
    result: dict[str, Any]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """A message the interview accepted, stored before its reply is made (durable turns)."""

    id: str
    session_id: str
    message: str
    command: dict[str, Any] | None
    status: WorkStatus
    error: str
    holder: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A background job (an upload indexed or analysed) as any process can see it."""

    id: str
    workspace_id: str
    kind: JobKind
    status: WorkStatus
    error: str
    holder: str
    progress: dict[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime

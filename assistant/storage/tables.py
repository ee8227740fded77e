"""The ORM tables. Portable types only, so the same schema runs on SQLite and PostgreSQL.

Deletes cascade in the database (`ondelete="CASCADE"`, with `passive_deletes` on the relationships)
so a raw SQL delete and an ORM delete leave the same state behind.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, get_args

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from assistant.storage.records import (
    AttemptKind,
    AttemptStatus,
    Author,
    JobKind,
    SessionStatus,
    SourceStatus,
    WorkStatus,
)

# The Literal types are the one list of allowed values; the database checks them too.
SESSION_STATUSES: tuple[str, ...] = get_args(SessionStatus)
AUTHORS: tuple[str, ...] = get_args(Author)
SOURCE_STATUSES: tuple[str, ...] = get_args(SourceStatus)
ATTEMPT_KINDS: tuple[str, ...] = get_args(AttemptKind)
ATTEMPT_STATUSES: tuple[str, ...] = get_args(AttemptStatus)
WORK_STATUSES: tuple[str, ...] = get_args(WorkStatus)
JOB_KINDS: tuple[str, ...] = get_args(JobKind)


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out.

    SQLite has no time zone type and hands back naive values; PostgreSQL converts to the
    connection's zone. Normalising here means callers always see UTC whatever the backend.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store aware UTC datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _one_of(table: str, column: str, values: tuple[str, ...]) -> CheckConstraint:
    # Named per table: some backends want constraint names unique across the schema.
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"ck_{table}_{column}")


class Base(DeclarativeBase):
    pass


class WorkspaceRow(Base):
    __tablename__ = "workspaces"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SessionRow(Base):
    __tablename__ = "interview_sessions"
    __table_args__ = (_one_of("interview_sessions", "status", SESSION_STATUSES),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    lang: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="active")
    step: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    maps: Mapped[list[MapRow]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(MapRow.created_at, MapRow.id)",
    )


class MapRow(Base):
    __tablename__ = "maps"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    # A map made in an interview belongs to it and goes when the session is deleted; an imported
    # map has no session.
    session_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[SessionRow | None] = relationship(back_populates="maps")
    versions: Mapped[list[MapVersionRow]] = relationship(
        back_populates="map",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MapVersionRow.version",
    )


class MapVersionRow(Base):
    """One saved Diagnosis. Rows are only ever inserted: a save is a new version."""

    __tablename__ = "map_versions"
    __table_args__ = (
        UniqueConstraint("map_id", "version", name="uq_map_versions_map_id_version"),
        _one_of("map_versions", "author", AUTHORS),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    map_id: Mapped[str] = mapped_column(String(36), ForeignKey("maps.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    diagnosis: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    map: Mapped[MapRow] = relationship(back_populates="versions")


class SourceRow(Base):
    """A file ingested into a workspace's knowledge base (the vectors live in Chroma)."""

    __tablename__ = "sources"
    __table_args__ = (
        UniqueConstraint("workspace_id", "filename", name="uq_sources_workspace_id_filename"),
        _one_of("sources", "status", SOURCE_STATUSES),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="ok")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Practice: trainees, courses and attempts ------------------------------------------------------


class TraineeRow(Base):
    """A trainee known by name inside a workspace (no password: accounts come with users)."""

    __tablename__ = "trainees"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_trainees_workspace_name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseRow(Base):
    __tablename__ = "courses"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_courses_workspace_name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    scenario_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    quiz_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    mapping_cases: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseMemberRow(Base):
    __tablename__ = "course_members"

    course_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("trainees.id", ondelete="CASCADE"), primary_key=True
    )


class AttemptRow(Base):
    __tablename__ = "practice_attempts"
    __table_args__ = (
        _one_of("practice_attempts", "kind", ATTEMPT_KINDS),
        _one_of("practice_attempts", "status", ATTEMPT_STATUSES),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("trainees.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="active")
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TurnRow(Base):
    """An interview message stored when it is accepted, so a crash or another worker never
    loses it (assistant/services/turns.py)."""

    __tablename__ = "interview_turns"
    __table_args__ = (_one_of("interview_turns", "status", WORK_STATUSES),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    session_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(Text, default="")
    command: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    holder: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobRow(Base):
    """A background job's state and last progress snapshot, readable by every worker."""

    __tablename__ = "jobs"
    __table_args__ = (
        _one_of("jobs", "status", WORK_STATUSES),
        _one_of("jobs", "kind", JOB_KINDS),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    holder: Mapped[str] = mapped_column(String(200), default="")
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LeaseRow(Base):
    """A named lock shared by every worker process (e.g. one turn at a time per session)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

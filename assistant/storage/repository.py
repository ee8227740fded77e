"""The repository API: domain objects and frozen records in, domain objects and records out.

Each method is one transaction of its own, and no ORM object leaves it. Map versions are only ever
inserted: saving a map adds the next version, and every earlier one stays readable.
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any, Protocol, TypeVar, cast

from pydantic import ValidationError
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.domain import LANGS, Diagnosis, Lang
from assistant.storage.notes import copied_note
from assistant.storage.records import (
    Author,
    MapRecord,
    SessionRecord,
    SessionStatus,
    SourceRecord,
    SourceStatus,
    VersionInfo,
    WorkspaceRecord,
)
from assistant.storage.tables import (
    AUTHORS,
    SESSION_STATUSES,
    SOURCE_STATUSES,
    Base,
    MapRow,
    MapVersionRow,
    SessionRow,
    SourceRow,
    WorkspaceRow,
    utcnow,
)

RowT = TypeVar("RowT", bound=Base)
ResultT = TypeVar("ResultT")


class InvalidName(ValueError):
    """A name that cannot be used (empty, or with a character that breaks addresses)."""


class NotFound(Exception):
    """A workspace, session, map, map version or source that does not exist.

    `what` (workspace, session, map, version, source…) and `ident` say which, so a page can say
    it in the reader's language; the message stays the English one logs and the API show."""

    def __init__(self, message: str, *, what: str = "", ident: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.ident = ident


class AlreadyExists(Exception):
    """Adding something whose natural key (e.g. a source's filename) is already taken."""


class Transactions(Protocol):
    """What the repositories need from `Database`: a transaction per call."""

    def session(self) -> AbstractContextManager[Session]: ...


# Helpers --------------------------------------------------------------------------------------


def _get(session: Session, row_type: type[RowT], row_id: str, what: str) -> RowT:
    row = session.get(row_type, row_id)
    if row is None:
        raise NotFound(f"{what} '{row_id}' not found", what=what, ident=row_id)
    return row


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    # The Literal types only bind type-checked callers; web forms and the CLI pass plain str.
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)} (got {value!r})")


def _retry_once_on_conflict(attempt: Callable[[], ResultT]) -> ResultT:
    """Run `attempt` (one transaction); if a unique constraint caught a concurrent writer, its
    transaction was rolled back, so run it once more against what the other writer committed."""
    try:
        return attempt()
    except IntegrityError:
        return attempt()


def _workspace_record(row: WorkspaceRow) -> WorkspaceRecord:
    return WorkspaceRecord(id=row.id, name=row.name, created_at=row.created_at)


def _session_record(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        title=row.title,
        lang=cast(Lang, row.lang),
        status=cast(SessionStatus, row.status),
        step=row.step,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _map_record(row: MapRow, latest_version: int) -> MapRecord:
    return MapRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        session_id=row.session_id,
        title=row.title,
        latest_version=latest_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _version_info(row: MapVersionRow) -> VersionInfo:
    # Counted from the stored JSON without validating it: a history list should stay cheap.
    data: dict[str, Any] = row.diagnosis
    journey = data.get("map", {})
    plan = data.get("plan", {})
    return VersionInfo(
        map_id=row.map_id,
        version=row.version,
        note=row.note,
        author=cast(Author, row.author),
        created_at=row.created_at,
        stages=len(journey.get("stages", [])),
        touchpoints=len(journey.get("touchpoints", [])),
        pain_points=len(journey.get("pain_points", [])),
        actions=len(plan.get("actions", [])),
    )


def _source_record(row: SourceRow) -> SourceRecord:
    return SourceRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        filename=row.filename,
        content_hash=row.content_hash,
        kind=row.kind,
        record_count=row.record_count,
        status=cast(SourceStatus, row.status),
        error=row.error,
        created_at=row.created_at,
    )


def _to_json(diagnosis: Diagnosis) -> dict[str, Any]:
    # Computed fields (an action's `priority`) are derived, and the models forbid extra input,
    # so storing them would make the row unreadable. Stored: exactly what validates back.
    return diagnosis.model_dump(mode="json", exclude_computed_fields=True)


# The lists of a stored map whose elements have ids (`ids_in_history`).
_ELEMENT_LISTS = ("personas", "stages", "touchpoints", "pain_points", "opportunities", "kpis")


def _to_diagnosis(row: MapVersionRow) -> Diagnosis:
    try:
        return Diagnosis.model_validate(row.diagnosis)
    except ValidationError as exc:
        exc.add_note(f"stored as version {row.version} of map '{row.map_id}'")
        raise


# Repositories ---------------------------------------------------------------------------------


class WorkspaceRepository:
    def __init__(self, db: Transactions) -> None:
        self._db = db

    def get_or_create(self, name: str) -> WorkspaceRecord:
        """The workspace called `name` (surrounding spaces ignored), created if missing."""
        name = name.strip()
        if not name:
            raise InvalidName("a workspace needs a name")
        if any(c in name for c in "/\\") or not name.isprintable():
            raise InvalidName(
                f"a workspace name cannot contain '/', '\\' or control characters: {name!r}"
            )

        def attempt() -> WorkspaceRecord:
            with self._db.session() as s:
                row = s.scalar(select(WorkspaceRow).where(WorkspaceRow.name == name))
                if row is None:
                    row = WorkspaceRow(name=name)
                    s.add(row)
                    s.flush()
                return _workspace_record(row)

        # Two first requests may both insert; the unique name lets the loser read the winner's.
        return _retry_once_on_conflict(attempt)

    def get(self, workspace_id: str) -> WorkspaceRecord:
        with self._db.session() as s:
            return _workspace_record(_get(s, WorkspaceRow, workspace_id, "workspace"))

    def list(self) -> builtins.list[WorkspaceRecord]:
        with self._db.session() as s:
            rows = s.scalars(select(WorkspaceRow).order_by(WorkspaceRow.name))
            return [_workspace_record(r) for r in rows]

    def delete(self, workspace_id: str) -> None:
        """Delete the workspace with its sessions, maps, versions and sources."""
        with self._db.session() as s:
            s.delete(_get(s, WorkspaceRow, workspace_id, "workspace"))


class SessionRepository:
    def __init__(self, db: Transactions) -> None:
        self._db = db

    def create(
        self, workspace_id: str, title: str, lang: Lang = "zh-Hans", step: str = "start"
    ) -> SessionRecord:
        _check(lang, LANGS, "lang")
        with self._db.session() as s:
            _get(s, WorkspaceRow, workspace_id, "workspace")
            now = utcnow()
            row = SessionRow(
                workspace_id=workspace_id,
                title=title.strip(),
                lang=lang,
                step=step,
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
            return _session_record(row)

    def get(self, session_id: str) -> SessionRecord:
        with self._db.session() as s:
            return _session_record(_get(s, SessionRow, session_id, "session"))

    def list(self, workspace_id: str) -> builtins.list[SessionRecord]:
        """The workspace's sessions, most recently changed first."""
        with self._db.session() as s:
            _get(s, WorkspaceRow, workspace_id, "workspace")
            rows = s.scalars(
                select(SessionRow)
                .where(SessionRow.workspace_id == workspace_id)
                .order_by(SessionRow.updated_at.desc(), SessionRow.created_at.desc())
            )
            return [_session_record(r) for r in rows]

    def update_step(self, session_id: str, step: str) -> SessionRecord:
        return self._update(session_id, step=step)

    def update_status(self, session_id: str, status: SessionStatus) -> SessionRecord:
        _check(status, SESSION_STATUSES, "status")
        return self._update(session_id, status=status)

    def update_title(self, session_id: str, title: str) -> SessionRecord:
        return self._update(session_id, title=title.strip())

    def _update(self, session_id: str, **values: str) -> SessionRecord:
        with self._db.session() as s:
            row = _get(s, SessionRow, session_id, "session")
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            s.flush()
            return _session_record(row)

    def duplicate(self, session_id: str, title: str | None = None) -> SessionRecord:
        """A copy of the session (same step and status) with a copy of each of its maps.

        Each copied map starts at version 1 holding the original's latest version; the note says
        where it came from. The interview engine's checkpoint is not copied: it resumes the copy
        from `step`.
        """
        with self._db.session() as s:
            source = _get(s, SessionRow, session_id, "session")
            now = utcnow()
            clone = SessionRow(
                workspace_id=source.workspace_id,
                title=source.title if title is None else title.strip(),
                lang=source.lang,
                status=source.status,
                step=source.step,
                created_at=now,
                updated_at=now,
            )
            s.add(clone)
            s.flush()
            for position, original in enumerate(source.maps):
                # Maps are listed by creation time: step it so the copies keep the originals'
                # order even where the clock is too coarse to tell them apart.
                created = now + timedelta(microseconds=position)
                latest = s.scalars(
                    select(MapVersionRow)
                    .where(MapVersionRow.map_id == original.id)
                    .order_by(MapVersionRow.version.desc())
                    .limit(1)
                ).one()
                copied = MapRow(
                    workspace_id=original.workspace_id,
                    session_id=clone.id,
                    title=original.title,
                    created_at=created,
                    updated_at=created,
                )
                copied.versions.append(
                    MapVersionRow(
                        version=1,
                        diagnosis=copy.deepcopy(latest.diagnosis),
                        note=copied_note(original.id, latest.version),
                        author=latest.author,
                    )
                )
                s.add(copied)
            s.flush()
            return _session_record(clone)

    def delete(self, session_id: str) -> None:
        """Delete the session with the maps made in it and all their versions."""
        with self._db.session() as s:
            s.delete(_get(s, SessionRow, session_id, "session"))


class MapRepository:
    def __init__(self, db: Transactions) -> None:
        self._db = db

    def create(
        self,
        workspace_id: str,
        diagnosis: Diagnosis,
        session_id: str | None = None,
        note: str = "",
        author: Author = "user",
    ) -> MapRecord:
        """A new map whose version 1 is `diagnosis`."""
        _check(author, AUTHORS, "author")
        with self._db.session() as s:
            _get(s, WorkspaceRow, workspace_id, "workspace")
            if session_id is not None:
                session_row = _get(s, SessionRow, session_id, "session")
                if session_row.workspace_id != workspace_id:
                    raise ValueError(
                        f"session '{session_id}' belongs to another workspace than '{workspace_id}'"
                    )
            now = utcnow()
            row = MapRow(
                workspace_id=workspace_id,
                session_id=session_id,
                title=diagnosis.map.title,
                created_at=now,
                updated_at=now,
            )
            row.versions.append(
                MapVersionRow(
                    version=1,
                    diagnosis=_to_json(diagnosis),
                    note=note,
                    author=author,
                    created_at=now,
                )
            )
            s.add(row)
            s.flush()
            return _map_record(row, 1)

    def get(self, map_id: str) -> MapRecord:
        with self._db.session() as s:
            records = self._records(s, MapRow.id == map_id)
            if not records:
                raise NotFound(f"map '{map_id}' not found", what="map", ident=map_id)
            return records[0]

    def save_version(
        self, map_id: str, diagnosis: Diagnosis, note: str = "", author: Author = "edit"
    ) -> int:
        """Store `diagnosis` as the map's next version and return that version number."""
        _check(author, AUTHORS, "author")
        payload = _to_json(diagnosis)

        def attempt() -> int:
            with self._db.session() as s:
                row = _get(s, MapRow, map_id, "map")
                # Update the map row first: that write takes PostgreSQL's row lock or SQLite's
                # write lock, so concurrent saves of one map queue here and each reads the
                # max that the one before it committed.
                row.title = diagnosis.map.title
                row.updated_at = utcnow()
                s.flush()
                version = _next_version(s, map_id)
                s.add(
                    MapVersionRow(
                        map_id=map_id, version=version, diagnosis=payload, note=note, author=author
                    )
                )
                s.flush()
                return version

        # The unique (map_id, version) constraint is the backstop should a writer still slip
        # past the lock: its transaction is rolled back and it reads max+1 afresh.
        return _retry_once_on_conflict(attempt)

    def latest(self, map_id: str) -> tuple[Diagnosis, int]:
        with self._db.session() as s:
            _get(s, MapRow, map_id, "map")
            row = s.scalars(
                select(MapVersionRow)
                .where(MapVersionRow.map_id == map_id)
                .order_by(MapVersionRow.version.desc())
                .limit(1)
            ).one()
            return _to_diagnosis(row), row.version

    def get_version(self, map_id: str, version: int) -> Diagnosis:
        with self._db.session() as s:
            _get(s, MapRow, map_id, "map")
            row = s.scalar(
                select(MapVersionRow).where(
                    MapVersionRow.map_id == map_id, MapVersionRow.version == version
                )
            )
            if row is None:
                raise NotFound(
                    f"version {version} of map '{map_id}' not found",
                    what="version",
                    ident=str(version),
                )
            return _to_diagnosis(row)

    def authors(self, map_id: str) -> builtins.list[tuple[int, Author]]:
        """(version, author) of every version, oldest first, without loading the diagnoses."""
        with self._db.session() as s:
            _get(s, MapRow, map_id, "map")
            rows = s.execute(
                select(MapVersionRow.version, MapVersionRow.author)
                .where(MapVersionRow.map_id == map_id)
                .order_by(MapVersionRow.version)
            )
            return [(version, cast(Author, author)) for version, author in rows]

    def ids_in_history(self, map_id: str) -> set[str]:
        """Every element id any version of the map has held (personas, stages, touchpoints,
        pain points, opportunities, KPIs, plan actions), read from the stored JSON without
        validating it: what a new element must not be called, since older versions, their
        notes and a running interview may still name an element deleted since."""
        with self._db.session() as s:
            _get(s, MapRow, map_id, "map")
            rows = s.scalars(select(MapVersionRow.diagnosis).where(MapVersionRow.map_id == map_id))
            ids: set[str] = set()
            for data in rows:
                journey = data.get("map") or {}
                lists = [journey.get(key) or [] for key in _ELEMENT_LISTS]
                lists.append((data.get("plan") or {}).get("actions") or [])
                ids.update(str(item["id"]) for items in lists for item in items if "id" in item)
            return ids

    def history(self, map_id: str) -> builtins.list[VersionInfo]:
        """Every version of the map, oldest first."""
        with self._db.session() as s:
            row = _get(s, MapRow, map_id, "map")
            return [_version_info(v) for v in row.versions]

    def list(self, workspace_id: str) -> builtins.list[MapRecord]:
        with self._db.session() as s:
            _get(s, WorkspaceRow, workspace_id, "workspace")
            return self._records(s, MapRow.workspace_id == workspace_id)

    def for_session(self, session_id: str) -> builtins.list[MapRecord]:
        with self._db.session() as s:
            _get(s, SessionRow, session_id, "session")
            return self._records(s, MapRow.session_id == session_id)

    def delete(self, map_id: str) -> None:
        """Delete the map and its whole history."""
        with self._db.session() as s:
            s.delete(_get(s, MapRow, map_id, "map"))

    @staticmethod
    def _records(s: Session, where: ColumnElement[bool]) -> builtins.list[MapRecord]:
        latest = (
            select(MapVersionRow.map_id, func.max(MapVersionRow.version).label("version"))
            .group_by(MapVersionRow.map_id)
            .subquery()
        )
        rows = s.execute(
            select(MapRow, latest.c.version)
            .join(latest, latest.c.map_id == MapRow.id)
            .where(where)
            .order_by(MapRow.created_at, MapRow.id)
        )
        return [_map_record(map_row, version) for map_row, version in rows]


def _next_version(s: Session, map_id: str) -> int:
    current = s.scalar(
        select(func.max(MapVersionRow.version)).where(MapVersionRow.map_id == map_id)
    )
    return (current or 0) + 1


class SourceRepository:
    """Files ingested into a workspace's knowledge base, one per filename."""

    def __init__(self, db: Transactions) -> None:
        self._db = db

    def add(
        self,
        workspace_id: str,
        filename: str,
        *,
        content_hash: str,
        kind: str,
        record_count: int = 0,
        status: SourceStatus = "ok",
        error: str = "",
    ) -> SourceRecord:
        """Record a new source; `AlreadyExists` if the workspace has one with this filename."""
        _check(status, SOURCE_STATUSES, "status")
        try:
            with self._db.session() as s:
                _get(s, WorkspaceRow, workspace_id, "workspace")
                row = SourceRow(
                    workspace_id=workspace_id,
                    filename=filename,
                    content_hash=content_hash,
                    kind=kind,
                    record_count=record_count,
                    status=status,
                    error=error,
                )
                s.add(row)
                s.flush()
                return _source_record(row)
        except IntegrityError:
            raise AlreadyExists(
                f"source '{filename}' already exists in workspace '{workspace_id}'"
            ) from None

    def replace(
        self,
        workspace_id: str,
        filename: str,
        *,
        content_hash: str,
        kind: str,
        record_count: int = 0,
        status: SourceStatus = "ok",
        error: str = "",
    ) -> tuple[SourceRecord, SourceRecord | None]:
        """Record `filename` afresh, dropping the previous source of that name if any.

        Returns the new record and the one it replaced, so the caller can remove the old one's
        entries from the vector store.
        """
        _check(status, SOURCE_STATUSES, "status")

        def attempt() -> tuple[SourceRecord, SourceRecord | None]:
            with self._db.session() as s:
                _get(s, WorkspaceRow, workspace_id, "workspace")
                old = s.scalar(
                    select(SourceRow).where(
                        SourceRow.workspace_id == workspace_id, SourceRow.filename == filename
                    )
                )
                old_record = None if old is None else _source_record(old)
                if old is not None:
                    s.delete(old)
                    s.flush()  # the unique filename must be free before the insert
                row = SourceRow(
                    workspace_id=workspace_id,
                    filename=filename,
                    content_hash=content_hash,
                    kind=kind,
                    record_count=record_count,
                    status=status,
                    error=error,
                )
                s.add(row)
                s.flush()
                return _source_record(row), old_record

        return _retry_once_on_conflict(attempt)

    def get(self, source_id: str) -> SourceRecord:
        with self._db.session() as s:
            return _source_record(_get(s, SourceRow, source_id, "source"))

    def get_by_hash(self, workspace_id: str, content_hash: str) -> SourceRecord | None:
        """The workspace's earliest source with this content, if any (to skip re-ingesting)."""
        with self._db.session() as s:
            row = s.scalar(
                select(SourceRow)
                .where(
                    SourceRow.workspace_id == workspace_id, SourceRow.content_hash == content_hash
                )
                .order_by(SourceRow.created_at, SourceRow.id)
                .limit(1)
            )
            return None if row is None else _source_record(row)

    def list(self, workspace_id: str) -> builtins.list[SourceRecord]:
        with self._db.session() as s:
            _get(s, WorkspaceRow, workspace_id, "workspace")
            rows = s.scalars(
                select(SourceRow)
                .where(SourceRow.workspace_id == workspace_id)
                .order_by(SourceRow.filename)
            )
            return [_source_record(r) for r in rows]

    def delete(self, source_id: str) -> None:
        with self._db.session() as s:
            s.delete(_get(s, SourceRow, source_id, "source"))

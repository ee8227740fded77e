"""Work that outlives a process: accepted interview turns, background jobs, and leases.

A web worker records a turn or a job here before running it, under its `holder` name (host,
process id and the process's start time). Whichever process starts next can tell work whose
holder is gone (killed, crashed, restarted) from work another live worker is doing, and resume
or fail it visibly. A lease is a named lock every worker sees, so two workers never run turns of
one session at once: the load balancer needs no sticky sessions.
"""

from __future__ import annotations

import builtins
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from assistant.storage.records import JobKind, JobRecord, TurnRecord, WorkStatus
from assistant.storage.repository import NotFound, Transactions, _check, _get
from assistant.storage.tables import (
    JOB_KINDS,
    WORK_STATUSES,
    JobRow,
    LeaseRow,
    SessionRow,
    TurnRow,
    WorkspaceRow,
    utcnow,
)

UNFINISHED: tuple[WorkStatus, ...] = ("pending", "running")


# Holders --------------------------------------------------------------------------------------
def _started(pid: int) -> str:
    """When process `pid` started (clock ticks since boot), '' where /proc cannot say."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def this_process() -> str:
    """This process's holder name: host, pid and start time (a reused pid is another process)."""
    return _process_name(os.getpid())  # by pid: a forked worker is another holder


@cache
def _process_name(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}:{_started(pid)}"


def this_thread() -> str:
    """This thread's holder name: two threads of one process are two holders of a lease."""
    return f"{this_process()}#{threading.get_ident()}"


def holder_alive(holder: str) -> bool | None:
    """Whether the process named `holder` still runs: True/False on this host, None (cannot
    tell) for another host's."""
    host, _, rest = holder.partition("#")[0].partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return not started or _started(pid) in ("", started)


def abandoned(holder: str, updated_at: datetime, stale_after: timedelta) -> bool:
    """Work whose holder is gone: dead on this host, or silent for `stale_after` elsewhere."""
    if not holder:
        return True
    alive = holder_alive(holder)
    if alive is None:
        return utcnow() - updated_at > stale_after
    return not alive


# Turns ----------------------------------------------------------------------------------------
def _turn(row: TurnRow) -> TurnRecord:
    return TurnRecord(
        id=row.id,
        session_id=row.session_id,
        message=row.message,
        command=dict(row.command) if row.command is not None else None,
        status=cast(WorkStatus, row.status),
        error=row.error,
        holder=row.holder,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class TurnRepository:
    def __init__(self, db: Transactions) -> None:
        self._db = db

    def add(self, session_id: str, message: str, command: dict[str, Any] | None) -> TurnRecord:
        """Store an accepted message (NotFound for an unknown session)."""
        with self._db.session() as s:
            _get(s, SessionRow, session_id, "session")
            row = TurnRow(session_id=session_id, message=message, command=command)
            s.add(row)
            s.flush()
            return _turn(row)

    def get(self, session_id: str, turn_id: str) -> TurnRecord:
        with self._db.session() as s:
            row = s.get(TurnRow, turn_id)
            if row is None or row.session_id != session_id:
                raise NotFound(f"turn '{turn_id}' not found", what="turn", ident=turn_id)
            return _turn(row)

    def unfinished(self, session_id: str | None = None) -> builtins.list[TurnRecord]:
        """Turns not yet done or failed, oldest first (of one session, or of all)."""
        query = select(TurnRow).where(TurnRow.status.in_(UNFINISHED))
        if session_id is not None:
            query = query.where(TurnRow.session_id == session_id)
        with self._db.session() as s:
            return [_turn(r) for r in s.scalars(query.order_by(TurnRow.created_at, TurnRow.id))]

    def claim(self, turn_id: str, holder: str, *, stale_after: timedelta) -> bool:
        """Mark the turn running under `holder` if it is pending, or running under a holder
        that is gone; False if it ended or a live process runs it."""
        with self._db.session() as s:
            row = s.get(TurnRow, turn_id)
            if row is None or row.status not in UNFINISHED:
                return False
            if row.status == "running" and row.holder != holder:
                if not abandoned(row.holder, row.updated_at, stale_after):
                    return False
            row.status, row.holder, row.updated_at = "running", holder, utcnow()
            return True

    def end(self, turn_id: str, status: WorkStatus, error: str = "") -> None:
        _check(status, WORK_STATUSES, "status")
        with self._db.session() as s:
            s.execute(
                update(TurnRow)
                .where(TurnRow.id == turn_id)
                .values(status=status, error=error, updated_at=utcnow())
            )


# Jobs -----------------------------------------------------------------------------------------
def _job(row: JobRow) -> JobRecord:
    return JobRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        kind=cast(JobKind, row.kind),
        status=cast(WorkStatus, row.status),
        error=row.error,
        holder=row.holder,
        progress=dict(row.progress),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class JobRepository:
    def __init__(self, db: Transactions) -> None:
        self._db = db

    def add(
        self, job_id: str, workspace_id: str, kind: JobKind, holder: str, progress: dict[str, Any]
    ) -> JobRecord:
        _check(kind, JOB_KINDS, "kind")
        with self._db.session() as s:
            _get(s, WorkspaceRow, workspace_id, "workspace")
            row = JobRow(
                id=job_id, workspace_id=workspace_id, kind=kind, holder=holder, progress=progress
            )
            s.add(row)
            s.flush()
            return _job(row)

    def get(self, job_id: str) -> JobRecord:
        with self._db.session() as s:
            return _job(_get(s, JobRow, job_id, "job"))

    def save(
        self,
        job_id: str,
        *,
        status: WorkStatus | None = None,
        progress: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        """Record a job's new state and/or progress (its version moves on)."""
        values: dict[str, Any] = {"updated_at": utcnow(), "version": JobRow.version + 1}
        if status is not None:
            _check(status, WORK_STATUSES, "status")
            values["status"] = status
        if progress is not None:
            values["progress"] = progress
        if error is not None:
            values["error"] = error
        with self._db.session() as s:
            s.execute(update(JobRow).where(JobRow.id == job_id).values(**values))

    def unfinished(self) -> builtins.list[JobRecord]:
        with self._db.session() as s:
            rows = s.scalars(
                select(JobRow).where(JobRow.status.in_(UNFINISHED)).order_by(JobRow.created_at)
            )
            return [_job(r) for r in rows]


# Leases ---------------------------------------------------------------------------------------
class Busy(Exception):
    """A lease another live process holds did not come free in time."""


class LeaseRepository:
    def __init__(self, db: Transactions) -> None:
        self._db = db

    def acquire(self, name: str, holder: str, ttl: timedelta) -> bool:
        """Take the lease `name` for `ttl`, if it is free, expired, or its holder is gone."""
        now = utcnow()
        try:
            with self._db.session() as s:
                row = s.get(LeaseRow, name)
                if row is None:
                    s.add(LeaseRow(name=name, holder=holder, expires_at=now + ttl))
                    return True
                taken = row.holder != holder and row.expires_at > now
                if taken and holder_alive(row.holder) is not False:
                    return False
                row.holder, row.expires_at = holder, now + ttl
                return True
        except IntegrityError:  # another process inserted it first
            return False

    def release(self, name: str, holder: str) -> None:
        with self._db.session() as s:
            s.execute(delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder))

    @contextmanager
    def held(
        self, name: str, holder: str, *, ttl: timedelta, wait: float, poll: float = 0.05
    ) -> Iterator[None]:
        """Hold the lease for the block, waiting up to `wait` seconds for it (else Busy)."""
        deadline = time.monotonic() + wait
        while not self.acquire(name, holder, ttl):
            if time.monotonic() > deadline:
                raise Busy(name)
            time.sleep(poll)
        try:
            yield
        finally:
            self.release(name, holder)

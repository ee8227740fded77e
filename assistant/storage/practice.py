"""The practice repository: trainees, courses and attempts, always read inside one workspace.

Every read takes the workspace id and checks it, so a trainee of one workspace can never see
another workspace's attempts, whichever id is typed into an address.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assistant.domain import Lang
from assistant.storage.records import (
    AttemptKind,
    AttemptRecord,
    AttemptStatus,
    CourseRecord,
    TraineeRecord,
)
from assistant.storage.repository import (
    InvalidName,
    NotFound,
    Transactions,
    _retry_once_on_conflict,
)
from assistant.storage.tables import (
    AttemptRow,
    CourseMemberRow,
    CourseRow,
    TraineeRow,
    utcnow,
)

MAX_NAME = 100


def clean_name(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidName(f"a {what} needs a name")
    if len(name) > MAX_NAME or not name.isprintable():
        raise InvalidName(f"a {what} name is at most {MAX_NAME} printable characters: {name!r}")
    return name


def _trainee(row: TraineeRow) -> TraineeRecord:
    return TraineeRecord(row.id, row.workspace_id, row.name, row.created_at)


def _course(row: CourseRow, members: Sequence[str]) -> CourseRecord:
    return CourseRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        name=row.name,
        scenario_ids=tuple(row.scenario_ids),
        quiz_topics=tuple(row.quiz_topics),
        mapping_cases=tuple(row.mapping_cases),
        trainee_ids=tuple(members),
        created_at=row.created_at,
    )


def _attempt(row: AttemptRow) -> AttemptRecord:
    return AttemptRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        trainee_id=row.trainee_id,
        kind=cast(AttemptKind, row.kind),
        item_id=row.item_id,
        lang=cast(Lang, row.lang),
        status=cast(AttemptStatus, row.status),
        state=dict(row.state),
        total=row.total,
        result=dict(row.result),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


_Row = TypeVar("_Row", TraineeRow, CourseRow, AttemptRow)


def _in_workspace(
    s: Session, row_type: type[_Row], row_id: str, workspace_id: str, what: str
) -> _Row:
    row = s.get(row_type, row_id)
    if row is None or row.workspace_id != workspace_id:
        raise NotFound(f"{what} '{row_id}' not found", what=what, ident=row_id)
    return row


class PracticeRepository:
    def __init__(self, db: Transactions) -> None:
        self._db = db

    # --- trainees -------------------------------------------------------------------------

    def trainee(self, workspace_id: str, name: str) -> TraineeRecord:
        """The trainee called `name` in the workspace, added if new."""
        name = clean_name(name, "trainee")

        def attempt() -> TraineeRecord:
            with self._db.session() as s:
                row = s.scalar(
                    select(TraineeRow).where(
                        TraineeRow.workspace_id == workspace_id, TraineeRow.name == name
                    )
                )
                if row is None:
                    row = TraineeRow(workspace_id=workspace_id, name=name)
                    s.add(row)
                    s.flush()
                return _trainee(row)

        return _retry_once_on_conflict(attempt)

    def get_trainee(self, workspace_id: str, trainee_id: str) -> TraineeRecord:
        with self._db.session() as s:
            return _trainee(_in_workspace(s, TraineeRow, trainee_id, workspace_id, "trainee"))

    def trainees(self, workspace_id: str) -> builtins.list[TraineeRecord]:
        with self._db.session() as s:
            rows = s.scalars(
                select(TraineeRow)
                .where(TraineeRow.workspace_id == workspace_id)
                .order_by(TraineeRow.name)
            )
            return [_trainee(r) for r in rows]

    # --- courses --------------------------------------------------------------------------

    def save_course(
        self,
        workspace_id: str,
        name: str,
        *,
        scenario_ids: Sequence[str],
        quiz_topics: Sequence[str],
        mapping_cases: Sequence[str],
        trainee_ids: Sequence[str],
        course_id: str | None = None,
    ) -> CourseRecord:
        """Create a course, or with `course_id` replace its assignments and roster."""
        name = clean_name(name, "course")
        with self._db.session() as s:
            if course_id is None:
                row = CourseRow(workspace_id=workspace_id, name=name)
                s.add(row)
            else:
                row = _in_workspace(s, CourseRow, course_id, workspace_id, "course")
                row.name = name
            row.scenario_ids = list(dict.fromkeys(scenario_ids))
            row.quiz_topics = list(dict.fromkeys(quiz_topics))
            row.mapping_cases = list(dict.fromkeys(mapping_cases))
            s.flush()
            members = list(dict.fromkeys(trainee_ids))
            for trainee_id in members:  # only this workspace's trainees join
                _in_workspace(s, TraineeRow, trainee_id, workspace_id, "trainee")
            s.execute(delete(CourseMemberRow).where(CourseMemberRow.course_id == row.id))
            s.add_all(CourseMemberRow(course_id=row.id, trainee_id=t) for t in members)
            s.flush()
            return _course(row, self._members(s, row.id))

    def get_course(self, workspace_id: str, course_id: str) -> CourseRecord:
        with self._db.session() as s:
            row = _in_workspace(s, CourseRow, course_id, workspace_id, "course")
            return _course(row, self._members(s, row.id))

    def courses(self, workspace_id: str) -> builtins.list[CourseRecord]:
        with self._db.session() as s:
            rows = s.scalars(
                select(CourseRow)
                .where(CourseRow.workspace_id == workspace_id)
                .order_by(CourseRow.created_at)
            ).all()
            return [_course(r, self._members(s, r.id)) for r in rows]

    def courses_of(self, workspace_id: str, trainee_id: str) -> builtins.list[CourseRecord]:
        return [c for c in self.courses(workspace_id) if trainee_id in c.trainee_ids]

    @staticmethod
    def _members(s: Session, course_id: str) -> builtins.list[str]:
        return list(
            s.scalars(
                select(CourseMemberRow.trainee_id)
                .join(TraineeRow, TraineeRow.id == CourseMemberRow.trainee_id)
                .where(CourseMemberRow.course_id == course_id)
                .order_by(TraineeRow.name)
            )
        )

    # --- attempts -------------------------------------------------------------------------

    def add_attempt(
        self,
        workspace_id: str,
        trainee_id: str,
        kind: AttemptKind,
        item_id: str,
        lang: Lang,
        state: dict[str, Any],
        *,
        total: int | None = None,
        result: dict[str, Any] | None = None,
        finished: bool = False,
    ) -> AttemptRecord:
        with self._db.session() as s:
            _in_workspace(s, TraineeRow, trainee_id, workspace_id, "trainee")
            row = AttemptRow(
                workspace_id=workspace_id,
                trainee_id=trainee_id,
                kind=kind,
                item_id=item_id,
                lang=lang,
                status="finished" if finished else "active",
                state=state,
                total=total,
                result=result or {},
            )
            s.add(row)
            s.flush()
            return _attempt(row)

    def update_attempt(
        self,
        workspace_id: str,
        attempt_id: str,
        state: dict[str, Any],
        *,
        total: int | None = None,
        result: dict[str, Any] | None = None,
        finished: bool = False,
    ) -> AttemptRecord:
        with self._db.session() as s:
            row = _in_workspace(s, AttemptRow, attempt_id, workspace_id, "attempt")
            row.state = state
            if finished:
                row.status = "finished"
                row.total = total
                row.result = result or {}
            row.updated_at = utcnow()
            s.flush()
            return _attempt(row)

    def get_attempt(self, workspace_id: str, attempt_id: str) -> AttemptRecord:
        with self._db.session() as s:
            return _attempt(_in_workspace(s, AttemptRow, attempt_id, workspace_id, "attempt"))

    def attempts(
        self,
        workspace_id: str,
        *,
        trainee_id: str | None = None,
        kind: AttemptKind | None = None,
    ) -> builtins.list[AttemptRecord]:
        """Oldest first."""
        query = select(AttemptRow).where(AttemptRow.workspace_id == workspace_id)
        if trainee_id is not None:
            query = query.where(AttemptRow.trainee_id == trainee_id)
        if kind is not None:
            query = query.where(AttemptRow.kind == kind)
        with self._db.session() as s:
            rows = s.scalars(query.order_by(AttemptRow.created_at, AttemptRow.id))
            return [_attempt(r) for r in rows]

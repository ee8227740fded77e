"""Workspaces and interview sessions: identity, updates, duplication and cascading deletes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assistant.domain import Diagnosis
from assistant.storage import Database, InvalidName
from assistant.storage.tables import MapRow, MapVersionRow, SessionRow, SourceRow

from .conftest import grown, make_diagnosis


def count(db: Database, table: type[object]) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_get_or_create_is_idempotent(db: Database) -> None:
    first = db.workspaces.get_or_create("Acme Bank")
    again = db.workspaces.get_or_create("  Acme Bank ")
    other = db.workspaces.get_or_create("零售银行部")
    assert again == first
    assert db.workspaces.get(first.id) == first
    assert [w.name for w in db.workspaces.list()] == ["Acme Bank", "零售银行部"]
    assert other.id != first.id


def test_a_workspace_needs_a_usable_name(db: Database) -> None:
    with pytest.raises(InvalidName, match="needs a name"):
        db.workspaces.get_or_create("   ")
    for bad in ("华东/上海", "a\\b", "tab\there"):
        with pytest.raises(InvalidName, match="cannot contain"):
            db.workspaces.get_or_create(bad)
    assert db.workspaces.list() == []


def test_session_lifecycle(db: Database) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    created = db.sessions.create(workspace.id, "Branch visit", lang="zh-Hant")
    assert (created.title, created.lang, created.status, created.step) == (
        "Branch visit",
        "zh-Hant",
        "active",
        "start",
    )
    assert created.created_at == created.updated_at

    db.sessions.update_step(created.id, "touchpoints")
    db.sessions.update_title(created.id, "分行到访")
    finished = db.sessions.update_status(created.id, "finished")

    assert (finished.title, finished.status, finished.step) == (
        "分行到访",
        "finished",
        "touchpoints",
    )
    assert finished.created_at == created.created_at
    assert finished.updated_at > created.updated_at
    assert db.sessions.get(created.id) == finished
    assert db.sessions.list(workspace.id) == [finished]


def test_sessions_refuse_unknown_values(db: Database) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    session = db.sessions.create(workspace.id, "t")
    with pytest.raises(ValueError, match="status must be one of active, finished"):
        db.sessions.update_status(session.id, "paused")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang must be one of"):
        db.sessions.create(workspace.id, "t", lang="fr")  # type: ignore[arg-type]


def test_duplicate_copies_the_latest_version_of_each_map(db: Database) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    session = db.sessions.create(workspace.id, "Original", step="pain_points")
    first = db.maps.create(
        workspace.id, make_diagnosis("First map"), session.id, author="assistant"
    )
    db.maps.save_version(first.id, grown(make_diagnosis("First map"), 2), "more", "assistant")
    second = db.maps.create(workspace.id, make_diagnosis("Second map"), session.id)

    copy = db.sessions.duplicate(session.id, title="Copy")

    assert copy.id != session.id
    assert (copy.title, copy.step, copy.status) == ("Copy", "pain_points", "active")
    copied = db.maps.for_session(copy.id)
    assert [m.title for m in copied] == ["First map", "Second map"]
    assert all(m.latest_version == 1 and m.workspace_id == workspace.id for m in copied)
    assert {m.id for m in copied}.isdisjoint({first.id, second.id})
    assert db.maps.latest(copied[0].id) == (grown(make_diagnosis("First map"), 2), 1)
    assert db.maps.latest(copied[1].id) == (make_diagnosis("Second map"), 1)
    [info] = db.maps.history(copied[0].id)
    assert info.note == f"copied from map {first.id} version 2"
    assert info.author == "assistant"
    # The original is untouched.
    assert [m.id for m in db.maps.for_session(session.id)] == [first.id, second.id]
    assert db.maps.get(first.id).latest_version == 2


def test_duplicate_keeps_the_title_by_default(db: Database) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    session = db.sessions.create(workspace.id, "门店服务诊断")
    assert db.sessions.duplicate(session.id).title == "门店服务诊断"
    assert db.maps.for_session(session.id) == []


def test_deleting_a_session_deletes_its_maps_and_versions(
    db: Database, diagnosis: Diagnosis
) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    doomed = db.sessions.create(workspace.id, "Doomed")
    kept = db.sessions.create(workspace.id, "Kept")
    doomed_map = db.maps.create(workspace.id, diagnosis, doomed.id)
    db.maps.save_version(doomed_map.id, diagnosis)
    kept_map = db.maps.create(workspace.id, diagnosis, kept.id)
    loose_map = db.maps.create(workspace.id, diagnosis)  # imported, no session

    db.sessions.delete(doomed.id)

    assert [s.id for s in db.sessions.list(workspace.id)] == [kept.id]
    assert {m.id for m in db.maps.list(workspace.id)} == {kept_map.id, loose_map.id}
    assert count(db, MapVersionRow) == 2


def test_deleting_a_workspace_deletes_everything_in_it(db: Database, diagnosis: Diagnosis) -> None:
    doomed = db.workspaces.get_or_create("Doomed")
    kept = db.workspaces.get_or_create("Kept")
    for workspace in (doomed, kept):
        session = db.sessions.create(workspace.id, "s")
        db.maps.create(workspace.id, diagnosis, session.id)
        db.maps.create(workspace.id, diagnosis)
        db.sources.add(workspace.id, "reviews.csv", content_hash="abc", kind="csv")

    db.workspaces.delete(doomed.id)

    assert db.workspaces.list() == [kept]
    assert (count(db, SessionRow), count(db, MapRow), count(db, MapVersionRow)) == (1, 2, 2)
    assert count(db, SourceRow) == 1

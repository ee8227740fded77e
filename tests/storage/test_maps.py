"""Versioned maps: every save is a new version, history is complete, content round-trips."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from assistant.domain import Diagnosis
from assistant.storage import Database, NotFound, repository
from assistant.storage.tables import MapVersionRow

from .conftest import grown, make_chinese_diagnosis, make_diagnosis


def test_every_save_adds_a_version_and_history_lists_them(
    db: Database, diagnosis: Diagnosis
) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    created = db.maps.create(workspace.id, diagnosis, note="drafted", author="assistant")
    assert (created.latest_version, created.title) == (1, "Branch account opening")

    saves = [grown(diagnosis, n) for n in (1, 2, 3)]
    saves[2] = saves[2].model_copy(update={"map": saves[2].map.model_copy(update={"title": "v4"})})
    numbers = [
        db.maps.save_version(created.id, saves[0], "added a stage", "user"),
        db.maps.save_version(created.id, saves[1], "imported data", "import"),
        db.maps.save_version(created.id, saves[2], note="renamed"),
    ]
    assert numbers == [2, 3, 4]

    history = db.maps.history(created.id)
    assert [(v.version, v.note, v.author) for v in history] == [
        (1, "drafted", "assistant"),
        (2, "added a stage", "user"),
        (3, "imported data", "import"),
        (4, "renamed", "edit"),
    ]
    assert [(v.stages, v.touchpoints, v.pain_points, v.actions) for v in history] == [
        (3, 3, 1, 1),
        (4, 4, 2, 2),
        (5, 5, 3, 3),
        (6, 6, 4, 4),
    ]
    assert db.maps.authors(created.id) == [(v.version, v.author) for v in history]
    assert all(v.map_id == created.id for v in history)
    assert [v.created_at for v in history] == sorted(v.created_at for v in history)

    # Old versions are kept as they were.
    assert db.maps.get_version(created.id, 1) == diagnosis
    assert db.maps.get_version(created.id, 2) == saves[0]
    assert db.maps.latest(created.id) == (saves[2], 4)
    record = db.maps.get(created.id)
    assert (record.latest_version, record.title) == (4, "v4")
    assert record.updated_at > record.created_at


def test_chinese_text_round_trips_exactly(db: Database) -> None:
    chinese = make_chinese_diagnosis()
    workspace = db.workspaces.get_or_create("华东区")
    created = db.maps.create(workspace.id, chinese, note="首次访谈")

    loaded, version = db.maps.latest(created.id)

    assert version == 1
    assert loaded == chinese
    assert loaded.model_dump_json() == chinese.model_dump_json()
    assert loaded.map.touchpoints[1].emotion is not None
    assert loaded.map.touchpoints[1].emotion.quote == "「等了四十分钟，还没轮到我！」"
    assert db.maps.history(created.id)[0].note == "首次访谈"
    assert db.maps.get(created.id).title == "银行网点开户旅程"


def test_chinese_is_stored_readable_in_sqlite(sqlite_db: Database) -> None:
    workspace = sqlite_db.workspaces.get_or_create("Acme")
    created = sqlite_db.maps.create(workspace.id, make_chinese_diagnosis())
    with sqlite_db.engine.connect() as connection:
        raw = connection.execute(
            text("SELECT diagnosis FROM map_versions WHERE map_id = :id"), {"id": created.id}
        ).scalar_one()
    assert "银行网点开户旅程" in raw


def test_list_and_for_session(db: Database, diagnosis: Diagnosis) -> None:
    acme = db.workspaces.get_or_create("Acme")
    other = db.workspaces.get_or_create("Other")
    session = db.sessions.create(acme.id, "Interview")
    in_session = db.maps.create(acme.id, make_diagnosis("In session"), session.id)
    imported = db.maps.create(acme.id, make_diagnosis("Imported"), author="import")
    db.maps.create(other.id, diagnosis)
    db.maps.save_version(imported.id, diagnosis)

    listed = db.maps.list(acme.id)
    assert [(m.id, m.title, m.latest_version) for m in listed] == [
        (in_session.id, "In session", 1),
        (imported.id, "Branch account opening", 2),
    ]
    assert [m.session_id for m in listed] == [session.id, None]
    assert db.maps.for_session(session.id) == [in_session]


def test_a_map_cannot_join_a_session_of_another_workspace(
    db: Database, diagnosis: Diagnosis
) -> None:
    acme = db.workspaces.get_or_create("Acme")
    other = db.workspaces.get_or_create("Other")
    session = db.sessions.create(other.id, "Interview")
    with pytest.raises(ValueError, match="belongs to another workspace"):
        db.maps.create(acme.id, diagnosis, session.id)
    assert db.maps.list(acme.id) == []


def test_deleting_a_map_deletes_its_history(db: Database, diagnosis: Diagnosis) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    created = db.maps.create(workspace.id, diagnosis)
    db.maps.save_version(created.id, diagnosis)
    db.maps.delete(created.id)
    assert db.maps.list(workspace.id) == []
    with db.session() as s:
        assert s.query(MapVersionRow).count() == 0


def test_a_stale_version_number_is_retried_once(
    db: Database, diagnosis: Diagnosis, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    created = db.maps.create(workspace.id, diagnosis)
    real_next_version = repository._next_version
    calls: list[int] = []

    def stale_then_real(s: object, map_id: str) -> int:
        # The first read sees the state before a concurrent writer committed version 1.
        calls.append(1)
        return 1 if len(calls) == 1 else real_next_version(s, map_id)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "_next_version", stale_then_real)
    assert db.maps.save_version(created.id, grown(diagnosis, 1), "after a race") == 2
    assert len(calls) == 2
    assert [v.version for v in db.maps.history(created.id)] == [1, 2]
    assert db.maps.get_version(created.id, 1) == diagnosis


def test_unknown_author_is_refused(db: Database, diagnosis: Diagnosis) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    with pytest.raises(ValueError, match="author must be one of user, assistant, import, edit"):
        db.maps.create(workspace.id, diagnosis, author="robot")  # type: ignore[arg-type]


def test_missing_version(db: Database, diagnosis: Diagnosis) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    created = db.maps.create(workspace.id, diagnosis)
    with pytest.raises(NotFound, match=rf"^version 7 of map '{created.id}' not found$"):
        db.maps.get_version(created.id, 7)


def test_concurrent_saves_get_consecutive_versions(db: Database, diagnosis: Diagnosis) -> None:
    workspace = db.workspaces.get_or_create("Acme")
    created = db.maps.create(workspace.id, diagnosis)
    saved: list[int] = []

    def save_ten() -> None:
        saved.extend(db.maps.save_version(created.id, diagnosis) for _ in range(10))

    threads = [threading.Thread(target=save_ten) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(saved) == list(range(2, 42))
    assert [v.version for v in db.maps.history(created.id)] == list(range(1, 42))

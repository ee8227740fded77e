"""The engine and schema: SQLite setup, foreign keys, durability, PostgreSQL-compatible DDL."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, CreateTable

from assistant.domain import Diagnosis
from assistant.storage import Database
from assistant.storage.tables import Base, MapVersionRow, SessionRow, WorkspaceRow


def test_sqlite_file_is_created_under_a_new_directory(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "cxcoach.db"
    db = Database(f"sqlite:///{path}")
    try:
        db.ping()
        assert path.is_file()
        with db.engine.connect() as connection:
            tables = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            ).scalars()
            assert list(tables) == [
                "course_members",
                "courses",
                "interview_sessions",
                "interview_turns",
                "jobs",
                "leases",
                "map_versions",
                "maps",
                "practice_attempts",
                "sources",
                "trainees",
                "workspaces",
            ]
    finally:
        db.dispose()


def test_sqlite_pragmas(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_foreign_keys_are_enforced(sqlite_db: Database) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sqlite_db.session() as s:
        s.add(SessionRow(workspace_id="no-such-workspace", title="t", lang="en", step="start"))
        s.flush()
    with sqlite_db.session() as s:
        assert s.query(SessionRow).count() == 0


def test_session_rolls_back_when_the_block_raises(sqlite_db: Database) -> None:
    with pytest.raises(RuntimeError), sqlite_db.session() as s:
        s.add(WorkspaceRow(name="half-done"))
        s.flush()
        raise RuntimeError("boom")
    assert sqlite_db.workspaces.list() == []


def test_data_survives_reopening(sqlite_url: str, diagnosis: Diagnosis) -> None:
    first = Database(sqlite_url)
    workspace = first.workspaces.get_or_create("Acme")
    session = first.sessions.create(workspace.id, "Onboarding", lang="en")
    created = first.maps.create(workspace.id, diagnosis, session_id=session.id, note="first")
    first.maps.save_version(created.id, diagnosis, note="second")
    first.dispose()

    second = Database(sqlite_url)  # a new engine on the same file
    try:
        assert second.workspaces.get_or_create("Acme") == workspace
        assert second.sessions.get(session.id) == session
        assert second.maps.latest(created.id) == (diagnosis, 2)
        assert [v.note for v in second.maps.history(created.id)] == ["first", "second"]
    finally:
        second.dispose()


def test_timestamps_come_back_as_utc(sqlite_db: Database) -> None:
    workspace = sqlite_db.workspaces.get_or_create("Acme")
    assert workspace.created_at.tzinfo == UTC
    assert sqlite_db.workspaces.get(workspace.id).created_at == workspace.created_at


def test_a_version_number_is_unique_per_map(sqlite_db: Database, diagnosis: Diagnosis) -> None:
    workspace = sqlite_db.workspaces.get_or_create("Acme")
    created = sqlite_db.maps.create(workspace.id, diagnosis)
    with pytest.raises(IntegrityError, match="UNIQUE"), sqlite_db.session() as s:
        s.add(MapVersionRow(map_id=created.id, version=1, diagnosis={}, author="edit"))
        s.flush()


def test_schema_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    ddl = "\n".join(
        [str(CreateTable(table).compile(dialect=dialect)) for table in Base.metadata.sorted_tables]
        + [
            str(CreateIndex(index).compile(dialect=dialect))
            for table in Base.metadata.sorted_tables
            for index in table.indexes
        ]
    )
    assert "TIMESTAMP WITH TIME ZONE" in ddl
    assert "diagnosis JSON NOT NULL" in ddl
    assert "ON DELETE CASCADE" in ddl
    assert "CONSTRAINT ck_map_versions_author CHECK" in ddl
    assert "CREATE INDEX ix_sources_content_hash ON sources (content_hash)" in ddl

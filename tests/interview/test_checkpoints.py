"""Where checkpoints live: a SQLite file by default; PostgreSQL when the database is PostgreSQL,
shared by every worker (run with CXCOACH_TEST_DATABASE_URL=postgresql+psycopg://… to include
the PostgreSQL case; it is skipped otherwise, as in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.interview.checkpoints import open_checkpoints
from assistant.interview.service import InterviewService
from assistant.retrieval import KnowledgeIndex
from assistant.settings import Settings, postgres_conninfo
from assistant.storage import Database
from assistant.storage.tables import Base
from tests.interview.scripts import BANKING_ZH

POSTGRES_URL = os.environ.get("CXCOACH_TEST_DATABASE_URL", "")


def test_the_target_follows_the_database(tmp_path: Path) -> None:
    assert (
        postgres_conninfo("postgresql+psycopg://cx:pw@db:5432/cx")
        == "postgresql://cx:pw@db:5432/cx"
    )
    assert postgres_conninfo("postgres://cx@db/cx") == "postgresql://cx@db/cx"
    assert postgres_conninfo("sqlite:///x.db") is None and postgres_conninfo("") is None
    default = Settings(data_dir=tmp_path)
    assert default.checkpoint_target == tmp_path / "checkpoints.sqlite"
    shared = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://cx@db/cx")
    assert shared.checkpoint_target == "postgresql://cx@db/cx"


def test_sqlite_checkpoints_are_a_file(tmp_path: Path) -> None:
    checkpoints = open_checkpoints(tmp_path / "sub" / "checkpoints.sqlite")
    assert checkpoints.kind == "sqlite" and (tmp_path / "sub" / "checkpoints.sqlite").exists()
    checkpoints.close()


@pytest.mark.skipif(not POSTGRES_URL, reason="set CXCOACH_TEST_DATABASE_URL to a PostgreSQL URL")
def test_two_workers_share_sessions_through_postgresql(retriever: KnowledgeIndex) -> None:
    conninfo = postgres_conninfo(POSTGRES_URL)
    assert conninfo is not None
    databases = [Database(POSTGRES_URL), Database(POSTGRES_URL)]
    first, second = (InterviewService(db, retriever, None, conninfo) for db in databases)
    try:
        assert first.graph._checkpoints.kind == "postgresql"
        session = first.start("pg-shared").session_id
        for message in BANKING_ZH[:4]:
            first.reply(session, message)
        # Another worker (its own pool, its own engine) carries on with the same session.
        carried = second.reply(session, BANKING_ZH[4])
        said = [e.text for e in second.state(session).transcript if e.role == "user"]
        assert said == BANKING_ZH[:5]
        assert carried.step == first.current(session).step
        assert first.diagnosis(session) == second.diagnosis(session)
    finally:
        for service in (first, second):
            service.close()
        with databases[0].engine.begin() as conn:
            for table in (
                "checkpoints",
                "checkpoint_blobs",
                "checkpoint_writes",
                "checkpoint_migrations",
            ):
                conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
        Base.metadata.drop_all(databases[0].engine)
        for db in databases:
            db.dispose()

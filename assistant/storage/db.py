"""Engine, schema and transactions.

SQLite (a file under the data dir) is the default; any SQLAlchemy URL works, e.g.
`postgresql+psycopg://user:pw@host/cxcoach` (install the `postgres` extra) — no code change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage.practice import PracticeRepository
from assistant.storage.repository import (
    MapRepository,
    SessionRepository,
    SourceRepository,
    WorkspaceRepository,
)
from assistant.storage.tables import Base
from assistant.storage.work import JobRepository, LeaseRepository, TurnRepository


def _json_dumps(value: Any) -> str:
    # Keep Chinese readable in the stored JSON (and in `sqlite3` / `psql` sessions).
    return json.dumps(value, ensure_ascii=False)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked, per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets the web app read while a turn is being saved.
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def create_engine_for(url: str) -> Engine:
    """An engine for `url`; for SQLite also the parent directory and the pragmas we rely on."""
    parsed = make_url(url)
    options: dict[str, Any] = {"json_serializer": _json_dumps}
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite:
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # The web app hands sessions across threads (FastAPI's threadpool); the pool and our
        # one-transaction-per-call repositories keep a connection in one thread at a time.
        options["connect_args"] = {"check_same_thread": False}
    engine = create_engine(parsed, **options)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def create_schema(engine: Engine) -> None:
    """Create the tables that are missing; existing tables and their data are left alone.

    There is no migrations framework yet: the schema only grows by new tables. The first change
    to an existing table should bring in Alembic, with this schema as its baseline revision.
    """
    try:
        Base.metadata.create_all(engine)
    except (OperationalError, ProgrammingError):
        # Another process (a second web worker) created a table between our check and our
        # CREATE: check again, now against what it made.
        Base.metadata.create_all(engine)


class Database:
    """One database: its engine, a session factory, and the repositories over it."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        self.engine = create_engine_for(url)
        # Records are built inside the transaction, so nothing needs reloading after commit.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if create:
            create_schema(self.engine)
        self.workspaces = WorkspaceRepository(self)
        self.sessions = SessionRepository(self)
        self.maps = MapRepository(self)
        self.sources = SourceRepository(self)
        self.practice = PracticeRepository(self)
        self.turns = TurnRepository(self)
        self.jobs = JobRepository(self)
        self.leases = LeaseRepository(self)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def ping(self) -> None:
        """Raise if the database cannot be reached."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        """Close pooled connections (tests, shutdown)."""
        self.engine.dispose()

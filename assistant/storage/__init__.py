"""Persistence: workspaces, interview sessions, versioned maps and knowledge sources.

`Database(url)` opens (and if needed creates) the schema and carries one repository per table
group: `db.workspaces`, `db.sessions`, `db.maps`, `db.sources`.
"""

from assistant.storage.db import Database, create_engine_for, create_schema
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
from assistant.storage.repository import (
    AlreadyExists,
    InvalidName,
    MapRepository,
    NotFound,
    SessionRepository,
    SourceRepository,
    WorkspaceRepository,
)

__all__ = [
    "AlreadyExists",
    "Author",
    "Database",
    "InvalidName",
    "MapRecord",
    "MapRepository",
    "NotFound",
    "SessionRecord",
    "SessionRepository",
    "SessionStatus",
    "SourceRecord",
    "SourceRepository",
    "SourceStatus",
    "VersionInfo",
    "WorkspaceRecord",
    "WorkspaceRepository",
    "create_engine_for",
    "create_schema",
]

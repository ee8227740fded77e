"""Anything missing raises NotFound with a message that names it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.storage import Database, NotFound

from .conftest import make_diagnosis

MISSING = "abc"

CALLS: list[tuple[str, Callable[[Database], object]]] = [
    ("workspace 'abc' not found", lambda db: db.workspaces.get(MISSING)),
    ("workspace 'abc' not found", lambda db: db.workspaces.delete(MISSING)),
    ("workspace 'abc' not found", lambda db: db.sessions.create(MISSING, "t")),
    ("workspace 'abc' not found", lambda db: db.sessions.list(MISSING)),
    ("workspace 'abc' not found", lambda db: db.maps.create(MISSING, make_diagnosis())),
    ("workspace 'abc' not found", lambda db: db.maps.list(MISSING)),
    ("workspace 'abc' not found", lambda db: db.sources.list(MISSING)),
    (
        "workspace 'abc' not found",
        lambda db: db.sources.add(MISSING, "a.csv", content_hash="h", kind="csv"),
    ),
    ("session 'abc' not found", lambda db: db.sessions.get(MISSING)),
    ("session 'abc' not found", lambda db: db.sessions.update_step(MISSING, "goal")),
    ("session 'abc' not found", lambda db: db.sessions.update_status(MISSING, "finished")),
    ("session 'abc' not found", lambda db: db.sessions.update_title(MISSING, "t")),
    ("session 'abc' not found", lambda db: db.sessions.duplicate(MISSING)),
    ("session 'abc' not found", lambda db: db.sessions.delete(MISSING)),
    ("session 'abc' not found", lambda db: db.maps.for_session(MISSING)),
    ("map 'abc' not found", lambda db: db.maps.get(MISSING)),
    ("map 'abc' not found", lambda db: db.maps.latest(MISSING)),
    ("map 'abc' not found", lambda db: db.maps.get_version(MISSING, 1)),
    ("map 'abc' not found", lambda db: db.maps.history(MISSING)),
    ("map 'abc' not found", lambda db: db.maps.save_version(MISSING, make_diagnosis())),
    ("map 'abc' not found", lambda db: db.maps.delete(MISSING)),
    ("source 'abc' not found", lambda db: db.sources.get(MISSING)),
    ("source 'abc' not found", lambda db: db.sources.delete(MISSING)),
]


@pytest.mark.parametrize(("message", "call"), CALLS)
def test_missing_things_raise_not_found(
    sqlite_db: Database, message: str, call: Callable[[Database], object]
) -> None:
    with pytest.raises(NotFound) as caught:
        call(sqlite_db)
    assert str(caught.value) == message


def test_a_map_in_an_unknown_session(sqlite_db: Database) -> None:
    workspace = sqlite_db.workspaces.get_or_create("Acme")
    with pytest.raises(NotFound, match="^session 'abc' not found$"):
        sqlite_db.maps.create(workspace.id, make_diagnosis(), session_id=MISSING)

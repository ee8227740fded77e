"""Where the interview's checkpoints live (the one adapter to LangGraph's checkpoint savers).

A SQLite file in the data dir by default; the PostgreSQL database when the app's database is
PostgreSQL, so several uvicorn workers or machines resume the same sessions (DESIGN.md,
"Scale-out"). The Postgres saver comes with the `postgres` extra.

    checkpoints = open_checkpoints(settings.checkpoint_target)
    ... StateGraph(...).compile(checkpointer=checkpoints.saver) ...
    checkpoints.close()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

POSTGRES_POOL = 8


class CheckpointError(RuntimeError):
    """The checkpoint store cannot be opened; the message says what to install or check."""


@dataclass
class Checkpoints:
    saver: BaseCheckpointSaver[Any]
    close: Callable[[], None]
    kind: str  # sqlite or postgresql


def open_checkpoints(target: Path | str) -> Checkpoints:
    """A SQLite file (a path), or PostgreSQL (a `postgresql://` connection string)."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        return _postgres(target)
    return _sqlite(Path(target))


def _sqlite(path: Path) -> Checkpoints:
    path.parent.mkdir(parents=True, exist_ok=True)
    # The saver serialises access with its own lock; the connection may cross threads.
    conn = sqlite3.connect(str(path), check_same_thread=False)
    # WAL with synchronous=NORMAL: a committed turn survives the process being killed (the case
    # that matters here); only a power cut may lose the last turns. Saves an fsync a turn.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return Checkpoints(SqliteSaver(conn), conn.close, "sqlite")


def _postgres(conninfo: str) -> Checkpoints:
    try:
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool
    except ImportError:
        raise CheckpointError(
            "the database is PostgreSQL but its interview checkpointer is not installed: "
            "pip install 'cxcoach[postgres]'"
        ) from None
    pool: ConnectionPool[Any] = ConnectionPool(
        conninfo,
        max_size=POSTGRES_POOL,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        open=True,
    )
    saver = PostgresSaver(pool)
    saver.setup()  # creates or migrates its tables; safe to run at every start
    return Checkpoints(saver, pool.close, "postgresql")

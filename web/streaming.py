"""Server-sent events for the htmx SSE extension: the wire format, and pending turns.

A turn that streams is posted first (the message is kept here under a turn id), then its reply
is fetched from an EventSource on `/sessions/{id}/turns/{turn}/stream`, which takes the message
out and runs the turn exactly once. Pending turns live in this process: with several worker
processes, route a session to one of them (sticky sessions) — a stream that finds no pending
turn answers with the session as it stands, so nothing breaks, but that message is not sent.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from markupsafe import escape

PENDING_TTL_S = 600
PIECE_CHARS = 6  # a few characters a piece: smooth for Chinese, a word or so for English
PIECE_DELAY_S = 0.012
KEEPALIVE_S = 0.5
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(event: str, data: str) -> str:
    """One event; multi-line data becomes several `data:` lines (EventSource joins them)."""
    lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return f"event: {event}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


def keepalive() -> str:
    return ": waiting\n\n"


def pieces(text: str, size: int = PIECE_CHARS) -> Iterator[str]:
    """The text in small pieces, escaped for insertion as HTML."""
    for start in range(0, len(text), size):
        yield str(escape(text[start : start + size]))


class Watched(Protocol):
    @property
    def version(self) -> int: ...

    @property
    def finished(self) -> bool: ...


JOB_POLL_S = 0.2


def follow(
    job: Watched, progress: Callable[[], str], done: Callable[[], str], poll: float = JOB_POLL_S
) -> Iterator[str]:
    """A background job as events: `progress` whenever it changed (keep-alives between), then
    `done` once it has finished."""
    seen = -1
    while True:
        version, finished = job.version, job.finished
        if finished:
            yield sse("done", done())
            return
        if version != seen:
            seen = version
            yield sse("progress", progress())
        else:
            yield keepalive()
        time.sleep(poll)


def paced(items: Iterator[str], delay: float = PIECE_DELAY_S) -> Iterator[str]:
    for item in items:
        yield item
        time.sleep(delay)


@dataclass(frozen=True)
class PendingTurn:
    session_id: str
    message: str
    created: float


class PendingTurns:
    def __init__(self) -> None:
        self._turns: dict[str, PendingTurn] = {}
        self._lock = threading.Lock()

    def add(self, session_id: str, message: str) -> str:
        turn_id = uuid.uuid4().hex
        now = time.monotonic()
        with self._lock:
            for key in [k for k, v in self._turns.items() if now - v.created > PENDING_TTL_S]:
                del self._turns[key]
            self._turns[turn_id] = PendingTurn(session_id, message, now)
        return turn_id

    def take(self, session_id: str, turn_id: str) -> PendingTurn | None:
        """The pending turn, removed so that it runs once; None if unknown or another session's."""
        with self._lock:
            turn = self._turns.get(turn_id)
            if turn is None or turn.session_id != session_id:
                return None
            del self._turns[turn_id]
            return turn

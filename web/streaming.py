"""Server-sent events for the htmx SSE extension: the wire format, and following a job.

A turn that streams is posted first (stored in the database under a turn id, see
assistant/services/turns.py), then its reply is fetched from an EventSource on
`/sessions/{id}/turns/{turn}/stream`, which runs the stored turn once, in whichever worker
process the stream reaches.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Protocol, TypeVar

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


W = TypeVar("W", bound=Watched)
JOB_POLL_S = 0.2


def follow(
    current: Callable[[], W | None],
    progress: Callable[[W], str],
    done: Callable[[W], str],
    poll: float = JOB_POLL_S,
) -> Iterator[str]:
    """A background job as events: `progress` whenever it changed (keep-alives between), then
    `done` once it has finished. `current` gives the job as it now stands (this process's live
    job, or another process's stored record); None ends the stream."""
    seen = -1
    while (job := current()) is not None:
        if job.finished:
            yield sse("done", done(job))
            return
        if job.version != seen:
            seen = job.version
            yield sse("progress", progress(job))
        else:
            yield keepalive()
        time.sleep(poll)


def paced(items: Iterator[str], delay: float = PIECE_DELAY_S) -> Iterator[str]:
    for item in items:
        yield item
        time.sleep(delay)

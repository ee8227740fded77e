"""Durable interview turns: a message is stored when it is accepted, then run exactly once.

Every face (the page, its event stream, the JSON API, the terminal) hands a message here. It is
written to the database first (`accept`), so a crash, a restart or a failing model never loses
what the user said; `run` then applies it under the session's lease, which every worker process
shares, so two workers never interleave turns of one session and any worker can run a turn
another accepted (no sticky sessions). A turn is applied once: the interview records the id of
the turn it last applied with its checkpoint, so a turn found unfinished after a crash that
happened after its checkpoint is only marked done. A restarted process resumes turns whose
holder is gone (`recover`); turns that can no longer run (the session was deleted) end failed
with the reason.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from assistant.interview.service import InterviewService, TurnResult
from assistant.interview.state import TypedCommand
from assistant.storage import Database, NotFound
from assistant.storage.records import TurnRecord
from assistant.storage.work import this_thread

log = logging.getLogger(__name__)

LEASE_TTL = timedelta(minutes=10)  # a turn with a slow model stays well inside it
LEASE_WAIT_S = 120.0  # how long a turn waits for the one before it on another worker
STALE_AFTER = LEASE_TTL  # another host's running turn silent this long is taken over
POLL_S = 0.05


class TurnService:
    def __init__(self, db: Database, interview: InterviewService) -> None:
        self.db = db
        self.interview = interview
        self.lease_ttl = LEASE_TTL
        self.stale_after = STALE_AFTER

    def accept(self, session_id: str, message: str, command: TypedCommand | None = None) -> str:
        """Store the message (NotFound for an unknown session); returns the turn's id."""
        stored = command.model_dump(mode="json") if command is not None else None
        return self.db.turns.add(session_id, message, stored).id

    def submit(
        self, session_id: str, message: str, command: TypedCommand | None = None
    ) -> TurnResult:
        """Accept and run at once (the API, the terminal, a page without streaming)."""
        return self.run(session_id, self.accept(session_id, message, command))

    def run(self, session_id: str, turn_id: str) -> TurnResult:
        """Apply the turn (and any earlier one of the session still waiting, in order); if
        another worker has already run it, the session as it now stands."""
        self.db.turns.get(session_id, turn_id)  # NotFound for another session's turn
        lease = f"session:{session_id}"
        holder = this_thread()
        with self.db.leases.held(lease, holder, ttl=self.lease_ttl, wait=LEASE_WAIT_S):
            result: TurnResult | None = None
            for turn in self.db.turns.unfinished(session_id):
                if turn.id == turn_id:
                    result = self._apply(turn, holder)
                    break
                try:  # an earlier message that never got its reply (a lost stream, a crash)
                    self._apply(turn, holder)
                except Exception:  # noqa: BLE001 - recorded as failed; the user's turn goes on
                    log.exception("earlier turn %s failed", turn.id)
        return result if result is not None else self.interview.current(session_id)

    def recover(self) -> int:
        """Run the turns whose process is gone (or that never got their stream); returns how
        many were run. Called when a worker starts."""
        count = 0
        for turn in self.db.turns.unfinished():
            try:
                self.run(turn.session_id, turn.id)
                count += 1
            except NotFound:
                self.db.turns.end(turn.id, "failed", "the session no longer exists")
            except Exception:  # noqa: BLE001 - one bad turn must not stop the others
                log.exception("recovering turn %s failed", turn.id)
        return count

    def _apply(self, turn: TurnRecord, holder: str) -> TurnResult | None:
        if not self.db.turns.claim(turn.id, holder, stale_after=self.stale_after):
            self._wait(turn)  # a live worker runs it (its lease lapsed): let it finish
            return None
        try:
            if self.interview.state(turn.session_id).last_turn_id == turn.id:
                result = self.interview.current(turn.session_id)  # applied before a crash
            else:
                command = TypedCommand.model_validate(turn.command) if turn.command else None
                result = self.interview.reply(
                    turn.session_id, turn.message, command=command, turn_id=turn.id
                )
        except Exception as exc:
            self.db.turns.end(turn.id, "failed", str(exc) or type(exc).__name__)
            raise
        self.db.turns.end(turn.id, "done")
        return result

    def _wait(self, turn: TurnRecord) -> None:
        deadline = time.monotonic() + LEASE_WAIT_S
        while time.monotonic() < deadline:
            if self.db.turns.get(turn.session_id, turn.id).status not in ("pending", "running"):
                return
            time.sleep(POLL_S)

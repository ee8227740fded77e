"""Turns, jobs and leases every worker process sees: a dead holder's work can be taken over, a
live one's cannot."""

from __future__ import annotations

import socket
import threading
from datetime import timedelta

import pytest

from assistant.storage import Database, NotFound
from assistant.storage.tables import utcnow
from assistant.storage.work import Busy, abandoned, holder_alive, this_process, this_thread

STALE = timedelta(minutes=10)


def session_id(db: Database) -> str:
    workspace = db.workspaces.get_or_create("acme")
    return db.sessions.create(workspace.id, "访谈", "zh-Hans", step="goal").id


def test_holders_tell_a_live_process_from_a_dead_one(dead_holder: str) -> None:
    assert holder_alive(this_process()) is True
    assert holder_alive(this_thread()) is True
    assert holder_alive(dead_holder) is False
    assert holder_alive("another-host:123:456") is None  # cannot tell: judged by silence
    assert abandoned("", utcnow(), STALE)
    assert not abandoned("another-host:123:456", utcnow(), STALE)
    assert abandoned("another-host:123:456", utcnow() - 2 * STALE, STALE)


def test_an_accepted_turn_is_stored_until_it_ends(db: Database) -> None:
    sid = session_id(db)
    turn = db.turns.add(sid, "我们想把排队时间从25分钟降到12分钟", None)
    assert turn.status == "pending" and turn.message.startswith("我们想")
    assert [t.id for t in db.turns.unfinished(sid)] == [turn.id]
    assert db.turns.claim(turn.id, this_thread(), stale_after=STALE)
    assert db.turns.get(sid, turn.id).status == "running"
    db.turns.end(turn.id, "done")
    assert db.turns.unfinished() == []
    assert not db.turns.claim(turn.id, this_thread(), stale_after=STALE)  # never run twice
    with pytest.raises(NotFound):
        db.turns.get(session_id(db), turn.id)  # another session's turn
    with pytest.raises(NotFound):
        db.turns.add("no-such-session", "hi", None)


def test_a_running_turn_is_taken_over_only_when_its_process_is_gone(
    db: Database, dead_holder: str
) -> None:
    sid = session_id(db)
    mine, theirs = db.turns.add(sid, "a", None), db.turns.add(sid, "b", None)
    assert db.turns.claim(mine.id, "another-host:1:1", stale_after=STALE)
    assert not db.turns.claim(mine.id, this_thread(), stale_after=STALE)  # alive, as far as known
    assert db.turns.claim(theirs.id, dead_holder, stale_after=STALE)
    assert db.turns.claim(theirs.id, this_thread(), stale_after=STALE)  # its holder died


def test_deleting_a_session_deletes_its_turns(db: Database) -> None:
    sid = session_id(db)
    db.turns.add(sid, "a", {"action": "next", "choices": []})
    db.sessions.delete(sid)
    assert db.turns.unfinished() == []


def test_a_lease_is_held_by_one_thread_at_a_time(db: Database, dead_holder: str) -> None:
    ttl = timedelta(minutes=1)
    assert db.leases.acquire("session:1", "another-host:1:1", ttl)
    assert not db.leases.acquire("session:1", this_thread(), ttl)
    with pytest.raises(Busy):
        with db.leases.held("session:1", this_thread(), ttl=ttl, wait=0.1):
            pass
    assert db.leases.acquire("session:2", dead_holder, ttl)
    assert db.leases.acquire("session:2", this_thread(), ttl)  # its holder died
    assert db.leases.acquire("session:3", "another-host:1:1", -ttl)
    assert db.leases.acquire("session:3", this_thread(), ttl)  # it expired

    inside: list[str] = []

    def worker(name: str) -> None:
        with db.leases.held("session:4", this_thread(), ttl=ttl, wait=10):
            inside.append(f"{name} in")
            threading.Event().wait(0.05)
            inside.append(f"{name} out")

    threads = [threading.Thread(target=worker, args=(n,)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert inside in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


def test_a_job_record_keeps_its_progress_and_moves_its_version(db: Database) -> None:
    acme = db.workspaces.get_or_create("acme")
    job = db.jobs.add("j1", acme.id, "ingest", this_process(), {"files": []})
    assert (job.status, job.version) == ("pending", 0)
    db.jobs.save("j1", status="running", progress={"files": [{"name": "评论.csv"}]})
    db.jobs.save("j1", status="failed", error="interrupted")
    stored = db.jobs.get("j1")
    assert (stored.status, stored.error, stored.version) == ("failed", "interrupted", 2)
    assert stored.progress == {"files": [{"name": "评论.csv"}]}
    assert stored.holder.startswith(socket.gethostname())
    assert db.jobs.unfinished() == []
    with pytest.raises(ValueError):
        db.jobs.add("j2", acme.id, "translate", this_process(), {})  # type: ignore[arg-type]

"""Durable turns: what the user said is stored before it is answered, run once, in order, by
whichever worker gets to it; a worker killed mid-turn loses nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from assistant.embeddings.hash_backend import HashEmbedder
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.memory_store import MemoryStore
from assistant.services.container import Services
from assistant.settings import Settings

GOAL = "我们是连锁药房，想把门店排队投诉从每月40件降到15件，范围从进店到付款离店。"
PERSONA = "主要是门店的中老年顾客，常来买慢性病药"
STAGES = "先是进店找药，然后排队问药师，接着收银付款，最后离店"
TOUCHPOINTS_HANT = "排隊問藥師：叫號螢幕、藥師櫃檯；收銀付款：收銀台、行動支付"


def worker(settings: Settings) -> Services:
    """One worker process's services: its own index and interview, the shared database and
    checkpoint file."""
    return Services(settings, index=KnowledgeIndex(MemoryStore(), HashEmbedder()))


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    made = worker(settings)
    yield made
    made.close()


@pytest.fixture
def other(settings: Settings) -> Iterator[Services]:
    made = worker(settings)
    yield made
    made.close()


def said(services: Services, session_id: str) -> list[str]:
    """What the user said, as the session's transcript holds it."""
    transcript = services.interview.state(session_id).transcript
    return [entry.text for entry in transcript if entry.role == "user"]


def start(services: Services) -> str:
    return services.sessions.start("pharmacy", lang="zh-Hans").session_id


def test_a_message_is_stored_then_answered_once(services: Services) -> None:
    sid = start(services)
    result = services.turns.submit(sid, GOAL)
    assert "排队投诉" in result.draft.goal and "15" in result.draft.goal
    assert said(services, sid) == [GOAL]
    assert services.db.turns.unfinished() == []


def test_a_message_whose_stream_never_came_is_answered_before_the_next(services: Services) -> None:
    sid = start(services)
    services.turns.submit(sid, GOAL)
    services.turns.accept(sid, PERSONA)  # the page posted it; the browser closed before streaming
    services.turns.submit(sid, STAGES)
    assert said(services, sid) == [GOAL, PERSONA, STAGES]
    stages = [s.name for s in services.interview.state(sid).draft.stages]
    assert stages[:2] == ["进店找药", "排队问药师"]


def test_another_worker_runs_a_turn_this_one_accepted(services: Services, other: Services) -> None:
    sid = start(services)
    turn_id = services.turns.accept(sid, GOAL)
    result = other.turns.run(sid, turn_id)  # the stream reached the other worker
    assert "排队投诉" in result.draft.goal
    again = services.turns.run(sid, turn_id)  # a reconnect: the session as it stands
    assert again.text == result.text
    assert said(services, sid) == [GOAL]


def test_a_worker_killed_mid_turn_loses_nothing(
    services: Services, other: Services, dead_holder: str
) -> None:
    sid = start(services)
    turn_id = services.turns.accept(sid, GOAL)
    assert services.db.turns.claim(turn_id, dead_holder, stale_after=services.turns.stale_after)
    assert other.turns.recover() == 1  # the next worker to start
    assert said(other, sid) == [GOAL]
    assert other.db.turns.get(sid, turn_id).status == "done"


def test_a_turn_checkpointed_before_the_kill_is_not_applied_twice(
    services: Services, other: Services, dead_holder: str
) -> None:
    sid = start(services)
    turn_id = services.turns.accept(sid, GOAL)
    services.db.turns.claim(turn_id, dead_holder, stale_after=services.turns.stale_after)
    services.interview.reply(sid, GOAL, turn_id=turn_id)  # checkpointed; "done" never written
    assert other.turns.recover() == 1
    assert said(other, sid) == [GOAL]
    assert other.db.turns.get(sid, turn_id).status == "done"


def test_two_workers_answering_one_session_at_once_keep_every_message(
    services: Services, other: Services
) -> None:
    sid = start(services)
    for message in (GOAL, PERSONA, STAGES):
        services.turns.submit(sid, message)
    messages = ["门店", TOUCHPOINTS_HANT, "还有取药窗口", "网上预约"]
    threads = [
        threading.Thread(target=(services if n % 2 else other).turns.submit, args=(sid, m))
        for n, m in enumerate(messages)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(said(services, sid)[3:]) == sorted(messages)
    assert services.db.turns.unfinished() == []
    assert services.db.leases.acquire(f"session:{sid}", "elsewhere:1:1", services.turns.lease_ttl)


def test_a_deleted_session_takes_its_waiting_turns_with_it(services: Services) -> None:
    sid = start(services)
    services.turns.accept(sid, GOAL)
    services.sessions.delete(sid)
    assert services.turns.recover() == 0
    assert services.db.turns.unfinished() == []

"""The checkpointed LangGraph loop: a failing turn never wedges a session, unknown sessions are
refused, and each turn is on disk when the reply comes back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.interview.engine import RuleAnswerer
from assistant.interview.graph import SessionNotStarted
from assistant.interview.state import TurnInput
from assistant.interview.turn import Turn
from assistant.storage import NotFound
from tests.interview.conftest import MakeService


class ExplodingAnswerer(RuleAnswerer):
    def answer(self, turn: Turn) -> None:
        if "boom" in turn.message:
            raise RuntimeError("a bug in a parser")
        super().answer(turn)


def test_an_error_in_a_turn_is_answered_and_the_session_goes_on(make_service: MakeService) -> None:
    service = make_service()
    service.engine.answerer = ExplodingAnswerer()
    session = service.start("acme", lang="zh-Hans").session_id
    first = service.reply(session, "我们想减少网点排队的投诉，我们是银行")

    failed = service.reply(session, "上班族和个体户 boom")
    assert failed.notices == ["处理这一句时出了问题，地图没有改动。请换个说法再试一次。"]
    assert failed.step == first.step and failed.draft == first.draft

    # The failed message is not replayed: the next one is handled normally.
    after = service.reply(session, "首次贷款的年轻白领")
    assert not after.notices and after.step == "stages"
    assert [p.name for p in after.draft.personas] == ["首次贷款的年轻白领"]
    transcript = [e.text for e in service.state(session).transcript if e.role == "user"]
    assert transcript == [
        "我们想减少网点排队的投诉，我们是银行",
        "上班族和个体户 boom",
        "首次贷款的年轻白领",
    ]


def test_unknown_sessions_are_refused(make_service: MakeService) -> None:
    service = make_service()
    with pytest.raises(NotFound):
        service.reply("no-such-session", "hello")
    with pytest.raises(SessionNotStarted):
        service.graph.load("no-such-session")
    with pytest.raises(SessionNotStarted):
        service.graph.resume("no-such-session", TurnInput(message="hello"))


def test_each_turn_is_checkpointed_before_the_reply_returns(
    make_service: MakeService, tmp_path: Path
) -> None:
    service = make_service(data_dir=tmp_path / "cp")
    session = service.start("acme", lang="en").session_id
    service.reply(session, "Cut complaints about our hotel check-in")
    # Read the checkpoint file directly, through another connection, while the service is open.
    with sqlite3.connect(tmp_path / "cp" / "checkpoints.sqlite") as conn:
        count = conn.execute(
            "SELECT COUNT(*) FROM checkpoints WHERE thread_id = ?", (session,)
        ).fetchone()[0]
    assert count >= 3  # the start, and the turn
    assert service.graph.load(session).draft.goal == "Cut complaints about our hotel check-in"
    assert service.graph.load(session).industry == "hotel"

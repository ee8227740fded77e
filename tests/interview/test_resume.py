"""Every turn is checkpointed before the reply returns: a session survives its process being
killed (SIGKILL, no clean-up) and resumes by id in another process, with every answer given."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

from assistant.interview.service import InterviewService
from tests.interview.conftest import MakeService
from tests.interview.fakes import EmptyRetriever
from tests.interview.scripts import BANKING_ZH

ROOT = Path(__file__).resolve().parents[2]
KILLED_AFTER = 9  # answers given before the kill: goal to the last touchpoint


def _driver(data_dir: Path, *session: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.interview.driver", str(data_dir), *session],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
    )


def _turn(process: subprocess.Popen[str], message: str) -> dict[str, Any]:
    stdin: IO[str] = process.stdin  # type: ignore[assignment]
    stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
    stdin.flush()
    return _read(process)


def _read(process: subprocess.Popen[str]) -> dict[str, Any]:
    line = process.stdout.readline()  # type: ignore[union-attr]
    assert line, f"driver exited with {process.poll()}"
    data: dict[str, Any] = json.loads(line)
    return data


def test_a_killed_interview_resumes_in_a_new_process_with_every_answer(
    tmp_path: Path, make_service: MakeService
) -> None:
    data_dir = tmp_path / "shared"
    first = _driver(data_dir)
    try:
        session_id = _read(first)["session_id"]
        for message in BANKING_ZH[:KILLED_AFTER]:
            before_kill = _turn(first, message)
    finally:
        first.send_signal(signal.SIGKILL)  # no atexit, no flush, no close
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL

    # What the map must hold: the same answers replayed in this process, on a fresh data dir.
    reference = make_service(data_dir=tmp_path / "reference", retriever_override=EmptyRetriever())
    expected = reference.start("acme", lang="zh-Hans")
    for message in BANKING_ZH[:KILLED_AFTER]:
        expected = reference.reply(expected.session_id, message)

    second = _driver(data_dir, session_id)
    try:
        resumed = _read(second)
        assert resumed["session_id"] == session_id
        assert resumed["step"] == before_kill["step"] == expected.step
        assert resumed["draft"] == before_kill["draft"]
        assert resumed["draft"] == expected.draft.model_dump(mode="json")
        stages = [s["name"] for s in resumed["draft"]["stages"]]
        assert stages[:3] == ["咨询了解", "申请提交", "审批等待"]
        online = next(t for t in resumed["draft"]["touchpoints"] if t["name"] == "线上申请")
        assert online["frontstage"] == "客户经理预审"
        # The interview goes on from where it was, to the end.
        for message in BANKING_ZH[KILLED_AFTER:]:
            final = _turn(second, message)
        assert final["finished"]
    finally:
        second.stdin.close()  # type: ignore[union-attr]
        second.wait(timeout=30)
    assert second.returncode == 0

    # Storage agrees: the session is finished and the map was versioned along the way.
    service: InterviewService = make_service(data_dir=data_dir, retriever_override=EmptyRetriever())
    assert service.db.sessions.get(session_id).status == "finished"
    (record,) = service.db.maps.for_session(session_id)
    assert record.latest_version >= 9
    assert service.diagnosis(session_id).map.pain_points


def test_a_second_service_on_the_same_files_resumes_the_session(
    tmp_path: Path, make_service: MakeService
) -> None:
    data_dir = tmp_path / "same"
    first = make_service(data_dir=data_dir)
    result = first.start("acme", lang="en")
    result = first.reply(result.session_id, "We want fewer complaints about our bank's loans")
    first.close()

    second = make_service(data_dir=data_dir)
    resumed = second.current(result.session_id)
    assert resumed.step == "personas" and resumed.text == result.text
    assert resumed.draft.goal == "We want fewer complaints about our bank's loans"
    assert second.reply(result.session_id, "Young couple: first mortgage").step == "stages"

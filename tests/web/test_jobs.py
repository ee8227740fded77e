"""The background job queue: one job at a time, uploads removed when a job ends (also when the
server stops before it ran), stale upload folders of a dead process cleaned at start; jobs and
turns recorded in the database, so another worker shows them and a restart fails or resumes
what a killed one left."""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.retrieval import Chunk
from assistant.services.container import Services
from assistant.storage import Database
from tests.web.conftest import (
    HX,
    RESTAURANT_ZH,
    SAMPLE_CSV,
    MakeServices,
    sse_events,
    start_session,
    text_of,
)
from web.app import create_app
from web.jobs import INTERRUPTED, IngestJob, Jobs
from web.uploads import remove_stale_uploads, uploads_dir


def job(name: str) -> IngestJob:
    return IngestJob(id=name, workspace="w", files=[])


def folder(root: Path, name: str) -> Path:
    path = root / name
    path.mkdir(parents=True)
    (path / "reviews.csv").write_text("text\n送餐太慢\n", encoding="utf-8")
    return path


def test_jobs_run_one_at_a_time_and_remove_their_uploads(tmp_path: Path) -> None:
    queue = Jobs(Database(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    order: list[str] = []
    gate = threading.Event()

    def slow() -> None:
        gate.wait()
        order.append("a")

    def fails() -> None:
        raise ZeroDivisionError("division by zero")

    first = queue.submit(job("a"), slow, folder(tmp_path, "a"))
    second = queue.submit(job("b"), lambda: order.append("b"), folder(tmp_path, "b"))
    time.sleep(0.1)
    assert order == [] and not second.finished  # b waits behind a
    gate.set()
    queue.wait(second)
    assert order == ["a", "b"] and first.finished and second.finished
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    failing = queue.submit(job("c"), fails, folder(tmp_path, "c"))
    queue.wait(failing)
    assert failing.error == "division by zero" and isinstance(failing.exception, ZeroDivisionError)
    assert not (tmp_path / "c").exists()
    assert queue.get("c", IngestJob, "w") is failing and queue.get("zzz", IngestJob, "w") is None
    assert queue.get("c", IngestJob, "other") is None  # another workspace's job is not found
    queue.shutdown()


def test_stopping_the_server_removes_the_uploads_of_jobs_that_never_ran(tmp_path: Path) -> None:
    queue = Jobs(Database(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    gate = threading.Event()
    running = queue.submit(job("run"), gate.wait, folder(tmp_path, "run"))
    waiting = queue.submit(job("wait"), lambda: None, folder(tmp_path, "wait"))
    time.sleep(0.05)
    queue.shutdown()
    assert waiting.finished and waiting.error == INTERRUPTED
    assert not (tmp_path / "wait").exists()
    gate.set()
    deadline = time.monotonic() + 5
    while not running.finished and time.monotonic() < deadline:
        time.sleep(0.02)
    assert running.finished and not running.error and not (tmp_path / "run").exists()


def test_stale_upload_folders_are_removed_at_start(tmp_path: Path) -> None:
    root = uploads_dir(tmp_path)
    old = folder(root, "cxcoach-upload-old")
    recent = folder(root, "cxcoach-upload-recent")
    other = folder(root, "something-else")
    hours_ago = time.time() - 7 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    assert remove_stale_uploads(tmp_path) == 1
    assert not old.exists() and recent.exists() and other.exists()


# Durable jobs and turns: another worker, a restart ------------------------------------------
def stream_events(client: TestClient, url: str) -> list[tuple[str, str]]:
    return list(sse_events(client.get(url).text.splitlines()))


def test_another_worker_shows_a_job_this_one_ran(
    client: TestClient, make_services: MakeServices
) -> None:
    posted = client.post(
        "/knowledge/upload",
        data={"workspace": "durable"},
        files=[("files", ("waimai.csv", SAMPLE_CSV.read_bytes(), "text/csv"))],
        headers=HX,
    )
    job_id = re.search(r"/knowledge/jobs/(\w+)/stream", posted.text)
    assert job_id
    client.get(f"/knowledge/jobs/{job_id.group(1)}/stream?workspace=durable")  # let it finish
    other = TestClient(create_app(services=make_services()))  # a second worker process
    url = f"/knowledge/jobs/{job_id.group(1)}/stream"
    [(kind, done)] = stream_events(other, f"{url}?workspace=durable")
    assert kind == "done" and "waimai.csv" in done and "服务器上找不到" not in done
    [(kind, elsewhere)] = stream_events(other, f"{url}?workspace=rival")  # not rival's job
    assert "服务器上找不到" in elsewhere and "waimai.csv" not in elsewhere


def test_a_restart_fails_the_dead_workers_job_and_answers_its_accepted_turn(
    client: TestClient, services: Services, make_services: MakeServices, dead_holder: str
) -> None:
    # Before the kill: one file indexed whole, one half-written, one message accepted.
    client.post(
        "/api/workspaces/durable/sources",
        files=[("files", ("waimai.csv", SAMPLE_CSV.read_bytes(), "text/csv"))],
    )
    workspace = services.db.workspaces.get_or_create("durable")
    half = [Chunk(id=f"dead:{n}", text=f"送餐太慢 {n}", doc_id="half.csv", title="half.csv",
                  source="half.csv", kind="company", doc_kind="data", source_id="dead")
            for n in range(3)]  # fmt: skip
    services.index.add_chunks(workspace.id, half)
    holder = dead_holder
    services.db.jobs.add("killed", workspace.id, "ingest", holder, {"workspace": "durable"})
    services.db.jobs.save("killed", status="running", progress={
        "workspace": "durable",
        "files": [{"name": "half.csv", "state": "indexing", "done": 3, "total": 9, "result": None}],
    })  # fmt: skip
    session_id = start_session(client)
    turn_id = services.turns.accept(session_id, RESTAURANT_ZH[0])
    services.db.turns.claim(turn_id, holder, stale_after=services.turns.stale_after)

    # The next worker starts (its lifespan runs the recovery in the background).
    restarted = make_services()
    with TestClient(create_app(services=restarted)) as after:
        deadline = time.monotonic() + 30
        while restarted.db.jobs.get("killed").status != "failed" or restarted.db.turns.unfinished():
            assert time.monotonic() < deadline, "recovery did not run"
            time.sleep(0.05)
        [(kind, done)] = stream_events(after, "/knowledge/jobs/killed/stream?workspace=durable")
    assert kind == "done" and "服务器在处理这个任务时停止了" in text_of(done)
    assert restarted.index.source_ids(workspace.id) == {
        s.content_hash for s in restarted.db.sources.list(workspace.id)
    }  # the half-written file's chunks are gone, the whole one's stay
    transcript = restarted.interview.state(session_id).transcript
    assert [e.text for e in transcript if e.role == "user"] == [RESTAURANT_ZH[0]]

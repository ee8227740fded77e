"""The background job queue: one job at a time, uploads removed when a job ends (also when the
server stops before it ran), stale upload folders of a dead process cleaned at start."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from web.jobs import Job, Jobs
from web.uploads import remove_stale_uploads, uploads_dir


def folder(root: Path, name: str) -> Path:
    path = root / name
    path.mkdir(parents=True)
    (path / "reviews.csv").write_text("text\n送餐太慢\n", encoding="utf-8")
    return path


def test_jobs_run_one_at_a_time_and_remove_their_uploads(tmp_path: Path) -> None:
    queue = Jobs()
    order: list[str] = []
    gate = threading.Event()

    def slow() -> None:
        gate.wait()
        order.append("a")

    def fails() -> None:
        raise ZeroDivisionError("division by zero")

    first = queue.submit(Job(id="a", workspace="w"), slow, folder(tmp_path, "a"))
    second = queue.submit(
        Job(id="b", workspace="w"), lambda: order.append("b"), folder(tmp_path, "b")
    )
    time.sleep(0.1)
    assert order == [] and not second.finished  # b waits behind a
    gate.set()
    queue.wait(second)
    assert order == ["a", "b"] and first.finished and second.finished
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    failing = queue.submit(Job(id="c", workspace="w"), fails, folder(tmp_path, "c"))
    queue.wait(failing)
    assert failing.error == "division by zero" and isinstance(failing.exception, ZeroDivisionError)
    assert not (tmp_path / "c").exists()
    assert queue.get("c", Job) is failing and queue.get("zzz", Job) is None
    queue.shutdown()


def test_stopping_the_server_removes_the_uploads_of_jobs_that_never_ran(tmp_path: Path) -> None:
    queue = Jobs()
    gate = threading.Event()
    running = queue.submit(Job(id="run", workspace="w"), gate.wait, folder(tmp_path, "run"))
    waiting = queue.submit(Job(id="wait", workspace="w"), lambda: None, folder(tmp_path, "wait"))
    time.sleep(0.05)
    queue.shutdown()
    assert waiting.finished and waiting.error.startswith("cancelled")
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

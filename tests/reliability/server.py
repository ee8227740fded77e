"""The real app in a child process: `cxcoach serve` on a free port over a temporary data dir,
started, killed with SIGKILL and restarted on the same data, its log kept for tracebacks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

TRACEBACK = "Traceback (most recent call last)"
# The suite's settings for every server and command: a job gets 20 s (CXCOACH_JOB_TIMEOUT, 30 min
# by default), so that a file that reads slowly until a limit (250,000 rows to tag, say) ends
# within the suite's budget for it, failed with the reason, instead of holding the queue.
JOB_TIMEOUT_S = 20
SUITE_SETTINGS = {"job_timeout": str(JOB_TIMEOUT_S)}
START_TIMEOUT_S = 90.0


def cxcoach_command() -> list[str]:
    """The `cxcoach` script of the interpreter running the suite (the project's venv)."""
    script = Path(sys.executable).with_name("cxcoach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant.cli.main"]


def clean_env(data_dir: Path, settings: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a child: no CXCOACH_* of the developer, this data dir, `settings`
    (names without the prefix, e.g. {"llm_mode": "fake"})."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CXCOACH_")}
    env["CXCOACH_DATA_DIR"] = str(data_dir)
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"  # rich tables: one line a file
    for name, value in (SUITE_SETTINGS | dict(settings or {})).items():
        env[f"CXCOACH_{name.upper()}"] = value
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """One `cxcoach serve` process at a time over `data_dir`; `restart` keeps the data."""

    def __init__(self, data_dir: Path, settings: Mapping[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.settings = dict(settings or {})
        self.port = free_port()
        self.log_path = data_dir.parent / f"{data_dir.name}-server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start and wait until /healthz answers; the seconds it took."""
        assert self.process is None, "already running"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with self.log_path.open("ab") as log:
            log.write(f"\n=== start {self.starts + 1} ===\n".encode())
            self.process = subprocess.Popen(
                [*cxcoach_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=clean_env(self.data_dir, self.settings),
                cwd=self.data_dir.parent,  # no stray .env
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1
        deadline = started + START_TIMEOUT_S
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"cxcoach serve exited at start; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"cxcoach serve did not answer in {START_TIMEOUT_S:g} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the machine loses power."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def restart_after_kill(self) -> float:
        self.kill()
        return self.start()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", errors="replace")

    def client(self, timeout: float = 120.0) -> httpx.Client:
        """A client that, like a browser, does not reuse a connection the server is about to
        close: uvicorn drops idle ones after 5 s, httpx would keep them 5 s too (a race)."""
        limits = httpx.Limits(keepalive_expiry=3.0)
        return httpx.Client(base_url=self.url, timeout=timeout, limits=limits)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

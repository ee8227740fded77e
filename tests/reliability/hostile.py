"""The hostile corpus sent through every door: `cxcoach ingest` and `cxcoach analyze`, the JSON
API's ingest and analysis uploads, the Knowledge page's upload as a form posts it (with the CSRF
token), and the hostile requests. Each must end within its budget with a clear message: no
HTTP 500, no traceback (in the output, the response or the server's log), no silence."""

from __future__ import annotations

import logging
import re
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.reliability.client import (
    message_of,
    page_post,
    server_error,
    shows_traceback,
)
from tests.reliability.corpus import RAW_SCRIPT_PROBES, HostileFile, HostileRequest
from tests.reliability.report import Report
from tests.reliability.server import TRACEBACK, clean_env, cxcoach_command

WORKSPACE = "hostile"
# A command's own start (imports, opening the index) and its printing of the result, on top of
# the job's budget: ~3 s on a quiet machine, 2–3 times that with two commands at once on two
# cores that other jobs use too.
CLI_SLACK_S = 15.0


# Where tracebacks are logged ---------------------------------------------------------------------
class LogWatch:
    """Tracebacks logged while a probe ran: read from a server's log file from an offset, or
    (in process) caught by a handler on the root logger."""

    def __init__(
        self, size: Callable[[], int] | None = None, since: Callable[[int], str] | None = None
    ) -> None:
        self._size, self._since = size, since
        self._offset = 0
        self._records: list[str] = []
        if size is None:
            watch = self

            class Catch(logging.Handler):
                def emit(self, record: logging.LogRecord) -> None:
                    if record.exc_info:
                        watch._records.append(self.format(record))

            self.handler: logging.Handler | None = Catch()
            self.handler.setFormatter(logging.Formatter())
            logging.getLogger().addHandler(self.handler)
        else:
            self.handler = None

    def mark(self) -> None:
        self._offset = self._size() if self._size else 0
        self._records.clear()

    def tracebacks(self) -> list[str]:
        if self._since is not None:
            text = self._since(self._offset)
            return text.split(TRACEBACK)[1:]
        return list(self._records)

    def close(self) -> None:
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)


def last_line(traceback_text: str) -> str:
    lines = [line for line in traceback_text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


# One probe ---------------------------------------------------------------------------------------
@dataclass
class Outcome:
    label: str
    seconds: float
    status: int | None = None
    message: str = ""


def judge_response(
    report: Report,
    label: str,
    response: httpx.Response | None,
    seconds: float,
    budget: float,
    logs: LogWatch,
    expect: Sequence[int] = (),
    error: str = "",
) -> None:
    """Count what is wrong with one HTTP answer."""
    for trace in logs.tracebacks():
        report.add("tracebacks", f"{label}: server log: {last_line(trace)}")
    if seconds > budget:
        report.add("over_budget", f"{label}: {seconds:.1f} s > {budget:g} s")
    if response is None:
        report.add("unclear", f"{label}: no answer ({error})")
        return
    if problem := server_error(response):
        report.add("http_500", f"{label}: {problem}: {response.text[:200]}")
    if shows_traceback(response.text):
        report.add("tracebacks", f"{label}: traceback in the response")
    kind = response.headers.get("content-type", "")
    if ("html" in kind or "svg" in kind) and any(p in response.text for p in RAW_SCRIPT_PROBES):
        report.add("escaped", f"{label}: script from the input served unescaped ({kind})")
    if expect and response.status_code not in expect:
        report.add("unclear", f"{label}: HTTP {response.status_code}, expected {list(expect)}")
    elif response.status_code >= 400 and not message_of(response).strip():
        report.add("unclear", f"{label}: HTTP {response.status_code} with no message")


def timed(send: Callable[[], httpx.Response]) -> tuple[httpx.Response | None, float, str]:
    started = time.perf_counter()
    try:
        response: httpx.Response | None = send()
        error = ""
    except httpx.HTTPError as exc:
        response, error = None, f"{type(exc).__name__}: {exc}"
    return response, time.perf_counter() - started, error


# Uploads -----------------------------------------------------------------------------------------
def file_results_clear(report: Report, label: str, response: httpx.Response) -> None:
    """Every file of an ingest answer has a status, and a reason when it failed."""
    if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
        return
    for result in response.json().get("results", []):
        if result.get("status") == "failed" and not str(result.get("reason", "")).strip():
            report.add("unclear", f"{label}: {result.get('name')!r} failed without a reason")


DOORS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("API ingest", (200,)),
    ("API analysis", (200, 422)),
    ("Knowledge page upload", (200,)),
)


def through(client: httpx.Client, door: str, item: HostileFile) -> httpx.Response:
    """Upload one file through one door; no answer within 3 × its budget counts as none."""
    # (FastAPI's TestClient runs the app in process: it takes no timeout.)
    wait: dict[str, Any] = {} if isinstance(client, TestClient) else {"timeout": item.budget_s * 3}
    with item.path.open("rb") as handle:
        part = [("files", (item.name, handle, "application/octet-stream"))]
        if door == "API ingest":
            return client.post(f"/api/workspaces/{WORKSPACE}/sources", files=part, **wait)
        if door == "API analysis":
            return client.post(f"/api/workspaces/{WORKSPACE}/analyses", files=part, **wait)
        return page_post(
            client, "/knowledge/upload", data={"workspace": WORKSPACE}, files=part, **wait
        )


def send_uploads(
    report: Report, files: Sequence[HostileFile], client: httpx.Client, logs: LogWatch
) -> int:
    """Each file through the API's ingest and analysis and the Knowledge page's form; the
    number of requests sent."""
    sent = 0
    for item in files:
        if not item.upload:
            continue
        for door, expect in DOORS:
            label = f"{door} · {item.what} ({item.name!r})"
            logs.mark()
            response, seconds, error = timed(lambda: through(client, door, item))  # noqa: B023
            judge_response(report, label, response, seconds, item.budget_s, logs, expect, error)
            if response is not None:
                file_results_clear(report, label, response)
            sent += 1
    return sent


def send_requests(
    report: Report,
    requests: Sequence[HostileRequest],
    client: httpx.Client,
    logs: LogWatch,
    ctx: dict[str, str],
) -> None:
    for request in requests:
        logs.mark()
        response, seconds, error = timed(lambda: request.send(client, ctx))  # noqa: B023
        judge_response(
            report, request.name, response, seconds, request.budget_s, logs, request.expect, error
        )


def check_escapes(report: Report, roots: Sequence[Path]) -> None:
    """No upload landed where its hostile name pointed."""
    for root in roots:
        for found in root.rglob("*canary*"):
            report.add("escaped", f"an upload was written at {found}")
    for path in (Path("/etc/cron.d/absolute-canary.csv"),):
        if path.exists():
            report.add("escaped", f"an upload was written at {path}")


# The command line --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CliRun:
    command: str
    item: HostileFile
    code: int | None  # None: killed after its budget
    output: str
    seconds: float


def run_command(command: str, item: HostileFile, data_dir: Path) -> CliRun:
    args = [*cxcoach_command(), command, str(item.path), "--workspace", WORKSPACE]
    budget = item.budget_s + CLI_SLACK_S
    started = time.perf_counter()
    try:
        done = subprocess.run(
            args,
            env=clean_env(data_dir),
            cwd=data_dir.parent,
            capture_output=True,
            timeout=budget * 3,
            stdin=subprocess.DEVNULL,
        )
        code: int | None = done.returncode
        output = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    except subprocess.TimeoutExpired as exc:
        code = None
        output = ((exc.stdout or b"") + (exc.stderr or b"")).decode("utf-8", errors="replace")
    return CliRun(command, item, code, output, time.perf_counter() - started)


def judge_cli(report: Report, run: CliRun) -> None:
    label = f"cxcoach {run.command} · {run.item.what} ({run.item.path.name!r})"
    budget = run.item.budget_s + CLI_SLACK_S
    if run.code is None or run.seconds > budget:
        report.add("over_budget", f"{label}: {run.seconds:.1f} s > {budget:g} s")
    if TRACEBACK in run.output:
        report.add("tracebacks", f"{label}: {last_line(run.output.split(TRACEBACK)[-1])}")
    if run.code is not None and run.code not in (0, 1):
        report.add("unclear", f"{label}: exit code {run.code}: {run.output.strip()[-200:]}")
    elif not run.output.strip():
        report.add("unclear", f"{label}: printed nothing")
    elif run.code == 1 and not re.search(r"\w{3,}", run.output):
        report.add("unclear", f"{label}: failed without a reason")


def run_cli(
    report: Report, files: Sequence[HostileFile], work: Path, workers: int = 2
) -> list[CliRun]:
    """`cxcoach ingest` and `cxcoach analyze` on each file, `workers` at a time, each worker
    over its own data dir (two processes writing one embedded index would test something else)."""
    jobs = [(command, item) for item in files if item.cli for command in ("ingest", "analyze")]

    def worker(n: int) -> list[CliRun]:
        data_dir = work / f"cli-data-{n}"
        return [run_command(c, item, data_dir) for c, item in jobs[n::workers]]

    with ThreadPoolExecutor(workers) as pool:
        runs = [run for batch in pool.map(worker, range(workers)) for run in batch]
    for run in runs:
        judge_cli(report, run)
    report.touch("over_budget", "tracebacks", "unclear")
    return runs

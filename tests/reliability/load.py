"""Concurrent interviews against the turn API (`POST /api/sessions/{id}/turns`): each simulated
manager starts a session, answers from one of the scripted interviews of
`tests/interview/scenarios/` (written the way managers talk, three languages), pausing between
answers as someone typing would, and starts another interview when one ends. Every turn that is
not a 200 with the next question is an error; the latency is that of the whole turn."""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.interview.evaluation import Scenario, load_scenarios
from tests.reliability.report import Report

SCENARIOS = Path(__file__).resolve().parents[1] / "interview" / "scenarios"


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    turns: int = 0
    sessions: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str = "") -> None:
        with self._lock:
            self.turns += 1
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)

    def p95(self) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[18]


def interview(
    client: httpx.Client,
    scenario: Scenario,
    result: LoadResult,
    until: float,
    think: tuple[float, float],
    rng: random.Random,
) -> None:
    body = {"workspace": "load", "lang": scenario.lang, "industry": scenario.start_industry}
    started = client.post("/api/sessions", json=body)
    if started.status_code != 201:
        result.errors.append(f"start: HTTP {started.status_code}: {started.text[:200]}")
        return
    with result._lock:
        result.sessions += 1
    session = started.json()["session_id"]
    for turn in scenario.turns:
        if turn.optional:
            continue
        if time.monotonic() >= until:
            return
        time.sleep(rng.uniform(*think))
        began = time.perf_counter()
        error = ""
        try:
            reply = client.post(f"/api/sessions/{session}/turns", json={"message": turn.say})
            if reply.status_code != 200:
                error = f"HTTP {reply.status_code}: {reply.text[:200]}"
            elif not reply.json().get("text"):
                error = "a 200 without a reply"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        result.record(time.perf_counter() - began, error)
        if not error and reply.json().get("finished"):
            return


def run_load(
    report: Report,
    make_client: Callable[[], httpx.Client],
    sessions: int = 50,
    seconds: float = 60.0,
    think: tuple[float, float] = (2.0, 6.0),
) -> LoadResult:
    """`sessions` managers at once for `seconds`; errors and p95 go into the report."""
    scenarios = load_scenarios(SCENARIOS)
    result = LoadResult()
    until = time.monotonic() + seconds

    def manager(n: int) -> None:
        rng = random.Random(n)
        with make_client() as client:
            while time.monotonic() < until:
                interview(client, rng.choice(scenarios), result, until, think, rng)

    threads = [threading.Thread(target=manager, args=(n,)) for n in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for error in result.errors:
        report.add("load_errors", error)
    report.touch("load_errors")
    report.p95_s = result.p95()
    report.figures["turns under load"] = str(result.turns)
    report.figures["turns per second"] = f"{result.turns / seconds:.1f}"
    if result.latencies:
        report.figures["p50 turn latency (s)"] = f"{statistics.median(result.latencies):.3f}"
        report.figures["max turn latency (s)"] = f"{max(result.latencies):.3f}"
    return result

"""The reliability suite (`make reliability`): starts the real app (`cxcoach serve` on a free
port over a temporary data dir) and drives it over HTTP and the command line:

1. the hostile corpus (corpus.py) through `cxcoach ingest`/`analyze`, the API and the Knowledge
   page, and the hostile requests (hostile.py);
2. cross-workspace reads over every route (leaks.py);
3. 50 concurrent interviews for 60 s against the turn API (load.py);
4. SIGKILL during turns and during a large ingest, repeated, then restarts (kill.py).

It prints one table and exits 1 when any count is not zero (p95 latency is reported with its
target). Usage: python -m tests.reliability.suite [--parts hostile,leaks,load,kill] …
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from tests.reliability.hostile import (
    LogWatch,
    check_escapes,
    last_line,
    run_cli,
    send_requests,
    send_uploads,
)
from tests.reliability.report import Report
from tests.reliability.server import TRACEBACK, Server

PARTS = ("hostile", "leaks", "load", "kill")


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def routes_app(folder: Path) -> FastAPI:
    """The app, built but not started, to walk its routes."""
    from assistant.settings import load_settings
    from web.app import create_app

    settings = load_settings(data_dir=folder, index_backend="memory", embedding_backend="hash")
    return create_app(settings)


def server_tracebacks(report: Report, server: Server, offset: int, phase: str) -> None:
    for trace in server.log_since(offset).split(TRACEBACK)[1:]:
        report.add("tracebacks", f"server log during {phase}: {last_line(trace)}")


def phase(report: Report, server: Server, name: str, work: Callable[[], object]) -> None:
    started, offset = time.perf_counter(), server.log_size()
    say(f"{name} …")
    work()
    server_tracebacks(report, server, offset, name)
    say(f"{name}: {time.perf_counter() - started:.0f} s")


def hostile_part(report: Report, server: Server, root: Path) -> None:
    from tests.reliability.corpus import hostile_files, hostile_requests

    files = hostile_files(root / "corpus")
    requests = hostile_requests()
    say(f"hostile corpus: {len(files)} files, {len(requests)} requests")
    report.figures["hostile files / requests"] = f"{len(files)}/{len(requests)}"
    logs = LogWatch(server.log_size, server.log_since)
    with server.client() as client:
        started = client.post("/api/sessions", json={"workspace": "hostile"}).json()
        session = started["session_id"]
        turn = {}
        for message in ("我们是外卖平台，想把差评率从8%降到5%，范围从下单到评价。", "上班族"):
            turn = client.post(f"/api/sessions/{session}/turns", json={"message": message}).json()
        ctx = {"session_id": session, "map_id": str(turn.get("map_id") or "none")}
        uploads = send_uploads(report, files, client, logs)
        send_requests(report, requests, client, logs, ctx)
    say(f"hostile over HTTP: {uploads} uploads, {len(requests)} requests")
    runs = run_cli(report, files, root)
    say(f"hostile through the CLI: {len(runs)} commands")
    check_escapes(report, [root])
    report.touch("http_500", "tracebacks", "over_budget", "unclear", "escaped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--parts", default=",".join(PARTS), help="comma-separated: " + ", ".join(PARTS)
    )
    parser.add_argument("--sessions", type=int, default=50, help="concurrent interviews")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the load runs")
    parser.add_argument("--think", default="2,6", help="seconds between answers: min,max")
    parser.add_argument("--rounds", type=int, default=5, help="kills during turns and ingests")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")

    began = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="cxcoach-reliability-"))
    report = Report()
    say(f"working in {root}")
    try:
        if {"hostile", "leaks", "load"} & set(parts):
            server = Server(root / "app")
            say(f"cxcoach serve up in {server.start():.1f} s on {server.url}")
            try:
                if "hostile" in parts:
                    phase(report, server, "hostile", lambda: hostile_part(report, server, root))
                if "leaks" in parts:
                    from tests.reliability.leaks import cross_workspace

                    app = routes_app(root / "routes")
                    phase(
                        report,
                        server,
                        "cross-workspace",
                        lambda: cross_workspace(report, app, server.client),
                    )
                if "load" in parts:
                    from tests.reliability.load import run_load

                    low, high = (float(x) for x in args.think.split(","))
                    report.figures["load: sessions, think time (s)"] = (
                        f"{args.sessions}, {low:g}–{high:g}"
                    )
                    phase(
                        report,
                        server,
                        "load",
                        lambda: run_load(
                            report, server.client, args.sessions, args.seconds, (low, high)
                        ),
                    )
            finally:
                server.stop()
        if "kill" in parts:
            from tests.reliability.kill import (
                half_ingested,
                kill_during_ingest,
                kill_during_turns,
                stuck_in_database,
            )

            # A language model (the fake one) makes the interview page stream: its post is
            # accepted before the reply is computed.
            killed = Server(root / "killed", {"llm_mode": "fake"})
            say(f"cxcoach serve (fake LLM) up in {killed.start():.1f} s")
            try:
                phase(
                    report,
                    killed,
                    "kill during turns",
                    lambda: kill_during_turns(report, killed, args.rounds),
                )
                files: list[Path] = []
                phase(
                    report,
                    killed,
                    "kill during ingest",
                    lambda: files.extend(kill_during_ingest(report, killed, root, args.rounds)),
                )
            finally:
                killed.stop()
            half_ingested(report, killed.data_dir, files)
            stuck_in_database(report, killed.data_dir)
            report.figures["server starts (kill tests)"] = str(killed.starts)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    seconds = time.perf_counter() - began
    print(report.table(seconds))
    print(report.details())
    if args.keep:
        print(f"\nkept: {root}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())

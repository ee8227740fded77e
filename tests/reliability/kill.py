"""SIGKILL in the middle of work, repeated, then a restart on the same data:

- **during turns**: several interviews answer at once, over the API and as the interview page
  sends a message (htmx: the post is accepted at once, the reply computed on the event stream
  that follows); the process is killed while they run. Every message the app accepted (a 200)
  must be in its session's transcript after the restart ("lost answers"), and every session
  must take the next answer.
- **during a large ingest**: a few hundred reviews uploaded from the Knowledge page, killed while
  they are embedded. After the restart the upload's job must end ("jobs left running": its
  event stream never says done), and at the end no source may be half there: a source marked
  ok with fewer chunks in the index than its file makes, or chunks of a source that failed or
  was never recorded ("half-ingested sources", read from the stopped data dir).
"""

from __future__ import annotations

import html
import random
import re
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.reliability.client import page_post, sse_events
from tests.reliability.report import Report
from tests.reliability.server import Server

JOB_END_S = 90.0  # after a restart, an interrupted job must be over (failed or resumed) by then
RESUME_S = 10.0  # after a restart, an accepted message must be in its transcript by then
KILL_WORKSPACE = "killed"
ANSWERS = [
    "我们的顾客主要是午休时间点外卖的上班族",
    "阶段有：浏览菜单、下单支付、等待配送、收餐评价",
    "骑手送达那一步最让人着急，经常晚到半小时",
    "Customers get angry when the rider is late and nobody calls them",
]


@dataclass
class Accepted:
    session_id: str
    message: str
    how: str


@dataclass
class TurnRound:
    accepted: list[Accepted] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, item: Accepted) -> None:
        with self.lock:
            self.accepted.append(item)


def start_sessions(client: httpx.Client, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        started = client.post(
            "/api/sessions", json={"workspace": KILL_WORKSPACE, "industry": "restaurant"}
        )
        started.raise_for_status()
        ids.append(started.json()["session_id"])
    return ids


def unique(text: str) -> str:
    return f"{text}（编号{uuid.uuid4().hex[:8]}）"


def api_talker(server: Server, session: str, result: TurnRound, stop: threading.Event) -> None:
    """Answers over the API, one after another, until the server dies."""
    with server.client(timeout=30) as client:
        while not stop.is_set():
            message = unique(random.choice(ANSWERS))
            try:
                reply = client.post(f"/api/sessions/{session}/turns", json={"message": message})
            except httpx.HTTPError:
                return  # killed mid-turn: not accepted
            if reply.status_code == 200:
                result.add(Accepted(session, message, "API turn"))


def page_talker(server: Server, session: str, result: TurnRound, stop: threading.Event) -> None:
    """Sends messages as the interview page does: the post is accepted, then the stream runs
    the turn; the last post may be accepted just before the kill, its stream never opened."""
    with server.client(timeout=30) as client:
        while not stop.is_set():
            message = unique(random.choice(ANSWERS))
            try:
                posted = page_post(
                    client, f"/sessions/{session}/turns", htmx=True, data={"message": message}
                )
                if posted.status_code != 200:
                    return
                result.add(Accepted(session, message, "interview page (streamed)"))
                stream = re.search(r'sse-connect="([^"]+)"', posted.text)
                if stream and random.random() < 0.7:
                    sse_events(client, html.unescape(stream.group(1)), timeout=30)
            except httpx.HTTPError:
                return


def transcript(client: httpx.Client, session: str) -> str:
    page = client.get(f"/sessions/{session}")
    return html.unescape(page.text) if page.status_code == 200 else ""


def recorded_turn(data_dir: Path, message: str) -> str:
    """What the database says of the message's turn (where turns are recorded)."""
    database = data_dir / "cxcoach.db"
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            row = db.execute(
                "select status, error, holder from interview_turns where message = ?", (message,)
            ).fetchone()
    except sqlite3.Error as exc:
        return f"no turn record ({exc})"
    if row is None:
        return "no turn recorded"
    status, error, holder = row
    return f"its turn is {status!r}" + (f" ({error})" if error else "") + f", holder {holder!r}"


def stored_within(client: httpx.Client, accepted: list[Accepted], seconds: float) -> list[Accepted]:
    """The accepted messages still missing from their transcripts after `seconds` (a restart
    that resumes interrupted turns gets that long to run them)."""
    deadline = time.monotonic() + seconds
    missing = list(accepted)
    while missing:
        pages = {item.session_id: transcript(client, item.session_id) for item in missing}
        missing = [item for item in missing if item.message not in pages[item.session_id]]
        if not missing or time.monotonic() >= deadline:
            break
        time.sleep(1.0)
    return missing


def kill_during_turns(report: Report, server: Server, rounds: int = 5, per_kind: int = 3) -> None:
    rng = random.Random(9)
    with server.client() as client:
        api_sessions = start_sessions(client, per_kind)
        page_sessions = start_sessions(client, per_kind)
    accepted = 0
    for n in range(rounds):
        result, stop = TurnRound(), threading.Event()
        threads = [
            threading.Thread(target=api_talker, args=(server, s, result, stop))
            for s in api_sessions
        ]
        threads += [
            threading.Thread(target=page_talker, args=(server, s, result, stop))
            for s in page_sessions
        ]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(1.0, 3.0))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join()
        server.start()
        accepted += len(result.accepted)
        with server.client() as client:
            for item in stored_within(client, result.accepted, RESUME_S):
                report.add(
                    "lost_answers",
                    f"round {n + 1}: {item.how} accepted {item.message!r} (session "
                    f"{item.session_id[:8]}); not in the transcript {RESUME_S:g} s after the "
                    f"restart; {recorded_turn(server.data_dir, item.message)}",
                )
            for session in api_sessions + page_sessions:
                after = client.post(f"/api/sessions/{session}/turns", json={"message": "好"})
                if after.status_code != 200:
                    report.add(
                        "http_500" if after.status_code >= 500 else "unclear",
                        f"round {n + 1}: session {session[:8]} after the restart: HTTP "
                        f"{after.status_code}: {after.text[:200]}",
                    )
    report.figures["answers accepted around kills"] = str(accepted)
    report.touch("lost_answers")


# Ingest ------------------------------------------------------------------------------------------
def reviews_file(folder: Path, n: int, rows: int) -> Path:
    """`rows` distinct reviews (a new file each round: nothing is 'unchanged')."""
    rng = random.Random(n)
    things = ["骑手", "客服", "包装", "汤", "米饭", "优惠券", "退款", "App", "电话", "餐具"]
    moods = ["太慢了", "很好", "洒了", "没人理", "态度差", "很贴心", "少送了", "等了很久"]
    lines = ["评论,评分"]
    for i in range(rows):
        lines.append(
            f"第{n}批第{i}条：{rng.choice(things)}{rng.choice(moods)}，"
            f"{rng.choice(things)}{rng.choice(moods)},{rng.randint(1, 5)}"
        )
    path = folder / f"reviews-round-{n}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def job_ends(client: httpx.Client, job_id: str, timeout: float) -> bool:
    try:
        events = sse_events(
            client, f"/knowledge/jobs/{job_id}/stream?workspace={KILL_WORKSPACE}", timeout=timeout
        )
    except httpx.HTTPError:
        return False
    return bool(events) and events[-1][0] == "done"


def kill_during_ingest(
    report: Report, server: Server, folder: Path, rounds: int = 5, rows: int = 400
) -> list[Path]:
    rng = random.Random(11)
    files = []
    for n in range(rounds):
        path = reviews_file(folder, n, rows)
        files.append(path)
        with server.client() as client, path.open("rb") as handle:
            posted = page_post(
                client,
                "/knowledge/upload",
                htmx=True,
                data={"workspace": KILL_WORKSPACE},
                files=[("files", (path.name, handle, "text/csv"))],
            )
        job = re.search(r"/knowledge/jobs/([0-9a-f]+)/stream", posted.text)
        if posted.status_code != 200 or job is None:
            report.add(
                "unclear",
                f"ingest round {n + 1}: the upload answered "
                f"HTTP {posted.status_code} without a job",
            )
            continue
        time.sleep(rng.uniform(1.0, 4.0))
        server.kill()
        server.start()
        with server.client() as client:
            if not job_ends(client, job.group(1), JOB_END_S):
                report.add(
                    "stuck_jobs",
                    f"ingest round {n + 1}: job {job.group(1)[:8]} "
                    f"({path.name}) did not end {JOB_END_S:g} s after the restart",
                )
    # After the kills, the queue works: a smaller file goes in whole (and gives the half-ingested
    # check an ok source to hold to its file).
    path = reviews_file(folder, rounds, rows // 4)
    files.append(path)
    with server.client() as client, path.open("rb") as handle:
        answer = client.post(
            f"/api/workspaces/{KILL_WORKSPACE}/sources",
            files=[("files", (path.name, handle, "text/csv"))],
        )
    results = answer.json().get("results", []) if answer.status_code == 200 else []
    if not results or results[0]["status"] != "added" or results[0]["records"] != rows // 4:
        report.add(
            "http_500" if answer.status_code >= 500 else "unclear",
            f"an ingest after the kills: HTTP {answer.status_code}: {answer.text[:300]}",
        )
    report.touch("stuck_jobs")
    return files


def half_ingested(report: Report, data_dir: Path, files: list[Path]) -> None:
    """Read the stopped data dir: every source against the chunks its file makes."""
    from assistant.ingest.pipeline import file_hash, record_chunks
    from assistant.ingest.readers import read_file
    from assistant.services.container import Services
    from assistant.settings import load_settings

    expected = {file_hash(p): len(record_chunks(read_file(p), p.name, file_hash(p))) for p in files}
    services = Services(load_settings(data_dir=data_dir))
    try:
        workspaces = {w.name: w.id for w in services.db.workspaces.list()}
        if KILL_WORKSPACE not in workspaces:
            return
        ws = workspaces[KILL_WORKSPACE]
        sources = services.db.sources.list(ws)
        name = services.index.workspace_name(ws)
        chunks: dict[str, int] = {}
        if name in services.index.store.names():
            for chunk, _ in services.index.store.collection(name).load_all():
                chunks[chunk.source_id] = chunks.get(chunk.source_id, 0) + 1
        ok = {s.content_hash for s in sources if s.status == "ok"}
        for source in sources:
            have, want = chunks.get(source.content_hash, 0), expected.get(source.content_hash)
            if source.status == "ok" and want is not None and have != want:
                report.add(
                    "half_ingested", f"{source.filename}: marked ok with {have} chunks of {want}"
                )
        for key, count in chunks.items():
            if key not in ok:
                status = next((s.status for s in sources if s.content_hash == key), "no source")
                report.add(
                    "half_ingested", f"{count} chunks of a source that is {status!r} ({key[:8]})"
                )
        report.figures["chunks in the index after the kills"] = str(sum(chunks.values()))
        report.figures["sources after the kills (ok/failed)"] = (
            f"{len(ok)}/{sum(1 for s in sources if s.status == 'failed')}"
        )
    finally:
        services.close()
    report.touch("half_ingested")


def stuck_in_database(report: Report, data_dir: Path) -> None:
    """Jobs and turns the database still says are running once the server has stopped after
    finishing its queue (when the database records them: the durable-jobs tables)."""
    database = data_dir / "cxcoach.db"
    if not database.exists():
        return
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        for table in ("jobs", "interview_turns"):
            if table in tables:
                rows = db.execute(
                    f"select id, status from {table} where status in ('running', 'pending')"  # noqa: S608
                ).fetchall()
                for row_id, status in rows:
                    report.add("stuck_jobs", f"{table} {str(row_id)[:8]} still {status!r}")
                report.figures[f"{table} recorded"] = str(
                    db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608
                )

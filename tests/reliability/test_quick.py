"""The quick subset of the reliability suite, in process (FastAPI's TestClient, the CLI through
Typer's runner, the hash embedder): a handful of hostile files through the API, the Knowledge
page and the CLI, every hostile request, cross-workspace reads over every route, and five
interviews at once. The full run, against a real server: `make reliability`."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.cli.main import app as cli
from assistant.services.container import Services
from tests.reliability.corpus import HostileFile, hostile_files, hostile_requests
from tests.reliability.hostile import LogWatch, send_requests, send_uploads
from tests.reliability.leaks import cross_workspace
from tests.reliability.load import run_load
from tests.reliability.report import COUNTS, Report
from web.app import create_app

QUICK = (
    "empty.csv",
    "random.csv",
    "truncated.xlsx",
    "encrypted-zip.xlsx",
    "ratio-bomb.xlsx",
    "gbk.csv",
    "utf16le.csv",
    "script.csv",
    "traversal.csv",
    "deep.json",
    "long-line.txt",
    "huge-cell.csv",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, HostileFile]:
    return {f.path.name: f for f in hostile_files(tmp_path_factory.mktemp("corpus"))}


@pytest.fixture
def app(services: Services) -> FastAPI:
    return create_app(services=services)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def logs() -> Iterator[LogWatch]:
    watch = LogWatch()
    yield watch
    watch.close()


def clean(report: Report) -> None:
    """Every count at zero, else the causes."""
    assert not report.failed, report.details()
    assert {key for key, _ in COUNTS} >= report.ran


def test_the_corpus_is_large_and_its_bombs_small(corpus: dict[str, HostileFile]) -> None:
    assert len(corpus) + len(hostile_requests()) >= 60
    bomb = corpus["shared-strings-bomb.xlsx"].path
    assert bomb.stat().st_size < 2 << 20  # 300 MB unpacked


def test_hostile_files_end_with_a_reason_in_the_api_and_the_page(
    client: TestClient, corpus: dict[str, HostileFile], logs: LogWatch
) -> None:
    report = Report()
    assert send_uploads(report, [corpus[n] for n in QUICK], client, logs) == 3 * len(QUICK)
    clean(report)
    bomb = [("files", ("bomb.xlsx", corpus["ratio-bomb.xlsx"].path.read_bytes(), "x/y"))]
    result = client.post("/api/workspaces/hostile/sources", files=bomb).json()["results"][0]
    assert result["status"] == "failed" and "CXCOACH_MAX_ZIP_RATIO" in result["reason"]
    # The upload named ../../../escape-canary.csv landed as a plain name in the workspace.
    sources = client.get("/api/workspaces/hostile/sources").json()
    assert "escape-canary.csv" in {s["filename"] for s in sources}


def test_hostile_files_through_the_command_line(
    corpus: dict[str, HostileFile], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXCOACH_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("CXCOACH_INDEX_BACKEND", "memory")
    monkeypatch.setenv("CXCOACH_UI_LANG", "en")
    monkeypatch.setenv("COLUMNS", "400")  # the table's reasons whole, on one line
    runner = CliRunner()
    # (file, what `ingest` says, what `analyze` says): in a few seconds, never a traceback
    for name, ingest_says, analyze_says in (
        ("ratio-bomb.xlsx", "CXCOACH_MAX_ZIP_RATIO", "CXCOACH_MAX_ZIP_RATIO"),
        ("long-line.txt", "CXCOACH_MAX_LINE_CHARS", "not a table"),
        ("encrypted-zip.xlsx", "corrupt or truncated XLSX", "corrupt or truncated XLSX"),
        ("deep.json", "JSON nested too deeply", "not a table"),
        ("pipe.csv", "not a file", "not a regular file (a folder, a pipe or a device)"),
    ):
        for command, says in (("ingest", ingest_says), ("analyze", analyze_says)):
            started = time.perf_counter()
            result = runner.invoke(cli, [command, str(corpus[name].path), "-w", "hostile"])
            assert time.perf_counter() - started < 10, (name, command)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                name,
                command,
                result.exception,
            )
            output = " ".join(result.output.split())
            assert result.exit_code in (0, 1) and name in output, (name, command, output)
            assert says in output, (name, command, output)


def test_hostile_requests_are_refused_clearly(client: TestClient, logs: LogWatch) -> None:
    report = Report()
    started = client.post("/api/sessions", json={"workspace": "hostile"}).json()
    ctx = {"session_id": started["session_id"], "map_id": "none"}
    send_requests(report, hostile_requests(), client, logs, ctx)
    report.touch("http_500", "tracebacks", "over_budget", "unclear", "escaped")
    clean(report)


def test_no_route_shows_one_workspace_the_others_content(app: FastAPI, client: TestClient) -> None:
    report = Report()
    sent, (alpha, bravo) = cross_workspace(
        report, app, lambda: TestClient(app, raise_server_exceptions=False)
    )
    clean(report)
    # Every route, each export format, in both workspaces: 146 requests today (a floor, so that
    # a walker that silently finds no routes fails; new routes only raise the count).
    assert sent >= 140
    # The markers are in the content the check looks for: a route by id alone shows them.
    export = client.get(f"/api/maps/{alpha.ids['map_id']}/export/md").text
    assert alpha.marker in export and bravo.marker not in export
    card = client.post(
        "/api/ask", json={"question": f"顾客说{alpha.dish}洒了，怎么办？", "workspace": alpha.name}
    ).text
    assert alpha.marker in card


def test_five_interviews_at_once(app: FastAPI) -> None:
    report = Report()
    result = run_load(
        report, lambda: TestClient(app, raise_server_exceptions=False), 5, 6.0, (0.0, 0.1)
    )
    clean(report)
    assert result.sessions >= 5 and result.turns >= 20

"""Input limits through the ingestion service, as `cxcoach ingest`, the Knowledge page and the API
call it: hostile files fail alone and fast, the good file of the batch is indexed, and a file
that fails leaves no records and no vectors behind — nor does a file the time budget cuts short."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.ingest import pipeline
from assistant.ingest.readers import Budget, InputLimits
from assistant.services.container import Services
from assistant.settings import Settings
from tests.ingest.test_limits import Ticking, one_line_csv, shared_strings_bomb

GOOD = (
    "label,review\n1,很快，好吃，味道足\n0,配送太慢了，骑手迟到一个小时\n0,汤洒了一地，包装太差\n"
)


@pytest.fixture
def services(settings: Settings) -> Services:
    """The settings' limits set low, as an administrator would set CXCOACH_MAX_* variables."""
    low = settings.model_copy(
        update={"max_line_chars": 1_000, "max_cell_chars": 200, "max_columns": 20,
                "max_rows": 50, "max_unzipped_mb": 2, "max_pdf_pages": 3}
    )  # fmt: skip
    return Services(low)


def test_the_services_take_their_limits_from_the_settings(services: Services) -> None:
    limits = services.ingest.limits
    assert (limits.max_line_chars, limits.max_rows, limits.max_unzipped_bytes) == (
        1_000, 50, 2 << 20
    )  # fmt: skip
    assert limits.max_file_bytes == services.settings.max_upload_mb << 20
    assert services.analytics.limits == limits
    assert services.ingest.job_timeout == services.analytics.job_timeout == 1800


def test_hostile_files_fail_alone_and_fast(services: Services, tmp_path: Path) -> None:
    good = tmp_path / "reviews.csv"
    good.write_text(GOOD, encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("评论,评分\n" + "送餐很快,5\n" * 100_000, encoding="utf-8")
    batch = [
        one_line_csv(tmp_path / "one-line.csv"),
        good,
        shared_strings_bomb(tmp_path / "bomb.xlsx"),
        rows,
    ]
    started = time.perf_counter()
    summary = services.ingest.ingest(batch, "acme")
    assert time.perf_counter() - started < 10
    by_name = {Path(r.path).name: r for r in summary.results}
    assert by_name["reviews.csv"].status == "added" and by_name["reviews.csv"].records == 3
    for name, code in (("one-line.csv", "line_too_long"), ("bomb.xlsx", "unzipped_too_large"),
                       ("rows.csv", "too_many_rows")):  # fmt: skip
        result = by_name[name]
        assert (result.status, result.reason_code) == ("failed", code)
        assert result.reason.startswith(f"{name}: ") and "CXCOACH_MAX_" in result.reason
        assert result.reason_params["file"] == name

    workspace = services.db.workspaces.get_or_create("acme").id
    assert services.index.count(workspace) == by_name["reviews.csv"].chunks == 3
    sources = {s.filename: s for s in services.db.sources.list(workspace)}
    assert sources["reviews.csv"].status == "ok"
    for name in ("one-line.csv", "bomb.xlsx", "rows.csv"):  # listed with the reason, no records
        assert (sources[name].status, sources[name].record_count) == ("failed", 0)
        assert "CXCOACH_MAX_" in sources[name].error


class Clock:
    """Time that moves only when the embedder is called: one second a batch."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_time_budget_cuts_a_file_short_and_leaves_nothing_of_it(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    embed = services.embedder.embed_passages

    def slow_embed(texts: list[str]) -> object:
        clock.now += 1
        return embed(texts)

    monkeypatch.setattr(services.embedder, "embed_passages", slow_embed)
    monkeypatch.setattr(pipeline, "Budget", lambda seconds: Budget(seconds, clock=clock))
    services.ingest.job_timeout = 2.5
    services.ingest.limits = InputLimits(max_rows=10_000)
    first = tmp_path / "first.csv"
    first.write_text(GOOD, encoding="utf-8")  # one batch: t = 1
    second = tmp_path / "second.csv"  # 1,000 rows: four batches, the budget ends after two
    second.write_text("review\n" + "".join(f"第{i}条：送餐很快\n" for i in range(1_000)))
    third = tmp_path / "third.csv"
    third.write_text(GOOD, encoding="utf-8")

    summary = services.ingest.ingest([first, second, third], "acme")
    first_result, second_result, third_result = summary.results
    assert first_result.status == "added"
    for result, name in ((second_result, "second.csv"), (third_result, "third.csv")):
        assert (result.status, result.reason_code) == ("failed", "time_budget")
        assert result.reason.startswith(f"{name}: the job's 2.5 s, the limit set by ")
        assert "CXCOACH_JOB_TIMEOUT" in result.reason and "nothing of it was kept" in result.reason
    workspace = services.db.workspaces.get_or_create("acme").id
    assert services.index.count(workspace) == first_result.chunks == 3
    # The cut-short file may be fine: it is not listed as a bad file, and not as a good one.
    assert [s.filename for s in services.db.sources.list(workspace)] == ["first.csv"]


def test_a_ticking_budget_stops_reading_too(services: Services, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(pipeline, "Budget", lambda seconds: Budget(seconds, clock=Ticking()))
    services.ingest.job_timeout = 5
    services.ingest.limits = InputLimits()
    path = tmp_path / "reviews.csv"  # the clock is read every 256 rows: out of time midway
    path.write_text("review\n" + "".join(f"第{i}条：送餐很快\n" for i in range(5_000)))
    (result,) = services.ingest.ingest([path], "acme").results
    assert result.reason_code == "time_budget"
    workspace = services.db.workspaces.get_or_create("acme").id
    assert services.index.count(workspace) == 0 and services.db.sources.list(workspace) == []


def test_the_commands_read_the_limits_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from assistant.cli.main import app

    for key, value in {"CXCOACH_EMBEDDING_BACKEND": "hash", "CXCOACH_INDEX_BACKEND": "memory",
                       "CXCOACH_MAX_LINE_CHARS": "1000", "COLUMNS": "300",
                       "CXCOACH_UI_LANG": "en"}.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    good = tmp_path / "reviews.csv"
    good.write_text(GOOD, encoding="utf-8")
    hostile = one_line_csv(tmp_path / "one-line.csv")
    runner = CliRunner()
    started = time.perf_counter()
    ingested = runner.invoke(app, ["ingest", str(hostile), str(good), "-w", "acme"])
    analysed = runner.invoke(
        app, ["analyze", str(hostile), str(good), "-w", "acme", "--industry", "restaurant"]
    )
    assert time.perf_counter() - started < 30
    reason = "one-line.csv: line 1 is longer than 1,000 characters, the limit set by"
    for result in (ingested, analysed):
        assert reason in " ".join(result.output.split()), result.output
    assert "3 records added" in ingested.output and "1 failed" in ingested.output

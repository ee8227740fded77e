"""Input limits in the analysis, as `cxcoach analyze`, the Knowledge page and the API call it: a
hostile file fails alone and fast, and a file refused midway counts in nothing — the analysis is
the same as without it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.analytics import service as service_module
from assistant.analytics.pipeline import EMBED_CHARS, AnalysisOptions, NoProgress
from assistant.analytics.result import AnalysisResult
from assistant.analytics.service import AnalyticsService
from assistant.embeddings.base import Vectors
from assistant.embeddings.hash_backend import HashEmbedder
from assistant.ingest.readers import Budget, InputLimits
from assistant.storage import Database
from tests.ingest.test_limits import Ticking, one_line_csv, shared_strings_bomb

LIMITS = InputLimits(
    max_line_chars=1_000, max_cell_chars=200, max_rows=1_000, max_unzipped_bytes=2 << 20
)
GOOD = "评论,评分\n送餐很快，好吃,5\n骑手迟到一个小时，饭都凉了,1\n包装太差，汤洒了,2\n"


@pytest.fixture
def limited(db: Database, tmp_path: Path) -> AnalyticsService:
    return AnalyticsService(db, tmp_path / "analytics", limits=LIMITS, job_timeout=600)


def analyse(service: AnalyticsService, paths: list[Path]) -> AnalysisResult:
    options = AnalysisOptions(batch_size=10)  # a refused file has had batches counted already
    return service.analyze(paths, "shop", industry="restaurant", options=options)


def test_hostile_files_count_in_nothing(limited: AnalyticsService, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    alone = analyse(limited, [good])

    # Mapped on its first 220 rows, analysed in batches of 10, refused on row 300 of 400.
    late = tmp_path / "late.csv"
    lines = [f"第{i}单：客服态度很差,1\n" for i in range(400)]
    lines[298] = "慢" * 500 + ",1\n"
    late.write_text("评论,评分\n" + "".join(lines), encoding="utf-8")
    batch = [one_line_csv(tmp_path / "one-line.csv"), late, good,
             shared_strings_bomb(tmp_path / "bomb.xlsx")]  # fmt: skip
    started = time.perf_counter()
    result = analyse(limited, batch)
    assert time.perf_counter() - started < 10

    reports = {f.name: f for f in result.files}
    assert reports["good.csv"].analysed == 3 and not reports["good.csv"].error
    for name, code in (("one-line.csv", "line_too_long"), ("late.csv", "cell_too_long"),
                       ("bomb.xlsx", "unzipped_too_large")):  # fmt: skip
        report = reports[name]
        assert report.error_code == code and report.error.startswith(f"{name}: ")
        assert "CXCOACH_MAX_" in report.error and report.error_params["file"] == name
        assert (report.rows, report.analysed, report.duplicates) == (0, 0, 0)
    assert reports["late.csv"].mapping["text"] == "评论"  # how it was read is still said
    assert reports["late.csv"].error_params["row"] == "300"
    assert result.totals.failed_files == 3
    assert result.totals.analysed == alone.totals.analysed == 3
    assert result.overall == alone.overall and result.touchpoints == alone.touchpoints
    assert result.themes == alone.themes and result.unassigned == alone.unassigned


def test_a_file_over_the_size_limit_is_not_even_copied(db: Database, tmp_path: Path) -> None:
    service = AnalyticsService(db, tmp_path / "a", limits=InputLimits(max_file_bytes=1 << 20))
    path = one_line_csv(tmp_path / "big.csv", megabytes=2)
    (report,) = service.analyze([path], "shop", industry="restaurant").files
    assert report.error_code == "too_large" and "CXCOACH_MAX_UPLOAD_MB" in report.error


def test_the_industry_guess_passes_over_a_hostile_file(
    limited: AnalyticsService, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    result = limited.analyze([one_line_csv(tmp_path / "one-line.csv"), good], "shop")
    assert result.totals.analysed == 3 and result.taxonomy.industry


def test_the_time_budget_stops_the_analysis_and_keeps_whole_files_only(
    limited: AnalyticsService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    long = tmp_path / "long.csv"
    long.write_text("评论\n" + "".join(f"第{i}单：送餐很慢\n" for i in range(5_000)))
    after = tmp_path / "after.csv"
    after.write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(service_module, "Budget", lambda seconds: Budget(seconds, clock=Ticking()))
    limited.limits = InputLimits()
    limited.job_timeout = 8  # read every 256 rows and once a file: out of time in long.csv

    result = analyse(limited, [good, long, after])
    reports = {f.name: f for f in result.files}
    assert reports["good.csv"].analysed == 3
    for name in ("long.csv", "after.csv"):
        assert reports[name].error_code == "time_budget" and reports[name].analysed == 0
        assert "CXCOACH_JOB_TIMEOUT" in reports[name].error
    assert result.totals.analysed == 3


class RecordingEmbedder(HashEmbedder):
    """The lexical hash embedder, noting the longest text it was given."""

    def __init__(self) -> None:
        self.longest = 0
        self.calls = 0

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        self.longest = max([self.longest, *map(len, texts)])
        return super().embed_passages(texts)


def test_the_embedder_gets_the_start_of_a_long_record(db: Database, tmp_path: Path) -> None:
    embedder = RecordingEmbedder()
    service = AnalyticsService(db, tmp_path / "a", lambda: embedder)
    path = tmp_path / "long.csv"
    rambling = "Lorem ipsum dolor sit amet consectetur adipiscing elit. " * 200  # embedded to tag
    angry = "骑手迟到一个小时，饭菜全凉了，太差了，非常失望。" * 200  # embedded for the themes
    rows = [f"{n}. {text}" for n in range(6) for text in (rambling, angry)]
    path.write_text("review\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = service.analyze([path], "shop", industry="restaurant")
    assert result.totals.analysed == 12 and result.overall.negative >= 5 and embedder.calls
    assert embedder.longest == EMBED_CHARS < len(rambling)


class LateClock:
    """Time that stands still until the themes are clustered, then is long gone."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class ThemesPhase(NoProgress):
    def __init__(self, clock: LateClock) -> None:
        self.clock = clock

    def phase(self, description: str) -> None:
        self.clock.now = 1e9


def test_out_of_time_while_clustering_names_the_themes_by_issue(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = LateClock()
    monkeypatch.setattr(service_module, "Budget", lambda seconds: Budget(seconds, clock=clock))
    path = tmp_path / "complaints.csv"
    complaints = [f"第{n}单骑手迟到{n + 20}分钟，饭都凉了" for n in range(20)]
    complaints += [f"第{n}单包装太差，汤洒了一袋子" for n in range(20)]
    path.write_text("评论\n" + "\n".join(complaints) + "\n", encoding="utf-8")
    embedder = RecordingEmbedder()
    late = AnalyticsService(db, tmp_path / "a", lambda: embedder, job_timeout=60)
    result = late.analyze([path], "shop", industry="restaurant", progress=ThemesPhase(clock))
    without = AnalyticsService(db, tmp_path / "b").analyze([path], "shop", industry="restaurant")
    assert result.totals.analysed == without.totals.analysed > 0
    assert result.themes and result.themes == without.themes  # named by issue, nothing embedded

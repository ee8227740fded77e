"""Streaming: a large file is analysed without being loaded whole; memory grows with the tallies
(and 16 bytes a row of duplicate fingerprints), not with the rows."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from assistant.analytics.lexicon import load_lexicon
from assistant.analytics.pipeline import Analyzer
from assistant.analytics.sentiment import load_sentiment
from assistant.analytics.synthetic import varied, write_feedback
from assistant.analytics.tagger import Tagger
from tests.analytics.conftest import WAIMAI, needs_waimai
from tests.analytics.test_tagging import custom_map


def peak_while_analysing(path: Path) -> tuple[int, Analyzer]:
    analyzer = Analyzer(Tagger(custom_map(), load_lexicon(), None), load_sentiment())
    tracemalloc.start()
    try:
        analyzer.run([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, analyzer


@needs_waimai
def test_memory_stays_bounded_on_a_large_file(tmp_path: Path) -> None:
    load_lexicon(), load_sentiment()  # loaded before measuring: fixed costs, not per row
    small = write_feedback(WAIMAI, tmp_path / "small.csv", 20_000, distinct=2_000, label=True)
    large = write_feedback(WAIMAI, tmp_path / "large.csv", 200_000, distinct=2_000, label=True)
    assert large.stat().st_size > 10 * 2**20
    small_peak, _ = peak_while_analysing(small)
    large_peak, analyzer = peak_while_analysing(large)
    report = analyzer.files[0]
    assert (report.rows, report.analysed, report.duplicates) == (200_000, 200_000, 0)
    assert analyzer.tallies.overall.volume == 200_000
    # Ten times the rows: far less than ten times the memory, and below the file's own size.
    assert large_peak < 3 * small_peak + 8 * 2**20, (small_peak, large_peak)
    assert large_peak < large.stat().st_size


def test_generated_rows_vary_lightly() -> None:
    assert varied("好吃", 0) == "好吃"
    assert varied("好吃", 1) == "这次好吃"
    assert varied("好吃", 10) == "好吃。"
    assert len({varied("好吃", v) for v in range(100)}) == 100

"""Pain themes: clustered negative records, each with a size and three representative quotes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.analytics.service import AnalyticsService
from assistant.analytics.themes import SampledRecord, cluster_themes, spherical_kmeans
from assistant.embeddings import normalise
from assistant.embeddings.hash_backend import HashEmbedder
from tests.analytics.conftest import write_csv

LATE = ["送餐太慢了，等了两个小时", "等了一个半小时才送到", "太慢了，一个多小时才到", "送了两个小时，饿死了",
        "慢死了，等了九十分钟", "超时一个小时，太慢", "下单两个小时才送到"]  # fmt: skip
SPILLED = ["汤洒了一袋子", "饮料洒了一半", "粥洒出来了，袋子全湿", "汤全洒了，没法吃",
           "餐盒压破了，汤洒了", "奶茶洒了半杯"]  # fmt: skip
SALTY = ["太咸了，难吃", "菜太咸，没法吃", "咸死了，难吃", "难吃，又咸又油", "太难吃了，咸"]


def test_kmeans_is_deterministic_and_separates_clear_groups() -> None:
    a = normalise(np.array([[1, 0.05 * i, 0] for i in range(6)], dtype=np.float32))
    b = normalise(np.array([[0, 1, 0.05 * i] for i in range(6)], dtype=np.float32))
    vectors = np.vstack([a, b])
    first, _ = spherical_kmeans(vectors, 2)
    again, _ = spherical_kmeans(vectors, 2)
    assert first.tolist() == again.tolist()
    assert len(set(first[:6].tolist())) == 1 and len(set(first[6:].tolist())) == 1
    assert first[0] != first[6]


def sampled(texts: list[str], start: int, touchpoint: str, issue: str) -> list[SampledRecord]:
    """Each text twice (two customers saying the same), with its own reference."""
    return [
        SampledRecord(text, f"r.csv#row={start + i}", (touchpoint,), (issue,))
        for i, text in enumerate(texts * 2)
    ]


def test_clustered_themes_have_sizes_and_three_quotes() -> None:
    records = (
        sampled(LATE, 0, "送达时间", "送餐慢、超时")
        + sampled(SPILLED, 50, "打包封口", "洒漏、包装破损")
        + sampled(SALTY, 90, "口味温度分量", "口味差")
    )
    themes = cluster_themes(records, HashEmbedder().embed_passages, total_negative=360)
    by_label = {t.label: t for t in themes}
    assert set(by_label) == {"送餐慢、超时", "洒漏、包装破损", "口味差"}
    late = by_label["送餐慢、超时"]
    assert (late.sample_size, late.size, late.estimated) == (14, 140, True)  # 14/36 of 360
    assert late.touchpoint == "送达时间" and late.share == round(14 / 36, 4)
    assert len(late.quotes) == 3 and {q.text for q in late.quotes} <= set(LATE)
    assert all(q.ref.startswith("r.csv#row=") for q in late.quotes)
    assert [t.label for t in themes][0] == "送餐慢、超时"  # largest first
    for theme in themes:
        assert len(theme.quotes) == 3 and theme.size > 0 and theme.terms


def test_themes_from_a_file_with_and_without_embeddings(
    service: AnalyticsService, hashed_service: AnalyticsService, tmp_path: Path
) -> None:
    texts = LATE * 3 + SPILLED * 3 + SALTY * 3 + ["很好吃", "送餐很快"] * 5
    # Distinct dates: the same words from different customers are not duplicate rows.
    rows = [[f"2024-03-{1 + i % 28:02d} {i // 28}:00", t] for i, t in enumerate(texts)]
    path = write_csv(tmp_path / "feedback.csv", ["时间", "评价"], rows)
    for analytics in (service, hashed_service):
        result = analytics.analyze([path], "shop", industry="restaurant")
        places = {t.touchpoint for t in result.themes}
        assert {"送达时间", "打包封口", "口味温度分量"} <= places, analytics
        negative = result.overall.negative
        assert sum(t.size for t in result.themes) <= negative
        assert all(len(t.quotes) == 3 and not t.estimated for t in result.themes)

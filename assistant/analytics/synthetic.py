"""Large feedback files for benchmarks and memory tests, made from a real labelled CSV.

Rows repeat the source reviews, lightly varied so that texts differ (a prefix and a suffix from
short lists: "这次，" … "，下次再说"), with a date spread over a year and a channel. `distinct`
caps how many different texts there are: rows beyond it reuse earlier texts under other dates, so
a million-row file can share the embedding cache of a 100,000-row one.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

PREFIXES = ("", "这次", "今天", "又点了，", "第二次点，", "中午点的，", "晚饭，", "公司订的，",
            "周末，", "说实话，")  # fmt: skip
SUFFIXES = ("", "。", "！", "～", "，下次再说", "，谢谢", "！！", "…", "，就这样", "，记录一下")
CHANNELS = ("App", "小程序", "电话")
START = dt.date(2024, 1, 1)


def read_reviews(source: Path) -> list[tuple[str, str]]:
    """(label, review) pairs of a waimai-style CSV."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        return [(r["label"], r["review"]) for r in csv.DictReader(handle) if r["review"].strip()]


def varied(text: str, variant: int) -> str:
    """The `variant`-th light variation of a text (0 is the text itself)."""
    prefix = PREFIXES[variant % len(PREFIXES)]
    suffix = SUFFIXES[(variant // len(PREFIXES)) % len(SUFFIXES)]
    return f"{prefix}{text}{suffix}"


def rows(
    reviews: list[tuple[str, str]], count: int, *, distinct: int | None = None
) -> Iterator[tuple[str, str, str, str]]:
    """(date, channel, review, label) rows."""
    limit = min(distinct or count, count)
    for i in range(count):
        text_index = i % limit
        label, text = reviews[text_index % len(reviews)]
        day = START + dt.timedelta(days=(i * 7919) % 366)
        yield (day.isoformat(), CHANNELS[i % len(CHANNELS)],
               varied(text, text_index // len(reviews)), label)  # fmt: skip


def write_feedback(
    source: Path, target: Path, count: int, *, distinct: int | None = None, label: bool = False
) -> Path:
    """A CSV of `count` rows (columns 日期, 渠道, 评价内容 and, with `label`, label)."""
    reviews = read_reviews(source)
    with target.open("w", encoding="utf-8", newline="") as handle:
        # Input for cxcoach's own reader, not a file for people: written verbatim, not through
        # exports.csv_safe (an apostrophe would change the texts being measured).
        writer = csv.writer(handle)
        writer.writerow(["日期", "渠道", "评价内容", *(["label"] if label else [])])
        for day, channel, text, value in rows(reviews, count, distinct=distinct):
            writer.writerow([day, channel, text, *([value] if label else [])])
    return target

"""Streaming accumulators: everything an analysis keeps while rows go by, bounded in memory.

Counts per touchpoint, stage and channel, score histograms and per-day counts grow with the number
of groups, distinct score values and days — never with the number of rows. Samples (quotes,
references, the records clustered into themes) are reservoirs of fixed size, drawn with a fixed
seed so that the same file always gives the same report. Seen-row fingerprints, the one thing that
grows with the rows, take 16 bytes a row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from assistant.analytics.result import GroupMetrics, Period, Trend
from assistant.analytics.sentiment import Polarity
from assistant.analytics.values import ScoreScale

ItemT = TypeVar("ItemT")

SEED = 20240506


class Reservoir(Generic[ItemT]):
    """A uniform sample of at most `capacity` items of a stream (Algorithm R), reproducible."""

    def __init__(self, capacity: int, seed: int = SEED) -> None:
        self.capacity = capacity
        self.items: list[ItemT] = []
        self.seen = 0
        self._random = random.Random(seed)

    def add(self, item: ItemT) -> None:
        self.seen += 1
        if len(self.items) < self.capacity:
            self.items.append(item)
            return
        slot = self._random.randrange(self.seen)
        if slot < self.capacity:
            self.items[slot] = item


class Fingerprints:
    """A set of 64-bit row fingerprints in an open-addressing numpy table (16 bytes a row at
    half load, against ~75 for a Python set of ints)."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        self._table = np.zeros(capacity, dtype=np.uint64)
        self._count = 0

    @staticmethod
    def of(*parts: str) -> int:
        digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") or 1  # 0 marks an empty slot

    def add(self, fingerprint: int) -> bool:
        """Add; True when it was already there."""
        if self._count * 2 >= len(self._table):
            self._grow()
        return self._insert(self._table, fingerprint)

    def _insert(self, table: npt.NDArray[np.uint64], fingerprint: int) -> bool:
        mask = len(table) - 1
        slot = fingerprint & mask
        value = np.uint64(fingerprint)
        while True:
            current = table[slot]
            if current == 0:
                table[slot] = value
                if table is self._table:
                    self._count += 1
                return False
            if current == value:
                return True
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        old = self._table[self._table != 0]
        self._table = np.zeros(len(self._table) * 2, dtype=np.uint64)
        self._count = 0
        for value in old.tolist():
            self._insert(self._table, int(value))

    def __len__(self) -> int:
        return self._count


def period_of(day: dt.date, granularity: str) -> str:
    if granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def granularity_for(first: dt.date, last: dt.date) -> str:
    """Weeks for up to three months of data, months up to three years, quarters beyond."""
    span = (last - first).days
    return "week" if span <= 92 else "month" if span <= 3 * 366 else "quarter"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class GroupTally:
    """Counts of one group of records."""

    volume: int = 0
    polarity: Counter[str] = field(default_factory=Counter)
    scores: Counter[float] = field(default_factory=Counter)  # value → count (bounded by scale)
    days: Counter[dt.date] = field(default_factory=Counter)  # records with a sentiment, per day
    negative_days: Counter[dt.date] = field(default_factory=Counter)
    dated: int = 0

    def add(self, polarity: Polarity | None, score: float | None, day: dt.date | None) -> None:
        self.volume += 1
        self.polarity[polarity or "unknown"] += 1
        if score is not None:
            self.scores[round(score, 1)] += 1
        if day is not None:
            self.dated += 1
            if polarity is not None:
                self.days[day] += 1
                if polarity == "negative":
                    self.negative_days[day] += 1

    def metrics(
        self, total: int, scale: ScoreScale | None, granularity: str | None
    ) -> dict[str, object]:
        """The GroupMetrics fields of this group."""
        known = self.volume - self.polarity["unknown"]
        scored = sum(self.scores.values())
        values: dict[str, object] = {
            "volume": self.volume,
            "share_of_records": round(self.volume / total, 4) if total else 0.0,
            "positive": self.polarity["positive"],
            "negative": self.polarity["negative"],
            "neutral": self.polarity["neutral"],
            "unknown": self.polarity["unknown"],
            "negative_share": _share(self.polarity["negative"], known),
            "scored": scored,
        }
        if scored:
            values["average_score"] = round(sum(v * n for v, n in self.scores.items()) / scored, 2)
            if scale is not None and scale.kind == "nps":
                promoters = sum(n for v, n in self.scores.items() if v >= 9)
                detractors = sum(n for v, n in self.scores.items() if v <= 6)
                values["nps"] = round((promoters - detractors) / scored * 100, 1)
            if scale is not None and scale.kind == "five":
                satisfied = sum(n for v, n in self.scores.items() if v >= 4)
                values["csat"] = round(satisfied / scored * 100, 1)
        if granularity is not None and self.days:
            values["trend"] = self.trend(granularity)
        return values

    def trend(self, granularity: str) -> Trend:
        volume: Counter[str] = Counter()
        negative: Counter[str] = Counter()
        for day, count in self.days.items():
            volume[period_of(day, granularity)] += count
        for day, count in self.negative_days.items():
            negative[period_of(day, granularity)] += count
        periods = [
            Period(label=label, volume=volume[label], negative_share=_share(negative[label], n))
            for label, n in sorted(volume.items())
        ]
        shares = [p.negative_share for p in periods if p.negative_share is not None]
        change = round((shares[-1] - shares[0]) * 100, 1) if len(shares) >= 2 else None
        last = round((shares[-1] - shares[-2]) * 100, 1) if len(shares) >= 2 else None
        return Trend(
            granularity=granularity, periods=periods, change_pp=change, last_change_pp=last
        )

    def to_metrics(
        self, total: int, scale: ScoreScale | None, granularity: str | None
    ) -> GroupMetrics:
        return GroupMetrics.model_validate(self.metrics(total, scale, granularity))

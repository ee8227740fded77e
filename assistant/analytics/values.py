"""Cells to values: scores (numbers, stars, 五星), positive/negative labels, dates, and the scale
a score column is on (NPS 0–10, CSAT/stars 1–5, 0–100)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.analytics.sentiment import Polarity

ScaleKind = Literal["nps", "five", "hundred", "other"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}  # fmt: skip
_STAR_WORD = re.compile(
    r"([0-9]+(?:\.[0-9]+)?|[零一二两三四五六七八九十])\s*(?:颗星|顆星|星|分|stars?)"
)
_STAR_SYMBOLS = re.compile(r"[★⭐]+[☆]*")


def parse_score(value: str) -> float | None:
    """4 → 4.0, "4.5" → 4.5, "４" → 4.0, "五星"/"5星"/"4分" → 5/5/4, "★★★☆☆" → 3; else None."""
    text = unicodedata.normalize("NFKC", value).strip().replace(",", ".")
    if _NUMBER.fullmatch(text):
        return float(text)
    found = _STAR_WORD.fullmatch(text.lower())
    if found:
        token = found.group(1)
        return float(_CN_DIGITS[token]) if token in _CN_DIGITS else float(token)
    if _STAR_SYMBOLS.fullmatch(text):
        return float(sum(1 for ch in text if ch in "★⭐"))
    return None


_POSITIVE = {
    "1",
    "1.0",
    "+1",
    "正面",
    "积极",
    "積極",
    "好评",
    "好評",
    "positive",
    "pos",
    "好",
    "yes",
}
_NEGATIVE = {"0", "0.0", "-1", "负面", "負面", "消极", "消極", "差评", "差評", "negative", "neg",
             "差", "no"}  # fmt: skip
_NEUTRAL = {"中性", "中评", "中評", "neutral", "neu", "一般"}


def parse_label(value: str) -> Polarity | None:
    """A positive/negative label: 1/0 (1 = positive, as in waimai_10k), -1, 正面/负面, pos/neg."""
    text = unicodedata.normalize("NFKC", value).strip().lower()
    if text in _POSITIVE:
        return "positive"
    if text in _NEGATIVE:
        return "negative"
    if text in _NEUTRAL:
        return "neutral"
    return None


_YMD = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
_EPOCH = re.compile(r"1\d{9}(?:\d{3})?")


def parse_date(value: str) -> dt.date | None:
    """2024-03-05, 2024/3/5 14:20, 2024年3月5日, 05/03/2024 (day first unless that is
    impossible), 20240305, Unix seconds or milliseconds."""
    text = unicodedata.normalize("NFKC", value).strip()
    try:
        if found := _YMD.match(text):
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        if found := _DMY.match(text):
            day, month, year = int(found[1]), int(found[2]), int(found[3])
            if month > 12:
                day, month = month, day
            return dt.date(year, month, day)
        if found := _COMPACT.fullmatch(text):
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        if _EPOCH.fullmatch(text):
            seconds = int(text) / (1000 if len(text) == 13 else 1)
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        return None
    return None


@dataclass(frozen=True)
class ScoreScale:
    """The scale of a score column and what counts as negative, neutral, positive on it."""

    kind: ScaleKind
    low: float
    high: float

    @property
    def label(self) -> str:
        return {
            "nps": "0–10 (NPS)",
            "five": "1–5 (CSAT / stars)",
            "hundred": "0–100",
            "other": f"{self.low:g}–{self.high:g}",
        }[self.kind]

    def contains(self, score: float) -> bool:
        return self.low <= score <= self.high

    def polarity(self, score: float) -> Polarity:
        if self.kind == "nps":  # detractors 0–6, passives 7–8, promoters 9–10
            return "negative" if score <= 6 else "neutral" if score < 9 else "positive"
        if self.kind == "five":
            return "negative" if score <= 2 else "neutral" if score < 4 else "positive"
        position = (score - self.low) / (self.high - self.low) if self.high > self.low else 0.5
        return "negative" if position < 0.5 else "neutral" if position < 0.75 else "positive"


NPS_WORDS = ("nps", "推荐", "推薦", "recommend")
FIVE_WORDS = ("csat", "满意", "滿意", "星", "star", "rating", "评分", "評分")


def detect_scale(column: str, scores: Sequence[float]) -> ScoreScale:
    """The scale, from the column name ("NPS", "满意度", "星级") with the median of the values,
    else from the values alone, judged by their 90th percentile: a stray 42 in a column named 评分
    is an out-of-range score, not a sign of a 0–100 scale."""
    name = column.lower()
    ordered = sorted(scores) or [0.0]
    median = ordered[len(ordered) // 2]
    high = ordered[math.ceil(0.9 * (len(ordered) - 1))]
    low = ordered[0]
    if any(word in name for word in NPS_WORDS) and median <= 10:
        return ScoreScale("nps", 0, 10)
    if any(word in name for word in FIVE_WORDS) and median <= 5 or high <= 5 and low >= 0:
        return ScoreScale("five", 1 if low >= 1 else 0, 5)
    if high <= 10 and low >= 0:
        return ScoreScale("nps", 0, 10)
    if high <= 100 and low >= 0:
        return ScoreScale("hundred", 0, 100)
    return ScoreScale("other", low, ordered[-1])

"""What a single cell looks like: a number, a date, a sentiment label, prose, a star rating.

Column detection votes with these over a sample of rows. Values are classified after NFKC, so
fullwidth digits (４．５) and ideographic spaces count like their ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?")
_STARS = re.compile(r"(?:[0-9一二三四五六七八九十两]+\s*(?:颗星|顆星|星|分)|[★☆]+)")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")

# ISO-ish and Chinese dates, optionally with a time: 2024-03-05, 2024/3/5 14:20, 2024年3月5日,
# 2024-03-05T14:20:00+08:00, and the US/European 05/03/2024.
_DATE = re.compile(
    r"(?:(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"|(?P<d2>\d{1,2})[/.](?P<m2>\d{1,2})[/.](?P<y2>\d{4}))"
    r"(?:[ T]?\d{1,2}[:时時]\d{2}(?:[:分]\d{2}(?:\.\d+)?秒?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_EPOCH = re.compile(r"1\d{9}(?:\d{3})?")  # Unix seconds or milliseconds since 2001

POSITIVE_LABELS = frozenset({"正面", "积极", "積極", "好评", "好評", "positive", "pos", "好"})
NEGATIVE_LABELS = frozenset(
    {"负面", "負面", "消极", "消極", "差评", "差評", "negative", "neg", "差"}
)
NEUTRAL_LABELS = frozenset({"中性", "中评", "中評", "neutral", "neu", "一般"})
LABEL_WORDS = POSITIVE_LABELS | NEGATIVE_LABELS | NEUTRAL_LABELS


def canonical(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def as_number(value: str) -> float | None:
    text = canonical(value).replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    return float(text.rstrip("%"))


def is_star_rating(value: str) -> bool:
    """A rating written out: 五星, 4分, ★★★ — kept as text, but a sign of a score column."""
    return bool(_STARS.fullmatch(canonical(value)))


def is_date(value: str, *, loose: bool = False) -> bool:
    """A calendar date (with or without time). `loose` also accepts 20240305 and epoch numbers,
    which only count when the header already says the column is a date."""
    text = canonical(value)
    match = _DATE.fullmatch(text)
    if match:
        month = int(match.group("m") or match.group("m2"))
        day = int(match.group("d") or match.group("d2"))
        if match.group("m2") and month > 12:  # 05/13/2024: month-first, still a date
            month, day = day, month
        return 1 <= month <= 12 and 1 <= day <= 31
    return loose and bool(_COMPACT_DATE.fullmatch(text) or _EPOCH.fullmatch(text))


def is_label_word(value: str) -> bool:
    return canonical(value).lower() in LABEL_WORDS


def has_cjk(value: str) -> bool:
    return bool(_CJK.search(value))


def is_prose(value: str) -> bool:
    """Free text rather than a code: Chinese characters, or several words. IDs, URLs, emails and
    order numbers are long but not prose."""
    return has_cjk(value) or bool(_WORDS.search(value))

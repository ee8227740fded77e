"""Which column is the free text, the score, the label, the date, the channel, the touchpoint and
the category — from header names (Chinese and English) and from what a sample of values looks like.

Header words decide between plausible columns; content decides whether a column is plausible at
all (a "时间" column holding "30分钟" is not a date). Without header words, only content that is
unmistakable counts (0/1 or 正面/负面 labels, 0–10 numbers, parseable dates), so a quantity or an
ID column is not mistaken for a score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from assistant.ingest.readers import cells
from assistant.ingest.readers.model import FIELD_ROLES, ColumnMapping, ColumnOverrides, ReadError

# Header words per role, in Simplified and Traditional Chinese and English. A CJK word matches
# anywhere in the header ("用户评论内容"); an English word matches a whole word or a word start
# ("review_text", "Comments", "createdAt").
KEYWORDS: dict[str, tuple[str, ...]] = {
    "text": (
        "评论", "評論", "内容", "內容", "评价", "評價", "反馈", "反饋", "回馈", "回饋", "留言",
        "描述", "意见", "意見", "建议", "建議", "正文", "文本", "原话", "原話", "备注", "備註",
        "review", "comment", "text", "feedback", "content", "message", "body", "description",
        "verbatim", "remark", "opinion",
    ),
    "score": (
        "评分", "評分", "分数", "分數", "打分", "得分", "星级", "星級", "满意度", "滿意度",
        "nps", "csat", "ces", "score", "rating", "stars", "star", "rate",
    ),
    "label": (
        "标签", "標籤", "情感", "情绪", "情緒", "极性", "極性", "倾向", "傾向",
        "label", "sentiment", "polarity",
    ),
    "date": (
        "日期", "时间", "時間", "创建", "建立", "提交", "下单", "下單",
        "date", "time", "created", "timestamp", "datetime", "day",
    ),
    "channel": ("渠道", "来源", "來源", "平台", "途径", "途徑", "channel", "source", "platform"),
    "touchpoint": (
        "触点", "觸點", "环节", "環節", "节点", "節點", "阶段", "階段", "touchpoint", "stage",
    ),
    "category": (
        "分类", "分類", "类别", "類別", "类型", "類型", "主题", "主題", "标签", "標籤",
        "category", "topic", "type", "theme", "tag",
    ),
}  # fmt: skip

# Numbers in these columns are not ratings, whatever their range.
_NOT_SCORE = ("数量", "數量", "金额", "金額", "价格", "價格", "年龄", "年齡", "编号", "編號",
              "id", "qty", "quantity", "amount", "price", "count", "age", "no", "number")  # fmt: skip
# 0/1 in these columns is a flag ("是否回复"), not a sentiment label.
_FLAG = ("是否", "已", "is", "has", "flag")

_ASCII_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
SYNTHETIC = re.compile(r"col\d+")

SAMPLE_ROWS = 200


def _normalise_header(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def _words(header: str) -> list[str]:
    return [w.lower() for w in _ASCII_WORD.findall(header)]


def _matches(header: str, words: Sequence[str]) -> int:
    """2: the header is one of the words, 1: contains one, 0: none."""
    norm = _normalise_header(header).lower()
    if norm in words:
        return 2
    ascii_words = _words(_normalise_header(header))
    for word in words:
        if word.isascii():
            if any(w == word or (len(word) >= 4 and w.startswith(word)) for w in ascii_words):
                return 1
        elif word in norm:
            return 1
    return 0


@dataclass
class _Column:
    """One column's sample, with the statistics the roles are judged on."""

    index: int
    name: str
    values: list[str]  # non-empty, stripped
    rows: int  # sample rows, empty cells included

    def share(self, test: int) -> float:
        return test / len(self.values) if self.values else 0.0

    @cached_property
    def numbers(self) -> list[float]:
        return [n for n in (cells.as_number(v) for v in self.values) if n is not None]

    @cached_property
    def numeric(self) -> float:
        return self.share(len(self.numbers))

    @cached_property
    def dates(self) -> float:
        return self.share(sum(cells.is_date(v) for v in self.values))

    @cached_property
    def loose_dates(self) -> float:
        return self.share(sum(cells.is_date(v, loose=True) for v in self.values))

    @cached_property
    def prose(self) -> float:
        return self.share(sum(cells.is_prose(v) for v in self.values))

    @cached_property
    def mean_length(self) -> float:
        """Characters per sample row, empty cells counting 0: a mostly empty column of long notes
        does not beat a full column of reviews."""
        return sum(len(v) for v in self.values) / self.rows if self.rows else 0.0

    @cached_property
    def distinct(self) -> set[str]:
        return {cells.canonical(v).lower() for v in self.values}

    def keyword(self, role: str) -> int:
        return _matches(self.name, KEYWORDS[role])


def _columns(header: Sequence[str], sample_rows: Sequence[Sequence[str]]) -> list[_Column]:
    columns = []
    for i, name in enumerate(header):
        values = [row[i].strip() for row in sample_rows if i < len(row) and row[i].strip()]
        columns.append(_Column(i, name, values, len(sample_rows)))
    return columns


# --- role by role ------------------------------------------------------------------------------


def _text(columns: list[_Column]) -> _Column | None:
    candidates = [c for c in columns if c.values and c.numeric < 0.5 and c.dates < 0.5]
    if not candidates:  # the sample's texts are all empty: a column named for text still is one
        named = [c for c in columns if c.keyword("text")]
        return max(named, key=lambda c: c.keyword("text")) if named else None
    # Order numbers, URLs and IDs are long but not free text: prose wins whenever there is some.
    prose = [c for c in candidates if c.prose >= 0.5]
    candidates = prose or candidates
    if not candidates:
        return None

    def weight(c: _Column) -> float:
        boost = 1 + 2 * c.keyword("text")  # a named review column wins over a long other column
        other = any(c.keyword(r) for r in FIELD_ROLES) and not c.keyword("text")
        return c.mean_length * boost * (0.5 if other else 1.0)

    return max(candidates, key=weight)


def _label_values(c: _Column) -> bool:
    if not c.values:
        return False
    binary = c.distinct <= {"0", "1", "-1", "0.0", "1.0"}
    return binary or all(cells.is_label_word(v) for v in c.values)


def _plausible(role: str, c: _Column) -> bool:
    """Content that fits a role whose header word matched."""
    if role == "label":
        return not c.values or len(c.distinct) <= 10
    if role == "score":
        rated = len(c.numbers) + sum(cells.is_star_rating(v) for v in c.values)
        return not c.values or c.share(rated) >= 0.3
    if role == "date":
        return not c.values or c.loose_dates >= 0.5
    # channel, touchpoint, category: short names, not prose paragraphs.
    return not c.values or sum(len(v) for v in c.values) / len(c.values) <= 40


def _by_content(role: str, c: _Column, synthetic: bool) -> bool:
    """Content alone is enough for these roles (no header word needed)."""
    if role == "label":
        if not synthetic and (len(c.distinct) < 2 or _matches(c.name, _FLAG)):
            return False  # a constant or a yes/no flag; a header-less file has no name to go on
        return len(c.values) >= 2 and _label_values(c)
    if role == "score":
        if (not synthetic and _matches(c.name, _NOT_SCORE)) or c.numeric < 0.9:
            return False
        in_range = all(0 <= n <= 10 for n in c.numbers)
        return in_range and len(set(c.numbers)) >= 2 and not c.distinct <= {"0", "1"}
    if role == "date":
        return c.dates >= 0.8
    return False


def _pick(role: str, columns: list[_Column], used: set[int], synthetic: bool) -> _Column | None:
    free = [c for c in columns if c.index not in used]
    named = [c for c in free if c.keyword(role) and _plausible(role, c)]
    if named:
        return max(named, key=lambda c: (c.keyword(role), -c.index))
    return next((c for c in free if _by_content(role, c, synthetic)), None)


def resolve_columns(
    header: Sequence[str],
    sample_rows: Sequence[Sequence[str]],
    overrides: ColumnOverrides | None = None,
    *,
    synthetic: bool = False,
) -> ColumnMapping:
    """The mapping, with the user's overrides taking their columns first."""
    chosen: dict[str, _Column] = {}
    columns = _columns(header, sample_rows)
    for role, name in (overrides.given() if overrides else {}).items():
        chosen[role] = _find(columns, name, role)
    used = {c.index for c in chosen.values()}
    if "text" not in chosen:
        text = _text([c for c in columns if c.index not in used])
        if text is not None:
            chosen["text"] = text
            used.add(text.index)
    for role in ("label", "score", "date", "touchpoint", "channel", "category"):
        if role not in chosen and (column := _pick(role, columns, used, synthetic)):
            chosen[role] = column
            used.add(column.index)
    note = f"synthesised col1..col{len(header)}" if synthetic else None
    return ColumnMapping(**{r: c.name for r, c in chosen.items()}, header=note)


def _find(columns: list[_Column], name: str, role: str) -> _Column:
    wanted = _normalise_header(name)
    for match in (
        lambda c: c.name == name,
        lambda c: _normalise_header(c.name) == wanted,
        lambda c: _normalise_header(c.name).lower() == wanted.lower(),
    ):
        found = [c for c in columns if match(c)]
        if found:
            return found[0]
    available = ", ".join(c.name for c in columns) or "none"
    raise ReadError(
        f"column '{name}' (given for {role}) not found; available columns: {available}",
        "column_missing", name=name, role=role, available=available,
    )  # fmt: skip


def detect_columns(header: list[str], sample_rows: list[list[str]]) -> ColumnMapping:
    """The detected mapping of a table with this header, judged on a sample of its rows."""
    synthetic = bool(header) and all(SYNTHETIC.fullmatch(h) for h in header)
    return resolve_columns(header, sample_rows, synthetic=synthetic)


# --- the header row ----------------------------------------------------------------------------


def header_row_index(rows: Sequence[Sequence[str]]) -> int:
    """Index of the header (or first data) row: leading blank rows and title rows ("2024年客户
    反馈汇总" alone in A1, above the real header) are passed over. A title fills fewer cells than
    the row after it, which is a header; only the first few rows are looked at."""
    counts = [sum(1 for cell in row if cell.strip()) for row in rows[:20]]
    filled = [i for i, count in enumerate(counts) if count]
    for n, i in enumerate(filled[:5]):
        later = filled[n + 1] if n + 1 < len(filled) else None
        title = (
            later is not None
            and counts[i] <= 2
            and counts[later] > counts[i]
            and is_header(rows[later], rows[later + 1 :])
        )
        if not title:
            return i
    return filled[0] if filled else 0


_SENTENCE_MARKS = re.compile(r"[，。！？；!?]|[,.;] ")


def is_header(first: Sequence[str], rest: Sequence[Sequence[str]]) -> bool:
    """Whether the first row names the columns or is already data (a header-less export).

    In order: a cell that is exactly a header word → header; a number or date → data (names are
    words); a column whose values are numbers under a first cell that is not (a survey question
    over its answers) → header; a first cell that recurs among the values → data; a sentence
    (long, or with sentence punctuation) → data. Otherwise the row is taken as the header.
    """
    first_cells = [c.strip() for c in first]
    if any(any(_matches(c, words) == 2 for words in KEYWORDS.values()) for c in first_cells if c):
        return True
    if any(cells.as_number(c) is not None or cells.is_date(c) for c in first_cells if c):
        return False
    columns = [
        [row[i].strip() for row in rest if i < len(row) and row[i].strip()]
        for i in range(len(first_cells))
    ]
    for cell, values in zip(first_cells, columns, strict=True):
        typed = sum(cells.as_number(v) is not None or cells.is_date(v) for v in values)
        if cell and values and typed / len(values) >= 0.8:
            return True
    if any(cell and cell in values for cell, values in zip(first_cells, columns, strict=True)):
        return False
    return not any(len(c) > 30 or _SENTENCE_MARKS.search(c) for c in first_cells)


def make_header(cells_: Sequence[str]) -> list[str]:
    """Column names from a header row: BOM and whitespace stripped, blanks named colN, duplicates
    numbered ("备注", "备注 (2)"), so every column has a distinct name."""
    names: list[str] = []
    for i, raw in enumerate(cells_):
        name = " ".join(raw.replace("\ufeff", "").split()) or f"col{i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    return names


def synthetic_header(width: int) -> list[str]:
    return [f"col{i + 1}" for i in range(width)]

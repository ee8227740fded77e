"""The methodology quiz bank of the practice tutor: items, loading and grading.

The bank lives in `knowledge/practice/quiz/<topic>.yaml`, one list of items per topic. Each item
carries its question in zh-Hans and in English (zh-Hant readers get the zh-Hans text converted),
the passage of the methodology corpus that supports the answer (`cites`, a `## ` section of a zh
document) and a few words of that section (`evidence`) so a test can check the citation.

Three kinds of item:
- `choice`: `options` in both languages in the same order, `answer` the 0-based index;
- `short`: `answer` a list of accepted key phrases (any one is enough) and optionally `reject`,
  near misses that make a reply wrong (互动线 against 内部互动线);
- `number`: `answer` the value, `tolerance` required; `compute` optionally states the inputs of
  the arithmetic so the answer can be recomputed (`compute_value`).

Grading (`check_answer`) is forgiving in the ways people answer in chat: "b", "B.", "选B",
"期望型需求吧", Traditional script, full-width characters, "NPS = 30", "30%".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError

import knowledge
from assistant.domain.common import Lang
from assistant.text.script import to_simplified, to_traditional

Topic = Literal[
    "mot", "kano", "servqual", "metrics", "blueprint", "touchpoints", "journey", "pain-points",
    "recovery",
]  # fmt: skip
TOPICS: tuple[Topic, ...] = (
    "mot", "kano", "servqual", "metrics", "blueprint", "touchpoints", "journey", "pain-points",
    "recovery",
)  # fmt: skip
Kind = Literal["choice", "short", "number"]
KINDS: tuple[Kind, ...] = ("choice", "short", "number")

QUIZ_FOLDER = ("practice", "quiz")
LETTERS = "ABCDEFGH"
_ID = r"^[a-z]+(?:-[a-z]+)*-\d{2,3}$"


class QuizError(ValueError):
    """A quiz file or item is malformed; the message names the file, the item id and the field."""


class Cite(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc: str = Field(min_length=1)
    section: str = Field(min_length=1)


class QuizText(BaseModel):
    """One language of an item."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str = Field(min_length=1)
    options: tuple[str, ...] | None = None
    answer: StrictInt | StrictFloat | tuple[str, ...]
    explanation: str = Field(min_length=1)
    reject: tuple[str, ...] = ()
    display: str | None = None  # how the expected answer is shown, when not derivable


class QuizItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str = Field(pattern=_ID)
    topic: Topic
    kind: Kind
    difficulty: int = Field(ge=1, le=3)
    zh_hans: QuizText = Field(alias="zh-Hans")
    en: QuizText
    cites: tuple[Cite, ...] = Field(min_length=1)
    evidence: tuple[str, ...] = Field(min_length=1, max_length=3)
    tolerance: float | None = Field(default=None, ge=0)
    unit: str | None = None  # "%" for percentages: 0.65 and 65% are then the same reply
    compute: dict[str, Any] | None = None

    def __hash__(self) -> int:
        return hash(self.id)

    def text(self, lang: Lang) -> QuizText:
        """The item in `lang`, in the script it asks for (zh-Hant: converted from zh-Hans)."""
        if lang == "en":
            return self.en
        if lang == "zh-Hans":
            return self.zh_hans
        t = self.zh_hans
        return t.model_copy(
            update={
                "q": to_traditional(t.q),
                "options": None if t.options is None else tuple(map(to_traditional, t.options)),
                "answer": (
                    tuple(map(to_traditional, t.answer))
                    if isinstance(t.answer, tuple)
                    else t.answer
                ),
                "explanation": to_traditional(t.explanation),
                "display": None if t.display is None else to_traditional(t.display),
            }
        )


class QuizResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    item_id: str
    correct: bool
    expected: str  # the right answer as shown to the user
    explanation: str
    cites: tuple[Cite, ...]


def _value(t: QuizText) -> float:
    """A number item's answer (checked to be a number when the bank is loaded)."""
    if isinstance(t.answer, tuple):
        raise TypeError("not a number item")
    return float(t.answer)


def _phrases(t: QuizText) -> tuple[str, ...]:
    return t.answer if isinstance(t.answer, tuple) else ()


# --- arithmetic ------------------------------------------------------------------------------


def _num(compute: Mapping[str, Any], key: str) -> float:
    value = compute.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} must be a number, not {value!r}")
    return float(value)


def _counts(compute: Mapping[str, Any]) -> dict[float, float]:
    raw = compute.get("counts")
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError("counts must be a mapping of score to number of answers")
    counts = {_num({"score": k}, "score"): _num({"n": v}, "n") for k, v in raw.items()}
    if sum(counts.values()) <= 0:
        raise ValueError("counts must add up to more than 0")
    return counts


def _values(compute: Mapping[str, Any]) -> list[float]:
    raw = compute.get("values")
    if not isinstance(raw, list) or not raw:
        raise ValueError("values must be a non-empty list of numbers")
    return [_num({"v": v}, "v") for v in raw]


def _ratio(numerator: float, denominator: float) -> float:
    if denominator == 0:
        raise ValueError("the denominator is 0")
    return numerator / denominator


def compute_value(compute: Mapping[str, Any]) -> float:
    """Recompute a number item's answer from its `compute` inputs.

    Formulas: `nps` (promoters, passives, detractors: counts; the default when `promoters` is
    given), `share` (counts {score: n}, at_least: the % of answers scoring at least that — CSAT
    4–5, CES agreement 5–7), `mean` (counts or values), `percent` (part, total), `difference`
    (a − b, e.g. SERVQUAL perception − expectation), `kano_better` / `kano_worse` (A, O, M, I),
    `per_10k` (count, base), `aht` (talk, hold, wrap, handled), `min` / `max` (values).
    Raises ValueError naming what is wrong."""
    formula = compute.get("formula", "nps" if "promoters" in compute else None)
    if formula == "nps":
        p, pa, d = (_num(compute, k) for k in ("promoters", "passives", "detractors"))
        return _ratio(p - d, p + pa + d) * 100
    if formula == "share":
        counts, floor = _counts(compute), _num(compute, "at_least")
        return _ratio(sum(n for s, n in counts.items() if s >= floor), sum(counts.values())) * 100
    if formula == "mean":
        if "values" in compute:
            values = _values(compute)
            return sum(values) / len(values)
        counts = _counts(compute)
        return sum(s * n for s, n in counts.items()) / sum(counts.values())
    if formula == "percent":
        return _ratio(_num(compute, "part"), _num(compute, "total")) * 100
    if formula == "difference":
        return _num(compute, "a") - _num(compute, "b")
    if formula in ("kano_better", "kano_worse"):
        a, o, m, i = (_num(compute, k) for k in ("A", "O", "M", "I"))
        if formula == "kano_better":
            return _ratio(a + o, a + o + m + i)
        return -_ratio(o + m, a + o + m + i)
    if formula == "per_10k":
        return _ratio(_num(compute, "count"), _num(compute, "base")) * 10_000
    if formula == "aht":
        parts = sum(_num(compute, k) for k in ("talk", "hold", "wrap"))
        return _ratio(parts, _num(compute, "handled"))
    if formula in ("min", "max"):
        values = _values(compute)
        return min(values) if formula == "min" else max(values)
    raise ValueError(f"unknown formula {formula!r}")


# --- loading ---------------------------------------------------------------------------------


def _fail(where: str, item_id: str, field: str, message: str) -> QuizError:
    return QuizError(f"{where}: item {item_id!r}: field {field}: {message}")


def _check_item(item: QuizItem, where: str, stem: str) -> None:
    """What a schema cannot say: kind-specific fields, both languages agreeing, arithmetic."""

    def fail(field: str, message: str) -> QuizError:
        return _fail(where, item.id, field, message)

    if item.topic != stem:
        raise fail("topic", f"{item.topic!r} is filed in {stem}.yaml")
    blocks = (("zh-Hans", item.zh_hans), ("en", item.en))
    if item.kind != "number":
        for key in ("tolerance", "compute", "unit"):
            if getattr(item, key) is not None:
                raise fail(key, f"only number items have {key}")
    for lang, t in blocks:
        if item.kind != "choice" and t.options is not None:
            raise fail(f"{lang}.options", "only choice items have options")
        if item.kind != "short" and t.reject:
            raise fail(f"{lang}.reject", "only short items have reject phrases")
    if item.kind == "choice":
        for lang, t in blocks:
            if t.options is None or not 2 <= len(t.options) <= len(LETTERS):
                raise fail(f"{lang}.options", f"a choice item needs 2 to {len(LETTERS)} options")
            keys = [normalise(o) for o in t.options]
            if len(set(keys)) != len(keys) or not all(keys):
                raise fail(f"{lang}.options", "options must be distinct and not empty")
            if not isinstance(t.answer, int) or not 0 <= t.answer < len(t.options):
                raise fail(f"{lang}.answer", f"must be an option index 0..{len(t.options) - 1}")
        if len(item.zh_hans.options or ()) != len(item.en.options or ()):
            raise fail("en.options", "zh-Hans and en must have the same number of options")
        if item.zh_hans.answer != item.en.answer:
            raise fail("en.answer", "zh-Hans and en must give the same option index")
    elif item.kind == "short":
        for lang, t in blocks:
            if not isinstance(t.answer, tuple) or not t.answer:
                raise fail(f"{lang}.answer", "a short item needs a list of accepted phrases")
            phrases = [normalise(p) for p in t.answer]
            if not all(phrases):
                raise fail(f"{lang}.answer", "an accepted phrase is empty after normalisation")
            for reject in map(normalise, t.reject):
                if not reject or any(_spans(p, reject) for p in phrases):
                    raise fail(
                        f"{lang}.reject", f"{reject!r} is empty or inside an accepted phrase"
                    )
    else:
        if item.tolerance is None:
            raise fail("tolerance", "a number item needs a tolerance")
        for lang, t in blocks:
            if isinstance(t.answer, tuple):
                raise fail(f"{lang}.answer", "a number item's answer must be a number")
        if item.zh_hans.answer != item.en.answer:
            raise fail("en.answer", "zh-Hans and en must give the same value")
        if item.compute is not None:
            try:
                value = compute_value(item.compute)
            except ValueError as exc:
                raise fail("compute", str(exc)) from None
            answer = _value(item.zh_hans)
            if abs(value - answer) > item.tolerance + 1e-9:
                raise fail("compute", f"recomputes to {value:g}, not {answer:g}")
    for i, cite in enumerate(item.cites):
        if not cite.doc.endswith("-zh"):
            raise fail(f"cites.{i}.doc", "cite the zh document (its id ends in -zh)")


def _parse_file(text: str, where: str, stem: str) -> list[QuizItem]:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise QuizError(f"{where}: unreadable YAML: {exc}") from None
    if not isinstance(raw, list):
        raise QuizError(f"{where}: the file must hold a list of items")
    items = []
    for n, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise QuizError(f"{where}: item #{n} is not a mapping")
        item_id = str(entry.get("id") or f"#{n}")
        try:
            item = QuizItem.model_validate(entry)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"]) or "(item)"
            raise _fail(where, item_id, field, error["msg"]) from None
        _check_item(item, where, stem)
        items.append(item)
    return items


def _load(folder: Traversable | Path, label: str) -> list[QuizItem]:
    if not folder.is_dir():
        raise QuizError(f"{label}: no quiz folder")
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name
    )
    items: list[QuizItem] = []
    seen: dict[str, str] = {}
    for entry in entries:
        where = f"{label}/{entry.name}"
        for item in _parse_file(entry.read_text(encoding="utf-8"), where, entry.name[:-5]):
            if item.id in seen:
                raise _fail(where, item.id, "id", f"already used in {seen[item.id]}")
            seen[item.id] = where
            items.append(item)
    return items


@cache
def _shipped() -> tuple[QuizItem, ...]:
    folder = knowledge.root().joinpath(*QUIZ_FOLDER)
    return tuple(_load(folder, "knowledge/" + "/".join(QUIZ_FOLDER)))


def load_quiz(folder: Path | None = None) -> list[QuizItem]:
    """Every item of the bank, file by file (files in name order). The shipped bank is read once
    and cached; a `folder` given explicitly is read every time. Raises QuizError."""
    if folder is None:
        return list(_shipped())
    return _load(folder, str(folder))


def items_by_id(items: Iterable[QuizItem] | None = None) -> dict[str, QuizItem]:
    return {item.id: item for item in (load_quiz() if items is None else items)}


# --- normalisation ---------------------------------------------------------------------------

_CJK = r"\u2e80-\u9fff\uf900-\ufaff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
_NEGATIONS = ("不是", "并非", "不属于", "不算", "not", "isn t", "isnt")


def normalise(text: str) -> str:
    """Fold width (NFKC), script (to Simplified) and case; punctuation and symbols become spaces;
    spaces are collapsed and dropped next to Chinese characters."""
    text = to_simplified(unicodedata.normalize("NFKC", text)).casefold()
    text = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)
    return _CJK_SPACE.sub("", " ".join(text.split()))


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _spans(hay: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `hay`; an ASCII word edge must not run into a longer word."""
    found, start = [], hay.find(needle)
    while needle and start >= 0:
        end = start + len(needle)
        left_ok = not _is_word(needle[0]) or start == 0 or not _is_word(hay[start - 1])
        right_ok = not _is_word(needle[-1]) or end == len(hay) or not _is_word(hay[end])
        if left_ok and right_ok:
            found.append((start, end))
        start = hay.find(needle, start + 1)
    return found


def _negated(hay: str, start: int) -> bool:
    """A negation right before position `start` ("不是倾听", "not the line of visibility")."""
    before = hay[:start].rstrip()
    for negation in _NEGATIONS:
        if before.endswith(negation):
            prev = before[: -len(negation)][-1:]
            if _is_word(negation[0]) and prev and _is_word(prev):
                continue  # "knot" is no "not"
            return True
    return False


# --- grading ---------------------------------------------------------------------------------

_DECOR = r"[\s\(\)（）\[\]【】\.．。、,，:：!！?？'\"“”]*"
_PARTICLES = r"(?:吧|呢|啊|呀|吗|嘛|了|啦|哦|喔|项|个|选项)?"
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_PREFIX = (
    r"(?:我选|我会选|我觉得选|应该选|应该是|应选|选|选项|选择|答案是|答案|答|是|"
    r"i\s*choose|i\s*pick|i\s*d\s*pick|pick|option|choice|answer\s*is|answer|the\s*answer\s*is)"
)
_ONLY_CHOICE = re.compile(
    rf"{_DECOR}(?:{_PREFIX}{_DECOR})?([a-h]|[1-8]){_DECOR}{_PARTICLES}{_DECOR}"
)
_ORDINAL = re.compile(rf"第{_DECOR}([一二三四五六七八]|[1-8]){_DECOR}(?:个|项|个选项)")
_EXPLICIT = re.compile(rf"{_PREFIX}{_DECOR}([a-h])(?=\s*(?:$|[.。、,:;!?)吧呢啊]|[^\x00-\x7f]))")
_CAPITAL = re.compile(r"(?<![A-Za-z0-9'])([A-H])(?![A-Za-z0-9'])")
_LEADING = re.compile(r"\s*[(\[【]?([a-h])\s*[)\]】.、:]")


@lru_cache(maxsize=512)
def _renderings(item: QuizItem) -> tuple[QuizText, ...]:
    """The texts a reply may quote: zh-Hans, English, and zh-Hant as shown to Traditional-script
    users, whose Taiwan phrasing does not always fold back (支持流程 → 支援流程, 账单 → 帳單)."""
    hant = item.zh_hans.model_copy(
        update={
            "options": None
            if item.zh_hans.options is None
            else tuple(map(to_traditional, item.zh_hans.options)),
            "answer": tuple(map(to_traditional, _phrases(item.zh_hans))) or item.zh_hans.answer,
            "reject": tuple(map(to_traditional, item.zh_hans.reject)),
        }
    )
    return item.zh_hans, item.en, hant


def _light(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).casefold().strip()


def _index(token: str) -> int:
    if token in _CN_DIGITS:
        return _CN_DIGITS[token] - 1
    if token.isdigit():
        return int(token) - 1
    return ord(token) - ord("a")


def _option_keys(option: str) -> set[str]:
    """The ways an option can be named: whole, without its bracketed part, the bracketed part
    alone, the part before the bracket (必备型（基本型）需求 → 必备型需求, 基本型, 必备型), and a
    short head before a colon (购买过程：步骤多… → 购买过程)."""
    text = unicodedata.normalize("NFKC", option)
    keys = {
        text,
        re.sub(r"\([^)]*\)", " ", text),  # 必备型需求
        *re.findall(r"\(([^)]*)\)", text),  # 基本型
        text.split("(", 1)[0],  # 必备型
    }
    head = re.split(r"[:：]", text, maxsplit=1)[0]
    if head != text and len(normalise(head)) <= 12:
        keys.add(head)
    return {k for k in map(normalise, keys) if len(k) >= 2}


def choice_index(item: QuizItem, reply: str) -> int | None:
    """Which option a reply picks (0-based), or None when it picks none or is ambiguous.
    Accepts a letter (A/b, "B.", "选B", "答案是c"), a 1-based number or Chinese ordinal
    ("2", "第二个"), or the option text in either language and script."""
    options = [t.options or () for t in _renderings(item)]
    count = len(options[0])
    norm, light = normalise(reply), _light(reply)
    if not norm:
        return None
    for opts in options:
        for i, option in enumerate(opts):
            if normalise(option) == norm:
                return i
    for pattern in (_ONLY_CHOICE, _ORDINAL):
        match = pattern.fullmatch(light) if pattern is _ONLY_CHOICE else pattern.search(light)
        if match:
            index = _index(match.group(1))
            return index if index < count else None
    match = _EXPLICIT.search(light)
    if match and not _negated(light, match.start()):
        index = _index(match.group(1))
        return index if index < count else None
    best: dict[int, int] = {}
    for opts in options:
        for i, option in enumerate(opts):
            for key in _option_keys(option):
                spans = [s for s in _spans(norm, key) if not _negated(norm, s[0])]
                score = len(key) if spans else (len(norm) if len(norm) >= 2 and norm in key else 0)
                best[i] = max(best.get(i, 0), score)
    top = max(best.values(), default=0)
    winners = [i for i, score in best.items() if score == top]
    if top and len(winners) == 1:
        return winners[0]
    match = _LEADING.match(light)
    if match:
        index = _index(match.group(1))
        return index if index < count else None
    # "I think it is B because…": one capital letter standing alone (not the article "A word")
    raw = unicodedata.normalize("NFKC", reply)
    letters = {
        m.group(1)
        for m in _CAPITAL.finditer(raw)
        if not (m.group(1) == "A" and re.match(r"\s+[a-z]", raw[m.end() :]))
    }
    if len(letters) == 1:
        index = _index(letters.pop().lower())
        return index if index < count else None
    return None


def short_correct(item: QuizItem, reply: str) -> bool:
    """Any accepted phrase (either language) occurs in the reply, not negated ("不是倾听") and not
    as part of a reject phrase; and no reject phrase occurs un-negated."""
    hay = normalise(reply)
    accepted = {normalise(p) for t in _renderings(item) for p in _phrases(t)}
    rejects = {normalise(p) for t in _renderings(item) for p in t.reject}
    reject_spans = [s for r in rejects for s in _spans(hay, r)]
    if any(not _negated(hay, start) for start, _ in reject_spans):
        return False
    for phrase in accepted:
        for start, end in _spans(hay, phrase):
            inside = any(rs <= start and end <= re_ for rs, re_ in reject_spans)
            if not inside and not _negated(hay, start):
                return True
    return False


_CN_NUMBER = re.compile(r"([负正]?)([零〇一二两三四五六七八九十百]+)")
_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_NUMBER = re.compile(
    r"(?P<sign>[+\-−–])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<pct>%|percent|个百分点|百分点)?"
)
_MARKERS = ("=", "≈", "等于", "equals")


def _cn_int(text: str) -> int | None:
    """二十 → 20, 三十五 → 35, 一百零五 → 105, 十二 → 12, 七 → 7; None if not a plain number."""
    if not re.fullmatch(
        r"[零〇一二两三四五六七八九]?百?[零〇]?[一二两三四五六七八九]?十?[一二三四五六七八九]?",
        text,
    ):
        return None
    total, current = 0, 0
    for char in text:
        if char in _CN_VALUES:
            current = _CN_VALUES[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _arabic(match: re.Match[str]) -> str:
    value = _cn_int(match.group(2))
    if value is None:
        return match.group(0)
    return f"{'-' if match.group(1) == '负' else ''}{value}"


def parse_number(reply: str) -> tuple[float, bool] | None:
    """The number a reply gives, and whether it was written as a percentage. The number after
    the last '=' wins ("45 − 25 = 20"); otherwise the first one ("NPS是30", "+30", "-10分").
    A minus right after a digit is subtraction, not a sign. Chinese numerals count (负二, 三十)."""
    text = unicodedata.normalize("NFKC", reply).replace("−", "-")
    if not any(c.isdigit() for c in text):
        text = _CN_NUMBER.sub(
            _arabic, re.sub(r"百分之([零〇一二两三四五六七八九十百]+)", r"\1%", text)
        )
    start = max((text.rfind(m) + len(m) for m in _MARKERS if m in text), default=0)
    for match in _NUMBER.finditer(text, start):
        value = float(match.group("num").replace(",", ""))
        sign = match.group("sign")
        before = text[: match.start()].rstrip()
        if sign in ("-", "−", "–") and not (before and (before[-1].isdigit() or before[-1] == ")")):
            value = -value
        return value, bool(match.group("pct"))
    return None


def number_correct(item: QuizItem, reply: str) -> bool:
    parsed = parse_number(reply)
    if parsed is None:
        return False
    value, percent = parsed
    expected = _value(item.zh_hans)
    tolerance = (item.tolerance or 0.0) + 1e-9
    candidates = [value]
    if percent:
        candidates.append(value / 100)  # "65%" for a Better coefficient of 0.65
    elif item.unit == "%" and abs(value) <= 1:
        candidates.append(value * 100)  # "0.8" for a CSAT of 80%
    return any(abs(c - expected) <= tolerance for c in candidates)


def _format(value: float) -> str:
    if math.isclose(value, round(value)):
        return str(round(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def expected_text(item: QuizItem, lang: Lang) -> str:
    t = item.text(lang)
    if t.display:
        return t.display
    if item.kind == "choice":
        index = int(_value(t))
        return f"{LETTERS[index]}. {(t.options or ())[index]}"
    if item.kind == "short":
        return _phrases(t)[0]
    return _format(_value(t)) + ("%" if item.unit == "%" else "")


def prompt(item: QuizItem, lang: Lang) -> str:
    """The question as shown to the user: choice options lettered A, B, C…"""
    t = item.text(lang)
    lines = [t.q, *(f"{LETTERS[i]}. {option}" for i, option in enumerate(t.options or ()))]
    return "\n".join(lines)


def check_answer(item: QuizItem, answer: str, lang: Lang) -> QuizResult:
    """Grade a free-text reply to `item`; the result speaks `lang` (zh-Hant: Traditional)."""
    if item.kind == "choice":
        correct = choice_index(item, answer) == item.zh_hans.answer
    elif item.kind == "short":
        correct = short_correct(item, answer)
    else:
        correct = number_correct(item, answer)
    return QuizResult(
        item_id=item.id,
        correct=correct,
        expected=expected_text(item, lang),
        explanation=item.text(lang).explanation,
        cites=item.cites,
    )

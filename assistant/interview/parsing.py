"""Rule parsers for interview answers: lists, emotions, severities, channels, levels, KPIs.

Every function works on zh-Hans, zh-Hant and English alike: text is folded to Simplified and
lower case for matching, and what is extracted (names, labels) is cut from the original text, so
a Traditional-script user keeps their own characters in the map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from assistant.domain import Horizon, KanoClass
from assistant.domain.common import ChannelMode, TouchpointCategory
from assistant.interview import vocabulary as vocab
from assistant.interview.draft import fold
from assistant.text.script import to_simplified

V = TypeVar("V")

_PUNCT = re.compile(r"[\s，,。.！!？?；;：:、~～…\"'“”‘’「」『』（）()\[\]【】]+")
_NUMBERING = re.compile(r"^\s*(?:[-*•·▪]|[①-⑩]|\(?\d{1,2}\s*[.)、．）:：]|第?\d{1,2}[、.])\s*")
_LINE_SPLIT = re.compile(r"\s*(?:\n|；|;)\s*")
_ITEM_SPLIT = re.compile(r"\s*(?:、|，|,|以及|及|和|与|还有|\band\b|&|\bplus\b)\s*", re.IGNORECASE)
_OPEN, _CLOSE = "（([【「『“", "）)]】」』”"
_QUOTE = re.compile(r"[“\"「『‘']([^”\"」』’']{2,})[”\"」』’']")
_COLON = re.compile(r"[：:]")


def normalise(text: str) -> str:
    """The message folded and stripped of punctuation: what whole-message words are matched on."""
    return _PUNCT.sub(" ", fold(text)).strip()


def simplified(text: str) -> str:
    """The text in Simplified script and of the same length, so that a span found in it cuts
    the same words out of the original (OpenCC converts character by character for what users
    type here; if it ever does not, the original is matched as it is)."""
    converted = to_simplified(text)
    return converted if len(converted) == len(text) else text


def remove_matches(pattern: re.Pattern[str], text: str) -> str:
    """The original text without what `pattern` matches in its Simplified view."""
    spans = [m.span() for m in pattern.finditer(simplified(text))]
    kept, last = [], 0
    for start, end in spans:
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return "".join(kept)


def original_span(original: str, folded: str, start: int, end: int) -> str:
    """The original characters at a span found in the folded text (same length in practice:
    OpenCC converts character by character for everything a user types here)."""
    if len(original) == len(folded):
        return original[start:end]
    return folded[start:end]


def _is_ascii_word(word: str) -> bool:
    return word.isascii()


def _word_pattern(word: str) -> str:
    escaped = re.escape(word)
    return rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if _is_ascii_word(word) else escaped


def find_words(text: str, table: Mapping[str, V]) -> list[tuple[int, int, V]]:
    """Non-overlapping occurrences of the table's words in `text` (already folded), longest
    words first, returned in order of position."""
    taken: list[tuple[int, int, V]] = []
    for word in sorted(table, key=len, reverse=True):
        for hit in re.finditer(_word_pattern(word), text):
            start, end = hit.span()
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, table[word]))
    return sorted(taken, key=lambda t: t[0])


def contains_any(text: str, words: Iterable[str]) -> bool:
    folded = fold(text)
    return any(re.search(_word_pattern(w), folded) for w in words)


def is_exactly(text: str, words: Iterable[str]) -> bool:
    """The whole message (punctuation aside) is one of `words`."""
    said = normalise(text)
    return bool(said) and said in {normalise(w) for w in words}


# Lists ----------------------------------------------------------------------------------


def strip_numbering(line: str) -> str:
    return _NUMBERING.sub("", line).strip().rstrip("。.").strip()


def _split_outside_brackets(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split on `pattern`, except inside brackets: "柜台（网点，线下）" stays whole."""
    depth = 0
    masked = []
    for char in simplified(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        masked.append("\x00" if depth and char not in _OPEN else char)
    pieces, last = [], 0
    masked_text = "".join(masked)
    for hit in pattern.finditer(masked_text):
        pieces.append(text[last : hit.start()])
        last = hit.end()
    pieces.append(text[last:])
    return pieces


def split_lines(text: str) -> list[str]:
    """Lines of an answer: newlines and semicolons separate them; numbering is removed."""
    pieces = _split_outside_brackets(text.strip(), _LINE_SPLIT)
    return [p for p in (strip_numbering(p) for p in pieces) if p]


def split_items(text: str) -> list[str]:
    """Items of a list answer.

    Lines (newlines, semicolons, numbered lists) are items when there are several. A single line
    is split on 、，, and conjunctions (和/及/与/and/&) — unless it reads "name: description",
    whose description may well contain commas.
    """
    lines = split_lines(text)
    if len(lines) != 1:
        return lines
    line = lines[0]
    colon = _COLON.search(line)
    if colon and 0 < colon.start() <= 30:
        head = re.sub(r"[（(].*?[）)]", "", line[: colon.start()])
        if not _ITEM_SPLIT.search(head):
            return [line]
    items = _split_outside_brackets(line, _ITEM_SPLIT)
    return [i for i in (strip_numbering(i) for i in items) if i]


def split_name(item: str) -> tuple[str, str]:
    """ "name：description", "name - description", "name (description)" → (name, description)."""
    for pattern in (r"\s*[：:]\s*", r"\s+[—–-]+\s+"):
        parts = re.split(pattern, item, maxsplit=1)
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            return parts[0].strip(), parts[1].strip()
    bracket = re.match(r"^(.+?)\s*[（(](.+)[）)]\s*$", item)
    if bracket:
        return bracket[1].strip(), bracket[2].strip()
    return item.strip(), ""


# Choosing suggestions -----------------------------------------------------------------------

_CHOICE_NOISE = re.compile(
    r"第|个|號|号|条|項|项|选|要|采用|用|#|no\.|numbers?|options?|choose|pick|take|and|和|与|及|"
    r"[,，、\s&+/]"
)


def is_accept(text: str) -> bool:
    """A one-word acceptance of what is on offer: 好, 可以, 用这些, yes, ok, accept ..."""
    said = normalise(text)
    if not said:
        return False
    rest = said
    for word in sorted((*vocab.ACCEPT_WORDS, *vocab.FILLER_WORDS), key=len, reverse=True):
        rest = re.sub(_word_pattern(word), " ", rest)
    return not rest.strip() and any(re.search(_word_pattern(w), said) for w in vocab.ACCEPT_WORDS)


def parse_choice(text: str, count: int) -> list[int] | None:
    """Numbers picked from a numbered list: "1,3", "1 3", "第1、3个", "2-4", "1 and 3".

    None when the message is something else; numbers outside 1..count are ignored.
    """
    said = fold(text).strip()
    if not re.search(r"\d", said):
        return None
    picked: list[int] = []
    for hit in re.finditer(r"(\d+)\s*[-–~到至]\s*(\d+)|(\d+)", said):
        if hit[3]:
            picked.append(int(hit[3]))
        else:
            picked.extend(range(int(hit[1]), int(hit[2]) + 1))
    rest = re.sub(r"(\d+)\s*[-–~到至]\s*(\d+)|\d+", " ", said)
    if _CHOICE_NOISE.sub("", rest).strip(" 。.!！"):
        return None
    chosen = [n for n in dict.fromkeys(picked) if 1 <= n <= count]
    return chosen or None


# Emotions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedEmotion:
    score: int
    label: str
    quote: str


_SIGNED = re.compile(r"(?<![\d.])([+\-−＋－])\s?([0-2])(?![\d.])")
_ZERO = re.compile(r"(?<![\d.+\-−＋－/])0(?![\d.%])")
_OUT_OF_FIVE = re.compile(r"(?<![\d.])([1-5])\s*(?:/\s*5|分(?!钟)|星|stars?|out of 5)")
_BARE = re.compile(r"(?<![\d.+\-−＋－/])([1-5])(?![\d.%/]|\s*(?:分钟|个|min))")


def _clamp(score: int, low: int = -2, high: int = 2) -> int:
    return max(low, min(high, score))


def _word_score(text: str, folded: str) -> tuple[int, str] | None:
    hits = find_words(folded, vocab.EMOTION_WORDS)
    if not hits:
        return None
    start, end, score = hits[0]
    before = folded[max(0, start - 12) : start]
    negator = next(
        (m for n in vocab.NEGATORS if (m := re.search(_word_pattern(n) + r"\s*$", before))), None
    )
    if negator:
        score = -1 if score > 0 else 1
        start -= len(before) - negator.start()  # the label keeps its "not": 不开心, not happy
    elif any(re.search(_word_pattern(s) + r"\s*$", before) for s in vocab.SOFTENERS):
        score = max(-1, min(1, score))
    elif any(re.search(_word_pattern(i) + r"\s*$", before) for i in vocab.INTENSIFIERS):
        score = _clamp(score + (1 if score > 0 else -1 if score < 0 else 0))
    return score, original_span(text, folded, start, end)


def parse_emotion(text: str) -> ParsedEmotion | None:
    """An emotion from "-2 焦虑", "+1 relieved", "2/5", "4分", "有点失望", "very happy".

    Scales: a signed number or 0 is on the emotion curve's −2..+2; "N/5", "N分", "N stars" are on
    1..5 (3 is neutral). A bare 3, 4 or 5 can only be 1..5; a bare 1 or 2 is read on whichever
    scale agrees with the emotion word beside it, and as −2..+2 when there is none.
    """
    folded = fold(text)
    quote_hit = _QUOTE.search(text)
    quote = quote_hit[1].strip() if quote_hit else ""
    scan = folded if not quote_hit else folded.replace(fold(quote_hit[0]), " ")
    worded = _word_score(text if not quote_hit else text.replace(quote_hit[0], " "), scan)
    label = worded[1] if worded else ""
    number: int | None = None
    if hit := _SIGNED.search(scan):
        number = int(hit[2]) * (-1 if hit[1] in "-−－" else 1)
    elif hit := _OUT_OF_FIVE.search(scan):
        number = int(hit[1]) - 3
    elif _ZERO.search(scan):
        number = 0
    elif hit := _BARE.search(scan):
        value = int(hit[1])
        if value >= 3:
            number = value - 3
        elif worded and worded[0] < 0:
            number = value - 3  # "1 焦虑": 1 of 5, not +1
        else:
            number = value
    if number is None and worded is None:
        return None
    score = _clamp(number) if number is not None else worded[0] if worded else 0
    return ParsedEmotion(score=score, label=label, quote=quote)


# Severity, impact/effort, KANO, horizon ----------------------------------------------------

_SEVERITY_NUMBER = re.compile(
    r"(?:严重程度|严重度|严重性|severity|sev)\s*[:：=]?\s*([1-5])|(?<![\d.])([1-5])\s*/\s*5"
)
_LEVEL_VALUE = r"\s*[:：=]?\s*(高|中|低|high|medium|low|[1-5])(?![\d.])"
_LEVEL_NAMES = {
    "impact": r"(?:影响|价值|impact|value)",
    "effort": r"(?:投入|难度|成本|effort|cost)",
}
_LEVEL_WORDS = {"高": 4, "中": 3, "低": 2, "high": 4, "medium": 3, "low": 2}


def parse_severity(text: str) -> int | None:
    folded = fold(text)
    if hit := _SEVERITY_NUMBER.search(folded):
        return int(hit[1] or hit[2])
    hits = find_words(folded, vocab.SEVERITY_WORDS)
    return max(v for _, _, v in hits) if hits else None


def parse_level(text: str, which: str) -> int | None:
    """Impact or effort on 1..5, from "影响 高", "投入4", "impact high", "effort: 2"."""
    hit = re.search(_LEVEL_NAMES[which] + _LEVEL_VALUE, fold(text))
    if not hit:
        return None
    value = hit[1]
    return int(value) if value.isdigit() else _LEVEL_WORDS[value]


def parse_kano(text: str) -> KanoClass | None:
    hits = find_words(fold(text), vocab.KANO_WORDS)
    return hits[0][2] if hits else None


def parse_horizon(text: str) -> Horizon | None:
    hits = find_words(fold(text), vocab.HORIZON_WORDS)
    return hits[0][2] if hits else None


def parse_cadence(text: str) -> str | None:
    hits = find_words(fold(text), vocab.CADENCE_WORDS)
    return hits[0][2] if hits else None


# Industry, channels, categories ------------------------------------------------------------


def detect_industry(text: str) -> str | None:
    folded = fold(text)
    counts = {
        industry: sum(len(re.findall(_word_pattern(w), folded)) for w in words)
        for industry, words in vocab.INDUSTRY_KEYWORDS.items()
    }
    best = max(counts, key=lambda industry: counts[industry])
    return best if counts[best] else None


def product_hint(text: str, industry: str) -> str:
    """The first product word of `industry` in the text, as the user wrote it."""
    folded = fold(text)
    hits = find_words(folded, dict.fromkeys(vocab.PRODUCT_HINTS[industry], industry))
    if not hits:
        return ""
    start, end, _ = hits[0]
    return original_span(text, folded, start, end)


def detect_channel(text: str) -> tuple[str, ChannelMode] | None:
    """The first channel word in the text, as written, with the mode it implies."""
    folded = fold(text)
    hits = find_words(folded, vocab.CHANNEL_WORDS)
    if not hits:
        return None
    start, end, mode = hits[0]
    return original_span(text, folded, start, end), mode


def detect_mode(text: str) -> ChannelMode | None:
    hits = find_words(fold(text), vocab.MODE_WORDS)
    return hits[0][2] if hits else None


def detect_category(text: str) -> TouchpointCategory | None:
    hits = find_words(fold(text), vocab.CATEGORY_WORDS)
    return hits[0][2] if hits else None


def extract_quote(text: str) -> str:
    hit = _QUOTE.search(text)
    return hit[1].strip() if hit else ""


# KPIs ("把平均等候时长从25分钟降到15分钟", "cut waiting time from 25 to 15 minutes") -----------


@dataclass(frozen=True)
class ParsedKPI:
    name: str
    baseline: float
    target: float
    unit: str


_ZH_UNIT = r"(%|分钟|个工作日|工作日|小时|天|秒|分|元|个百分点)?"
_EN_UNIT = r"(%|minutes?|mins?|hours?|days?|seconds?|points?)?"
_ZH_KPI = re.compile(
    r"(?:把|将)?(?P<name>[^\s，,。；;从由把将]{2,16})(?:从|由)\s*(?P<a>-?\d+(?:\.\d+)?)\s*"
    + _ZH_UNIT.replace("(", "(?P<ua>", 1)
    + r"\s*(?:[降减缩压提升增]\w{0,2})?(?:到|至)\s*(?P<b>-?\d+(?:\.\d+)?)\s*"
    + _ZH_UNIT.replace("(", "(?P<ub>", 1)
)
_EN_KPI = re.compile(
    r"(?P<name>[a-z][a-z \-]{2,40}?)\s+from\s+(?P<a>-?\d+(?:\.\d+)?)\s*"
    + _EN_UNIT.replace("(", "(?P<ua>", 1)
    + r"\s*(?:down |up )?to\s+(?P<b>-?\d+(?:\.\d+)?)\s*"
    + _EN_UNIT.replace("(", "(?P<ub>", 1),
    re.IGNORECASE,
)
_EN_LEAD = re.compile(
    r"^(?:(?:we|want|wants|to|cut|reduce|raise|increase|improve|lower|bring|get|the|our|and|"
    r"lift|grow|shorten|speed|up)\s+)+",
    re.IGNORECASE,
)


def parse_kpis(text: str) -> list[ParsedKPI]:
    found = []
    for pattern in (_ZH_KPI, _EN_KPI):
        for hit in pattern.finditer(text):
            name = (
                _EN_LEAD.sub("", hit["name"]).strip(" ，,、")
                if pattern is _EN_KPI
                else hit["name"].lstrip("和及与、，, ")
            )
            name = re.sub(r"^(?:我们|我|想|要|希望|目标是|目标|争取)+", "", name)
            if len(name) < 2:
                continue
            found.append(
                ParsedKPI(
                    name=name,
                    baseline=float(hit["a"]),
                    target=float(hit["b"]),
                    unit=hit["ub"] or hit["ua"] or "",
                )
            )
    return found


def parse_number_after(text: str, keywords: str) -> float | None:
    """The number after a keyword: "目标 15", "baseline: 25", "基线25分钟"."""
    hit = re.search(rf"(?:{keywords})\s*[:：=为是]?\s*(-?\d+(?:\.\d+)?)", fold(text))
    return float(hit[1]) if hit else None

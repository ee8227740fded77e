"""Rule parsers for interview answers: lists, emotions, severities, channels, levels, KPIs.

Every function works on zh-Hans, zh-Hant and English alike: text is folded to Simplified and
lower case for matching, and what is extracted (names, labels) is cut from the original text, so
a Traditional-script user keeps their own characters in the map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeVar

from assistant.domain import Horizon, KanoClass
from assistant.domain.common import ChannelMode, TouchpointCategory
from assistant.interview import vocabulary as vocab
from assistant.interview.draft import fold
from assistant.playbooks import INDUSTRIES
from assistant.text.script import to_simplified

V = TypeVar("V")

_PUNCT = re.compile(r"[\s，,。.！!？?；;：:、~～…\"'“”‘’「」『』（）()\[\]【】]+")
_NUMBERING = re.compile(r"^\s*(?:[-*•·▪]|[①-⑩]|\(?\d{1,2}\s*[.)、．）:：]|第?\d{1,2}[、.])\s*")
_LINE_SPLIT = re.compile(r"\s*(?:\n|；|;)\s*")
_ITEM_SPLIT = re.compile(r"\s*(?:、|，|,|以及|及|和|与|还有|\band\b|&|\bplus\b)\s*", re.IGNORECASE)
# Arrows are list separators as strong as commas: "看产品页 → 填申请表 → 放款", "a -> b > c".
_ARROW = r"→|⟶|➔|➜|➡️?|⇒|=+>|-+>|—+>|－+>|＞|\s>\s"
_SEPARATOR = re.compile(rf"\s*(?:、|，|,(?:\s*(?:and\b|&))?|{_ARROW})\s*", re.IGNORECASE)
# Weaker separators, tried when a line has no comma or arrow: a slash between words
# ("Report / Assess / Repair"), and spaces between Chinese words ("看到广告 到店参观 办卡").
_SLASH = re.compile(r"\s+/\s+|\s*／\s*|(?<=[\u3400-\u9fff])/(?=[\u3400-\u9fff])")
_HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000\t]+(?=[\u3400-\u9fff])")
_CONJUNCTION = re.compile(
    r"\s*(?:以及|及|和|与|跟(?![进踪单随着])|还有|\band\b|&|\bplus\b)\s*", re.IGNORECASE
)
_LEADING_CONJUNCTION = re.compile(r"^\s*(?:以及|还有|(?:and|plus|or)\b|&)\s*", re.IGNORECASE)
_OPEN, _CLOSE = "（([【「『“", "）)]】」』”"
# Quotes: paired marks, or straight ones that are not apostrophes (didn't, it's).
_QUOTE = re.compile(
    r"[“「『‘]([^”」』’]{2,})[”」』’]|\"([^\"]{2,})\"|(?<![A-Za-z])'([^']{2,})'(?![A-Za-z])"
)
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


@lru_cache(maxsize=8192)
def _word_regex(word: str) -> re.Pattern[str]:
    # Compiled once: the vocabularies hold more words than `re` keeps compiled for itself.
    return re.compile(_word_pattern(word))


@lru_cache(maxsize=256)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def find_words(text: str, table: Mapping[str, V]) -> list[tuple[int, int, V]]:
    """Non-overlapping occurrences of the table's words in `text` (already folded), longest
    words first, returned in order of position."""
    taken: list[tuple[int, int, V]] = []
    for word in _longest_first(tuple(table)):
        if word not in text:
            continue
        for hit in _word_regex(word).finditer(text):
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


def mask_brackets(text: str) -> str:
    """The text with what is inside brackets and quotes blanked (same length): "柜台（网点，线下）"
    has no comma to split on, and a quote's words are not the clause's own."""
    depth = 0
    masked = []
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        masked.append("\x00" if depth and char not in _OPEN else char)
    return "".join(masked)


def split_outside_brackets(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split on `pattern` (matched on the Simplified view), except inside brackets and quotes."""
    masked_text = mask_brackets(simplified(text))
    pieces, last = [], 0
    for hit in pattern.finditer(masked_text):
        if hit.end() == hit.start():
            continue
        pieces.append(text[last : hit.start()])
        last = hit.end()
    pieces.append(text[last:])
    return pieces


def split_lines(text: str) -> list[str]:
    """Lines of an answer: newlines and semicolons separate them; numbering is removed."""
    pieces = split_outside_brackets(text.strip(), _LINE_SPLIT)
    return [p for p in (strip_numbering(p) for p in pieces) if p]


def split_items(text: str, *, conjunctions: bool = True) -> list[str]:
    """Items of a list answer.

    Lines (newlines, semicolons, numbered lists) are items when there are several. A single line
    is split on 、，, and arrows (→, ->); failing those, on slashes between three or more items
    and on spaces between Chinese words ("看到广告 到店参观 办卡"); and only when it has none of
    those, on conjunctions (和/及/与/跟/and/&; not with `conjunctions=False`, for a line that is
    one item of a longer list): in "Booking, Arrival and check-in, Security and boarding" each
    item between commas is one name. A line that reads "name: description" stays whole: its
    description may well contain commas.
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
    items = split_outside_brackets(line, _SEPARATOR)
    if len(items) == 1:
        items = split_outside_brackets(line, _SLASH)
        items = items if len(items) >= 3 else [line]  # "waiting / updates" is one name
    if len(items) == 1:
        items = split_outside_brackets(line, _HAN_SPACE)
    if len(items) == 1 and conjunctions:
        items = split_outside_brackets(line, _CONJUNCTION)
    items = [remove_matches(_LEADING_CONJUNCTION, i) for i in items]
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


# "差不多就是：", "我想想……应该是：", "Roughly, it goes like this:": words before a colon that
# only lead in to the answer. The head must be made of nothing else, so that "Booking: …" and
# "审批是：…" (a name before the colon) keep their heads.
_HEDGE_ZH = (
    r"嗯+|呃+|额|啊|哦|噢|那个|这个|我想想|让我想想|我想一下|想一想|我觉得|我感觉|我们的?|他们的?|"
    r"客户的?|顾客的?|一般|通常|基本上?|大概|大致|差不多|应该|主要|其实|整个|整体|的话|流程|步骤|"
    r"过程|顺序|旅程|环节|阶段|就|都|也|会|的|是|为|有|如下|这样子?|这些|以下|下面这些|分为|包括|吧"
)
_HEDGE_EN = (
    r"hmm+|um+|uh+|erm|well|ok(?:ay)?|so|let me think|i think|i guess|i'd say|roughly|basically|"
    r"probably|usually|mostly|generally|it|the|our|their|customers?|journey|process|flow|steps?|"
    r"stages?|goes|go|is|are|like|this|as|follows|something|kind of|looks|would be"
)
_LEAD_END = re.compile(r"\s*(?:[:：]|…+|\.{3,})\s*")
_LEAD_HEAD = re.compile(
    rf"^(?:(?:{_HEDGE_ZH}|(?:{_HEDGE_EN})\b)[\s…\.。，,、~～!！-]*)+$", re.IGNORECASE
)


def strip_lead_in(text: str) -> str:
    """The answer without a lead-in before its first colon or ellipsis: "差不多就是：看产品页 →
    填申请表" → "看产品页 → 填申请表", "Hmm, let me think... research, …" → "research, …".
    What follows must be on the same line."""
    for _ in range(3):  # "我想想……应该是：…" has two
        colon = _LEAD_END.search(text)
        if not colon or "\n" in text[: colon.start()] or not text[colon.end() :].strip():
            return text
        head = simplified(text[: colon.start()]).strip()
        if not head or not _LEAD_HEAD.match(head.lower()):
            return text
        text = text[colon.end() :].strip()
    return text


# Narratives ("先预约挂号，然后到院签到……最后缴费取药", "first they book online, then …") ---------

# Words that move a story on to its next step. Split anywhere on the unambiguous ones; the
# short ones (先, 再, first, and) only start a step at the beginning of a clause.
_STEP_WORDS_ZH = r"然后再|然后|接[着著]|接下来|紧接[着著]|随后|最后一步|最后|最终"
_STEP_SPLIT = re.compile(
    rf"(?:{_STEP_WORDS_ZH})|\b(?:and then|then|after that|afterwards|next|finally|lastly|"
    r"eventually)\b(?!-)",
    re.IGNORECASE,
)
_STEP_START = re.compile(
    rf"^(?:{_STEP_WORDS_ZH}|首先|先是|先|第[一二三四五六七八九十\d]+步(?:是)?|再是|再|之后|后来|"
    r"完了(?:以后|之后)?|其次|"
    # "试听完我们做程度分析", "填完以后…": what was just done, then the next step
    r"[^，,\s]{1,6}?完了?(?:以后|之后|后|(?=(?:我们|他们|客户|顾客|用户|家长|学生|病人|患者)\S))|"
    r"(?:and then|then|after that|afterwards|next|finally|lastly|"
    r"eventually|first of all|firstly|first|to start with|to start|to begin with|"
    r"(?:it|they|we) (?:starts?|begins?) with|starting with|and)\b)\s*[,，:：]?\s*",
    re.IGNORECASE,
)
_WEAK_STEP = re.compile(r"^\s*(?:first|and)\b(?!\s+then\b)", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"\s*(?:[，,。；;：:、\n]|\.{2,}|…+|(?<=[a-z])\.\s)\s*", re.IGNORECASE)
# Who does the step: stripped only before a word that shows it is the subject ("客户先到店",
# "病人要在自助机上签到"), so that 客户经理 and 会员卡 keep their names.
_SUBJECT = re.compile(
    r"^(?:(?:我们的|我们|客户|顾客|用户|病人|患者|乘客|旅客|客人|会员|学生|家长|他们|她们|大家|业主|"
    r"车主|买家|消费者)(?=一般|通常|会|要|就|需要|都|得|可以|还|先|再|然后|接着|最后|用|使用|通过|在|到|"
    r"去|来|进|拿|打|上|排|等|找|填|交|办|看|选|签|提|取|缴|付|收|问|咨询|预约|挂号|做)|"
    r"(?:(?:our|the) )?(?:customers?|passengers?|patients?|guests?|users?|travell?ers?|buyers?|"
    r"members?|students?|people|clients?)\b|(?:they|we|you)\b)"
    r"(?:\s*(?:一般|通常|会|要|就|需要|都|得|可以|还要|还得|(?:usually|typically|normally|will|"
    r"would|can|have to|need to|must|just|then|first)\b))*\s*",
    re.IGNORECASE,
)
_FILLER = re.compile(r"^(?:一般|通常|基本上|大概|大致|大多)?(?:都)?(?:是|就是)(?=\S{2})")
_LEAD_IN = re.compile(
    r"(?:流程|步骤|过程|顺序|旅程|环节|如下|这样|journey|process|flow|steps|goes like|as follows|"
    r"like this)",
    re.IGNORECASE,
)
_LEAD_IN_PREFIX = re.compile(
    r"^.*?(?:流程|步骤|过程|顺序|旅程)(?:大概|大致|一般|基本上|通常)?(?:是|为|就是|如下)?(?=先|首先|第一)"
)
_TAIL = re.compile(r"(?:……|…|等等|等|之类的?|etc\.?|and so on)\s*$", re.IGNORECASE)
_ZH_PLACE = re.compile(
    r"^(?:在[^，,]{1,8}?(?:上|里|中|内)|[^，,]{1,8}?(?:通过|完成|结束|办完|做完|好)(?:以|之)?后)"
    r"(?=\S{2,}$)"
)
_TRAILING_PUNCT = " ，,；;、。.：:-—!！"
_REMARK = re.compile(r"有时|经常|总是|常常|老是|sometimes|often|always|usually", re.IGNORECASE)
_EN_PLACE = re.compile(
    r"^(\S+\s+\S+.*?)\s+(?:at|in|on|via|through|using|with|from|by|into)\s+\S.*$"
)
_OBJECT_PRONOUN = re.compile(r"\b(?:us|it|them|me|him|her|one|you)$", re.IGNORECASE)
SHORT_ZH, SHORT_EN = 8, 4  # an unmarked clause this short is a step of its own


def _is_short(text: str) -> bool:
    """Short enough to be a step of its own, and no remark ("有时候要排很久") about the last."""
    if _REMARK.search(text) or feeling_words(fold(text)):
        return False
    return len(text.split()) <= SHORT_EN if text.isascii() else len(text) <= SHORT_ZH


def strip_subject(text: str) -> str:
    """The clause without its leading subject and auxiliaries: "病人一般用…" → "用…"."""
    return remove_matches(_SUBJECT, text).strip()


def _strip_step_words(clause: str) -> tuple[str, bool]:
    """The clause without its leading step words and subject, and whether it had a step word."""
    marked = False
    for _ in range(4):
        before = clause
        clause = remove_matches(_SUBJECT, clause).strip()
        stripped = remove_matches(_STEP_START, clause).strip()
        marked = marked or stripped != clause
        clause = remove_matches(_FILLER, stripped).strip()
        if clause == before:
            break
    return clause, marked


def sequence_steps(text: str) -> list[tuple[str, str]] | None:
    """The steps of an answer told as a story, as (name, description) in order; None when the
    text is not told as one (no step words: then it is a list).

    Clauses are cut at punctuation and at step words; a clause that starts no step (it has no step
    word and is long, or remarks on something) describes the step before it. Names are cut short
    from the user's words: "then check in at the airport" → "Check in" (described by the whole
    clause), 在网上申请 → 申请.
    """
    text = remove_matches(_LEAD_IN_PREFIX, text.strip())
    pieces: list[str] = []
    for clause in split_outside_brackets(text, _CLAUSE_SPLIT):
        cuts = [m.start() for m in _STEP_SPLIT.finditer(simplified(clause))]
        bounds = [0, *[c for c in cuts if c > 0], len(clause)]
        pieces.extend(clause[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False))
    pieces = [piece for piece in pieces if piece]
    stripped = [_strip_step_words(piece) for piece in pieces]
    # "first" and "and" inside a list name a step ("first visit and induction", "…, and
    # boarding"); they tell a story only when it opens with them or has a plainer step word.
    weak = [i > 0 and bool(_WEAK_STEP.match(piece)) for i, piece in enumerate(pieces)]
    marked = sum(1 for _, is_marked in stripped if is_marked)
    plain = sum(1 for (_, is_marked), w in zip(stripped, weak, strict=True) if is_marked and not w)
    if not plain or (marked < 2 and not (marked == 1 and len(stripped) >= 2)):
        return None
    steps: list[tuple[str, str]] = []
    for clause, is_marked in stripped:
        clause = _TAIL.sub("", clause).strip(_TRAILING_PUNCT)
        clause = re.sub(r"\s+(?:and|or|first)$", "", clause, flags=re.IGNORECASE).strip()
        if not clause:
            continue
        if (
            not is_marked
            and not steps
            and (_LEAD_IN.search(simplified(clause)) or not _is_short(clause))
        ):
            continue  # "我们的门诊流程大概是这样的"
        if not is_marked and steps and not _is_short(clause):
            name, description = steps[-1]
            steps[-1] = (name, f"{description}，{clause}" if description else clause)
            continue
        steps.append(_step_name(clause))
    return steps or None


def _step_name(clause: str) -> tuple[str, str]:
    """A short name for a step told in a clause, and the clause when the name leaves part out."""
    if clause.isascii():
        place = _EN_PLACE.match(clause)
        short = place[1] if place and len(clause.split()) >= 4 else clause
        if _OBJECT_PRONOUN.search(short):
            short = clause  # "find us on Instagram": "Find us" says nothing of the step
        return short[:1].upper() + short[1:], clause if short != clause else ""
    place = _ZH_PLACE.match(simplified(clause))
    return (clause[place.end() :], clause) if place else (clause, "")


# Choosing suggestions -----------------------------------------------------------------------

_CHOICE_NOISE = re.compile(
    r"第|个|號|号|条|項|项|选|要|采用|用|#|no\.|numbers?|options?|choose|pick|take|and|和|与|及|"
    r"[,，、\s&+/]"
)


_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_EN_NUMBERS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip


def read_number(text: str | None) -> int | None:
    """A small whole number as people type it in a command ("3", "３", "3rd", "third", "two",
    "三", "十二", "二十"); None when it is not one. The patterns that call it decide which words
    may stand there."""
    if not text:
        return None
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    if text in _EN_NUMBERS or text in _EN_ORDINALS:
        return _EN_NUMBERS.get(text) or _EN_ORDINALS[text]
    if suffixed := re.fullmatch(r"(\d+)(?:st|nd|rd|th)", text):
        return int(suffixed[1])
    if text and all(c in _ZH_DIGITS or c == "十" for c in text):
        if "十" not in text:
            return int("".join(str(_ZH_DIGITS[c]) for c in text)) if len(text) <= 2 else None
        tens, _, ones = text.partition("十")
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _ZH_DIGITS.get(ones, 0) if ones else 0
        )
    return None


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
_BARE = re.compile(r"(?<![\d.+\-−＋－/])([1-5])(?![\d.%/])")
_COUNTED = re.compile(
    r"(?:\b(?:week|weeks|day|days|month|months|year|years|hour|hours|minute|minutes|step|stage|"
    r"round|level|page|floor|gate|door|terminal|room|no|number|around|about|after|before|within|"
    r"over|under|at|by|until|of|to|top|first|last|every)|第|周|天|月|年|号|楼|层|站|门|前|后|近)\s*$"
)
_SCORE_END = re.compile(r"^\s*(?:$|[，,。.；;！!？?)）:：]|分(?!钟))")


def _clamp(score: int, low: int = -2, high: int = 2) -> int:
    return max(low, min(high, score))


def quote_of(hit: re.Match[str]) -> str:
    return next((g for g in hit.groups() if g), "").strip()


@cache
def _feeling_table() -> dict[str, int | None]:
    """Emotion words, and the words that contain one without being one (快递 is no 快)."""
    table: dict[str, int | None] = dict(vocab.EMOTION_WORDS)
    table.update(dict.fromkeys(vocab.NOT_EMOTION_WORDS))
    return table


@cache
def _modifiers() -> tuple[tuple[str, str], ...]:
    kinds = [
        *((w, "negator") for w in vocab.NEGATORS),
        *((w, "softener") for w in vocab.SOFTENERS),
        *((w, "intensifier") for w in vocab.INTENSIFIERS),
    ]
    return tuple(sorted(kinds, key=lambda pair: len(pair[0]), reverse=True))


def _modifier_before(folded: str, position: int) -> tuple[str, int] | None:
    """The degree or negation word right before `position` (spaces between allowed)."""
    before = folded[:position].rstrip()
    for word, kind in _modifiers():
        if before.endswith(word):
            start = len(before) - len(word)
            if word.isascii() and start > 0 and before[start - 1].isalnum():
                continue  # "also" does not end in "so"
            return kind, start
    return None


_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")
_PARTICLES = "的了啊吧呀喔哦嘛啦"


def feeling_words(folded: str) -> list[tuple[int, int, int]]:
    """The emotion words in folded text (start, end, score), degree words that read as one
    ("好慢": 好 is "very" here; so in "好长", "好沮丧") and words that only contain one (快递)
    left out."""
    hits = [(s, e, v) for s, e, v in find_words(folded, _feeling_table()) if v is not None]
    degree = set(vocab.INTENSIFIERS)
    kept = []
    for i, (start, end, score) in enumerate(hits):
        word = folded[start:end]
        if word in degree and i + 1 < len(hits) and hits[i + 1][0] == end:
            continue
        following = folded[end : end + 1]
        if word in degree and _HAN_CHAR.match(following) and following not in _PARTICLES:
            continue  # 好 before a word: "very", whatever the word
        kept.append((start, end, score))
    return kept


def _scored_hit(text: str, folded: str, hit: tuple[int, int, int]) -> tuple[int, str]:
    """An emotion word's score moved by the degree and negation words before it, and the
    words as written (很烦)."""
    start, end, score = hit
    kinds: list[str] = []
    while len(kinds) < 3 and (found := _modifier_before(folded, start)):
        kinds.append(found[0])
        start = found[1]
    if "negator" in kinds:
        stronger = "intensifier" in kinds[kinds.index("negator") :]
        score = (-2 if stronger else -1) if score > 0 else 1 if score < 0 else 0
    elif "softener" in kinds:
        score = _clamp(score, -1, 1)
    elif "intensifier" in kinds:
        score = _clamp(score + (1 if score > 0 else -1 if score < 0 else 0))
    return score, original_span(text, folded, start, end).strip()


def _word_score(text: str, folded: str) -> tuple[int, str] | None:
    """The feeling in words (after a "but", if the clause turns): the first emotion word that
    is not neutral ("ok, they like the car wash" is +1) — and a negative one when the clause
    has both without turning ("讲得快听不懂": a complaint), moved by the degree and negation
    words before it; the label is the words as written (很烦)."""
    hits = feeling_words(folded)
    if not hits:
        return None
    turns = find_words(folded, dict.fromkeys(vocab.CONTRAST_WORDS, 0))
    after_turn = [h for h in hits if turns and h[0] >= turns[-1][1]]
    scored = [_scored_hit(text, folded, hit) for hit in (after_turn or hits)]
    negative = [s for s in scored if s[0] < 0]
    positive = [s for s in scored if s[0] > 0]
    return (negative or positive or scored)[0]


def _bare_score(scan: str, worded: tuple[int, str] | None) -> int | None:
    """A bare 1..5 is a score only where nothing but a feeling follows it: "3天" is no score."""
    for hit in _BARE.finditer(scan):
        if _COUNTED.search(scan[: hit.start()]):
            continue  # "around week 4", "第3", "after 2": a count, no score
        after = scan[hit.end() :]
        if not _SCORE_END.match(after):
            rest = after.lstrip()
            feeling = feeling_words(rest)[:1]
            degree = any(rest.startswith(word) for word, _ in _modifiers())
            if not (degree or (feeling and feeling[0][0] == 0)):
                continue
        value = int(hit[1])
        if value >= 3:
            return value - 3
        return value - 3 if worded and worded[0] < 0 else value  # "1 焦虑": 1 of 5, not +1
    return None


def parse_emotion(text: str) -> ParsedEmotion | None:
    """An emotion from "-2 焦虑", "+1 relieved", "2/5", "4分", "有点失望", "很烦", "very happy",
    "breakfast is poor", "not great".

    Scales: a signed number or 0 is on the emotion curve's −2..+2; "N/5", "N分", "N stars" are on
    1..5 (3 is neutral). A bare 3, 4 or 5 can only be 1..5; a bare 1 or 2 is read on whichever
    scale agrees with the emotion word beside it, and as −2..+2 when there is none. Without a
    number, the feeling words decide: 很/非常/very raise, 有点/稍微/a bit soften, 不/not turn.
    """
    quote_hit = _QUOTE.search(text)
    quote = quote_of(quote_hit) if quote_hit else ""
    unquoted = text if not quote_hit else text.replace(quote_hit[0], " " * len(quote_hit[0]))
    scan = fold(unquoted)
    worded = _word_score(unquoted, scan)
    label = worded[1] if worded else ""
    number: int | None = None
    if hit := _SIGNED.search(scan):
        number = int(hit[2]) * (-1 if hit[1] in "-−－" else 1)
    elif hit := _OUT_OF_FIVE.search(scan):
        number = int(hit[1]) - 3
    elif (zero := _ZERO.search(scan)) and _SCORE_END.match(scan[zero.end() :]):
        number = 0
    else:
        number = _bare_score(scan, worded)
    if number is None and worded is None:
        return None
    score = _clamp(number) if number is not None else worded[0] if worded else 0
    return ParsedEmotion(score=score, label=label, quote=quote)


def model_sign(text: str) -> int | None:
    """−1 or +1 from the offline sentiment model (analytics) for a clause with no feeling word
    ("审批要等一周"), when the model is fairly sure; None otherwise. Under 0.1 ms a clause."""
    # Imported here: the analytics package is slow to import and rarely needed by a turn.
    from assistant.analytics.sentiment import load_sentiment

    if len(normalise(text)) < 2:
        return None
    prediction = load_sentiment().predict(fold(text))
    if prediction.positive <= MODEL_NEGATIVE:
        return -1
    if prediction.positive >= MODEL_POSITIVE:
        return 1
    return None


# The Chinese model leans negative (plain statements score 0.3–0.4): only its clear calls count.
MODEL_NEGATIVE, MODEL_POSITIVE = 0.2, 0.75


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


INDUSTRY_SURE = 0.5  # below this, ask which industry rather than guess


@dataclass(frozen=True)
class IndustryGuess:
    """The industry a text speaks of. `key` is a playbook key (banking, telecom, ...) or the key
    of an industry without a playbook (airline, education, utilities, automotive, logistics,
    real_estate, government, fitness, travel, transport, software); `word` is the strongest
    evidence as the user wrote it (航空公司, airline), what to call an industry without a
    playbook. `confidence` 0..1 grows with the evidence and its lead over the runner-up."""

    key: str
    confidence: float
    word: str
    has_playbook: bool

    @property
    def sure(self) -> bool:
        return self.confidence >= INDUSTRY_SURE


@cache
def _industry_table() -> dict[str, tuple[tuple[str, int], ...]]:
    """Word → the industries it speaks for, with its weight (plurals of English words too)."""
    table: dict[str, dict[str, int]] = {}
    for tier, weight in vocab.INDUSTRY_WEIGHTS:
        for industry, words in tier.items():
            for word in words:
                forms = [word]
                if word.isascii() and word[-1].isalpha() and not word.endswith("s"):
                    forms.append(word + "s")
                for form in forms:
                    entry = table.setdefault(form, {})
                    entry[industry] = max(entry.get(industry, 0), weight)
    return {word: tuple(entry.items()) for word, entry in table.items()}


def guess_industry(text: str) -> IndustryGuess | None:
    """The industry `text` speaks of, with how sure that is; None when no word points to one.

    "We are a regional airline … check-in" → airline, sure: check-in alone (hotels and airlines
    both have one) is weak evidence and cannot outweigh the industry's own name.
    """
    folded = fold(text)
    order = list(vocab.INDUSTRY_NAMES)
    scores: dict[str, int] = {}
    evidence: dict[str, tuple[int, int, int]] = {}  # industry → (weight, start, end)
    for start, end, entries in find_words(folded, _industry_table()):
        for industry, weight in entries:
            scores[industry] = scores.get(industry, 0) + weight
            if weight > evidence.get(industry, (0, 0, 0))[0]:
                evidence[industry] = (weight, start, end)
    if not scores:
        return None
    ranked = sorted(scores, key=lambda i: (-scores[i], order.index(i)))
    best = scores[ranked[0]]
    second = scores[ranked[1]] if len(ranked) > 1 else 0
    # One typical word of the industry (weight 2) with nothing rivalling it is enough; words
    # several industries share (weight 1) only add up slowly.
    strongest, start, end = evidence[ranked[0]]
    strength = 1.0 if strongest >= 2 else min(1.0, best / 3)
    confidence = (best - second) / best * strength
    return IndustryGuess(
        key=ranked[0],
        confidence=round(confidence, 2),
        word=original_span(text, folded, start, end),
        has_playbook=ranked[0] in INDUSTRIES,
    )


def detect_industry(text: str) -> str | None:
    """The playbook key of the industry the text speaks of, when that is clear; None when it is
    unclear or the industry has no playbook (see `guess_industry` for those)."""
    guess = guess_industry(text)
    return guess.key if guess and guess.sure and guess.has_playbook else None


def product_hint(text: str, industry: str) -> str:
    """The first product word of `industry` in the text, as the user wrote it."""
    folded = fold(text)
    hits = find_words(folded, dict.fromkeys(vocab.PRODUCT_HINTS.get(industry, ()), industry))
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
    return quote_of(hit) if hit else ""


# KPIs ("把平均等候时长从25分钟降到15分钟", "cut waiting time from 25 to 15 minutes") -----------


@dataclass(frozen=True)
class ParsedKPI:
    name: str
    baseline: float
    target: float
    unit: str


_ZH_UNIT = r"(%|分钟|个工作日|工作日|小时|天|秒|分|元|个百分点|件|单|次|起|宗|人次|个)?"
_EN_UNIT = r"(%|minutes?|mins?|hours?|days?|seconds?|points?)?"
# A count per period before the number: "投诉从每月40件降到15件", "日均 300 单".
_ZH_PER = r"(?:每个?[月周天日年季]度?|[月周日年]均|一个?[月周天年])?"
_ZH_KPI = re.compile(
    r"(?:把|将)?(?P<name>[^\s，,。；;从由把将]{2,16})(?:从|由)\s*"
    + _ZH_PER
    + r"\s*(?P<a>-?\d+(?:\.\d+)?)\s*"
    + _ZH_UNIT.replace("(", "(?P<ua>", 1)
    + r"\s*(?:[降减缩压提升增]\w{0,2})?(?:到|至)\s*"
    + _ZH_PER
    + r"\s*(?P<b>-?\d+(?:\.\d+)?)\s*"
    + _ZH_UNIT.replace("(", "(?P<ub>", 1)
)
_EN_KPI = re.compile(
    r"(?P<name>(?<![a-z])[a-z][a-z \-]{2,60}?)\s+from\s+(?P<a>-?\d+(?:\.\d+)?)\s*"
    + _EN_UNIT.replace("(", "(?P<ua>", 1)
    + r"\s*(?:down |up )?to\s+(?P<b>-?\d+(?:\.\d+)?)\s*"
    + _EN_UNIT.replace("(", "(?P<ub>", 1),
    re.IGNORECASE,
)
# Words before a KPI's name that are not part of it: "we want to cut | airport check-in time".
_EN_LEAD_WORDS = frozenset(
    """we want wants to cut reduce raise increase improve lower bring get lift grow shorten speed
    boost decrease drop halve double and so that is are be aim goal plan need needs would like
    also up down""".split()
)
_EN_DETERMINERS = frozenset("the our their its a an this".split())
_ZH_LEAD = re.compile(r"^(?:我们|我|想|要|希望|目标是|目标|争取|并且|并|同时|和|及|与|、|，|,|\s)+")


def _english_kpi_name(raw: str) -> str:
    words = raw.split()
    lead = max((i for i, w in enumerate(words) if w.lower() in _EN_LEAD_WORDS), default=-1)
    words = words[lead + 1 :]
    while words and words[0].lower() in _EN_DETERMINERS:
        words.pop(0)
    return " ".join(words[-6:]).strip(" -")


def parse_kpis(text: str) -> list[ParsedKPI]:
    """KPIs with a baseline and a target, in either script: the Traditional text is matched on
    its Simplified view and the name and unit cut from the original (從25分鐘降到12分鐘)."""
    seen = simplified(text)
    found = []
    for pattern in (_ZH_KPI, _EN_KPI):
        for hit in pattern.finditer(seen):
            if pattern is _EN_KPI:
                name = _english_kpi_name(hit["name"])
            else:
                lead = _ZH_LEAD.match(hit["name"])
                start = hit.start("name") + (lead.end() if lead else 0)
                name = text[start : hit.end("name")]
            if len(name) < 2:
                continue
            unit = "ub" if hit["ub"] else "ua" if hit["ua"] else ""
            found.append(
                ParsedKPI(
                    name=name,
                    baseline=float(hit["a"]),
                    target=float(hit["b"]),
                    unit=text[hit.start(unit) : hit.end(unit)] if unit else "",
                )
            )
    return found


def parse_number_after(text: str, keywords: str) -> float | None:
    """The number after a keyword: "目标 15", "baseline: 25", "基线25分钟"."""
    hit = re.search(rf"(?:{keywords})\s*[:：=为是]?\s*(-?\d+(?:\.\d+)?)", fold(text))
    return float(hit[1]) if hit else None

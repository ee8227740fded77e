"""Which stage, touchpoint or pain point an answer names, the way people actually name them.

Users write a stage in the other script (到院簽到 against a map that says 到院签到), with a typo
("Chek-in"), or in part ("签到" for 到院签到, "security" for "Security and boarding"). Matching is
done on the folded view (Simplified, lower case); spans refer to the text as given, so callers cut
the user's own words out of it.

Scores: 1.0 the exact name; 0.85 one slip (a changed character, a misspelt word); 0.65–0.8 part
of the name (the larger the part, the higher). A partial mention that two names share equally is
ambiguous and matches neither: guessing would file an answer under the wrong stage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.interview.draft import fold
from assistant.text.script import to_simplified

EXACT, SLIP = 1.0, 0.85
PARTIAL_MIN_SHARE = 0.5  # a partial mention covers at least half of the name
MENTION_MIN = 0.65

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an the and or of to at in on for with by from via our their your my its & is are was".split()
)
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|\"[^\"]*\"|‘[^’]*’")


@dataclass(frozen=True)
class Mention:
    name: str  # as given in `names`
    start: int  # where it is mentioned in the text
    end: int
    score: float


def view(text: str) -> str:
    """The folded view of `text` with the same length (spans found in it cut the original)."""
    converted = to_simplified(text)
    if len(converted) != len(text):
        converted = text
    lowered = converted.lower()
    return lowered if len(lowered) == len(text) else converted


def mask_quotes(text: str) -> str:
    """The text with quoted customer words blanked out (same length): a quote is evidence, and
    the names inside it are not what the clause is about."""
    return _QUOTED.sub(lambda m: " " * len(m[0]), text)


def _latin(name: str) -> bool:
    return not _CJK.search(name)


def _content_words(folded: str) -> list[str]:
    return [w for w in _WORD.findall(folded.replace("-", "")) if w not in _STOPWORDS]


def _same_word(a: str, b: str) -> bool:
    """Equal, a plural of each other, or one slip apart (longer words allow two)."""
    if a == b or a.rstrip("s") == b.rstrip("s"):
        return True
    if min(len(a), len(b)) < 4:
        return False
    allowed = 2 if min(len(a), len(b)) >= 8 else 1
    return _distance(a, b, allowed) <= allowed


def _distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance, stopping early once it exceeds `cap`."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


def _partial(share: float) -> float:
    return 0.5 + 0.3 * share


def _score_cjk(text: str, name: str) -> tuple[float, int, int] | None:
    found = text.find(name)
    if found >= 0:
        return EXACT, found, found + len(name)
    size = len(name)
    if size >= 3:
        for start in range(len(text) - size + 1):
            window = text[start : start + size]
            mismatches = sum(a != b for a, b in zip(window, name, strict=True))
            if mismatches == 1 and all(_CJK.match(c) for c in window):
                return SLIP, start, start + size
    match = SequenceMatcher(None, text, name, autojunk=False).find_longest_match()
    common = text[match.a : match.a + match.size]
    if match.size >= 2 and all(_CJK.match(c) or c.isalnum() for c in common):
        share = match.size / size
        if share >= PARTIAL_MIN_SHARE:
            return _partial(share), match.a, match.a + match.size
    return None


def _score_latin(text: str, name: str) -> tuple[float, int, int] | None:
    flat_text, flat_name = text.replace("-", " "), name.replace("-", " ").strip()
    exact = re.search(rf"(?<![a-z0-9]){re.escape(flat_name)}(?![a-z0-9])", flat_text)
    if exact:
        return EXACT, exact.start(), exact.end()
    wanted = _content_words(name)
    if not wanted:
        return None
    tokens = [(m[0], m.start(), m.end()) for m in _WORD.finditer(text)]
    matched: list[tuple[int, int, bool]] = []
    for word in wanted:
        hit = next((t for t in tokens if _same_word(t[0], word)), None)
        if hit:
            matched.append((hit[1], hit[2], hit[0] == word))
    if not matched or sum(e - s for s, e, _ in matched) < 3:
        return None
    start, end = min(s for s, _, _ in matched), max(e for _, e, _ in matched)
    if len(matched) == len(wanted):
        return (0.9 if all(x for _, _, x in matched) else SLIP), start, end
    share = len(matched) / len(wanted)
    return (_partial(share), start, end) if share >= PARTIAL_MIN_SHARE else None


def _score(text_view: str, name: str) -> tuple[float, int, int] | None:
    folded = fold(name).lower()
    if not folded:
        return None
    if _latin(folded):
        return _score_latin(text_view, folded)
    return _score_cjk(text_view, re.sub(r"\s+", "", folded))


def _best(scored: list[Mention]) -> Mention | None:
    if not scored:
        return None
    scored.sort(key=lambda m: (m.score, m.end - m.start, len(m.name)), reverse=True)
    top = scored[0]
    if len(scored) > 1 and top.score < SLIP:
        rival = scored[1]
        tied = rival.score == top.score and rival.end - rival.start == top.end - top.start
        if tied and fold(rival.name) != fold(top.name):
            return None
    return top


def _scored(text: str, names: Sequence[str], minimum: float) -> list[Mention]:
    """Every name's mention; a partial one only when what it shares belongs to that name alone
    ("网点" is in 网点面签 and 网点取号排队 alike: it names neither)."""
    seen = view(mask_quotes(text))
    folded = [fold(n).lower() for n in names]
    scored = []
    for index, name in enumerate(names):
        hit = _score(seen, name)
        if not hit or hit[0] < minimum:
            continue
        part = seen[hit[1] : hit[2]]
        others = [other for other in folded if other != folded[index]]
        if hit[0] < SLIP and any(_shares(part, other) for other in others):
            continue
        scored.append(Mention(name, hit[1], hit[2], hit[0]))
    return scored


def _shares(part: str, other: str) -> bool:
    if _latin(part):
        words = _content_words(part)
        return bool(words) and all(w in _content_words(other) for w in words)
    return part in other


def find_mention(text: str, names: Sequence[str], minimum: float = MENTION_MIN) -> Mention | None:
    """The name the text mentions (exactly, with a slip, or in part), with where; None when no
    name is mentioned well enough or two are mentioned equally in part."""
    return _best(_scored(text, names, minimum))


def find_mentions(text: str, names: Sequence[str], minimum: float = MENTION_MIN) -> list[Mention]:
    """Every name mentioned, best first, each at a place no better mention already took."""
    scored = _scored(text, names, minimum)
    scored.sort(key=lambda m: (m.score, m.end - m.start), reverse=True)
    taken: list[Mention] = []
    for mention in scored:
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return taken


_LABEL_FILLER = re.compile(
    r"^(?:在|到了?|进入)?|(?:这一步|这个环节|这一环节|这个阶段|这一阶段|环节|阶段|步骤|这步|的时候|时)$"
    r"|^(?:the |at |during |in )+|(?: stage| step| phase)$"
)


def match_name(said: str, names: Sequence[str]) -> str | None:
    """The name that `said` is meant to be (a label such as "签到：…" or "Chek-in: …"): the same
    name in the other script or case, with a slip, or a part of it ("签到" for 到院签到,
    "boarding" for "Security and boarding"); None if none or several equally.

    A label longer than a name is not that name ("线上申请" is no stage "申请"), unless what is
    left is only "stage", "环节", "这一步" and the like."""
    wanted = _LABEL_FILLER.sub("", fold(said).lower().strip()).strip()
    if not wanted:
        return None
    scored: list[tuple[float, str]] = []
    for name in names:
        have = fold(name).lower().strip()
        if not have:
            continue
        if have == wanted:
            return name
        score = 0.0
        if _latin(have) and _latin(wanted):
            mine, theirs = _content_words(wanted), _content_words(have)
            if mine and all(any(_same_word(m, t) for t in theirs) for m in mine):
                # a part of the name ("boarding"): the fewer words left over, the likelier
                score = (0.9 if set(mine) <= set(theirs) else SLIP) - 0.01 * len(theirs)
        elif len(wanted) >= 2 and wanted in have:
            score = 0.8 + 0.1 * len(wanted) / len(have)
        elif (
            len(wanted) == len(have) >= 3
            and sum(a != b for a, b in zip(wanted, have, strict=True)) == 1
        ):
            score = SLIP  # 看医声 for 看医生
        if not score and min(len(have), len(wanted)) >= 3:
            ratio = SequenceMatcher(None, wanted, have, autojunk=False).ratio()
            score = ratio * 0.95 if ratio >= 0.8 else 0.0
        if score:
            scored.append((score, name))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]

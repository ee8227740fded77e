"""Which stage, touchpoint or pain point an answer names, the way people actually name them.

Users write a stage in the other script (到院簽到 against a map that says 到院签到), with a typo
("Chek-in"), or in part ("签到" for 到院签到, "security" for "Security and boarding"). Matching is
done on the folded view (Simplified, lower case); spans refer to the text as given, so callers cut
the user's own words out of it.

Scores: 1.0 the exact name; 0.85 one slip (a changed character, a misspelt word); 0.65–0.8 part
of the name (the larger the part, the higher). A partial mention that two names share equally is
ambiguous and matches neither: guessing would file an answer under the wrong stage.

Words are compared as people write them: inflected ("booking" for "Book online", "assessment"
for "Get the car assessed"), shortened ("insta", "docs"), run together ("signup", "checkout") or
apart ("drop off" for "drop-off"). A Chinese name's characters may come with a character or two
between them ("看广告" for 看到广告, "比較計劃" for 比較月費計劃). One distinctive word of a longer
English name is a mention of it ("queuing" for "queue at customer service").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.interview.draft import fold
from assistant.text.script import to_simplified

EXACT, SLIP = 1.0, 0.85
PARTIAL_MIN_SHARE = 0.5  # a partial mention covers at least half of the name
MENTION_MIN = 0.65
NEAR = 12  # characters between two words of one mention, at most

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an the and or of to at in on for with by from via our their your my its & is are was".split()
)
# Short forms people type for a longer word of a name ("docs" for "Document upload").
_SHORT_FORMS = frozenset({"doc", "info", "admin", "appt", "rego", "reg", "uni", "intro"})
# Words too common to name a stage or touchpoint on their own when they are only part of it.
_GENERIC = frozenset(
    """customer customers people service services online store staff time experience process
    stage step things thing first second final there their about really every after before
    during getting""".split()
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


def _stem(word: str) -> str:
    """A word without its English inflection: booking → book, assessed/assessment → assess,
    queuing/queues → queu, comparing/compare → compar, seated/seating → seat, classes/class →
    class."""
    if re.search(r"(?:s|x|z|ch|sh)es$", word) and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for suffix in ("ment", "ing", "ed", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=16384)
def _same_word(a: str, b: str) -> bool:
    """The same word: equal, inflected ("booking" for "book", "assessment" for "assessed"),
    shortened ("insta" for "instagram", "docs" for "documents") or one slip apart (longer
    words allow two)."""
    if a == b or a.rstrip("s") == b.rstrip("s") or _stem(a) == _stem(b):
        return True
    short, long_ = sorted((a.rstrip("s"), b.rstrip("s")), key=len)
    if long_.startswith(short) and len(long_) >= 6 and (len(short) >= 5 or short in _SHORT_FORMS):
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
    if size >= 4:  # one character of three is more than a slip: "到飲料" is no 等飲料
        for start in range(len(text) - size + 1):
            window = text[start : start + size]
            mismatches = sum(a != b for a, b in zip(window, name, strict=True))
            if mismatches == 1 and all(_CJK.match(c) for c in window):
                return SLIP, start, start + size
    best: tuple[int, int, int] | None = None  # (characters of the name found, start, end)
    for found, start, end in _near_blocks(text, name):
        if best is None or found > best[0]:
            best = (found, start, end)
    if best is None or best[0] / size < PARTIAL_MIN_SHARE:
        return None
    return _partial(best[0] / size), best[1], best[2]


def _near_blocks(text: str, name: str) -> list[tuple[int, int, int]]:
    """Runs of the name's characters in the text, in order, with at most two other Han
    characters between them ("看广告" for 看到广告, "比較計劃" for 比較月費計劃, "收到卡" for
    收卡開卡): (characters of the name, start, end), each with two or more of them."""
    blocks = [
        b
        for b in SequenceMatcher(None, text, name, autojunk=False).get_matching_blocks()
        if b.size and all(_CJK.match(c) or c.isalnum() for c in text[b.a : b.a + b.size])
    ]
    runs: list[tuple[int, int, int]] = []
    for block in blocks:
        if runs:
            found, start, end = runs[-1]
            gap = text[end : block.a]
            if len(gap) <= 2 and all(_CJK.match(c) for c in gap):
                runs[-1] = (found + block.size, start, block.a + block.size)
                continue
        runs.append((block.size, block.a, block.a + block.size))
    return [run for run in runs if run[0] >= 2]


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
    distinctive = False
    index = 0
    while index < len(wanted):
        word, words = wanted[index], 1
        hit = next((t for t in tokens if _same_word(t[0], word)), None)
        if hit is None and index + 1 < len(wanted):
            # "signup" for "sign up", "checkout" for "check out": two words of the name
            word, words = word + wanted[index + 1], 2
            hit = next((t for t in tokens if _same_word(t[0], word)), None)
        if hit:
            matched.extend([(hit[1], hit[2], hit[0] == word)] * words)
            distinctive = distinctive or (len(word) >= 5 and word not in _GENERIC)
            index += words
        else:
            index += 1
    matched = _closest(matched)
    if not matched or sum(e - s for s, e, _ in matched) < 3:
        return None
    start, end = min(s for s, _, _ in matched), max(e for _, e, _ in matched)
    if len(matched) == len(wanted):
        return (0.9 if all(x for _, _, x in matched) else SLIP), start, end
    share = len(matched) / len(wanted)
    if share >= PARTIAL_MIN_SHARE:
        return _partial(share), start, end
    # One distinctive word of a longer name: "queuing" for "queue at customer service".
    return (MENTION_MIN, start, end) if distinctive else None


def _closest(matched: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """The words of a name found close together: "itinerary" and "drafts" two clauses apart
    are not one mention of "draft itinerary PDF" (the largest group of words at most
    `NEAR` characters apart wins, the first of equals)."""
    if len(matched) < 2:
        return matched
    ordered = sorted(set(matched))
    groups = [[ordered[0]]]
    for word in ordered[1:]:
        if word[0] - groups[-1][-1][1] <= NEAR:
            groups[-1].append(word)
        else:
            groups.append([word])
    best = max(groups, key=len)
    return [w for w in matched if w in best]


def _score(text_view: str, name: str) -> tuple[float, int, int] | None:
    folded = fold(name).lower()
    if not folded:
        return None
    if _latin(folded):
        return _score_latin(text_view, folded)
    return _score_cjk(text_view, re.sub(r"\s+", "", folded))


def _best(scored: list[Mention]) -> Mention | None:
    """The best mention; of two equally good ones at different places, the first (what a
    clause names first is what it is about: "tests - anxious waiting"); None when two names
    are mentioned equally at the same place."""
    if not scored:
        return None
    scored.sort(key=lambda m: (-m.score, m.start, -(m.end - m.start), -len(m.name)))
    top = scored[0]
    if len(scored) > 1 and top.score < SLIP:
        rival = scored[1]
        tied = rival.score == top.score and (rival.start, rival.end) == (top.start, top.end)
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
    said = fold(said).lower().strip()
    wanted = _LABEL_FILLER.sub("", said).strip()
    if wanted != said and (as_said := _match_label(said, names)):
        return as_said  # "到店" is the stage 到店取号, not 到 + 店
    return _match_label(wanted, names)


def _match_label(wanted: str, names: Sequence[str]) -> str | None:
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
            # "drop off" for "Vehicle drop-off", "signup" for "sign up online"
            joined = [a + b for a, b in zip(theirs, theirs[1:], strict=False)]
            if len(mine) > 1 and any(_same_word("".join(mine), t) for t in theirs):
                mine = ["".join(mine)]
            if mine and all(any(_same_word(m, t) for t in [*theirs, *joined]) for m in mine):
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

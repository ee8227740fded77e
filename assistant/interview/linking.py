"""Which pain point a fix addresses.

A fix the user states ("增加进度查询", "text people when their table is ready") is linked by what
the user said first: a number ("痛点2", "for pain 2"), a name ("（针对审批等待）", "(for the wait)",
the pain's own name inside the fix, a stage or touchpoint whose pain it must be). Failing that, by
what the fix and each pain are about: token overlap (`assistant.playbooks.similarity`) plus the
concerns they share (`plan_terms.CONCEPTS`: 进度查询 and 不知道审批进度 are both about status).

A fix always gets a pain: a plan action must address at least one. When the link was the
assistant's guess the result says so (`stated` is False, stored as inferred "pain_point_ids"), and
when two pains were about equally likely it says that too (`ambiguous`, with the runner-up), so
the interview can ask which one was meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain import PainPoint
from assistant.interview.draft import MapDraft, fold
from assistant.interview.plan_terms import concepts_of
from assistant.playbooks import similarity

CONCEPT_WEIGHT = 0.3  # one shared concern counts like a good token overlap
TOUCHPOINT_WEIGHT = 0.5  # words shared with the pain's touchpoint count half
AMBIGUITY_MARGIN = 0.05  # two pains this close are "equally likely"
NAME_MATCH = 0.2  # a named reference this similar to a pain means that pain

_BRACKETS = re.compile(r"[（(][^（）()]*[）)]|“[^”]*”|\"[^\"]*\"")
# "（针对审批等待）", "(for the wait)", "（解决痛点2）"
_MENTION = re.compile(
    r"[（(]\s*(?:针对|解决|对应|关于|for|addresses|fixes|to fix|re)\s*[:：]?\s*"
    r"(?P<what>[^（）()]+?)\s*[）)]",
    re.IGNORECASE,
)
# "针对网点排队久：预约取号", "for the wait: text people"
_LEADING = re.compile(r"^\s*(?:针对|解决|for)\s*(?P<what>[^：:，,]{1,30}?)\s*[：:]", re.IGNORECASE)
_NUMBER = re.compile(r"(?:痛点|pain(?:\s*point)?)\s*#?\s*(?P<n>\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True)
class PainLink:
    """The pain point(s) a fix addresses and how sure that is."""

    pain_ids: tuple[str, ...]
    stated: bool  # the user named the pain; otherwise the link is the assistant's guess
    ambiguous: bool = False  # another pain was about as likely: worth asking
    alternative: str | None = None  # that other pain's id


def outside_brackets(text: str) -> str:
    """The text with bracketed asides and quotes blanked out (same length), so a colon or a
    keyword inside "（针对：审批等待）" is not taken for the text's own structure."""
    return _BRACKETS.sub(lambda m: " " * len(m.group()), text)


def pain_name(description: str) -> str:
    """A pain point's name: the part before its explanation ("材料反复补交：清单不…"); a colon
    inside brackets or quotes does not count."""
    found = re.search(r"[：:]", outside_brackets(description))
    return description[: found.start()].strip() if found else description.strip()


def affinity(fix: str, pain: PainPoint, draft: MapDraft) -> float:
    """How likely `fix` addresses `pain`: shared words and shared concerns."""
    touchpoint = next((t for t in draft.touchpoints if t.id == pain.touchpoint_id), None)
    place = touchpoint.name if touchpoint else ""
    score = similarity(fix, pain.description)
    if place:
        score += TOUCHPOINT_WEIGHT * similarity(fix, place)
    shared = concepts_of(fix) & concepts_of(f"{pain.description} {place}")
    return score + CONCEPT_WEIGHT * len(shared)


def mentions(text: str) -> list[str]:
    """What the fix says it is for, in the user's words: "审批等待", "the wait", "痛点2"."""
    found = [m["what"] for m in _MENTION.finditer(text)]
    leading = _LEADING.match(text)
    if leading:
        found.append(leading["what"])
    found.extend(f"痛点{m['n']}" for m in _NUMBER.finditer(outside_brackets(text)))
    return [f.strip() for f in found if f.strip()]


def link_fix(draft: MapDraft, description: str, reference: str = "") -> PainLink | None:
    """The pain a fix addresses; None only when the map has no pain points at all."""
    pains = draft.pain_points
    if not pains:
        return None
    for said in [reference.strip(), *mentions(description)]:
        if not said:
            continue
        named = _named(draft, said)
        if named is not None:
            return named
    # The pain's own name inside the fix ("网点排队久：预约取号").
    folded = fold(description)
    inside = [x for x in pains if len(fold(pain_name(x.description))) >= 2]
    inside = [x for x in inside if fold(pain_name(x.description)) in folded]
    if inside:
        best = max(inside, key=lambda x: len(pain_name(x.description)))
        return PainLink((best.id,), stated=True)
    return _closest(draft, description, pains, stated=False)


def _named(draft: MapDraft, said: str) -> PainLink | None:
    """The pain a reference names: a number, the pain's name, or a stage/touchpoint of it."""
    pains = draft.pain_points
    number = re.fullmatch(r"(?:痛点|pain(?:\s*point)?)?\s*#?\s*(\d{1,2})", said.strip(), re.I)
    if number:
        index = int(number[1]) - 1
        return PainLink((pains[index].id,), stated=True) if 0 <= index < len(pains) else None
    wanted = fold(said)
    if len(wanted) >= 2:
        for pain in pains:
            have, name = fold(pain.description), fold(pain_name(pain.description))
            if wanted in have or name == wanted or (len(name) >= 2 and name in wanted):
                return PainLink((pain.id,), stated=True)
    stage, touchpoint = draft.stage_named(said), draft.touchpoint_named(said)
    place = [
        x
        for x in pains
        if (stage is not None and x.stage_id == stage.id)
        or (touchpoint is not None and x.touchpoint_id == touchpoint.id)
    ]
    if len(place) == 1:
        return PainLink((place[0].id,), stated=True)
    if place:
        return _closest(draft, said, place, stated=False)
    scored = [(similarity(said, x.description), x) for x in pains]
    score, pain = max(scored, key=lambda pair: pair[0])
    return PainLink((pain.id,), stated=True) if score >= NAME_MATCH else None


def _closest(draft: MapDraft, text: str, pains: list[PainPoint], *, stated: bool) -> PainLink:
    """The pain most like `text`; a tie, or nothing in common, is flagged as ambiguous."""
    scored = sorted(
        ((affinity(text, x, draft), x.severity, -i, x) for i, x in enumerate(pains)),
        key=lambda t: (t[0], t[1], t[2]),
        reverse=True,
    )
    best = scored[0]
    runner_up = scored[1] if len(scored) > 1 else None
    ambiguous = runner_up is not None and best[0] - runner_up[0] <= AMBIGUITY_MARGIN
    return PainLink(
        (best[3].id,),
        stated=stated,
        ambiguous=ambiguous,
        alternative=runner_up[3].id if ambiguous and runner_up else None,
    )

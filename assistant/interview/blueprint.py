"""The service-blueprint lanes: what staff do in front of the customer (frontstage) and what
supports them out of sight (backstage), per touchpoint.

Asked once, after the touchpoints, as an optional question. Read from lines such as
"柜台办理：前台 柜员核对证件；后台 系统自动查征信", "check-in desk: staff scan the passport,
behind the scenes the system assigns seats" or "在取号机那里，保安引导；后台叫号系统派号".
"""

from __future__ import annotations

import re

from assistant.domain import Touchpoint
from assistant.interview import parsing as p
from assistant.interview.draft import MapDraft, fold
from assistant.interview.extraction import BlueprintAnswer, BlueprintItem
from assistant.interview.state import InterviewState
from assistant.interview.turn import Turn
from assistant.playbooks import similarity

NAME_MATCH = 0.3  # token overlap at which a line is taken to be about a touchpoint

_MARKERS = re.compile(
    r"(?P<front>前台|前端|员工|店员|柜员|服务员|工作人员|营业员|客服|护士|医生|师傅|司机|骑手|空乘|"
    r"\bfront\s?stage\b|\bfront\b|\bstaff\b|\bemployees?\b|\bagents?\b|\bclerks?\b|\bcrew\b|"
    r"\bnurses?\b|\bdrivers?\b)"
    r"|(?P<back>后台|后端|背后|后面|系统|支撑|后勤|仓库|厨房|总部|\bback\s?stage\b|\bback office\b|"
    r"behind the scenes|\bthe system\b|\bsystems?\b|\bkitchen\b|\bwarehouse\b|\bhead office\b|"
    r"\bsupport(?:ed)? by\b)",
    re.IGNORECASE,
)


def read_blueprint(draft: MapDraft, text: str) -> list[tuple[Touchpoint, str, str]]:
    """(touchpoint, frontstage, backstage) for each line that names a touchpoint and says what
    happens in front or behind; a line that names none is left out (never guessed)."""
    found: list[tuple[Touchpoint, str, str]] = []
    # One touchpoint a line: "；" separates its lanes, not touchpoints.
    for line in (p.strip_numbering(x) for x in text.splitlines() if x.strip()):
        touchpoint, rest = _touchpoint_in(draft, line)
        if touchpoint is None:
            continue
        front, back = _lanes(rest)
        if front or back:
            found.append((touchpoint, front, back))
    return found


def read_blueprint_answer(state: InterviewState, text: str) -> BlueprintAnswer | None:
    """The blueprint question's answer, read by rules (None when no line could be read)."""
    lanes = [
        BlueprintItem(touchpoint=t.name, frontstage=front, backstage=back)
        for t, front, back in read_blueprint(state.draft, text)
    ]
    return BlueprintAnswer(lanes=lanes) if lanes else None


def apply_blueprint(turn: Turn, answer: BlueprintAnswer) -> None:
    """Put the lanes on the touchpoints they name (unknown names are left out)."""
    draft, say = turn.state.draft, turn.say
    said = []
    for item in answer.lanes:
        touchpoint = draft.touchpoint_named(item.touchpoint)
        if touchpoint is None or not (item.frontstage or item.backstage):
            continue
        if item.frontstage:
            touchpoint.frontstage = item.frontstage
        if item.backstage:
            touchpoint.backstage = item.backstage
        said.append(
            say(
                "echo_blueprint",
                touchpoint=touchpoint.name,
                frontstage=touchpoint.frontstage or "—",
                backstage=touchpoint.backstage or "—",
            )
        )
    if said:
        turn.echo.append(say.join_clauses(said))


def _touchpoint_in(draft: MapDraft, line: str) -> tuple[Touchpoint | None, str]:
    """The touchpoint a line is about, and the line without its name."""
    head = re.match(r"^\s*([^:：]{1,24}?)\s*[:：]\s*(.+)$", line)
    if head:
        named = draft.touchpoint_named(head[1]) or _closest(draft, head[1])
        if named is not None:
            return named, head[2]
    folded = fold(line)
    for touchpoint in sorted(draft.touchpoints, key=lambda t: len(t.name), reverse=True):
        name = fold(touchpoint.name)
        if len(name) >= 2 and name in folded:
            start = folded.index(name)
            return touchpoint, line[:start] + line[start + len(name) :]
    return None, line


def _closest(draft: MapDraft, name: str) -> Touchpoint | None:
    scored = [(similarity(name, t.name), t) for t in draft.touchpoints]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best and best[0] >= NAME_MATCH else None


def _lanes(text: str) -> tuple[str, str]:
    """Front- and backstage parts of a description, cut at their markers."""
    view = p.simplified(text)
    hits: list[re.Match[str]] = []
    for hit in _MARKERS.finditer(view):  # a lane runs on until a marker of the other lane
        if not hits or bool(hits[-1]["front"]) != bool(hit["front"]):
            hits.append(hit)
    front: list[str] = []
    back: list[str] = []
    for i, hit in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        part = text[hit.start() : end]
        if hit["front"] and re.match(r"前台|front\s?stage|front\b", view[hit.start() :], re.I):
            part = text[hit.end() : end]  # "前台 柜员核对" → "柜员核对"
        if hit["back"] and re.match(
            r"后台|back\s?stage|behind the scenes", view[hit.start() :], re.I
        ):
            part = text[hit.end() : end]
        part = part.strip(" ，,；;。.:：、")
        if part:
            (front if hit["front"] else back).append(part)
    joiner = ", " if text.isascii() else "，"
    return joiner.join(front), joiner.join(back)

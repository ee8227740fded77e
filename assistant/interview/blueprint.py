"""The service-blueprint lanes: what staff do in front of the customer (frontstage), what
supports them out of sight (backstage) and, below the line of internal interaction, the systems
and teams the backstage relies on (support processes), per touchpoint.

Asked once, after the touchpoints, as an optional question. Read from lines such as
"柜台办理：前台 柜员核对证件；后台 系统自动查征信", "check-in desk: staff scan the passport,
behind the scenes the system assigns seats" or "在取号机那里，保安引导；后台叫号系统派号".
Support processes are read only where the line names them ("…；支持流程 信贷审批系统",
"支援流程：叫號系統", "support systems: CRM, courier dispatch"): a system named without that
marker stays in the backstage, as before. Inside a support part only a lane's own name
(前台, 后台, frontstage, backstage) ends it, so "支持流程：信贷审批系统" keeps its 系统.
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
    r"(?P<support>支[持援](?:流程|系统|部门|团队)|\bsupport\s+(?:process(?:es)?|systems?|teams?)\b|"
    r"\bsupport\s*[:：])"
    r"|(?P<front>前台|前端|员工|店员|柜员|服务员|工作人员|营业员|客服|护士|医生|师傅|司机|骑手|空乘|"
    r"\bfront\s?stage\b|\bfront\b|\bstaff\b|\bemployees?\b|\bagents?\b|\bclerks?\b|\bcrew\b|"
    r"\bnurses?\b|\bdrivers?\b)"
    r"|(?P<back>后台|后端|背后|后面|系统|支撑|后勤|仓库|厨房|总部|\bback\s?stage\b|\bback office\b|"
    r"behind the scenes|\bthe system\b|\bsystems?\b|\bkitchen\b|\bwarehouse\b|\bhead office\b|"
    r"\bsupport(?:ed)? by\b)",
    re.IGNORECASE,
)
# The names of the lanes themselves: the only markers that end a support part.
_LANE_NAMES = re.compile(r"前台|后台|front\s?stage|back\s?stage|behind the scenes", re.IGNORECASE)
Lanes = tuple[str, str, str]  # frontstage, backstage, support


def read_blueprint(draft: MapDraft, text: str) -> list[tuple[Touchpoint, str, str, str]]:
    """(touchpoint, frontstage, backstage, support) for each line that names a touchpoint and
    says what happens in front, behind or below; a line that names none is left out (never
    guessed)."""
    found: list[tuple[Touchpoint, str, str, str]] = []
    # One touchpoint a line: "；" separates its lanes, not touchpoints.
    for line in (p.strip_numbering(x) for x in text.splitlines() if x.strip()):
        touchpoint, rest = _touchpoint_in(draft, line)
        if touchpoint is None:
            continue
        front, back, support = _lanes(rest)
        if front or back or support:
            found.append((touchpoint, front, back, support))
    return found


def read_blueprint_answer(state: InterviewState, text: str) -> BlueprintAnswer | None:
    """The blueprint question's answer, read by rules (None when no line could be read)."""
    lanes = [
        BlueprintItem(touchpoint=t.name, frontstage=front, backstage=back, support=support)
        for t, front, back, support in read_blueprint(state.draft, text)
    ]
    return BlueprintAnswer(lanes=lanes) if lanes else None


def apply_blueprint(turn: Turn, answer: BlueprintAnswer) -> None:
    """Put the lanes on the touchpoints they name (unknown names are left out)."""
    draft, say = turn.state.draft, turn.say
    said = []
    for item in answer.lanes:
        touchpoint = draft.touchpoint_named(item.touchpoint)
        if touchpoint is None or not (item.frontstage or item.backstage or item.support):
            continue
        if item.frontstage:
            touchpoint.frontstage = item.frontstage
        if item.backstage:
            touchpoint.backstage = item.backstage
        if item.support:
            touchpoint.support = item.support
        said.append(
            say(
                "echo_blueprint",
                touchpoint=touchpoint.name,
                frontstage=touchpoint.frontstage or "—",
                backstage=touchpoint.backstage or "—",
                support=touchpoint.support,
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


def _lane(hit: re.Match[str]) -> str:
    return "support" if hit["support"] else "front" if hit["front"] else "back"


def _lanes(text: str) -> Lanes:
    """Front-, backstage and support parts of a description, cut at their markers."""
    view = p.simplified(text)
    hits: list[re.Match[str]] = []
    for hit in _MARKERS.finditer(view):  # a lane runs on until a marker of another lane
        if hits and _lane(hits[-1]) == "support" and not _LANE_NAMES.match(view[hit.start() :]):
            continue  # "支持流程：信贷审批系统": its 系统 is the support's, not a backstage
        if not hits or _lane(hits[-1]) != _lane(hit):
            hits.append(hit)
    parts: dict[str, list[str]] = {"front": [], "back": [], "support": []}
    for i, hit in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        part = text[hit.start() : end]
        if hit["front"] and re.match(r"前台|front\s?stage|front\b", view[hit.start() :], re.I):
            part = text[hit.end() : end]  # "前台 柜员核对" → "柜员核对"
        if hit["back"] and re.match(
            r"后台|back\s?stage|behind the scenes", view[hit.start() :], re.I
        ):
            part = text[hit.end() : end]
        if hit["support"]:
            part = text[hit.end() : end]  # "支持流程：信贷审批系统" → "信贷审批系统"
        part = part.strip(" ，,；;。.:：、")
        if part:
            parts[_lane(hit)].append(part)
    joiner = ", " if text.isascii() else "，"
    front, back, support = (joiner.join(parts[lane]) for lane in ("front", "back", "support"))
    return front, back, support

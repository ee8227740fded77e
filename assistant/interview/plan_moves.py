"""Reordering the plan's actions in plain words, in zh-Hans, zh-Hant and English: "move action 3
up", "把第3个行动往前移", "第二個行動移到最前面", "put the 'staff training' action first",
"把“增加自助点餐机”放到最后", "move action 2 below action 4", "第3条上移一位".

A request names the action (its number, "第三个", a quoted or approximate title) and where it goes:
one or more places up or down, first, last, to position N, or before / after another action. The
move is made by the plan-editing service the plan page uses (`move_action`), so the plan reads
the same either way; the interview service then saves it as the page does (a version authored
`edit`, note "reorder action …", undone by the page's undo: `InterviewService._save_plan_moves`).

Nothing that is not understood is applied: no action named ("move it up"), a number that is not
there, a title matching none or several, a place it already has, or no place at all gets a short
reply saying why, with an example, and the plan stays as it was. A message is read as a reorder
only when it is one as a whole (anchored patterns) and names an action explicitly (a number with
or without "行动/action", a quoted title, a title followed by "行动/action") or by a title that is
on the plan: "顾客先在手机上下单，然后移到柜台取餐" and "First they move to the counter" stay
answers.

Text is matched in its NFKC (full-width digits), Simplified, case-folded view; names are cut from
the original (same length), so they keep the user's script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from assistant.domain import Action
from assistant.interview import parsing as p
from assistant.interview.draft import MapDraft, fold
from assistant.interview.turn import Turn
from assistant.services.plan_editing import move_action

Where = Literal["up", "down", "first", "last", "position", "before", "after", "unknown"]


@dataclass(frozen=True)
class ActionRef:
    """An action as the user named it: a number (1-based), a name, or neither ("it")."""

    number: int | None = None
    name: str = ""
    explicit: bool = True  # a number, quotes or "行动/action" said: not a guess from the words


@dataclass(frozen=True)
class Reorder:
    target: ActionRef
    where: Where
    count: int = 1  # places, for up and down
    position: int | None = None  # 1-based, for "position"
    other: ActionRef | None = None  # for before / after


# Vocabulary ----------------------------------------------------------------------------------
_ZN = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_ZK = r"(?:改进行动|改善行动|改进措施|改善措施|行动项|行动|措施|事项|项目|action)"
_ZQ, _ZQE = r"[「『“\"'‘]", r"[」』”\"'’]"
_ZH_THIS = r"(?:它|他|这个|这条|这项|那个|那条|那项|这一个|这一条|这一项|该项|这个行动|这条行动|这项行动|这个措施|该行动)"
_ZV = r"(?:移动|挪动|调整|移|挪|调|放|排|搬|摆|提|拉|拖|改|变)"  # verbs of placing
_ZTO = r"(?:到|在|至|为|成|去)"
_ZSTEP = (
    rf"(?P<k>{_ZN})\s*(?:位|格|个位置|个位|个|名|步|行)|以为"  # "一位" (and its pinyin typo 以为)
)
_ZSTEP2 = _ZSTEP.replace("?P<k>", "?P<k2>")
_ZSTEP3 = _ZSTEP.replace("?P<k>", "?P<k3>")
_ZH_FIRST = r"(?:最前面?|最前边|最前头|最上面?|最上边|最上方|第一位|第一名|首位|首个|开头|最开始|顶部|顶端|最顶端?|第一)"
_ZH_LAST = r"(?:最后面?|最后边|最后头|最下面?|最下边|最下方|最末|末尾|末位|最底下?|最底部|底部|最后一位|最后一名|最后一个)"
_ZH_BEFORE = r"(?:前面|前边|前头|之前|前方|上面|上边|上方|前)"
_ZH_AFTER = r"(?:后面|后边|后头|之后|后方|下面|下边|下方|后)"
# Where, in Chinese: each a whole tail of the message (what follows the action).
_ZH_WHERE: list[tuple[Where, str]] = [
    (
        "first",
        rf"(?:{_ZV}{{1,2}}\s*{_ZTO}?|{_ZTO})\s*{_ZH_FIRST}(?:去|来|的位置|位置)?|置顶|排第一|放第一",
    ),
    ("last", rf"(?:{_ZV}{{1,2}}\s*{_ZTO}?|{_ZTO})\s*{_ZH_LAST}(?:去|来|的位置|位置)?|置底|垫底"),
    (
        "position",
        rf"(?:{_ZV}{{1,2}}\s*{_ZTO}|{_ZTO}|排)\s*第\s*(?P<pos>{_ZN})\s*(?:位|个|条|名|项|号)?\s*"
        rf"(?:{_ZK})?\s*(?:的位置|位置|去)?",
    ),
    (
        "before",
        rf"(?:{_ZV}{{1,2}}\s*{_ZTO}?|{_ZTO})\s*(?P<ref>.+?)\s*(?:的)?{_ZH_BEFORE}(?:去|来|的位置)?",
    ),
    (
        "after",
        rf"(?:{_ZV}{{1,2}}\s*{_ZTO}?|{_ZTO})\s*(?P<ref>.+?)\s*(?:的)?{_ZH_AFTER}(?:去|来|的位置)?",
    ),
    (
        "up",
        rf"(?:再)?(?:往|向|朝)?(?:前|上)(?:面|边)?\s*{_ZV}{{1,2}}(?:动)?\s*(?:{_ZSTEP})?|"
        rf"{_ZV}(?:到)?(?:前|上)\s*(?:{_ZSTEP2})|(?:提前|靠前|前移|上移)\s*(?:{_ZSTEP3})?",
    ),
    (
        "down",
        rf"(?:再)?(?:往|向|朝)?(?:后|下)(?:面|边)?\s*{_ZV}{{1,2}}(?:动)?\s*(?:{_ZSTEP})?|"
        rf"{_ZV}(?:到)?(?:后|下)\s*(?:{_ZSTEP2})|(?:推后|延后|靠后|后移|下移|往后排)\s*(?:{_ZSTEP3})?",
    ),
    # "移到前面", "调整一下位置": a move, but not where to.
    ("unknown", rf"{_ZV}{{1,2}}\s*(?:到)?\s*(?:前面|后面|上面|下面|前边|后边)(?:去|一点|些)?"),
    (
        "unknown",
        r"(?:的)?(?:顺序|位置|排序)?\s*(?:移动|挪动|挪|移|调整顺序|调整位置|调位置|换位置)\s*(?:一下|下)?",
    ),
]
_ZH_TAIL = r"\s*(?:一下|吧|好了|就好|就行|即可|呢|啊|哈|，?谢谢)?\s*"
_ZH_HEAD = re.compile(
    r"(?:请|麻烦|帮我|帮忙|能不能|可以|可不可以|我想|我要|我们想)?\s*(?:你)?\s*(?:把|将)?\s*(?P<target>.*?)\s*"
)
# Verb first: "上移第3个行动", "置顶第三条", "调整第3个行动的位置".
_ZH_VERB_FIRST: list[tuple[Where, re.Pattern[str]]] = [
    ("up", re.compile(rf"^(?:请)?(?:上移|前移)\s*(?P<target>.+?)(?:\s*(?:{_ZSTEP}))?{_ZH_TAIL}$")),
    (
        "down",
        re.compile(rf"^(?:请)?(?:下移|后移)\s*(?P<target>.+?)(?:\s*(?:{_ZSTEP}))?{_ZH_TAIL}$"),
    ),
    ("first", re.compile(rf"^(?:请)?置顶\s*(?P<target>.+?){_ZH_TAIL}$")),
    ("last", re.compile(rf"^(?:请)?置底\s*(?P<target>.+?){_ZH_TAIL}$")),
    (
        "unknown",
        re.compile(
            rf"^(?:请)?(?:调整|调|换)(?:一下)?\s*(?P<target>.+?)\s*的(?:顺序|位置|排序){_ZH_TAIL}$"
        ),
    ),
]

_EV = r"(?:move|mvoe|moev|mov|put|shift|bump|push|place|drag|reorder|make|bring|set|slide)"
_EPLACE = r"(?:places?|spots?|positions?|slots?|steps?|rows?|levels?|notch(?:es)?)"
_ECOUNT = r"(?P<k>\d+|one|two|three|four|five|a|an)"
_EN_WHERE: list[tuple[Where, str]] = [
    (
        "up",
        rf"(?:(?:{_ECOUNT}\s+{_EPLACE}\s+)?(?:up|higher|earlier|forward|ahead)"
        rf"(?:\s+(?:by\s+)?{_ECOUNT.replace('k>', 'k2>')}(?:\s*{_EPLACE})?)?)",
    ),
    (
        "down",
        rf"(?:(?:{_ECOUNT}\s+{_EPLACE}\s+)?(?:down|lower|later|further down)"
        rf"(?:\s+(?:by\s+)?{_ECOUNT.replace('k>', 'k2>')}(?:\s*{_EPLACE})?)?)",
    ),
    (
        "first",
        r"(?:(?:to|at|in)\s+)?(?:the\s+)?(?:very\s+)?(?:top|front|first|start|beginning|head|number one|"
        r"no\.?\s*1|#1)(?:\s+(?:place|position|spot|slot))?(?:\s+of\s+(?:the\s+)?(?:plan|list))?",
    ),
    (
        "last",
        r"(?:(?:to|at|in)\s+)?(?:the\s+)?(?:very\s+)?(?:bottom|end|last|(?<=the )back)(?:\s+(?:place|position|"
        r"spot|slot))?(?:\s+of\s+(?:the\s+)?(?:plan|list))?",
    ),
    (
        "position",
        r"(?:to|at|into|in)\s+(?:the\s+)?(?:position|place|spot|slot|number|no\.?|#)\s*(?P<pos>\d+)|"
        r"(?:to|at|in)\s+(?:the\s+)?(?P<posw>second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
        r"tenth|\d+(?:st|nd|rd|th))(?:\s+(?:place|position|spot|slot))?",
    ),
    (
        "before",
        r"(?:to\s+)?(?:right\s+|just\s+|directly\s+)?(?:before|above|ahead of|in front of|over)\s+"
        r"(?P<ref>.+)",
    ),
    (
        "after",
        r"(?:to\s+)?(?:right\s+|just\s+|directly\s+)?(?:after|below|behind|under|beneath|underneath)\s+"
        r"(?P<ref>.+)",
    ),
]
_EN_HEAD = r"^(?:(?:please|pls|plz|can you|could you|would you|let'?s|i'?d like to|i want to)\s+)*"
_EN_TAIL = r"(?:\s+(?:please|pls|plz|instead|in the plan|in the list|thanks|thank you))*\s*"
_EN_SPLIT_HEAD = re.compile(rf"{_EN_HEAD}{_EV}\s+(?P<target>.+?)\s+")
_EN_OTHER: list[tuple[Where, re.Pattern[str]]] = [
    # "move up action 3", "bump down the 'x' action"
    (
        "up",
        re.compile(rf"{_EN_HEAD}(?:move|mvoe|bump|shift|push)\s+up\s+(?P<target>.+?){_EN_TAIL}$"),
    ),
    (
        "down",
        re.compile(rf"{_EN_HEAD}(?:move|mvoe|bump|shift|push)\s+down\s+(?P<target>.+?){_EN_TAIL}$"),
    ),
    # "move up", "move it up": no action named
    ("up", re.compile(rf"{_EN_HEAD}(?:move|mvoe|bump|shift|push)(?P<target>)\s+up{_EN_TAIL}$")),
    ("down", re.compile(rf"{_EN_HEAD}(?:move|mvoe|bump|shift|push)(?P<target>)\s+down{_EN_TAIL}$")),
    # "move action 3", "reorder action 3": a move, but not where to
    ("unknown", re.compile(rf"{_EN_HEAD}(?:move|mvoe|reorder|shift)\s+(?P<target>.+?){_EN_TAIL}$")),
]
# "action 3 should go first", "the 'x' action goes to the bottom"
_EN_SHOULD = [
    (
        where,
        re.compile(
            rf"^(?P<target>.+?)\s+(?:should\s+(?:go|be|come|move)|needs to\s+(?:go|be|come|move)|"
            rf"goes|comes|must\s+(?:go|be|come))\s+(?:{tail}){_EN_TAIL}$"
        ),
    )
    for where, tail in _EN_WHERE
]

_EK = r"(?:action|acton|actoin|aciton|actio|item|measure|initiative)"
_EN_THIS = re.compile(
    rf"^(?:it|this|that|this one|that one|them|(?:this|that|the) {_EK}|one|an? {_EK})$"
)
_EN_NUMBER = [
    re.compile(rf"^(?:the\s+)?{_EK}\s*(?:#|no\.?|number)?\s*(?P<n>\d{{1,3}})$"),
    re.compile(r"^(?:#|no\.?\s*|number\s+)(?P<n>\d{1,3})$"),
    re.compile(r"^(?P<n>\d{1,3})$"),
    re.compile(
        rf"^(?:the\s+)?(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
        rf"\d{{1,3}}(?:st|nd|rd|th))\s+(?:{_EK}|one)$"
    ),
]
_EN_QUOTED = re.compile(r"^(?:the\s+)?[“\"'‘](?P<name>.+?)[”\"'’](?:\s+(?:action|one|item))?$")
_EN_NAMED = re.compile(rf"^(?:the\s+)?(?P<name>.+?)\s+(?:{_EK}|one)$")
_ZH_THIS_RE = re.compile(rf"^{_ZH_THIS}?$")
_ZH_NUMBER = [
    re.compile(rf"^第\s*(?P<n>{_ZN})\s*(?:个|条|项|号|位|名)?\s*(?:{_ZK})?$"),
    re.compile(rf"^(?:{_ZK})\s*(?:#|第)?\s*(?P<n>\d{{1,3}})\s*(?:号|个|条)?$"),
    re.compile(rf"^(?P<n>\d{{1,3}})\s*(?:号|个|条)?\s*(?:{_ZK})?$"),
]
_ZH_QUOTED = re.compile(rf"^{_ZQ}(?P<name>.+?){_ZQE}\s*(?:这个|这条|这项|那个|那条)?\s*(?:{_ZK})?$")
_ZH_NAMED = re.compile(rf"^(?P<name>.+?)\s*(?:这个|这条|这项|那个|那条|的)?\s*(?:{_ZK})$")

CLOSE = 0.8  # share of a name's characters found in order in a title, for a typed-from-memory match


# Reading -------------------------------------------------------------------------------------
def _view(message: str) -> tuple[str, str]:
    """The message as matched (NFKC, Simplified, case-folded, no end punctuation) and as
    written (same length when the folding kept it, else the matched view)."""
    original = unicodedata.normalize("NFKC", message).strip()
    original = re.sub(r"[。.!！~～?？]+$", "", original).strip()
    matched = p.simplified(original).casefold()
    return matched, (original if len(matched) == len(original) else matched)


def _ref(seen: str, written: str, draft: MapDraft) -> ActionRef | None:
    """The action a piece of the message names; None when it names none (an answer's words)."""
    seen, written = seen.strip(), written.strip()
    if _EN_THIS.match(seen) or _ZH_THIS_RE.match(seen):
        return ActionRef()
    for pattern in (*_EN_NUMBER, *_ZH_NUMBER):
        if hit := pattern.match(seen):
            groups = hit.groupdict()
            number = p.read_number(groups.get("n") or groups.get("ord"))
            if number is not None:
                return ActionRef(number=number)
    for pattern in (_EN_QUOTED, _ZH_QUOTED):
        if hit := pattern.match(seen):
            return ActionRef(name=written[hit.start("name") : hit.end("name")].strip())
    for pattern in (_EN_NAMED, _ZH_NAMED):
        if (hit := pattern.match(seen)) and not re.search(r"[，,。；;]", hit["name"]):
            return ActionRef(name=written[hit.start("name") : hit.end("name")].strip())
    # A bare title: only when it is (close to) one on the plan.
    if seen and len(seen) <= 60 and not re.search(r"[，,。；;?？]", seen):
        name = re.sub(r"^the\s+", "", written, flags=re.IGNORECASE)
        if len(match_actions(name, draft.plan.actions, strict=True)) == 1:
            return ActionRef(name=name, explicit=False)
    return None


# Each way of saying where, as a whole tail of the message (what follows the action named).
_ZH_TAILS = [(w, re.compile(rf"\s*(?:{tail}){_ZH_TAIL}")) for w, tail in _ZH_WHERE]
_EN_TAILS = [(w, re.compile(rf"(?:{tail}){_EN_TAIL}")) for w, tail in _EN_WHERE]


_ZH_TAIL_STARTS = frozenset("移挪放调排搬摆提拉拖改变到在至为成去置垫往向朝再前上后下推延靠的顺位 ")
_EN_VERB_FIRST = re.compile(rf"{_EN_HEAD}{_EV}\s")


def _splits(seen: str) -> list[tuple[Where, tuple[int, int], re.Match[str], int]]:
    """Every reading of the message as "<head> <action> <where>": the act, the span of the
    action's words, the tail's match and where the tail starts; shortest action first."""
    out: list[tuple[Where, tuple[int, int], re.Match[str], int]] = []
    # Where a tail can start (a verb, "到", "往", "前"…): the only places worth trying.
    starts = [i for i, c in enumerate(seen) if c in _ZH_TAIL_STARTS]
    for where, tail in _ZH_TAILS:
        for i in starts:
            head = _ZH_HEAD.fullmatch(seen, 0, i)
            if head and (hit := tail.fullmatch(seen, i)):
                out.append((where, head.span("target"), hit, i))
    if _EN_VERB_FIRST.match(seen):
        spaces = [i + 1 for i, c in enumerate(seen) if c == " "]
        for where, tail in _EN_TAILS:
            for i in spaces:
                head = _EN_SPLIT_HEAD.fullmatch(seen, 0, i)
                if head and (hit := tail.fullmatch(seen, i)):
                    out.append((where, head.span("target"), hit, i))
    for where, pattern in (*_ZH_VERB_FIRST, *_EN_OTHER, *_EN_SHOULD):
        if hit := pattern.match(seen):
            out.append((where, hit.span("target"), hit, 0))
    return out


def parse_reorder(message: str, draft: MapDraft) -> Reorder | None:
    """The reorder `message` asks for, or None when it asks for none."""
    seen, written = _view(message)
    if not seen or len(seen) > 120:
        return None
    for where, (start, end), hit, _ in _splits(seen):
        target = _ref(seen[start:end], written[start:end], draft)
        if target is None or (not target.explicit and where == "unknown"):
            continue  # not an action; or a title and a verb only: too little to be a reorder
        if target.number is None and not target.name and not draft.plan.actions:
            continue  # "这个放到最后吧" before there is a plan: an answer, not an action moved
        groups = hit.groupdict()
        other = None
        if groups.get("ref") is not None:
            a, b = hit.span("ref")
            other = _ref(seen[a:b], written[a:b], draft)
            if other is None or (other.number is None and not other.name):
                continue  # "移到柜台后面": no action to go next to
        position = p.read_number(groups.get("pos") or groups.get("posw"))
        if where == "position" and position is None:
            continue
        count = p.read_number(groups.get("k") or groups.get("k2") or groups.get("k3")) or 1
        return Reorder(target, where, count, position, other)
    return None


# Finding actions by name --------------------------------------------------------------------
def _closeness(wanted: str, title: str) -> float:
    """1.0 for the same title; else how much of `wanted` is found in order in `title` (a title
    named in part, or with a typo), counted against the title's length too when it is short."""
    if wanted == title:
        return 1.0
    if len(wanted) >= 2 and wanted in title:
        return 0.95
    if len(title) >= 2 and title in wanted and len(title) >= len(wanted) * 0.6:
        return 0.9
    matcher = SequenceMatcher(None, wanted, title, autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    return found / max(len(wanted), 1) * min(1.0, 0.5 + len(wanted) / max(len(title), 1))


def match_actions(name: str, actions: list[Action], *, strict: bool = False) -> list[int]:
    """The indexes of the actions `name` may mean, best first: the exact title, else those that
    contain it, else those close to it. Several when it fits several alike ("training")."""
    wanted = re.sub(r"\s+", " ", fold(unicodedata.normalize("NFKC", name)))
    wanted = wanted.strip(" 「」『』“”\"'‘’")
    if len(wanted) < 2:
        return []
    titles = [re.sub(r"\s+", " ", fold(a.title)) for a in actions]
    exact = [i for i, t in enumerate(titles) if t == wanted]
    if exact:
        return exact
    scores = [_closeness(wanted, t) for t in titles]
    floor = 0.9 if strict else CLOSE
    if strict and len(wanted) < 3:
        return []
    best = max(scores, default=0.0)
    if best < floor:
        return []
    return sorted(
        (i for i, s in enumerate(scores) if s >= floor and best - s < 0.05),
        key=lambda i: -scores[i],
    )


# Applying ------------------------------------------------------------------------------------
def _example(turn: Turn, number: int) -> str:
    """An example request, said after the reason (with a space between, in English)."""
    return (" " if turn.state.lang == "en" else "") + turn.say("move_example", number=number)


def _resolve(turn: Turn, ref: ActionRef) -> int | None:
    """The index of the action `ref` names; None, with the reason said, when there is not one."""
    actions = turn.state.draft.plan.actions
    say = turn.say
    count = len(actions)
    if ref.number is not None:
        if 1 <= ref.number <= count:
            return ref.number - 1
        turn.lines.append(
            say("move_no_such_number", number=ref.number, count=count)
            + _example(turn, min(2, count))
        )
        return None
    if not ref.name:
        turn.lines.append(say("move_which") + _example(turn, min(2, count)))
        return None
    found = match_actions(ref.name, actions)
    if len(found) == 1:
        return found[0]
    if not found:
        turn.lines.append(say("move_not_found", name=ref.name) + _example(turn, min(2, count)))
        return None
    options = say.join(f"{i + 1} {say('quoted', text=actions[i].title)}" for i in found)
    turn.lines.append(
        say("move_ambiguous", name=ref.name, options=options) + _example(turn, found[0] + 1)
    )
    return None


def _destination(turn: Turn, command: Reorder, old: int) -> int | None:
    """The index the action goes to; None, with the reason said, when it cannot go there."""
    actions, say = turn.state.draft.plan.actions, turn.say
    count, title, n = len(actions), actions[old].title, old + 1
    where = command.where
    if where == "unknown":
        turn.lines.append(say("move_where", title=title, number=n))
        return None
    if where in ("up", "first") and old == 0:
        turn.lines.append(say("move_already_first", title=title))
        return None
    if where in ("down", "last") and old == count - 1:
        turn.lines.append(say("move_already_last", title=title, number=n))
        return None
    if where == "up":
        if command.count > old:
            turn.lines.append(
                say("move_too_far_up", title=title, number=n, most=old) + _example(turn, n)
            )
            return None
        return old - command.count
    if where == "down":
        if command.count > count - 1 - old:
            turn.lines.append(
                say("move_too_far_down", title=title, number=n, most=count - 1 - old)
                + _example(turn, n)
            )
            return None
        return old + command.count
    if where == "first":
        return 0
    if where == "last":
        return count - 1
    if where == "position":
        position = command.position or 0
        if not 1 <= position <= count:
            turn.lines.append(
                say("move_no_such_position", number=position, count=count) + _example(turn, n)
            )
            return None
        if position - 1 == old:
            turn.lines.append(say("move_already_there", title=title, number=n))
            return None
        return position - 1
    assert command.other is not None  # before / after
    other = _resolve(turn, command.other)
    if other is None:
        return None
    if other == old:
        turn.lines.append(say("move_self", title=title) + _example(turn, n))
        return None
    rest = [i for i in range(count) if i != old]
    new = rest.index(other) + (1 if where == "after" else 0)
    if new == old:
        turn.lines.append(say(f"move_already_{where}", title=title, other=actions[other].title))
        return None
    return new


def apply_reorder(turn: Turn, command: Reorder) -> None:
    """Move the action as told (by the plan-editing service's `move_action`) and say where it
    is now; or say why not, changing nothing."""
    state, say = turn.state, turn.say
    draft = state.draft
    actions = draft.plan.actions
    if not actions:
        turn.lines.append(say("move_no_actions"))
        return
    if len(actions) == 1:
        turn.lines.append(say("move_only_one", title=actions[0].title))
        return
    old = _resolve(turn, command.target)
    if old is None:
        return
    new = _destination(turn, command, old)
    if new is None:
        return
    action = actions[old]
    diagnosis = draft.to_diagnosis(placeholder=say("placeholder"), title=draft.title or "-")
    change = move_action(diagnosis, action.id, index=new)
    if change is None:  # already there: `_destination` says so first, kept for safety
        turn.lines.append(say("move_already_there", title=action.title, number=old + 1))
        return
    rank = {a.id: i for i, a in enumerate(change.diagnosis.plan.actions)}
    draft.plan.actions.sort(key=lambda a: rank.get(a.id, len(rank)))
    draft.plan_ordered = True
    state.plan_moved.append(action.id)
    order = say.join_clauses(f"{i}. {a.title}" for i, a in enumerate(draft.plan.actions, 1))
    said: dict[str, object] = {"title": action.title, "number": new + 1, "count": len(actions)}
    if command.where in ("up", "down"):
        said["places"] = abs(new - old)
    elif command.where in ("before", "after"):
        neighbour = new + 1 if command.where == "before" else new - 1
        said["other"] = draft.plan.actions[neighbour].title
    turn.lines.append(say(f"move_done_{command.where}", order=order, **said))
    turn.understood = True

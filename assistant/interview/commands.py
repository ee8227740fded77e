"""Corrections and navigation the user may say at any point, in zh-Hans, zh-Hant and English:
"把第二个阶段改成…", "删除…/刪除…", "add a touchpoint X to <stage>", "rename … to …",
"back/上一步", "skip/跳过", "next/继续", "where are we?/进度", "switch to English/用繁體"; and
moving plan actions ("move action 3 up", "把第3个行动往前移": plan_moves.py, read first).

Text is folded to Simplified for matching; names are cut from the original message, so they
keep the user's script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.domain import Lang, Provenance, Touchpoint
from assistant.interview import parsing as p
from assistant.interview import vocabulary as vocab
from assistant.interview.apply import resolve_stage_id, set_industry
from assistant.interview.draft import ItemKind, MapDraft, Named, display_name, fold
from assistant.interview.plan_moves import Reorder, apply_reorder, match_actions, parse_reorder
from assistant.interview.rules import parse_touchpoint, read_personas, read_stages
from assistant.interview.steps import StepId
from assistant.interview.turn import Turn
from assistant.text.lang import detect_lang

NavigationAction = Literal["back", "skip", "next", "progress", "finish", "goto"]


@dataclass(frozen=True)
class Navigate:
    action: NavigationAction
    step: StepId | None = None  # for "goto"


@dataclass(frozen=True)
class SwitchLanguage:
    lang: Lang


@dataclass(frozen=True)
class ItemRef:
    kind: ItemKind | None = None
    ordinal: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Rename:
    target: ItemRef
    new_name: str


@dataclass(frozen=True)
class Delete:
    target: ItemRef


@dataclass(frozen=True)
class AddTouchpoint:
    name: str
    stage: str


@dataclass(frozen=True)
class AddStage:
    name: str
    after: str = ""


ContextField = Literal["goal", "scope", "product", "industry", "company"]


@dataclass(frozen=True)
class SetField:
    """ "把目标改成…", "行业改成电信", "change the product to …": the map's goal and context."""

    field: ContextField
    value: str


ListKind = Literal["stage", "persona"]


@dataclass(frozen=True)
class ReplaceList:
    """ "不对，阶段应该是：咨询、办理、售后", "no, the stages are A, B and C": the whole list anew."""

    kind: ListKind
    text: str  # the list as the user wrote it, read by the step's reader


Command = (
    Navigate
    | SwitchLanguage
    | Rename
    | Delete
    | AddTouchpoint
    | AddStage
    | SetField
    | ReplaceList
    | Reorder
)
Correction = Rename | Delete | AddTouchpoint | AddStage | SetField | ReplaceList | Reorder

# Vocabulary of the patterns -------------------------------------------------------------------

_ZH_KINDS: dict[str, ItemKind] = {
    "阶段": "stage", "旅程阶段": "stage", "触点": "touchpoint", "接触点": "touchpoint",
    "痛点": "pain", "客户角色": "persona", "角色": "persona", "画像": "persona",
    "改进机会": "opportunity", "机会": "opportunity", "改进措施": "action", "措施": "action",
    "改进行动": "action", "改善行动": "action", "行动项": "action", "行动": "action", "指标": "kpi",
}  # fmt: skip
_EN_KINDS: dict[str, ItemKind] = {
    "stage": "stage", "touchpoint": "touchpoint", "touch point": "touchpoint",
    "pain point": "pain", "pain": "pain", "persona": "persona", "opportunity": "opportunity",
    "action": "action", "kpi": "kpi",
}  # fmt: skip

_FIELDS: dict[str, ContextField] = {
    "目标": "goal", "范围": "scope", "产品或服务": "product", "产品": "product", "服务": "product",
    "行业": "industry", "公司": "company", "goal": "goal", "scope": "scope",
    "product or service": "product", "product": "product", "service": "product",
    "industry": "industry", "company": "company",
}  # fmt: skip
_ZK = "|".join(sorted(_ZH_KINDS, key=len, reverse=True))
_EK = "|".join(sorted(_EN_KINDS, key=len, reverse=True))
_Q = r"[「『“\"'‘]?"  # optional quotes around names
_QE = r"[」』”\"'’]?"
_ZH_ORD = r"第\s*(?P<ord>[一二两三四五六七八九十\d]+)\s*[个条项]?\s*"
_ZH_RENAME_VERB = r"(?:改成|改为|换成|重命名为|更名为|改叫|改名为|改名叫)"
_ZH_ADD = r"(?:加|添加|增加|新增|补充|加上)"

_ZF = "|".join(sorted((k for k in _FIELDS if not k.isascii()), key=len, reverse=True))
_EF = "|".join(sorted((k for k in _FIELDS if k.isascii()), key=len, reverse=True))

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "set_field",
        re.compile(
            rf"^(?:请)?(?:把|将)?\s*(?P<field>{_ZF})\s*(?:改成|改为|换成|设为|设成|应该是)\s*"
            rf"{_Q}(?P<value>.+?){_QE}\s*$"
        ),
    ),
    (
        "set_field",
        re.compile(
            rf"^(?:please\s+)?(?:change|set|make)\s+(?:the\s+|our\s+)?(?P<field>{_EF})\s+"
            rf"(?:to|as)\s+{_Q}(?P<value>.+?){_QE}\s*$"
        ),
    ),
    (
        "rename_ordinal",
        re.compile(
            rf"^(?:请)?(?:把|将)?\s*{_ZH_ORD}(?P<kind>{_ZK})(?:的?名(?:字|称))?\s*"
            rf"{_ZH_RENAME_VERB}\s*{_Q}(?P<new>.+?){_QE}\s*$"
        ),
    ),
    (
        "rename_ordinal",
        re.compile(
            rf"^(?:please\s+)?(?:rename|change|call)\s+(?:the\s+)?(?:(?P<ord>\w+)\s+(?P<kind>{_EK})|"
            rf"(?P<kind2>{_EK})\s*(?:#|no\.?\s*)?(?P<num>\d+))(?:'s name)?\s+(?:to|into|as)\s+"
            rf"{_Q}(?P<new>.+?){_QE}\s*$"
        ),
    ),
    (
        "rename_ordinal",
        re.compile(
            rf"^(?:请)?{_ZH_ORD}(?P<kind>{_ZK})\s*(?:应该|应|其实)?(?:叫|叫做|是叫|名叫|改叫)\s*"
            rf"{_Q}(?P<new>.+?){_QE}\s*$"
        ),
    ),
    (
        "rename_ordinal",
        re.compile(
            rf"^(?:the\s+)?(?P<ord>\w+)\s+(?P<kind>{_EK})\s+(?:should|must|needs to)\s+be\s+"
            rf"(?:called|named|renamed(?:\s+to)?)\s+{_Q}(?P<new>.+?){_QE}\s*$"
        ),
    ),
    (
        "rename_name",
        re.compile(
            rf"^(?:请)?(?:把|将)\s*{_Q}(?P<old>.+?){_QE}\s*{_ZH_RENAME_VERB}\s*{_Q}(?P<new>.+?){_QE}\s*$"
        ),
    ),
    (
        "rename_name",
        re.compile(
            rf"^(?:please\s+)?(?:rename|change)\s+(?:the\s+)?(?:(?:{_EK})\s+)?{_Q}(?P<old>.+?){_QE}"
            rf"\s+(?:to|into|as)\s+{_Q}(?P<new>.+?){_QE}\s*$"
        ),
    ),
    (
        "delete",
        re.compile(
            rf"^(?:请)?(?:删除|删掉|去掉|移除|删)\s*(?:{_ZH_ORD}(?P<kind>{_ZK})|"
            rf"(?:(?P<kind3>{_ZK})\s*[:：]?\s*)?{_Q}(?P<name>.+?){_QE})\s*$"
        ),
    ),
    (
        "delete",
        re.compile(
            rf"^(?:please\s+)?(?:delete|remove|drop)\s+(?:the\s+)?(?:(?P<ord>\w+)\s+(?P<kind>{_EK})|"
            rf"(?P<kind2>{_EK})\s*(?:#|no\.?\s*)?(?P<num>\d+)|(?:(?P<kind3>{_EK})\s+)?"
            rf"{_Q}(?P<name>.+?){_QE})\s*$"
        ),
    ),
    (
        "add_touchpoint",
        re.compile(
            rf"^(?:请)?(?:在|给|往|为)\s*{_Q}(?P<stage>.+?){_QE}\s*(?:阶段)?\s*(?:里|中|上)?\s*"
            rf"{_ZH_ADD}\s*(?:一个|个)?\s*(?:触点|接触点)\s*[:：]?\s*{_Q}(?P<name>.+?){_QE}\s*$"
        ),
    ),
    (
        "add_touchpoint",
        re.compile(
            rf"^(?:请)?{_ZH_ADD}\s*(?:一个|个)?\s*(?:触点|接触点)\s*[:：]?\s*{_Q}(?P<name>.+?){_QE}"
            rf"\s*(?:到|在|给)\s*{_Q}(?P<stage>.+?){_QE}\s*(?:阶段)?\s*(?:里|中)?\s*$"
        ),
    ),
    (
        "add_touchpoint",
        re.compile(
            rf"^(?:please\s+)?add\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?touch\s?point\s+{_Q}(?P<name>.+?)"
            rf"{_QE}\s+(?:to|in|under|for)\s+(?:the\s+)?{_Q}(?P<stage>.+?){_QE}(?:\s+stage)?\s*$"
        ),
    ),
    (
        "add_stage",
        re.compile(
            rf"^(?:请)?(?:在|往)\s*{_Q}(?P<after>.+?){_QE}\s*(?:阶段)?\s*(?:之后|后面|后边|后)\s*(?:再)?"
            rf"{_ZH_ADD}\s*(?:一个|个)?\s*(?:阶段)?\s*[:：]?\s*{_Q}(?P<name>.+?){_QE}\s*$"
        ),
    ),
    (
        "add_stage",
        re.compile(
            rf"^(?:请)?{_ZH_ADD}\s*(?:一个|个)?\s*阶段\s*[:：]?\s*{_Q}(?P<name>.+?){_QE}"
            rf"(?:\s*[，,]?\s*(?:放在|在)\s*{_Q}(?P<after>.+?){_QE}\s*(?:之后|后面))?\s*$"
        ),
    ),
    (
        "add_stage",
        re.compile(
            rf"^(?:please\s+)?add\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?stage\s+{_Q}(?P<name>.+?){_QE}"
            rf"(?:\s+after\s+{_Q}(?P<after>.+?){_QE})?\s*$"
        ),
    ),
]

# Steps by the words people use for them ("回到阶段那一步", "go back to the personas").
STEP_WORDS: dict[str, StepId] = {
    "目标": "goal", "范围": "goal", "行业": "goal", "角色": "personas", "客户角色": "personas",
    "画像": "personas", "人群": "personas", "阶段": "stages", "旅程阶段": "stages",
    "触点": "touchpoints", "接触点": "touchpoints", "情绪": "emotions", "感受": "emotions",
    "痛点": "pains", "关键时刻": "pains", "机会": "opportunities", "改进机会": "opportunities",
    "优先级": "opportunities", "改进措施": "opportunities", "计划": "plan", "改进计划": "plan",
    "检查": "review", "导出": "review",
    # What the zh-Hant pages call them (the Taiwan glossary), folded to Simplified.
    "顾客角色": "personas", "机会点": "opportunities", "改善机会": "opportunities",
    "改善措施": "opportunities", "改善计划": "plan",
    "goal": "goal", "scope": "goal", "industry": "goal", "persona": "personas",
    "personas": "personas", "stage": "stages", "stages": "stages", "touchpoint": "touchpoints",
    "touchpoints": "touchpoints", "touch points": "touchpoints", "emotion": "emotions",
    "emotions": "emotions", "feelings": "emotions", "pain": "pains", "pains": "pains",
    "pain points": "pains", "moments of truth": "pains", "opportunities": "opportunities",
    "fixes": "opportunities", "priorities": "opportunities", "plan": "plan", "review": "review",
}  # fmt: skip
_SW = "|".join(sorted((re.escape(k) for k in STEP_WORDS), key=len, reverse=True))
_GOTO = [
    re.compile(
        rf"^(?:请|我想|我要|我们)?(?:先)?(?:回到|回去|返回|退回到?|跳到|转到|去|重新做|重做|再看看?|"
        rf"改一下)\s*(?:第[一二三四五六七八九\d]步\s*)?(?:的)?(?P<step>{_SW})(?:那|这)?(?:一步|步|部分|环节|"
        rf"那里|那儿|这里)?(?:吧|吗)?$"
    ),
    re.compile(
        rf"^(?:(?:let'?s|can we|could we|i want to|i'd like to|please)\s+)?(?:go\s+)?(?:back\s+)?"
        rf"(?:to|revisit|return to|jump to|redo)\s+(?:the\s+)?(?P<step>{_SW})(?:\s+(?:step|part|"
        rf"section|question))?(?:\s+again)?(?:\s+please)?\??$"
    ),
]
_LIST_KINDS: dict[str, ListKind] = {
    "阶段": "stage", "旅程阶段": "stage", "角色": "persona", "客户角色": "persona",
    "stages": "stage", "the stages": "stage", "personas": "persona", "the personas": "persona",
}  # fmt: skip
_LK = "|".join(sorted((re.escape(k) for k in _LIST_KINDS), key=len, reverse=True))
_REPLACE = [
    re.compile(
        rf"^(?:不对|不是|错了|更正|纠正|改一下|重新说|其实)?\s*[,，。!！]?\s*(?:我们的)?(?P<kind>{_LK})"
        rf"\s*(?:应该是|应该为|应是|改成|改为|换成|其实是|是|有|为)\s*[:：]?\s*(?P<list>.+)$"
    ),
    re.compile(
        rf"^(?:no|nope|wrong|actually|correction|sorry)?\s*[,，.!:]?\s*(?P<kind>{_LK})\s+"
        rf"(?:should be|are actually|are really|are|were)\s*[:：]?\s*(?P<list>.+)$"
    ),
]
# "No, we are an airline, not a hotel." / "不对，我们是航空公司，不是酒店"
_WE_ARE = [
    re.compile(
        r"^(?:不对|不是的?|错了|搞错了)?\s*[,，。!！]?\s*(?:我们|我司|本公司)(?:其实)?(?:是做|做的是|是|属于)"
        r"(?P<value>[^，,。；;]+?)\s*[,，]?\s*(?:而)?不是(?:做)?(?P<old>[^，,。；;]+?)(?:行业)?[。.!！]?$"
    ),
    re.compile(
        r"^(?:no|nope|actually|wrong)?\s*[,，.!]?\s*(?:we are|we're|we run|we operate|this is)\s+"
        r"(?:an?\s+|the\s+)?(?P<value>[^,.;]+?)\s*[,，]?\s*(?:and\s+)?not\s+(?:an?\s+|the\s+)?"
        r"(?P<old>[^,.;]+?)\s*[.!]?$"
    ),
]

_LANG_PATTERNS: list[tuple[Lang | None, re.Pattern[str]]] = [
    (
        "en",
        re.compile(
            r"^(?:please\s+)?(?:(?:switch|change)\s+to|in|use|speak|reply in)?\s*english"
            r"(?:\s+please)?$|^(?:请)?(?:用|说|换成|改用)?(?:英文|英语)(?:吧|回答|回复|交流|说)?$"
        ),
    ),
    (
        "zh-Hant",
        re.compile(
            r"^(?:请)?(?:用|说|换成|改用|切换到)?(?:繁体|繁体中文|正体|正体中文)(?:吧|回答|回复|字)?$|"
            r"^(?:please\s+)?(?:(?:switch|change)\s+to|in|use)?\s*traditional(?:\s+chinese)?$"
        ),
    ),
    (
        "zh-Hans",
        re.compile(
            r"^(?:请)?(?:用|说|换成|改用|切换到)?(?:简体|简体中文)(?:吧|回答|回复|字)?$|"
            r"^(?:please\s+)?(?:(?:switch|change)\s+to|in|use)?\s*simplified(?:\s+chinese)?$"
        ),
    ),
    (
        None,  # "中文" alone: the script of the request itself decides
        re.compile(
            r"^(?:请)?(?:用|说|换成|改用|切换到)?(?:中文|汉语|普通话)(?:吧|回答|回复|交流|说)?$|"
            r"^(?:please\s+)?(?:(?:switch|change)\s+to|in|use|speak)?\s*chinese(?:\s+please)?$"
        ),
    ),
]


_NAVIGATION: tuple[tuple[NavigationAction, tuple[str, ...]], ...] = (
    ("back", vocab.BACK_WORDS),
    ("skip", vocab.SKIP_WORDS),
    ("next", vocab.NEXT_WORDS),
    ("finish", vocab.FINISH_WORDS),
)


def _kind(text: str | None) -> ItemKind | None:
    if not text:
        return None
    return _ZH_KINDS.get(text) or _EN_KINDS.get(text.lower())


def parse_command(message: str, draft: MapDraft) -> Command | None:
    """The command in `message`, or None when it is an answer to the question."""
    said = p.normalise(message)
    if p.is_exactly(message, vocab.PROGRESS_WORDS):
        return Navigate("progress")
    for action, words in _NAVIGATION:
        if p.is_exactly(message, words):
            return Navigate(action)
    for lang, pattern in _LANG_PATTERNS:
        if pattern.match(said):
            if lang is None:
                lang = "zh-Hant" if detect_lang(message) == "zh-Hant" else "zh-Hans"
            return SwitchLanguage(lang)
    folded = fold(message).strip().rstrip("。.!！")
    for pattern in _GOTO:
        if hit := pattern.match(folded):
            return Navigate("goto", STEP_WORDS[hit["step"]])
    return _correction(message, draft)


# What people say around a correction: a lead-in ("啊我刚刚讲错，", "No wait —", "阶段少了一个，")
# and a reason after it ("，现在没人用了", ", we stopped using those").
_LEAD_IN = re.compile(
    r"^(?:啊|哦|噢|欸|诶|嗯)?\s*(?:我)?(?:刚刚|刚才|前面|之前)?(?:说|讲|打|写|填)?错了?\s*$|"
    r"^(?:不对|不是|更正|纠正|等等|等一下|等下|改一下|对了|还有)\s*$|"
    r"^(?:(?:阶段|触点|角色|痛点)(?:少了|漏了|多了)一个|少了一个(?:阶段|触点)?|漏了一个(?:阶段|触点)?)\s*$|"
    r"^(?:no|nope|wait|no wait|actually|sorry|oops|correction|hang on|one more thing)\s*$"
)
_LEAD_WORDS = re.compile(
    r"^(?:(?:no|nope|wait|actually|sorry|oops|hang on|also)\b[\s,—–-]*)+|^(?:其实|另外|还有)\s*",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"\s*(?:[，,；;]|\s[—–-]+\s|—+)\s*")


def _correction(message: str, draft: MapDraft) -> Correction | None:
    """The correction in `message`: the whole message, or the clause that carries it after a
    lead-in and before a reason ("啊我刚刚讲错，第一个阶段改叫「比较卡片」")."""
    text = message.strip().rstrip("。.!！")
    candidates = [_one_correction(text, draft)]
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    for i, clause in enumerate(clauses):
        if i > 0 and not all(_LEAD_IN.match(fold(c)) for c in clauses[:i]):
            break
        if not _LEAD_IN.match(fold(clause)):
            candidates.append(_one_correction(_LEAD_WORDS.sub("", clause.strip()), draft))
    found = [c for c in candidates if c is not None]
    # One whose target is on the map wins; else the first, so the user hears "not found".
    resolved = [c for c in found if _resolves(draft, c)]
    chosen = resolved or found
    return chosen[0] if chosen else None


def _resolves(draft: MapDraft, command: Correction) -> bool:
    if isinstance(command, Rename | Delete):
        return _lookup(draft, command.target) is not None
    if isinstance(command, Reorder):
        ref, count = command.target, len(draft.plan.actions)
        if ref.number is not None:
            return 1 <= ref.number <= count
        return bool(ref.name) and len(match_actions(ref.name, draft.plan.actions)) == 1
    return True


def _one_correction(message: str, draft: MapDraft) -> Correction | None:
    # "move action 3 up", "把第3个行动往前移": read first, so that no other pattern takes a
    # reorder for a rename or a deletion (plan_moves.py reads only whole reorder requests).
    reorder = parse_reorder(message, draft)
    if reorder is not None:
        return reorder
    folded = fold(message).strip().rstrip("。.!！")
    original = message.strip().rstrip("。.!！")
    same_length = len(folded) == len(original)

    def cut(hit: re.Match[str], group: str) -> str:
        value = hit[group]
        if value is None:
            return ""
        if same_length:
            return original[hit.start(group) : hit.end(group)].strip()
        return value.strip()

    for pattern in _WE_ARE:
        if (hit := pattern.match(folded)) and _is_industry_fix(
            draft, cut(hit, "value"), hit["old"]
        ):
            return SetField("industry", cut(hit, "value"))
    for pattern in _REPLACE:
        if hit := pattern.match(folded):
            list_kind = _LIST_KINDS[hit["kind"]]
            if draft.stages if list_kind == "stage" else draft.personas:
                return ReplaceList(list_kind, cut(hit, "list"))
    for name, pattern in _PATTERNS:
        hit = pattern.match(folded)
        if not hit:
            continue
        groups = hit.groupdict()
        if name == "set_field":
            return SetField(_FIELDS[groups["field"]], cut(hit, "value"))
        if name == "rename_ordinal":
            kind = _kind(groups.get("kind") or groups.get("kind2"))
            ordinal = p.read_number(groups.get("ord") or groups.get("num"))
            if kind and ordinal:
                return Rename(ItemRef(kind=kind, ordinal=ordinal), cut(hit, "new"))
        elif name == "rename_name":
            old = cut(hit, "old")
            if _lookup(draft, ItemRef(name=old)) is not None:
                return Rename(ItemRef(name=old), cut(hit, "new"))
        elif name == "delete":
            kind = _kind(groups.get("kind") or groups.get("kind2") or groups.get("kind3"))
            ordinal = p.read_number(groups.get("ord") or groups.get("num"))
            if ordinal and kind:
                return Delete(ItemRef(kind=kind, ordinal=ordinal))
            if groups.get("ord") and kind:  # "drop the pager touchpoint": a name, not a number
                return Delete(ItemRef(kind=kind, name=cut(hit, "ord")))
            if groups.get("name"):
                named, trailing = _trailing_kind(cut(hit, "name"))
                return Delete(ItemRef(kind=kind or trailing, name=named))
        elif name == "add_touchpoint":
            return AddTouchpoint(name=cut(hit, "name"), stage=cut(hit, "stage"))
        elif name == "add_stage":
            return AddStage(name=cut(hit, "name"), after=cut(hit, "after"))
    return None


def _trailing_kind(name: str) -> tuple[str, ItemKind | None]:
    """ "retention calls touchpoint" → ("retention calls", "touchpoint")."""
    hit = re.search(rf"\s*(?:{_EK}|{_ZK})$", name, re.IGNORECASE)
    if hit and hit.start() > 0:
        # "'online chat' action": the name inside its quotes
        named = re.sub(rf"^{_Q}(.+?){_QE}$", r"\1", name[: hit.start()].strip())
        return named, _kind(hit.group().strip())
    return name, None


def _is_industry_fix(draft: MapDraft, value: str, old: str) -> bool:
    """ "we are X, not Y" corrects the industry when Y is the industry on the map (or X names
    an industry); otherwise it is about something else and left to the question's reader."""
    said_old = fold(old).strip()
    industry = fold(draft.industry)
    if industry and said_old and (said_old in industry or industry in said_old):
        return True
    return p.detect_industry(value) is not None and p.detect_industry(old) is not None


def _lookup(draft: MapDraft, ref: ItemRef) -> tuple[ItemKind, Named] | None:
    if ref.ordinal is not None and ref.kind is not None:
        items = draft.items(ref.kind)
        index = ref.ordinal - 1
        return (ref.kind, items[index]) if 0 <= index < len(items) else None
    try:
        return draft.find(ref.name, [ref.kind] if ref.kind else None)
    except KeyError:
        return None


def _describe(ref: ItemRef) -> str:
    return ref.name or f"#{ref.ordinal}"


def _not_found(turn: Turn, ref: ItemRef) -> str:
    """What to say when the target is not on the map: a number past the end of its list says
    how many there are ("删掉第9个行动" with 5 actions), a name is quoted back."""
    if ref.ordinal is None or ref.kind is None:
        return turn.say("cmd_not_found", name=_describe(ref))
    count = len(turn.state.draft.items(ref.kind))
    return turn.say(
        "cmd_no_such_number", kind=turn.say(f"item_{ref.kind}"), number=ref.ordinal, count=count
    )


def apply_correction(turn: Turn, command: Correction) -> None:
    """Change the map as told and say what changed (or what could not be found)."""
    draft, say = turn.state.draft, turn.say
    stated = Provenance(source="user")
    if isinstance(command, SetField):
        if command.field == "industry":
            set_industry(turn, command.value)
        else:
            setattr(draft, command.field, command.value)
            turn.echo.append(say(f"echo_{command.field}", **{command.field: command.value}))
    elif isinstance(command, Rename | Delete):
        found = _lookup(draft, command.target)
        if found is None:
            turn.lines.append(_not_found(turn, command.target))
            return
        kind, item = found
        old = display_name(item)
        if isinstance(command, Rename):
            draft.rename(item, command.new_name)
            turn.lines.append(say("cmd_renamed", old=old, new=command.new_name))
        else:
            draft.remove(kind, item.id)
            turn.lines.append(say("cmd_deleted", name=old))
    elif isinstance(command, AddTouchpoint):
        stage_id = resolve_stage_id(draft, command.stage)
        parsed = parse_touchpoint(command.name, command.stage)
        if stage_id is None or parsed is None:
            turn.lines.append(say("cmd_not_found", name=command.stage))
            return
        touchpoint = draft.add_touchpoint(
            Touchpoint(
                id=draft.new_id("touchpoint"),
                stage_id=stage_id,
                name=parsed.name,
                channel=parsed.channel,
                mode=parsed.mode or "offline",
                customer_action=parsed.customer_action,
                category=p.detect_category(f"{parsed.name} {parsed.customer_action}"),
                provenance=stated,
            )
        )
        stage = next(s for s in draft.stages if s.id == stage_id)
        turn.lines.append(say("cmd_added_touchpoint", name=touchpoint.name, stage=stage.name))
    elif isinstance(command, ReplaceList):
        if not _replace_list(turn, command):
            return
    elif isinstance(command, Reorder):
        apply_reorder(turn, command)  # sets `understood` only when the action moved
        return
    else:
        position = None
        if command.after:
            after = draft.stage_named(command.after)
            position = draft.stages.index(after) + 1 if after else None
        stage = draft.add_stage(command.name, "", stated, position)
        turn.lines.append(say("cmd_added_stage", name=stage.name))
    turn.understood = True


def _replace_list(turn: Turn, command: ReplaceList) -> bool:
    """Make the stage (or persona) list the one the user gave, in that order: items already on
    the map keep what hangs on them (touchpoints, pains); the others are removed. False, with the
    user told, when the new list could not be read."""
    state, say = turn.state, turn.say
    draft = state.draft
    stated = Provenance(source="user")
    kind_label = say(f"kind_{command.kind}")
    if command.kind == "stage":
        stages = read_stages(state, command.text)
        wanted = [(i.name, i.description) for i in stages.stages] if stages else []
    else:
        personas = read_personas(state, command.text)
        wanted = [(i.name, i.description) for i in personas.personas] if personas else []
    if not wanted:
        turn.lines.append(say("cmd_list_unread", kind=kind_label))
        return False
    names = {fold(name) for name, _ in wanted}
    if command.kind == "stage":
        for stage in [s for s in draft.stages if fold(s.name) not in names]:
            draft.remove("stage", stage.id)
        kept = [draft.add_stage(name, description, stated) for name, description in wanted]
        draft.stages = kept
    else:
        for persona in [x for x in draft.personas if fold(x.name) not in names]:
            draft.remove("persona", persona.id)
        draft.personas = [
            draft.add_persona(name, description, stated) for name, description in wanted
        ]
    listed = [name for name, _ in wanted]
    turn.lines.append(say("cmd_replaced", kind=kind_label, names=say.join(listed)))
    return True

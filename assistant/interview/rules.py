"""The guided engine's ears: rule parsers turning an answer into the step's Answer model.

Each function reads one kind of answer; `extract` picks by the question being asked. Answers are
read the way managers write them: lists, "stage: items" lines, or a story ("先预约挂号，然后…",
"first they book online, then …"), in Simplified, Traditional or English, with typos. Names are
matched on the folded view (mentions.py) and cut from the original, so the map keeps the user's
own script. What cannot be read is left out, never guessed: the engine asks again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.domain import Stage
from assistant.interview import parsing as p
from assistant.interview.draft import MapDraft, fold
from assistant.interview.extraction import (
    Answer,
    EmotionItem,
    EmotionsAnswer,
    GoalAnswer,
    KPIItem,
    OpportunitiesAnswer,
    OpportunityItem,
    PainItem,
    PainsAnswer,
    PersonaItem,
    PersonasAnswer,
    StageItem,
    StagesAnswer,
    TouchpointItem,
    TouchpointsAnswer,
)
from assistant.interview.mentions import (
    SLIP,
    Mention,
    find_mention,
    find_mentions,
    match_name,
    view,
)
from assistant.interview.state import InterviewState
from assistant.interview.steps import SlotKey
from assistant.text.tokens import tokenize

_LABELS: dict[str, tuple[str, ...]] = {
    "goal": ("目标", "目的", "goal", "objective", "aim"),
    "scope": ("范围", "scope"),
    "product": ("产品", "服务", "产品或服务", "product", "service", "product or service"),
    "industry": ("行业", "industry", "sector"),
    "company": ("公司", "企业", "company", "organisation", "organization"),
}
_LIST_LABEL = re.compile(
    r"^\s*(?:阶段|旅程阶段|角色|客户角色|触点|痛点|机会|改进机会|stages?|personas?|touchpoints?|"
    r"pain points?|opportunities)\s*(?:有|是|为)?\s*[:：]\s*",
    re.IGNORECASE,
)
_ZH_SCOPE = re.compile(r"(从[^，。；,;0-9０-９]{1,30}?(?:到|至)[^，。；,;0-9０-９]{1,30})")
_EN_SCOPE = re.compile(r"\b(from [^,.;0-9]{2,40}? (?:to|until|through) [^,.;0-9]{2,40})", re.I)
# Where a scope stops: "从咨询到放款的整个过程" → 从咨询到放款; "from order to review and we…".
_SCOPE_END = re.compile(
    r"(?:的(?:整个|全部)?(?:过程|流程|环节|阶段|旅程|体验)|为止|这段|整个|全流程|全过程|"
    r"\s+(?:and|but|so|because|where|which|we|for)\b).*$",
    re.IGNORECASE,
)
_WHAT_WE_ARE = re.compile(
    r"我们是(?:一家|一个|家|个)?(?:做|搞|从事)?(?P<zh>[^，。,.；;]{2,12}?)(?:的)?"
    r"(?:公司|企业|机构|集团|品牌|单位)|\bwe(?: are|'re) an? (?P<en>[a-z][a-z \-]{2,30}?) "
    r"(?:company|business|firm|provider|chain|group|brand|operator)\b",
    re.IGNORECASE,
)
_BRIEF_ZH, _BRIEF_EN = 12, 4
_REST = re.compile(
    r"(?:其余|其他|其它|剩下的?|剩余的?|别的|the rest|rest|others|all others|everything else)"
    r"\s*(?:的)?(?:触点)?\s*(?:都是|都|也|are|all)?\s*[:：]?\s*(?P<value>[^；;\n]+)",
    re.IGNORECASE,
)
# "大部分还行，等赔款那段很着急", "mostly fine, except …": a feeling for everything not named.
_MOSTLY = re.compile(
    r"(?:大部分|大多数|大多|多数|基本上|基本|其他大多|most of (?:them|it|the rest)|mostly|"
    r"most (?:are|were|is|was|touchpoints are|steps are)|everything else (?:is|was))\s*"
    r"(?:的)?(?:触点|环节)?\s*(?:都|也)?\s*(?:是|感觉)?\s*"
    r"(?P<value>(?:挺|很|比较|蛮|还算|算)?(?:还行|还好|还可以|可以|不错|挺好|正常|顺利)|ok|okay|"
    r"fine|good|alright|all right|smooth|pretty good)",
    re.IGNORECASE,
)
# "1: -2 anxious", "#3 焦虑": a touchpoint by its number; "2小时没人理", "3 days" are no numbers.
_NUMBER_REF = re.compile(
    r"^\s*(?:#|no\.?\s*)?(\d{1,2})(?:\s*[:：.、)）]|\s)\s*(?=\S)"
    r"(?!(?:hours?|hrs?|mins?|minutes?|days?|weeks?|months?|times?|people)\b|小时|分钟|天|周|个|次|人)",
    re.IGNORECASE,
)
_PAIN_REF = re.compile(
    r"(?:\bfor\s+|针对\s*|对)?(?:痛点|pain(?: point)?)\s*#?\s*(\d{1,2})", re.IGNORECASE
)
_STRIP_SCORES = re.compile(
    r"[（(]?\s*(?:(?:严重程度|严重度|严重性|severity|sev|影响|价值|impact|value|投入|难度|成本|"
    r"effort|cost)\s*[:：=]?\s*(?:高|中|低|high|medium|low|[1-5])(?![\d.]))\s*[）)]?",
    re.IGNORECASE,
)
_STRIP_KANO = re.compile(
    r"[（(，,；;\s]*(?:必备型?|基本型|期望型?|一维型?|魅力型?|兴奋型?|无差异型?|反向型?|must[- ]be|"
    r"performance|attractive|delighter|indifferent|reverse)\s*[）)]?",
    re.IGNORECASE,
)
_TRAILING_SEVERITY = re.compile(
    r"[，,；;]\s*(?:非常|很|特别|极其|very\s+)?(?:严重|致命|轻微|critical|severe|serious|major|"
    r"minor|moderate)\s*$",
    re.IGNORECASE,
)
_EMPTY_BRACKETS = re.compile(r"[（(][\s，,；;、]*[）)]")
_FRONT_BACK = re.compile(r"^\s*(前台|后台|frontstage|backstage)\s*[:：]\s*(.+)$", re.IGNORECASE)
_HEAD = re.compile(r"^\s*([^:：（(]{1,40}?)\s*[:：]\s*(.+)$", re.DOTALL)
_TRAILING = " ，,；;、。.：:-—"


def extract(slot: SlotKey, state: InterviewState, text: str) -> Answer | None:
    """The answer to the question in `slot`, read by rules; None when nothing was recognised."""
    readers = {
        "goal": read_goal,
        "industry": read_industry,
        "personas": read_personas,
        "stages": read_stages,
        "touchpoints": read_touchpoints,
        "emotions": read_emotions,
        "pains": read_pains,
        "moments": read_moments,
        "opportunities": read_opportunities,
    }
    reader = readers.get(slot)
    return reader(state, text) if reader else None


def _clean(text: str) -> str:
    return text.strip().strip(_TRAILING).strip()


def _cut(text: str, start: int, end: int) -> str:
    """The text without [start, end), joined with a space where words would run together."""
    return f"{text[:start]} {text[end:]}" if text[start:end] else text


def _labelled(text: str) -> dict[str, str]:
    """ "目标：…", "scope: …" lines (or clauses) by field."""
    found: dict[str, str] = {}
    for line in re.split(r"\n|；|;|。", text):
        match = re.match(r"^\s*([^:：]{1,20}?)\s*[:：]\s*(.+)$", line)
        if not match:
            continue
        label = fold(match[1])
        for key, names in _LABELS.items():
            if label in names:
                found[key] = _clean(match[2])
    return found


# Goal and industry ------------------------------------------------------------------------------


def _is_brief(text: str) -> bool:
    return len(text.split()) <= _BRIEF_EN if text.isascii() else len(text) <= _BRIEF_ZH


def _what_we_are(text: str) -> str:
    """ "我们是一家做跨境电商的公司" → 跨境电商; "we are a regional carrier company" → regional carrier."""
    hit = _WHAT_WE_ARE.search(p.simplified(text))
    if not hit:
        return ""
    group = "zh" if hit["zh"] else "en"
    return _clean(text[hit.start(group) : hit.end(group)])


def _industry_from(labelled: str, text: str, *, asked: bool) -> str:
    """The industry to record: a playbook key when it is clear and has a playbook, else the
    user's own word for it (航空公司, airline). When the evidence is weak (a shared word such as
    check-in) nothing is recorded from a goal, so the engine asks; answering that question
    (`asked`), a brief name is taken as said."""
    guess = p.guess_industry(labelled or text)
    if guess and guess.sure:
        if guess.has_playbook:
            return guess.key
        return labelled if labelled and _is_brief(labelled) else guess.word
    if labelled and _is_brief(labelled):
        return labelled
    if asked:
        if guess and guess.confidence > 0:
            return guess.key if guess.has_playbook else guess.word
        said = _clean(labelled or text)
        return said if _is_brief(said) else _what_we_are(said)
    return ""


def _scope(text: str) -> str:
    view = p.simplified(text)
    scope = _ZH_SCOPE.search(view) or _EN_SCOPE.search(view)
    if not scope:
        return ""
    found = text[scope.start(1) : scope.end(1)]
    return _clean(p.remove_matches(_SCOPE_END, found))


def read_goal(state: InterviewState, text: str) -> GoalAnswer | None:
    fields = _labelled(text)
    answer = GoalAnswer(
        goal=fields.get("goal", ""),
        scope=fields.get("scope", ""),
        product=fields.get("product", ""),
        company=fields.get("company", ""),
    )
    if not answer.goal and not fields:
        answer.goal = _clean(text)
    answer.scope = answer.scope or _scope(text)
    labelled = fields.get("industry", "")
    answer.industry = _industry_from(labelled, text, asked=False)
    guess = p.guess_industry(labelled or text)
    if guess and guess.sure and not answer.product:
        answer.product = p.product_hint(text, guess.key)
    answer.kpis = [
        KPIItem(name=k.name, baseline=k.baseline, target=k.target, unit=k.unit)
        for k in p.parse_kpis(text)
    ]
    return None if not (answer.goal or fields) else answer


def read_industry(state: InterviewState, text: str) -> GoalAnswer | None:
    fields = _labelled(text)
    industry = _industry_from(fields.get("industry", ""), text, asked=True)
    return GoalAnswer(industry=industry) if industry else None


# Personas and stages ------------------------------------------------------------------------------


def _unlabelled(text: str) -> str:
    """The answer without a leading "阶段：" / "stages:" label or a lead-in ("差不多就是：")."""
    return p.strip_lead_in(p.remove_matches(_LIST_LABEL, text))


def _list_items(text: str) -> list[str]:
    return [item for item in (_clean(i) for i in p.split_items(_unlabelled(text))) if item]


def read_personas(state: InterviewState, text: str) -> PersonasAnswer | None:
    personas = []
    for item in p.split_lines(_unlabelled(text)):
        name, description = p.split_name(item)
        if name:
            personas.append(PersonaItem(name=_clean(name), description=_clean(description)))
    return PersonasAnswer(personas=personas) if personas else None


def read_stages(state: InterviewState, text: str) -> StagesAnswer | None:
    """Stages from a list ("咨询、申请、审批", one per line, "Arrival and check-in, Security") or
    from a story ("先预约挂号，然后到院签到……最后缴费取药")."""
    steps = p.sequence_steps(_unlabelled(text))
    if steps is None:
        steps = [p.split_name(item) for item in _list_items(text)]
    stages = [
        StageItem(name=_clean(name), description=_clean(description))
        for name, description in steps
        if _clean(name)
    ]
    return StagesAnswer(stages=stages) if stages else None


# Touchpoints ------------------------------------------------------------------------------------


def focus_stage_name(draft: MapDraft) -> str:
    """The stage the touchpoint question is about: the first one still without touchpoints."""
    bare = draft.stages_without_touchpoints()
    return bare[0].name if bare else ""


def parse_touchpoint(item: str, stage: str) -> TouchpointItem | None:
    """ "名（渠道，线上）：动作", "name (channel, online): action", "name: action", "name"."""
    bracket = re.match(
        r"^(?P<name>[^（(：:]+?)\s*[（(](?P<inside>[^）)]*)[）)]\s*(?P<rest>.*)$", item
    )
    channel, mode = "", ""
    if bracket:
        name = bracket["name"]
        rest = bracket["rest"].lstrip("：: ")
        for part in re.split(r"[，,/]", bracket["inside"]):
            part = part.strip()
            found_mode = p.detect_mode(part)
            if found_mode and len(part) <= 8:
                mode = found_mode
            elif part:
                channel = part
        action = rest
    else:
        name, action = p.split_name(item)
    name = _clean(name)
    if not name:
        return None
    if not channel:
        detected = p.detect_channel(f"{name} {action}")
        if detected:
            channel, implied = detected
            mode = mode or implied
    if not mode:
        mode = p.detect_mode(item) or ""
    return TouchpointItem(
        stage=stage,
        name=name,
        channel=_clean(channel),
        mode="online" if mode == "online" else "offline" if mode == "offline" else "",
        customer_action=_clean(action),
    )


# "在挂号这一步，…", "挂号的时候…", "At check-in, …", "During boarding: …"
_ZH_STAGE_PHRASE = re.compile(
    r"^\s*(?:在|到了?|进入|关于|对于)?(?P<stage>[^，,：:。]{1,12}?)"
    r"(?P<kind>这一步|这个环节|这一环节|这个阶段|这一阶段|环节|阶段|这步|的时候|时)\s*(?:里|中|上)?"
    r"\s*[，,：:]?\s*(?P<rest>.+)$",
    re.DOTALL,
)
_EN_STAGE_PHRASE = re.compile(
    r"^\s*(?:at|during|for|in|when)\s+(?:the\s+)?(?P<stage>[^,:]{2,30}?)"
    r"(?:\s+(?:stage|step|phase))?(?:\s*[,:]\s*|\s+(?=(?:they|customers?|passengers?|guests?|"
    r"patients?|users?|people|we|you)\b))(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "用微信小程序或者打电话": how people say which touchpoints they use.
_AUX = r"(?:一般|通常|主要|大多|都|会|可以|能|还|也|就|或者|或)*"
_USE = re.compile(
    rf"^{_AUX}(?:用|使用|通过|靠|走)|^{_AUX}只能(?:看|查看|收到|等)|"
    r"^(?:(?:usually|typically|mostly|often|can|will|also)\s+)*(?:use|uses|using|via|through|by)"
    r"\b",
    re.IGNORECASE,
)
# "打电话", "去窗口": the verb goes only when what is left is a channel ("到店" stays whole).
_REACH = re.compile(
    rf"^{_AUX}(?:拨打|打|去|到|上|登录|登陆|进)|^(?:call|visit|go to|open)\b", re.IGNORECASE
)
# "这个顾客看不到", "customers can't see this step": a remark on the question, no touchpoint
# ("APP上看不到进度" is a touchpoint with a remark, and stays).
_REMARK = re.compile(
    r"^(?:这个|这步|这一步|这里|这块)?(?:顾客|客户|用户|病人|群众|他们|大家)?(?:都|是)?"
    r"(?:看不到|看不见|接触不到|不涉及|没有接触)"
    r"|^(?:(?:the\s+)?(?:customers?|they|people|users|patients)\s+)?(?:can'?t|cannot|don'?t|never)"
    r"\s+see\b|^no contact\b",
    re.IGNORECASE,
)
_OR = re.compile(r"\s*(?:或者|或是|或|还是|\bor\b|/)\s*", re.IGNORECASE)
_ITEM_TAIL = re.compile(r"(?:等等|等|之类的?|这些|etc\.?)\s*$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an|their|our)\s+", re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN_AND = re.compile(r"(?<=\S)(?:以及|和|跟(?![进踪单随着])|及|与)(?=\S)")


def _stage_said(draft: MapDraft, line: str) -> tuple[str | None, str] | None:
    """The stage a line is about and the rest of it: "签到：自助机", "在挂号这一步，…", "At
    check-in, …". None when the line names no stage; (None, rest) when it plainly names one the
    map does not have ("At baggage claim, …" on a map without it): nowhere to file it."""
    names = [s.name for s in draft.stages]
    head = _HEAD.match(line)
    if head and (named := match_name(head[1], names)):
        return named, head[2]
    seen = p.simplified(line)
    for pattern in (_ZH_STAGE_PHRASE, _EN_STAGE_PHRASE):
        phrase = pattern.match(seen)
        if not phrase:
            continue
        said = line[phrase.start("stage") : phrase.end("stage")]
        named = match_name(said, names)
        if not named and (mention := find_mention(said, names)):
            named = mention.name
        rest = line[phrase.start("rest") :]
        if named:
            return named, rest
        if pattern is _EN_STAGE_PHRASE or phrase["kind"] not in ("的时候", "时"):
            return None, rest
    return None


def _is_channel(text: str) -> bool:
    detected = p.detect_channel(text)
    return detected is not None and fold(detected[0]) == fold(text)


def _and_parts(item: str) -> list[str]:
    """A Chinese item joined by 和/跟/及/与 is two touchpoints ("营业厅和APP上的套餐页", "光猫和
    路由器" in "装维师傅、光猫和路由器"); an English one is kept ("lost and found desk")."""
    if not _HAN.search(item) or any(c in item for c in "（(：:"):
        return [item]
    return [part for part in p.split_outside_brackets(item, _HAN_AND) if part.strip()]


def _touchpoint_names(body: str, *, one_item: bool = False) -> list[str]:
    """Items of a touchpoint line, a story's items included: "病人一般用微信小程序或者打电话" →
    微信小程序, 电话 ("打" goes only when what is left is a channel). A line that is `one_item`
    (one of several lines, each a touchpoint) is not split on 和/and: "购物车和篮子"."""
    items: list[str] = []
    listed = p.split_items(body, conjunctions=not one_item)
    for item in [part for i in listed for part in ([i] if one_item else _and_parts(i))]:
        if "（" in item or "(" in item or "：" in item or ":" in item:
            items.append(item)  # "名（渠道，线上）：动作" keeps its own structure
            continue
        if _REMARK.search(p.simplified(item)):
            continue
        item = p.remove_matches(_USE, p.strip_subject(item)).strip()
        for part in _OR.split(item):
            part = _clean(p.remove_matches(_ITEM_TAIL, p.remove_matches(_USE, part).strip()))
            reached = p.remove_matches(_REACH, part).strip()
            if reached != part and _is_channel(reached):
                part = reached
            part = p.remove_matches(_ARTICLE, part).strip()
            if part:
                items.append(part)
    return items


def _unknown_stage(draft: MapDraft, line: str) -> bool:
    """A "group：a、b、c" line whose group is no stage or touchpoint on the map: it names a
    stage we cannot find, so its touchpoints have no place yet."""
    head = _HEAD.match(line)
    if not head or len(_clean(head[1])) > 6 or "、" not in head[2]:
        return False
    return draft.touchpoint_named(head[1]) is None and len(p.split_items(head[2])) >= 2


def read_touchpoints(state: InterviewState, text: str) -> TouchpointsAnswer | None:
    draft = state.draft
    default_stage = focus_stage_name(draft) or (draft.stages[0].name if draft.stages else "")
    touchpoints: list[TouchpointItem] = []
    lines = p.split_lines(_unlabelled(text))
    for line in lines:
        front_back = _FRONT_BACK.match(p.simplified(line))
        if front_back and touchpoints:
            # "前台：柜员核验" describes the touchpoint on the line before it.
            field = "frontstage" if fold(front_back[1]) in ("前台", "frontstage") else "backstage"
            setattr(touchpoints[-1], field, _clean(line[front_back.start(2) :]))
            continue
        stage, body = default_stage, line
        said = _stage_said(draft, line)
        if (said and said[0] is None) or (not said and _unknown_stage(draft, line)):
            continue  # "就诊：诊室、检查室" with no stage like 就诊: ask, don't misfile
        if said and said[0]:
            stage, body = said[0], said[1]
        for item in _touchpoint_names(body, one_item=len(lines) > 1 and not said):
            parsed = parse_touchpoint(item, stage)
            if parsed:
                touchpoints.append(parsed)
    return TouchpointsAnswer(touchpoints=touchpoints) if touchpoints else None


# Emotions ---------------------------------------------------------------------------------------

# Where an emotion answer's clauses part: punctuation, and words that join or turn clauses.
_CLAUSE_BREAK = re.compile(
    r"[，,；;。！!？?\n、]|\.(?:\s|$)|\s+(?:and|but|while|whereas|however|though)\s+|"
    r"但是|但|不过|可是|而且|和|跟|与",
    re.IGNORECASE,
)


MODEL_MIN_CHARS = 3  # a clause this long (punctuation aside) says enough for the model

_SENTENCE_END = "。；;.!！?？\n"
_DASH = re.compile(r"^[\s\-—–]+(?![0-9])")
_JOINER = re.compile(r"^\s*(?:和|与|跟|and|but|但是|不过|而且)\s*", re.IGNORECASE)


def _topic_stage(draft: MapDraft, text: str) -> Mention | None:
    """The stage a clause opens with as its topic — "参观的时候被顾问一直推销很反感" is about
    the stage 到店参观, whatever touchpoint it goes on to name; "At check-in, …" likewise."""
    lead = len(text) - len(text.lstrip(_TRAILING + "\n"))
    seen = p.simplified(text[lead:])
    for pattern in (_ZH_STAGE_PHRASE, _EN_STAGE_PHRASE):
        phrase = pattern.match(seen)
        if not phrase:
            continue
        said = phrase["stage"]
        mention = find_mention(said, [s.name for s in draft.stages])
        if mention:
            offset = lead + phrase.start("stage")
            return Mention(
                mention.name, offset + mention.start, offset + mention.end, mention.score
            )
    return None


def _named(draft: MapDraft, text: str) -> tuple[Mention, bool] | None:
    """The touchpoint or stage a clause names, and whether it is a stage; a touchpoint wins a
    tie with another stage (touchpoints are often named after their stage), its own stage a
    tie with it."""
    if topic := _topic_stage(draft, text):
        return topic, True
    touchpoint = find_mention(text, [t.name for t in draft.ordered_touchpoints()])
    stage = find_mention(text, [s.name for s in draft.stages])
    if stage and touchpoint and stage.score == touchpoint.score < SLIP:
        own = draft.touchpoint_named(touchpoint.name)
        home = draft.stage_of(own.id) if own else None
        if home is not None and home.name == stage.name:
            return stage, True  # "点餐" of 入座点餐 and its 扫码点餐: the stage is meant
        return None  # a word shared by a stage and a touchpoint ("bag"): neither is meant
    if stage and (not touchpoint or stage.score > touchpoint.score):
        return stage, True
    return (touchpoint, False) if touchpoint else None


def _feeling(body: str, *, clearly_named: bool) -> p.ParsedEmotion | None:
    """The feeling in a clause: words and numbers; else, when the clause clearly names what it
    is about and says enough, the sentiment model's sign ("进度查询要等一周才有结果": −1)."""
    emotion = p.parse_emotion(body)
    if emotion is None and clearly_named and len(p.normalise(body)) >= MODEL_MIN_CHARS:
        sign = p.model_sign(body)
        emotion = None if sign is None else p.ParsedEmotion(sign, "", p.extract_quote(body))
    return emotion


def _touchpoint_reference(draft: MapDraft, name: str, numbered: list[str]) -> str:
    """How to name a touchpoint in an EmotionItem: its name, or its number when the name is
    not unique on the map (the same "App" in two stages)."""
    same = [t for t in draft.ordered_touchpoints() if fold(t.name) == fold(name)]
    if len(same) <= 1:
        return name
    ids = numbered or [t.id for t in draft.ordered_touchpoints()]
    return str(ids.index(same[0].id) + 1) if same[0].id in ids else name


@dataclass
class _Clause:
    """One clause of an emotion answer: what it names (a touchpoint or stage, however written,
    or a number), where that stage stands in the journey, and the feeling it carries."""

    reference: str = ""
    is_stage: bool = False
    order: int | None = None  # the index of the stage it names, directly or by a touchpoint
    emotion: p.ParsedEmotion | None = None
    empty: bool = False  # the name alone: "申请表和上传材料都很麻烦" shares one feeling
    quote: str = ""
    loose: bool = False  # named in part ("飲料" for 等飲料)


@dataclass
class _Felt:
    """A feeling and what it is about."""

    references: list[tuple[str, bool]] = field(default_factory=list)  # (name, is a stage)
    emotion: p.ParsedEmotion | None = None
    order: int | None = None


def _emotion_clauses(text: str, names: list[str]) -> list[tuple[int, int]]:
    """The clauses of an emotion answer as spans: cut at punctuation and at words that join or
    turn clauses, never inside a name ("Security and boarding") or a quote."""
    masked = p.mask_brackets(text)
    inside = [(m.start, m.end) for m in find_mentions(masked, names)]
    cuts = [0]
    for hit in _CLAUSE_BREAK.finditer(p.simplified(masked)):
        if not any(s < hit.start() < e for s, e in inside):
            cuts.append(hit.start())
    cuts.append(len(text))
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if _clean(text[a:b])]


def _read_clause(state: InterviewState, piece: str, single: str) -> _Clause:
    """What one clause names and feels; `single` is the one touchpoint still without a
    feeling, if only one is left ("-2 焦虑" is about it)."""
    draft = state.draft
    clause = _Clause()
    body, clearly = piece, False
    number = _NUMBER_REF.match(piece)
    if number:
        clause.reference, body, clearly = number[1], piece[number.end() :], True
        index = int(number[1]) - 1
        ids = state.numbered or [t.id for t in draft.ordered_touchpoints()]
        wanted = ids[index] if 0 <= index < len(ids) else ""
        touchpoint = next((t for t in draft.touchpoints if t.id == wanted), None)
        stage = draft.stage_of(touchpoint.id) if touchpoint else None
        clause.order = draft.stages.index(stage) if stage else None
    elif named := _named(draft, piece):
        mention, clause.is_stage = named
        start, end = _name_span(piece, mention)
        clause.reference, body = mention.name, _cut(piece, start, end)
        clearly = mention.score >= SLIP
        clause.loose = not clearly
        own = None if clause.is_stage else draft.touchpoint_named(mention.name)
        stage = draft.stage_of(own.id) if own else draft.stage_named(mention.name)
        clause.order = draft.stages.index(stage) if stage else None
    body = _JOINER.sub("", body.strip(" ，,：:")).strip(" ，,：:；;。.")
    body = _DASH.sub("", body)  # "docs - very frustrating", but "-2" kept
    if not p.normalise(body):
        clause.empty = True
        return clause
    clause.emotion = _feeling(body, clearly_named=clearly)
    clause.quote = p.extract_quote(body)
    if not clause.reference and single and clause.emotion is not None:
        clause.reference = single
    return clause


def _name_span(piece: str, mention: Mention) -> tuple[int, int]:
    """Where the name is, without the feeling words a loose match ran into: in "收到卡很開心"
    (收卡開卡) the 開 of 開心 is no part of the name."""
    start, end = mention.start, mention.end
    for word_start, word_end, _ in p.feeling_words(view(piece)):
        if start < word_start < end < word_end:
            end = word_start
        if word_start < start < word_end < end:
            start = word_end
    return start, end


def _between(
    clauses: list[_Clause], index: int, stages: int, last: _Felt | None, new_sentence: bool
) -> int | None:
    """The stage an unnamed clause with a feeling is about when it sits where exactly one stage
    is left out and its feeling turns: "点餐还好，吃的时候挺开心的，买单没啥感觉" — between 点餐
    and 买单 is 用餐; "審核很焦慮；收到理賠金很感謝" — after 審核, the last stage. At the end of
    an answer only a new sentence moves on ("审批很焦虑，2小时都没人理" goes on about 审批)."""
    feeling = clauses[index].emotion
    if feeling is None or last is None or last.emotion is None:
        return None
    if _sign(feeling.score) == _sign(last.emotion.score):
        return None  # the same feeling goes on about the same thing
    before = next((c.order for c in reversed(clauses[:index]) if c.order is not None), -1)
    after = next((c.order for c in clauses[index + 1 :] if c.order is not None), None)
    if after is None and not new_sentence:
        return None
    said = {c.order for c in clauses}
    if (stages if after is None else after) - before == 2 and before + 1 not in said:
        return before + 1
    return None


def _sign(score: int) -> int:
    return (score > 0) - (score < 0)


def _onward(draft: MapDraft, clauses: list[_Clause], felt: list[_Felt], index: int) -> Stage | None:
    """The next stage, when a new sentence names in part a stage already felt about and the
    stage after it is named nowhere: "等飲料的時候很不耐煩；拿到飲料就很開心" — the journey
    has moved on to 取餐."""
    clause = clauses[index]
    if not (clause.is_stage and clause.loose) or clause.order is None:
        return None
    if not any(f.order == clause.order and f.emotion is not None for f in felt):
        return None
    following = clause.order + 1
    if following >= len(draft.stages) or any(c.order == following for c in clauses):
        return None
    return draft.stages[following]


def _felt(state: InterviewState, text: str) -> list[tuple[list[tuple[str, bool]], p.ParsedEmotion]]:
    """The feelings of an answer, each with what it is about. A clause that names nothing
    continues the one before it ("很慢，而且乱", "pick up is ok, they like the car wash": a
    neutral word yields to a feeling), or, where exactly one stage is left out between the
    stages named around it, is about that stage."""
    draft = state.draft
    names = [t.name for t in draft.touchpoints] + [s.name for s in draft.stages]
    missing = draft.touchpoints_without_emotion()
    single = missing[0].name if len(missing) == 1 else ""
    spans = _emotion_clauses(text, names)
    clauses = [_read_clause(state, text[a:b], single) for a, b in spans]
    # A new sentence ("。", ";", ". ", a new line) is less likely to go on with the last one.
    new_sentence = [text[a:b].lstrip(" ")[:1] in _SENTENCE_END for a, b in spans]
    felt: list[_Felt] = []
    last: _Felt | None = None  # what a clause naming nothing goes on about
    waiting: list[tuple[str, bool]] = []  # named with no feeling: "自助机和分诊台都很烦"
    for index, clause in enumerate(clauses):
        if clause.reference:
            if clause.empty:
                waiting.append((clause.reference, clause.is_stage))
                continue
            if new_sentence[index] and (onward := _onward(draft, clauses, felt, index)):
                clause.reference, clause.order = onward.name, draft.stages.index(onward)
            references = [*waiting, (clause.reference, clause.is_stage)]
            last = _Felt(references, clause.emotion, clause.order)
            felt.append(last)
            waiting = []
            continue
        if clause.emotion is None:
            if last and last.emotion and clause.quote and not last.emotion.quote:
                last.emotion = replace(last.emotion, quote=clause.quote)  # "客户说“…”"
            continue
        stage = _between(clauses, index, len(draft.stages), last, new_sentence[index])
        if stage is not None:
            last = _Felt([(draft.stages[stage].name, True)], clause.emotion, stage)
            felt.append(last)
            clause.order = stage
        elif last is not None and (
            last.emotion is None or (last.emotion.score == 0 and not new_sentence[index])
        ):
            last.emotion = clause.emotion  # "pick up is ok, they like the free car wash"
        elif new_sentence[index]:
            last = None  # a sentence about something unnamed: what follows goes on with it
    return [(f.references, f.emotion) for f in felt if f.emotion is not None]


def read_emotions(state: InterviewState, text: str) -> EmotionsAnswer | None:
    """Feelings per touchpoint: "1: -2 anxious", "网点取号排队：-2 生气", or in plain words per
    clause — "产品页还行，申请表很烦，审批等待非常焦虑" — where a stage's feeling applies to its
    touchpoints that have none yet."""
    draft = state.draft
    answer = EmotionsAnswer()
    rest = _REST.search(p.simplified(text)) or _MOSTLY.search(p.simplified(text))
    if rest:
        emotion = p.parse_emotion(text[rest.start("value") : rest.end("value")])
        if emotion:
            answer.rest_score, answer.rest_label = emotion.score, emotion.label
        text = text[: rest.start()] + " " * (rest.end() - rest.start()) + text[rest.end() :]
    felt: dict[str, EmotionItem] = {}
    by_stage: dict[str, p.ParsedEmotion] = {}
    for references, emotion in _felt(state, text):
        for reference, is_stage in references:
            if is_stage:
                known = by_stage.get(reference)
                if known is None or (known.score == 0 and emotion.score != 0):
                    by_stage[reference] = emotion  # "Security is okay, boarding is chaotic"
                continue
            felt[fold(reference)] = EmotionItem(
                touchpoint=reference, score=emotion.score, label=emotion.label, quote=emotion.quote
            )
    for stage_name, emotion in by_stage.items():
        stage = draft.stage_named(stage_name)
        for touchpoint in draft.touchpoints_of(stage.id) if stage else []:
            if touchpoint.emotion is None and fold(touchpoint.name) not in felt:
                reference = _touchpoint_reference(draft, touchpoint.name, state.numbered)
                felt[fold(touchpoint.name)] = EmotionItem(
                    touchpoint=reference,
                    score=emotion.score,
                    label=emotion.label,
                    quote=emotion.quote,
                )
    answer.emotions = list(felt.values())
    return None if not answer.emotions and answer.rest_score is None else answer


# Pain points and moments of truth -------------------------------------------------------------

_MOMENT_CLAUSE = re.compile(
    r"(?:关键时刻|moments? of truth|mot)\s*(?:是|有|are|is)?\s*[:：]\s*(?P<names>[^\n；;]+)",
    re.IGNORECASE,
)
_NEXT_PAIN_ZH = r"其次|再次|还有就是|还有|另外|此外|再就是|再者|以及|第[二三四五六七八九十]|最后"
_NEXT_PAIN_EN = r"also|another|second(?:ly)?|third(?:ly)?|besides|plus|on top of that|finally"
# "最烦的是排队，其次是不知道审批到哪了": a new pain starts at 其次, "another", ...
_PAIN_BREAK = re.compile(
    rf"[，,。.!！]\s*(?=(?:{_NEXT_PAIN_ZH})|(?:and\s+)?(?:{_NEXT_PAIN_EN})\b)", re.IGNORECASE
)
_PAIN_LEAD = re.compile(
    rf"^\s*(?:(?:{_NEXT_PAIN_ZH}|首先|第一)(?:个|点)?(?:问题|痛点)?|(?:and\s+)?(?:{_NEXT_PAIN_EN}|"
    r"first(?:ly)?)\b(?:\s+(?:one|problem|issue|pain(?: point)?|thing))?)"
    # "first bill higher than quoted": an ordinal before a noun is part of the pain
    r"(?<!first)(?<!second)(?<!third)(?<!final)\s*(?:的是|就是|是|is|:|：|,|，)?\s*"
    r"|^\s*(?:and\s+)?(?:first|second|third|finally)\s*(?:is\b|[:：,，])\s*"
    r"|^(?:客户|顾客|用户|病人|患者|乘客|旅客|大家|他们)?(?:最|比较|特别|非常)?"
    r"(?:烦|不满|头疼|讨厌|抱怨|吐槽|在意|受不了|难受|生气|不爽|不满意)(?:的)?(?:地方|点)?"
    r"(?:是|就是|的是|在于)\s*"
    r"|^(?:最大的|主要的|第一个|另一个|还有个|一个)?(?:问题|痛点|槽点|麻烦|毛病)(?:是|就是|在于)\s*"
    r"|^(?:the\s+)?(?:biggest|main|worst|first|other|second|another|key)(?:\s+(?:problem|"
    r"pain(?: point)?|issue|complaint|thing|frustration|part)s?)?\s+(?:is|are|was)\s+(?:that\s+)?"
    r"|^(?:customers?|people|users|patients|passengers|guests)\s+(?:hate|complain about|complain "
    r"that|are annoyed by|can't stand|struggle with)\s+",
    re.IGNORECASE,
)


def _mentioned_touchpoints(draft: MapDraft, text: str) -> list[str]:
    """The touchpoints a moments-of-truth answer names, in order; a stage named stands for its
    touchpoints ("审批和放款": the touchpoints of 等审批 and 放款; "delivery": the stage's,
    though three touchpoints share the word). Where both are named at one place, the
    touchpoint (more precise) wins a tie."""
    touchpoints = find_mentions(text, [t.name for t in draft.ordered_touchpoints()])
    stages = [
        m
        for m in find_mentions(text, [s.name for s in draft.stages])
        if not any(t.start < m.end and m.start < t.end and t.score >= m.score for t in touchpoints)
    ]
    touchpoints = [
        t for t in touchpoints if not any(m.start < t.end and t.start < m.end for m in stages)
    ]
    found: list[str] = []
    for mention in sorted([*touchpoints, *stages], key=lambda m: m.start):
        stage = draft.stage_named(mention.name) if mention in stages else None
        if stage is None:
            found.append(mention.name)
            continue
        found.extend(
            _touchpoint_reference(draft, t.name, []) for t in draft.touchpoints_of(stage.id)
        )
    return list(dict.fromkeys(found))


def _pain_items(line: str) -> list[str]:
    """A line of pains, told as a story or not: "最烦的是排队，其次是不知道审批到哪了" is two."""
    cuts = [0, *(m.end() for m in _PAIN_BREAK.finditer(p.simplified(line))), len(line)]
    return [c for c in (line[a:b] for a, b in zip(cuts, cuts[1:], strict=False)) if _clean(c)]


def _pain_place(draft: MapDraft, item: str) -> tuple[str, str, str]:
    """(stage, touchpoint, the rest) of a pain: named in a label ("审批等待：…") or anywhere in
    it, however written; empty when none is named (apply.py places it)."""
    stages = [s.name for s in draft.stages]
    touchpoints = [t.name for t in draft.ordered_touchpoints()]
    head = _HEAD.match(item)
    if head:
        if touchpoint := match_name(head[1], touchpoints):
            return "", touchpoint, head[2]
        if stage := match_name(head[1], stages):
            return stage, "", head[2]
    named = _named(draft, item)
    if named is None:
        return "", "", item
    mention, is_stage = named
    return (mention.name, "", item) if is_stage else ("", mention.name, item)


def read_pains(state: InterviewState, text: str) -> PainsAnswer | None:
    draft = state.draft
    answer = PainsAnswer()
    moments = _MOMENT_CLAUSE.search(p.simplified(text))
    if moments:
        answer.moments_of_truth = _mentioned_touchpoints(draft, moments["names"])
        text = text[: moments.start()] + text[moments.end() :]
    for line in p.split_lines(_unlabelled(text)):
        for item in _pain_items(line):
            stage, touchpoint, body = _pain_place(draft, item)
            description = _clean(p.remove_matches(_STRIP_SCORES, body))
            description = p.remove_matches(_TRAILING_SEVERITY, description)
            description = _clean(p.remove_matches(_PAIN_LEAD, description))
            description = _clean(p.remove_matches(_EMPTY_BRACKETS, description))
            if not description:
                continue
            pain = PainItem(
                description=description,
                stage=stage,
                touchpoint=touchpoint,
                quote=p.extract_quote(body),
            )
            pain.severity = p.parse_severity(body)  # None when the user did not say
            answer.pain_points.append(pain)
    return None if not answer.pain_points and not answer.moments_of_truth else answer


def read_moments(state: InterviewState, text: str) -> PainsAnswer | None:
    names = _mentioned_touchpoints(state.draft, text)
    return PainsAnswer(moments_of_truth=names) if names else None


# Opportunities --------------------------------------------------------------------------------

_FIX_SPLIT = re.compile(
    r"\s*(?:[，,、]|(?<![合兼吞])并且?(?![不非列存行])|同时|以及)\s*"
    r"|\s+and\s+(?=(?:add|simplify|offer|provide|introduce|send|create|build|reduce|improve|train|"
    r"set up|launch|enable|allow|give|show|notify|automate|extend|hire|use|make|remove|cut|"
    r"shorten|publish|update|redesign|streamline|digiti[sz]e|integrate|track|text|email|call|"
    r"display|pre-?fill|open|staff|review|monitor|fix|replace|merge|move|let|explain|clarify|"
    r"standardi[sz]e|personali[sz]e|deploy|install|upgrade|expand|speed up|assign|share|"
    r"offer)\b)",
    re.IGNORECASE,
)
# A fragment that only explains the fix before it: "，让客户随时知道审批到哪", ", so that …".
_EXPLAINS = re.compile(
    r"^(?:让|使|以便|方便|好让|从而|这样|特别是|尤其是|比如|例如|包括|so that|so|to let|which|that|"
    r"such as|especially|e\.g\.|including|like)\b|^(?:让|使|以便|方便|好让|从而|这样|特别是|"
    r"尤其是|比如|例如|包括)",
    re.IGNORECASE,
)
_POINTS_AT = re.compile(r"^(?:针对|对于|关于|解决)\S|^(?:for|about|to fix)\s", re.IGNORECASE)
PAIN_LINK = 0.25  # word overlap at which a fix is taken to address a pain point


def _attributes_only(fragment: str) -> bool:
    """Nothing but scores, a KANO class or a pain number: "effort medium", "performance"."""
    rest = p.remove_matches(_PAIN_REF, fragment)
    rest = p.remove_matches(_STRIP_KANO, p.remove_matches(_STRIP_SCORES, rest))
    return not p.normalise(rest)


def _fix_items(line: str) -> list[str]:
    """The fixes in a line: "简化申请表，增加进度查询，在线咨询" is three; "…, impact high, effort
    low" and "，让客户随时知道进度" stay with the fix they belong to; brackets are never split."""
    pieces = p.split_outside_brackets(line, _FIX_SPLIT)
    spans: list[str] = []
    separators = [m.group() for m in _FIX_SPLIT.finditer(p.mask_brackets(p.simplified(line)))]
    for index, piece in enumerate(pieces):
        joined = separators[index - 1] if index and index - 1 < len(separators) else " "
        piece_view = p.simplified(piece).strip()
        if spans and (_attributes_only(piece) or _EXPLAINS.match(piece_view) or not piece_view):
            spans[-1] += joined + piece
        elif (
            spans
            and _POINTS_AT.match(p.simplified(spans[-1]).strip())
            and not _fix_started(spans[-1])
        ):
            spans[-1] += joined + piece  # "针对排队久，上线预约取号": one fix, its pain first
        else:
            spans.append(piece)
    return [s for s in spans if _clean(s)]


def _fix_started(text: str) -> bool:
    """The fragment already says what to do (it is more than "针对排队久")."""
    return bool(_HEAD.match(text))


def _pain_words(text: str) -> set[str]:
    return {t for t in tokenize(text) if len(t) >= 2}


def _linked_pain(draft: MapDraft, fix: str) -> str:
    """The map's pain point this fix most plainly addresses, by the words they share; empty
    when none does or two do equally (the plan's linking decides then)."""
    words = _pain_words(fix)
    if not words:
        return ""
    scored = []
    for pain in draft.pain_points:
        theirs = _pain_words(pain.description)
        if theirs and (shared := words & theirs):
            scored.append((len(shared) / len(words | theirs), pain.description))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < PAIN_LINK:
        return ""
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return ""
    return scored[0][1]


def read_opportunities(state: InterviewState, text: str) -> OpportunitiesAnswer | None:
    draft = state.draft
    items = []
    for line in p.split_lines(_unlabelled(text)):
        for item in _fix_items(line):
            pain = ""
            reference = _PAIN_REF.search(p.simplified(item))
            description = item
            if reference:
                pain = reference[1]
                description = item[: reference.start()] + item[reference.end() :]
            description = p.remove_matches(
                _STRIP_KANO, p.remove_matches(_STRIP_SCORES, description)
            )
            description = _clean(p.remove_matches(_EMPTY_BRACKETS, description))
            if not description:
                continue
            items.append(
                OpportunityItem(
                    description=description,
                    pain=pain or _linked_pain(draft, description),
                    impact=p.parse_level(item, "impact"),
                    effort=p.parse_level(item, "effort"),
                    kano=p.parse_kano(item),
                )
            )
    return OpportunitiesAnswer(opportunities=items) if items else None

"""The guided engine's ears: rule parsers turning an answer into the step's Answer model.

Each function reads one kind of answer; `extract` picks by the question being asked. Answers are
read the way managers write them: lists, "stage: items" lines, or a story ("先预约挂号，然后…",
"first they book online, then …"), in Simplified, Traditional or English, with typos. Names are
matched on the folded view (mentions.py) and cut from the original, so the map keeps the user's
own script. What cannot be read is left out, never guessed: the engine asks again.
"""

from __future__ import annotations

import re

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
_NUMBER_REF = re.compile(r"^\s*(?:#|no\.?\s*)?(\d{1,2})\s*[:：.、)）]?\s*(?=\S)")
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
        for field, names in _LABELS.items():
            if label in names:
                found[field] = _clean(match[2])
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
    """The answer without a leading "阶段：" / "stages:" label."""
    return p.remove_matches(_LIST_LABEL, text)


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
    rf"^{_AUX}(?:用|使用|通过|靠|走)|"
    r"^(?:(?:usually|typically|mostly|often|can|will|also)\s+)*(?:use|uses|using|via|through|by)"
    r"\b",
    re.IGNORECASE,
)
# "打电话", "去窗口": the verb goes only when what is left is a channel ("到店" stays whole).
_REACH = re.compile(
    rf"^{_AUX}(?:拨打|打|去|到|上|登录|登陆|进)|^(?:call|visit|go to|open)\b", re.IGNORECASE
)
_OR = re.compile(r"\s*(?:或者|或是|或|还是|\bor\b|/)\s*", re.IGNORECASE)
_ITEM_TAIL = re.compile(r"(?:等等|等|之类的?|这些|etc\.?)\s*$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an|their|our)\s+", re.IGNORECASE)


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


def _touchpoint_names(body: str) -> list[str]:
    """Items of a touchpoint line, a story's items included: "病人一般用微信小程序或者打电话" →
    微信小程序, 电话 ("打" goes only when what is left is a channel)."""
    items: list[str] = []
    for item in p.split_items(body):
        if "（" in item or "(" in item or "：" in item or ":" in item:
            items.append(item)  # "名（渠道，线上）：动作" keeps its own structure
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
    for line in p.split_lines(_unlabelled(text)):
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
        for item in _touchpoint_names(body):
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

_JOINER = re.compile(r"^\s*(?:和|与|跟|and|but|但是|不过|而且)\s*", re.IGNORECASE)


def _emotion_groups(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Clauses of an emotion answer as spans, one per thing felt about: a clause starts at a
    number or a name (of a touchpoint or stage, however written); anything else continues the
    clause before it ("很慢，而且乱" is one feeling; a quote's commas never part it)."""
    masked = p.mask_brackets(text)
    mentions = find_mentions(masked, names)
    inside = [(m.start, m.end) for m in mentions]
    cuts = [0]
    for hit in _CLAUSE_BREAK.finditer(p.simplified(masked)):
        if not any(s < hit.start() < e for s, e in inside):
            cuts.append(hit.start())
    cuts.append(len(text))
    groups: list[tuple[int, int]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = text[start:end]
        if not _clean(piece) and not groups:
            continue
        begins = bool(_NUMBER_REF.match(_clean(piece))) or any(
            start <= m.start < end for m in mentions
        )
        if begins or not groups:
            groups.append((start, end))
        else:
            groups[-1] = (groups[-1][0], end)
    return groups


def _named(draft: MapDraft, text: str) -> tuple[Mention, bool] | None:
    """The touchpoint or stage a clause names, and whether it is a stage; a touchpoint wins a
    tie (touchpoints are often named after their stage)."""
    touchpoint = find_mention(text, [t.name for t in draft.ordered_touchpoints()])
    stage = find_mention(text, [s.name for s in draft.stages])
    if stage and touchpoint and stage.score == touchpoint.score < SLIP:
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


def read_emotions(state: InterviewState, text: str) -> EmotionsAnswer | None:
    """Feelings per touchpoint: "1: -2 anxious", "网点取号排队：-2 生气", or in plain words per
    clause — "产品页还行，申请表很烦，审批等待非常焦虑" — where a stage's feeling applies to its
    touchpoints that have none yet."""
    draft = state.draft
    answer = EmotionsAnswer()
    rest = _REST.search(p.simplified(text))
    if rest:
        emotion = p.parse_emotion(text[rest.start("value") : rest.end("value")])
        if emotion:
            answer.rest_score, answer.rest_label = emotion.score, emotion.label
        text = text[: rest.start()] + " " * (rest.end() - rest.start()) + text[rest.end() :]
    names = [t.name for t in draft.touchpoints] + [s.name for s in draft.stages]
    missing = draft.touchpoints_without_emotion()
    felt: dict[str, EmotionItem] = {}
    by_stage: list[tuple[str, p.ParsedEmotion]] = []
    waiting: list[tuple[str, bool]] = []  # named with no feeling: "自助机和分诊台都很烦"
    for start, end in _emotion_groups(text, names):
        group = text[start:end]
        reference, body, is_stage, clearly = "", group, False, False
        number = _NUMBER_REF.match(group)
        if number:
            reference, body, clearly = number[1], group[number.end() :], True
        elif named := _named(draft, group):
            mention, is_stage = named
            reference, body = mention.name, _cut(group, mention.start, mention.end)
            clearly = mention.score >= SLIP
        elif len(missing) == 1:
            reference = missing[0].name  # "-2 焦虑" when only one touchpoint is left
        body = _JOINER.sub("", body.strip(" ，,：:")).strip(" ，,：:；;。.")  # keep "-2"
        if not reference:
            continue
        if not p.normalise(body):
            waiting.append((reference, is_stage))
            continue
        emotion = _feeling(body, clearly_named=clearly)
        if emotion is None:
            continue
        for pending, pending_stage in [*waiting, (reference, is_stage)]:
            if pending_stage:
                by_stage.append((pending, emotion))
            else:
                felt[fold(pending)] = EmotionItem(
                    touchpoint=pending,
                    score=emotion.score,
                    label=emotion.label,
                    quote=emotion.quote,
                )
        waiting = []
    for stage_name, emotion in by_stage:
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
    r"first(?:ly)?)\b(?:\s+(?:one|problem|issue|pain(?: point)?|thing))?)\s*(?:的是|就是|是|is|:|：|,|，)?\s*"
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
    names = [t.name for t in draft.ordered_touchpoints()]
    return [m.name for m in sorted(find_mentions(text, names), key=lambda m: m.start)]


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

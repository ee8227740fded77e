"""The guided engine's ears: rule parsers turning an answer into the step's Answer model.

Each function reads one kind of answer; `extract` picks by the question being asked. Names are
resolved against the map only as far as parsing needs (which line belongs to which stage);
`apply.py` does the rest.
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
from assistant.interview.state import InterviewState
from assistant.interview.steps import SlotKey

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
_FRONT_BACK = re.compile(r"^\s*(前台|后台|frontstage|backstage)\s*[:：]\s*(.+)$", re.IGNORECASE)
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


def read_goal(state: InterviewState, text: str) -> GoalAnswer | None:
    fields = _labelled(text)
    answer = GoalAnswer(
        goal=fields.get("goal", ""),
        scope=fields.get("scope", ""),
        product=fields.get("product", ""),
        company=fields.get("company", ""),
        industry=fields.get("industry", ""),
    )
    if not answer.goal and not fields:
        answer.goal = _clean(text)
    if not answer.scope:
        view = p.simplified(text)
        scope = _ZH_SCOPE.search(view) or _EN_SCOPE.search(view)
        answer.scope = _clean(text[scope.start(1) : scope.end(1)]) if scope else ""
    industry = p.detect_industry(answer.industry or text)
    if industry and not answer.industry:
        answer.industry = industry
    if industry and not answer.product:
        answer.product = p.product_hint(text, industry)
    answer.kpis = [
        KPIItem(name=k.name, baseline=k.baseline, target=k.target, unit=k.unit)
        for k in p.parse_kpis(text)
    ]
    return None if not (answer.goal or fields) else answer


def read_industry(state: InterviewState, text: str) -> GoalAnswer | None:
    fields = _labelled(text)
    named = fields.get("industry") or _clean(text)
    if not named:
        return None
    return GoalAnswer(industry=p.detect_industry(named) or named)


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
    stages = []
    for item in _list_items(text):
        name, description = p.split_name(item)
        if name:
            stages.append(StageItem(name=_clean(name), description=_clean(description)))
    return StagesAnswer(stages=stages) if stages else None


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
        head = re.match(r"^\s*([^:：（(]{1,20}?)\s*[:：]\s*(.+)$", line)
        if head and draft.stage_named(head[1]):
            stage, body = head[1].strip(), head[2]
        for item in p.split_items(body):
            parsed = parse_touchpoint(item, stage)
            if parsed:
                touchpoints.append(parsed)
    return TouchpointsAnswer(touchpoints=touchpoints) if touchpoints else None


def _emotion_groups(text: str, names: list[str]) -> list[str]:
    """Clauses of an emotion answer, one per touchpoint: a clause starts at a number or a
    touchpoint name; anything else continues the clause before it (a quote with commas)."""
    groups: list[str] = []
    folded_names = [fold(n) for n in names if n]
    for line in re.split(r"\n|；|;", text):
        for part in re.split(r"[，,]", line):
            if not part.strip():
                continue
            starts = _NUMBER_REF.match(part) or any(
                fold(part).strip().startswith(n) for n in folded_names
            )
            if starts or not groups:
                groups.append(part.strip())
            else:
                groups[-1] += "，" + part.strip()
    return groups


def read_emotions(state: InterviewState, text: str) -> EmotionsAnswer | None:
    draft = state.draft
    answer = EmotionsAnswer()
    rest = _REST.search(p.simplified(text))
    if rest:
        emotion = p.parse_emotion(text[rest.start("value") : rest.end("value")])
        if emotion:
            answer.rest_score, answer.rest_label = emotion.score, emotion.label
        text = text[: rest.start()] + text[rest.end() :]
    names = sorted((t.name for t in draft.touchpoints), key=len, reverse=True)
    missing = draft.touchpoints_without_emotion()
    for group in _emotion_groups(text, names):
        reference, body = "", group
        number = _NUMBER_REF.match(group)
        if number:
            reference, body = number[1], group[number.end() :]
        else:
            folded = fold(group)
            name = next((n for n in names if folded.startswith(fold(n))), None)
            name = name or next((n for n in names if fold(n) in folded), None)
            if name:
                reference = name
                start = folded.find(fold(name))
                body = group[:start] + group[start + len(name) :]
            elif len(missing) == 1:
                reference = missing[0].name  # "-2 焦虑" when only one touchpoint is left
        emotion = p.parse_emotion(body.lstrip("：: "))
        if reference and emotion:
            answer.emotions.append(
                EmotionItem(
                    touchpoint=reference,
                    score=emotion.score,
                    label=emotion.label,
                    quote=emotion.quote,
                )
            )
    return None if not answer.emotions and answer.rest_score is None else answer


_MOMENT_CLAUSE = re.compile(
    r"(?:关键时刻|moments? of truth|mot)\s*(?:是|有|are|is)?\s*[:：]\s*(?P<names>[^\n；;]+)",
    re.IGNORECASE,
)


def _mentioned_touchpoints(draft: MapDraft, text: str) -> list[str]:
    folded = fold(text)
    names = sorted((t.name for t in draft.touchpoints), key=len, reverse=True)
    found: list[str] = []
    for name in names:
        if fold(name) in folded and not any(fold(name) in fold(f) for f in found):
            found.append(name)
    return found


def read_pains(state: InterviewState, text: str) -> PainsAnswer | None:
    draft = state.draft
    answer = PainsAnswer()
    moments = _MOMENT_CLAUSE.search(p.simplified(text))
    if moments:
        answer.moments_of_truth = _mentioned_touchpoints(draft, moments["names"])
        text = text[: moments.start()] + text[moments.end() :]
    for item in p.split_lines(_unlabelled(text)):
        stage, touchpoint, body = "", "", item
        head = re.match(r"^\s*([^:：]{1,20}?)\s*[:：]\s*(.+)$", item)
        if head and (draft.stage_named(head[1]) or draft.touchpoint_named(head[1])):
            if draft.touchpoint_named(head[1]):
                touchpoint = head[1].strip()
            else:
                stage = head[1].strip()
            body = head[2]
        else:
            mentioned = _mentioned_touchpoints(draft, item)
            touchpoint = mentioned[0] if mentioned else ""
            if not touchpoint:
                stage = next(
                    (
                        s.name
                        for s in draft.stages
                        if len(s.name) >= 2 and fold(s.name) in fold(item)
                    ),
                    "",
                )
        severity = p.parse_severity(body) or 3
        description = _clean(p.remove_matches(_STRIP_SCORES, body))
        description = p.remove_matches(_TRAILING_SEVERITY, description)
        description = re.sub(r"[（(]\s*[）)]", "", description).strip(_TRAILING)
        if description:
            answer.pain_points.append(
                PainItem(
                    description=description,
                    stage=stage,
                    touchpoint=touchpoint,
                    severity=severity,
                    quote=p.extract_quote(body),
                )
            )
    return None if not answer.pain_points and not answer.moments_of_truth else answer


def read_moments(state: InterviewState, text: str) -> PainsAnswer | None:
    names = _mentioned_touchpoints(state.draft, text)
    return PainsAnswer(moments_of_truth=names) if names else None


def read_opportunities(state: InterviewState, text: str) -> OpportunitiesAnswer | None:
    draft = state.draft
    items = []
    for item in p.split_lines(_unlabelled(text)):
        pain = ""
        reference = _PAIN_REF.search(p.simplified(item))
        if reference:
            pain = reference[1]
            item = item[: reference.start()] + item[reference.end() :]
        else:
            folded = fold(item)
            pain = next(
                (
                    x.description
                    for x in draft.pain_points
                    if fold(re.split(r"[：:]", x.description)[0]) in folded
                ),
                "",
            )
        description = _clean(p.remove_matches(_STRIP_KANO, p.remove_matches(_STRIP_SCORES, item)))
        description = p.remove_matches(re.compile(r"^(?:针对|for)\s*[:：]?\s*", re.I), description)
        if description:
            items.append(
                OpportunityItem(
                    description=description,
                    pain=pain,
                    impact=p.parse_level(item, "impact"),
                    effort=p.parse_level(item, "effort"),
                    kano=p.parse_kano(item),
                )
            )
    return OpportunitiesAnswer(opportunities=items) if items else None

"""Putting answers and accepted suggestions into the map, with provenance, and saying what
was understood.

Stated by the user → provenance `user`; a playbook suggestion → `suggested`, citing the playbook
section; a suggestion from the workspace's data → `data`, with the record references. A value the
user did not give but the map needs (a pain point's severity, a touchpoint's channel mode, a fix's
impact and effort, which pain a fix addresses) is filled in and listed in `provenance.inferred`,
so it is never passed off as the user's.
"""

from __future__ import annotations

from assistant.domain import (
    Emotion,
    MapKPI,
    Opportunity,
    PainPoint,
    Provenance,
    Touchpoint,
    mark_stated,
)
from assistant.domain.common import ChannelMode
from assistant.domain.plan import priority_bucket
from assistant.i18n.labels import labels_for
from assistant.interview import parsing as p
from assistant.interview.blueprint import apply_blueprint
from assistant.interview.draft import MapDraft, fold
from assistant.interview.extraction import (
    Answer,
    BlueprintAnswer,
    EmotionsAnswer,
    GoalAnswer,
    OpportunitiesAnswer,
    PainsAnswer,
    PersonasAnswer,
    StagesAnswer,
    TouchpointsAnswer,
)
from assistant.interview.linking import link_fix
from assistant.interview.rules import focus_stage_name
from assistant.interview.say import Say, number_text, signed, unit_suffix
from assistant.interview.state import (
    IndustryChoice,
    InterviewState,
    MomentChoice,
    OpportunityChoice,
    PainChoice,
    StageChoice,
    SuggestionChip,
    TouchpointChoice,
)
from assistant.interview.turn import Turn
from assistant.playbooks import INDUSTRIES, Playbook, load_playbook, playbook_lang, similarity

PLACE_MATCH = 0.25  # token overlap at which a pain point is taken to name a touchpoint
ECHO_LIMIT = 8
DEFAULT_SEVERITY = 3  # the middle of 1..5, when neither the user nor the playbook says more
# Channels that are online whatever the user calls the touchpoint (the mode is still a guess).
ONLINE_CHANNELS: tuple[str, ...] = (
    "app", "小程序", "网站", "官网", "公众号", "微信", "短信", "邮件", "在线", "网上", "线上",
    "手机银行", "网银", "电商", "外卖平台", "website", "web", "email", "e-mail", "sms", "chat",
    "online", "wechat", "mini program", "mobile", "portal",
)  # fmt: skip


def _stated(*inferred: str) -> Provenance:
    return Provenance(source="user", inferred=list(inferred))


def _guessed(say: Say, value: object, guessed: bool) -> str:
    """A value for the echo, marked when the assistant filled it in."""
    return say("guessed_value", value=value) if guessed else str(value)


def _few(items: list[str]) -> list[str]:
    return items if len(items) <= ECHO_LIMIT else [*items[:ECHO_LIMIT], "…"]


# Resolving names the user (or a model) used ----------------------------------------------------


def resolve_stage_id(draft: MapDraft, name: str) -> str | None:
    if not name:
        return None
    stage = draft.stage_named(name)
    if stage:
        return stage.id
    scored = [(similarity(name, s.name), s.id) for s in draft.stages]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= 0.3 else None


def resolve_touchpoint(draft: MapDraft, reference: str, numbered: list[str]) -> Touchpoint | None:
    reference = reference.strip()
    if reference.isdigit():
        index = int(reference) - 1
        ids = numbered or [t.id for t in draft.ordered_touchpoints()]
        wanted = ids[index] if 0 <= index < len(ids) else None
        return next((t for t in draft.touchpoints if t.id == wanted), None)
    return draft.touchpoint_named(reference) if reference else None


def playbook_for(state: InterviewState) -> Playbook | None:
    return load_playbook(state.industry, playbook_lang(state.lang)) if state.industry else None


def set_industry(turn: Turn, industry: str) -> None:
    """Industry as a playbook key when we know it (suggestions follow), else as said."""
    state, say = turn.state, turn.say
    key = industry if industry in INDUSTRIES else p.detect_industry(industry)
    state.industry = key
    state.draft.industry = say(f"industry_{key}") if key else industry
    turn.echo.append(say("echo_industry", industry=state.draft.industry))


# Answers ----------------------------------------------------------------------------------------


def apply_answer(turn: Turn, answer: Answer) -> bool:
    """Apply an answer; True when the map changed."""
    before = turn.state.draft.model_dump_json()
    if isinstance(answer, GoalAnswer):
        apply_goal(turn, answer)
    elif isinstance(answer, PersonasAnswer):
        apply_personas(turn, answer)
    elif isinstance(answer, StagesAnswer):
        apply_stages(turn, answer)
    elif isinstance(answer, TouchpointsAnswer):
        apply_touchpoints(turn, answer)
    elif isinstance(answer, BlueprintAnswer):
        apply_blueprint(turn, answer)
    elif isinstance(answer, EmotionsAnswer):
        apply_emotions(turn, answer)
    elif isinstance(answer, PainsAnswer):
        apply_pains(turn, answer)
    else:
        apply_opportunities(turn, answer)
    return turn.state.draft.model_dump_json() != before


def apply_goal(turn: Turn, answer: GoalAnswer) -> None:
    draft, say = turn.state.draft, turn.say
    if answer.goal:
        draft.goal = answer.goal
        turn.echo.append(say("echo_goal", goal=answer.goal))
    if answer.scope:
        draft.scope = answer.scope
        turn.echo.append(say("echo_scope", scope=answer.scope))
    if answer.product:
        draft.product = answer.product
        turn.echo.append(say("echo_product", product=answer.product))
    if answer.company:
        draft.company = answer.company
        turn.echo.append(say("echo_company", company=answer.company))
    if answer.industry:
        set_industry(turn, answer.industry)
    for kpi in answer.kpis:
        if kpi.target is None or any(fold(k.name) == fold(kpi.name) for k in draft.kpis):
            continue
        draft.kpis.append(
            MapKPI(
                id=draft.new_id("kpi"),
                name=kpi.name,
                unit=kpi.unit,
                baseline=kpi.baseline,
                target=kpi.target,
                provenance=_stated(),
            )
        )
        turn.echo.append(
            say(
                "echo_kpi",
                name=kpi.name,
                baseline=number_text(kpi.baseline),
                target=number_text(kpi.target),
                unit=unit_suffix(kpi.unit, turn.state.lang),
            )
        )


def apply_personas(turn: Turn, answer: PersonasAnswer) -> None:
    added = [
        turn.state.draft.add_persona(item.name, item.description, _stated()).name
        for item in answer.personas
        if item.name.strip()
    ]
    if added:
        turn.echo.append(turn.say("echo_personas", names=turn.say.join(_few(added))))


def apply_stages(turn: Turn, answer: StagesAnswer) -> None:
    draft = turn.state.draft
    added = [
        draft.add_stage(item.name, item.description, _stated()).name
        for item in answer.stages
        if item.name.strip()
    ]
    if added:
        turn.echo.append(turn.say("echo_stages", names=turn.say.join(_few(added))))


def apply_touchpoints(turn: Turn, answer: TouchpointsAnswer) -> None:
    draft = turn.state.draft
    default = resolve_stage_id(draft, focus_stage_name(draft)) or (
        draft.stages[0].id if draft.stages else None
    )
    by_stage: dict[str, list[str]] = {}
    for item in answer.touchpoints:
        stage_id = resolve_stage_id(draft, item.stage) or default
        if stage_id is None or not item.name.strip():
            continue
        text = f"{item.name} {item.customer_action}"
        touchpoint = draft.add_touchpoint(
            Touchpoint(
                id=draft.new_id("touchpoint"),
                stage_id=stage_id,
                name=item.name,
                channel=item.channel,
                mode=item.mode or guess_mode(item.channel, text),
                category=p.detect_category(text),
                customer_action=item.customer_action,
                frontstage=item.frontstage,
                backstage=item.backstage,
                provenance=_stated() if item.mode else _stated("mode"),
            )
        )
        by_stage.setdefault(stage_id, []).append(touchpoint.name)
    for stage_id, names in by_stage.items():
        stage = next(s for s in draft.stages if s.id == stage_id)
        turn.echo.append(
            turn.say("echo_touchpoints", stage=stage.name, names=turn.say.join(_few(names)))
        )


def apply_emotions(turn: Turn, answer: EmotionsAnswer) -> None:
    draft, say = turn.state.draft, turn.say
    said: list[str] = []
    for item in answer.emotions:
        touchpoint = resolve_touchpoint(draft, item.touchpoint, turn.state.numbered)
        if touchpoint is None:
            continue
        touchpoint.emotion = Emotion(score=item.score, label=item.label, quote=item.quote)
        said.append(
            say(
                "echo_emotion",
                touchpoint=touchpoint.name,
                score=signed(item.score),
                label=item.label,
            )
        )
    if answer.rest_score is not None:
        for touchpoint in draft.touchpoints_without_emotion():
            touchpoint.emotion = Emotion(score=answer.rest_score, label=answer.rest_label)
            said.append(
                say(
                    "echo_emotion",
                    touchpoint=touchpoint.name,
                    score=signed(answer.rest_score),
                    label=answer.rest_label,
                )
            )
    if said:
        turn.echo.append(say.join_clauses(_few(said)))


def apply_pains(turn: Turn, answer: PainsAnswer) -> None:
    draft, say = turn.state.draft, turn.say
    said = []
    for item in answer.pain_points:
        touchpoint = resolve_touchpoint(draft, item.touchpoint, []) if item.touchpoint else None
        stage_id = resolve_stage_id(draft, item.stage)
        if touchpoint is None and stage_id is None:
            touchpoint = _closest_touchpoint(draft, item.description)
            stage_id = _playbook_stage_id(turn, item.description)
        if touchpoint is not None:
            stage_id = touchpoint.stage_id
        stage_id = stage_id or draft.lowest_stage_id()
        if stage_id is None or not item.description.strip():
            continue
        severity = item.severity or guess_severity(turn, item.description, touchpoint)
        pain = draft.add_pain(
            PainPoint(
                id=draft.new_id("pain"),
                stage_id=stage_id,
                touchpoint_id=touchpoint.id if touchpoint else None,
                description=item.description,
                severity=severity,
                evidence=[item.quote] if item.quote else [],
                provenance=_stated() if item.severity else _stated("severity"),
            )
        )
        if item.severity and pain.provenance.is_inferred("severity"):
            pain.severity = item.severity  # said again, now with a severity
            mark_stated(pain.provenance, "severity")
        stage = next(s for s in draft.stages if s.id == pain.stage_id)
        said.append(
            say(
                "echo_pain_item",
                description=pain.description,
                stage=stage.name,
                severity=_guessed(say, pain.severity, pain.provenance.is_inferred("severity")),
            )
        )
    if said:
        turn.echo.append(say("echo_pains", items=say.join_clauses(_few(said))))
    flagged = []
    for name in answer.moments_of_truth:
        touchpoint = resolve_touchpoint(draft, name, [])
        if touchpoint:
            touchpoint.moment_of_truth = True
            flagged.append(touchpoint.name)
    if flagged:
        turn.echo.append(say("echo_moments", names=say.join(flagged)))


def guess_mode(channel: str, text: str) -> ChannelMode:
    """A touchpoint's channel mode when the user gave none: from its words ("线上申请"), else
    from the channel ("App", "短信" are online), else offline."""
    said = p.detect_mode(f"{channel} {text}")
    if said is not None:
        return said
    return "online" if p.contains_any(f"{channel} {text}", ONLINE_CHANNELS) else "offline"


def guess_severity(turn: Turn, description: str, touchpoint: Touchpoint | None) -> int:
    """A pain point's severity when the user gave none: the playbook's for the same pain, else
    from how customers feel at its touchpoint (−2 → 4), else the middle of the scale."""
    playbook = playbook_for(turn.state)
    known = playbook.match_pain(description) if playbook else None
    if known is not None:
        return known.severity
    if touchpoint is not None and touchpoint.emotion is not None:
        return 4 if touchpoint.emotion.score <= -2 else DEFAULT_SEVERITY
    return DEFAULT_SEVERITY


def _closest_touchpoint(draft: MapDraft, text: str) -> Touchpoint | None:
    """The touchpoint a pain point is most likely about ("网点排队久" → 网点取号排队)."""
    scored = [(similarity(text, t.name), t) for t in draft.ordered_touchpoints()]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best and best[0] >= PLACE_MATCH else None


def _playbook_stage_id(turn: Turn, text: str) -> str | None:
    """The map stage of the playbook's pain point like this one, if the industry has one."""
    playbook = playbook_for(turn.state)
    known = playbook.match_pain(text) if playbook else None
    return resolve_stage_id(turn.state.draft, known.stage) if known else None


def apply_opportunities(turn: Turn, answer: OpportunitiesAnswer) -> None:
    """Each fix as said, linked to the pain it addresses: the one the user named, else the
    closest (recorded as a guess, and said so, so the user can correct it)."""
    draft, say = turn.state.draft, turn.say
    labels = labels_for(turn.state.lang)
    said = []
    for item in answer.opportunities:
        if not item.description.strip():
            continue
        link = link_fix(draft, item.description, item.pain)
        pain_ids = list(link.pain_ids) if link else []
        pain = next((x for x in draft.pain_points if x.id in pain_ids), None)
        guessed = [
            name
            for name, value in (("impact", item.impact), ("effort", item.effort))
            if value is None
        ]
        if link is not None and not link.stated:
            guessed.append("pain_point_ids")
        before = next(
            (o for o in draft.opportunities if fold(o.description) == fold(item.description)),
            None,
        )
        if before is not None and link is not None and link.stated:
            if before.provenance.is_inferred("pain_point_ids"):
                before.pain_point_ids = []  # the user has now said which pain: drop the guess
                mark_stated(before.provenance, "pain_point_ids")
        opportunity = draft.add_opportunity(
            Opportunity(
                id=draft.new_id("opportunity"),
                description=item.description,
                pain_point_ids=pain_ids,
                impact=item.impact or (4 if pain and pain.severity >= 4 else 3),
                effort=item.effort or 3,
                provenance=_stated(*guessed),
            )
        )
        if opportunity is before:
            for name, value in (("impact", item.impact), ("effort", item.effort)):
                if value is not None:
                    setattr(opportunity, name, value)
                    mark_stated(opportunity.provenance, name)
        if item.kano:
            draft.kano[opportunity.id] = item.kano
        if item.owner:
            draft.owners[opportunity.id] = item.owner
        bucket = labels[f"bucket.{priority_bucket(opportunity.impact, opportunity.effort)}"]
        inferred = opportunity.provenance.inferred
        said.append(
            say(
                "echo_opportunity_item",
                description=opportunity.description,
                impact=_guessed(say, opportunity.impact, "impact" in inferred),
                effort=_guessed(say, opportunity.effort, "effort" in inferred),
                bucket=bucket,
            )
        )
        if link is not None and not link.stated and pain is not None:
            said.append(_link_echo(draft, say, opportunity.description, pain, link.alternative))
    if said:
        turn.echo.append(say("echo_opportunities", items=say.join_clauses(_few(said))))


def _link_echo(
    draft: MapDraft, say: Say, fix: str, pain: PainPoint, alternative: str | None
) -> str:
    """Saying which pain a fix was taken to address, when that was a guess (and the other pain
    that fitted as well, so the user can say which)."""
    other = next((x for x in draft.pain_points if x.id == alternative), None)
    if other is None:
        return say("echo_fix_link_guess", fix=fix, pain=pain.description)
    return say("echo_fix_link_ambiguous", fix=fix, pain=pain.description, other=other.description)


# Accepted suggestions -------------------------------------------------------------------------------


def _suggested(chip: SuggestionChip) -> Provenance:
    if chip.origin == "data":
        return Provenance(source="data", refs=list(chip.refs))
    if chip.citation is not None:
        return Provenance(source="suggested", citations=[chip.citation])
    return _stated()  # picked from a plain list (an industry): the user's own choice


def apply_chips(turn: Turn, chips: list[SuggestionChip]) -> None:
    state, say = turn.state, turn.say
    draft = state.draft
    stages: list[str] = []
    touchpoints: dict[str, list[str]] = {}
    pains: list[str] = []
    moments: list[str] = []
    opportunities: list[str] = []
    for chip in chips:
        choice = chip.choice
        if isinstance(choice, TouchpointChoice | PainChoice) and not any(
            s.id == choice.stage_id for s in draft.stages
        ):
            continue  # its stage was deleted on the map canvas since it was offered
        if isinstance(choice, IndustryChoice):
            set_industry(turn, choice.industry)
        elif isinstance(choice, StageChoice):
            stages.append(draft.add_stage(choice.name, choice.description, _suggested(chip)).name)
        elif isinstance(choice, TouchpointChoice):
            text = f"{choice.name} {choice.action}"
            touchpoint = draft.add_touchpoint(
                Touchpoint(
                    id=draft.new_id("touchpoint"),
                    stage_id=choice.stage_id,
                    name=choice.name,
                    channel=choice.channel,
                    mode=choice.mode,
                    category=p.detect_category(text),
                    customer_action=choice.action,
                    provenance=_suggested(chip),
                )
            )
            touchpoints.setdefault(choice.stage_id, []).append(touchpoint.name)
        elif isinstance(choice, PainChoice):
            pain = draft.add_pain(
                PainPoint(
                    id=draft.new_id("pain"),
                    stage_id=choice.stage_id,
                    touchpoint_id=(
                        choice.touchpoint_id
                        if any(t.id == choice.touchpoint_id for t in draft.touchpoints)
                        else None  # deleted on the canvas since it was offered
                    ),
                    description=choice.description,
                    severity=choice.severity,
                    evidence=list(choice.evidence),
                    provenance=_suggested(chip),
                )
            )
            pains.append(pain.description)
        elif isinstance(choice, MomentChoice):
            flagged = next((t for t in draft.touchpoints if t.id == choice.touchpoint_id), None)
            if flagged:
                flagged.moment_of_truth = True
                moments.append(flagged.name)
        elif isinstance(choice, OpportunityChoice):
            opportunity = draft.add_opportunity(
                Opportunity(
                    id=draft.new_id("opportunity"),
                    description=choice.description,
                    pain_point_ids=[i for i in choice.pain_point_ids if _has_pain(draft, i)],
                    impact=choice.impact,
                    effort=choice.effort,
                    provenance=_suggested(chip),
                )
            )
            draft.kano[opportunity.id] = choice.kano
            if choice.owner:
                draft.owners[opportunity.id] = choice.owner
            opportunities.append(opportunity.description)
    if stages:
        turn.echo.append(say("echo_stages", names=say.join(_few(stages))))
    for stage_id, names in touchpoints.items():
        stage = next(s for s in draft.stages if s.id == stage_id)
        turn.echo.append(say("echo_touchpoints", stage=stage.name, names=say.join(_few(names))))
    if pains:
        turn.echo.append(say("echo_pains", items=say.join_clauses(_few(pains))))
    if moments:
        turn.echo.append(say("echo_moments", names=say.join(moments)))
    if opportunities:
        turn.echo.append(say("echo_opportunities", items=say.join_clauses(_few(opportunities))))


def _has_pain(draft: MapDraft, pain_id: str) -> bool:
    return any(x.id == pain_id for x in draft.pain_points)

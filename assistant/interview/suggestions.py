"""Concrete suggestions for the question being asked, and picking them with one word.

Sources: the industry playbook (typical stages, touchpoints of the stage in focus, pain points,
moments of truth, proven improvements), the workspace's data through an EvidenceProvider (pain
points with record counts), and the map itself (the lowest points of the emotion curve).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain import Stage
from assistant.domain.plan import KanoClass
from assistant.interview import parsing as p
from assistant.interview import vocabulary as vocab
from assistant.interview.apply import playbook_for
from assistant.interview.draft import MapDraft, fold
from assistant.interview.evidence import EvidenceProvider
from assistant.interview.rules import focus_stage_name
from assistant.interview.say import Say, signed
from assistant.interview.state import (
    Choice,
    IndustryChoice,
    InterviewState,
    MomentChoice,
    OpportunityChoice,
    PainChoice,
    StageChoice,
    SuggestionChip,
    TouchpointChoice,
)
from assistant.playbooks import (
    INDUSTRIES,
    Playbook,
    PlaybookPain,
    best_match,
)

MAX_CHIPS = 8
MAX_BULK_CHIPS = 30  # every remaining stage's suggested touchpoints, offered at once
MAX_EVIDENCE = 3


def offers_all_touchpoints(draft: MapDraft, playbook: Playbook | None) -> bool:
    """Whether the touchpoint question offers every remaining stage's suggestions at once: the
    user has taken a stage's suggested touchpoints as they were (so they are happy with
    suggestions), and two or more stages are still without touchpoints that the playbook knows."""
    if playbook is None:
        return False
    took_suggestions = any(
        all(t.provenance.source == "suggested" for t in draft.touchpoints_of(s.id))
        and draft.touchpoints_of(s.id)
        for s in draft.stages
    )
    if not took_suggestions:
        return False
    known = [s for s in draft.stages_without_touchpoints() if playbook.match_stage(s.name)]
    return len(known) >= 2


def playbook_pain(playbook: Playbook, description: str) -> PlaybookPain | None:
    """The playbook pain a map pain came from (its name starts the description), or the
    closest one."""
    folded = fold(description)
    for pain in playbook.pains:
        if folded.startswith(fold(pain.name)):
            return pain
    return playbook.match_pain(description)


def kano_for(severity: int, text: str) -> KanoClass:
    """KANO class when nobody gave one: a critical failure is must-be (customers take it for
    granted), a surprise is attractive, anything else performance (better is better)."""
    if severity >= 5:
        return "must_be"
    if p.contains_any(text, vocab.ATTRACTIVE_HINTS):
        return "attractive"
    return "performance"


class Suggester:
    def __init__(self, evidence: EvidenceProvider | None = None) -> None:
        self.evidence = evidence

    def chips(self, state: InterviewState) -> list[SuggestionChip]:
        say = Say(state.lang)
        playbook = playbook_for(state)
        slot = state.slot
        made: list[SuggestionChip] = []
        if slot == "industry":
            made = [
                _chip(say(f"industry_{key}"), IndustryChoice(industry=key), "catalogue")
                for key in INDUSTRIES
            ]
        elif playbook is not None and slot == "stages":
            made = self._stages(state.draft, playbook, say)
        elif slot == "touchpoints":
            made = self._touchpoints(state.draft, playbook, say)
        elif slot == "pains":
            made = self._evidence(state, say) + (
                self._pains(state.draft, playbook, say) if playbook else []
            )
        elif slot == "moments":
            made = self._moments(state.draft, playbook, say)
        elif playbook is not None and slot == "opportunities":
            made = self._opportunities(state.draft, playbook, say)
        limit = MAX_CHIPS
        if slot == "industry":
            limit = len(INDUSTRIES)
        elif slot == "touchpoints" and offers_all_touchpoints(state.draft, playbook):
            limit = MAX_BULK_CHIPS
        return [c.model_copy(update={"number": n}) for n, c in enumerate(made[:limit], 1)]

    # One list per question -----------------------------------------------------------------
    def _stages(self, draft: MapDraft, playbook: Playbook, say: Say) -> list[SuggestionChip]:
        have = {fold(s.name) for s in draft.stages}
        citation = playbook.citation("stages")
        return [
            _chip(
                say.script(f"{s.name} — {s.description}"),
                StageChoice(name=say.script(s.name), description=say.script(s.description)),
                "playbook",
                citation,
            )
            for s in playbook.stages
            if fold(s.name) not in have
        ]

    def _touchpoints(self, draft: MapDraft, own: Playbook | None, say: Say) -> list[SuggestionChip]:
        if offers_all_touchpoints(draft, own):
            # The user took the suggestions of a stage as they were: offer those of every stage
            # still without touchpoints at once, each chip named with its stage.
            return [
                chip.model_copy(update={"label": f"{stage.name} · {chip.label}"})
                for stage in draft.stages_without_touchpoints()
                for chip in self._stage_touchpoints(draft, stage, own, say)
            ]
        stage = draft.stage_named(focus_stage_name(draft))
        if stage is None:
            return []
        return self._stage_touchpoints(draft, stage, own, say)

    def _stage_touchpoints(
        self, draft: MapDraft, stage: Stage, own: Playbook | None, say: Say
    ) -> list[SuggestionChip]:
        # The industry's own playbook only: another industry's touchpoints (a hospital's for a
        # telecom store) read as nonsense to the user, so a stage it does not know gets none.
        playbook = own
        matched = playbook.match_stage(stage.name) if playbook else None
        if matched is None or playbook is None:
            return []
        have = {fold(t.name) for t in draft.touchpoints_of(stage.id)}
        citation = playbook.citation("touchpoints")
        online = "online" if playbook.lang == "en" else "线上"
        offline = "offline" if playbook.lang == "en" else "线下"
        chips = []
        for t in playbook.touchpoints_of(matched.name):
            if fold(t.name) in have:
                continue
            where = f"{t.channel}{', ' if playbook.lang == 'en' else '，'}"
            where += online if t.mode == "online" else offline
            label = f"{t.name} ({where}): {t.action}"
            if playbook.lang != "en":
                label = f"{t.name}（{where}）：{t.action}"
            choice = TouchpointChoice(
                stage_id=stage.id,
                name=say.script(t.name),
                channel=say.script(t.channel),
                mode=t.mode,
                action=say.script(t.action),
            )
            chips.append(_chip(say.script(label), choice, "playbook", citation))
        return chips

    def _pains(self, draft: MapDraft, playbook: Playbook, say: Say) -> list[SuggestionChip]:
        have = {fold(x.description) for x in draft.pain_points}
        citation = playbook.citation("pains")
        colon = ": " if playbook.lang == "en" else "："
        chips = []
        for stage in draft.stages:
            matched = playbook.match_stage(stage.name)
            if matched is None:
                continue
            for pain in playbook.pains_of(matched.name):
                description = say.script(f"{pain.name}{colon}{pain.description}")
                if fold(description) in have or any(h.startswith(fold(pain.name)) for h in have):
                    continue
                label = f"{description} ({stage.name}, {pain.severity}/5)"
                if playbook.lang != "en":
                    label = f"{description}（{stage.name}，严重程度 {pain.severity}）"
                choice = PainChoice(
                    stage_id=stage.id,
                    touchpoint_id=_touchpoint_named_in(draft, stage.id, pain.description),
                    description=description,
                    severity=pain.severity,
                )
                chips.append(_chip(say.script(label), choice, "playbook", citation))
        return chips

    def _evidence(self, state: InterviewState, say: Say) -> list[SuggestionChip]:
        if self.evidence is None:
            return []
        draft = state.draft
        found = self.evidence.pain_evidence(
            state.workspace_id,
            [s.name for s in draft.stages],
            [t.name for t in draft.touchpoints],
            state.lang,
        )
        have = {fold(x.description) for x in draft.pain_points}
        chips = []
        for item in found:
            if not item.refs or fold(item.text) in have or not draft.stages:
                continue
            touchpoint = draft.touchpoint_named(item.touchpoint) if item.touchpoint else None
            stage = draft.stage_named(item.stage) if item.stage else None
            stage_id = (
                touchpoint.stage_id
                if touchpoint
                else stage.id
                if stage
                else _stage_mentioned(draft, item.text) or draft.lowest_stage_id() or ""
            )
            choice = PainChoice(
                stage_id=stage_id,
                touchpoint_id=touchpoint.id if touchpoint else None,
                description=item.text,
                severity=4 if item.count >= 100 else 3,
                evidence=list(item.refs[:5]),
            )
            label = say("chip_evidence", text=item.text, count=f"{item.count:,}")
            chip = _chip(label, choice, "data")
            chips.append(chip.model_copy(update={"refs": list(item.refs)}))
            if len(chips) == MAX_EVIDENCE:
                break
        return chips

    def _moments(
        self, draft: MapDraft, playbook: Playbook | None, say: Say
    ) -> list[SuggestionChip]:
        chips: list[SuggestionChip] = []
        seen: set[str] = set()
        touchpoints = [t for t in draft.ordered_touchpoints() if not t.moment_of_truth]
        for moment in playbook.moments if playbook else ():
            touchpoint = best_match(moment.name, touchpoints, lambda t: (t.name,))
            if touchpoint is None or touchpoint.id in seen:
                continue
            seen.add(touchpoint.id)
            reason = say.script(moment.description)
            label = say("chip_moment_playbook", name=touchpoint.name, reason=reason)
            chips.append(
                _chip(
                    label,
                    MomentChoice(touchpoint_id=touchpoint.id),
                    "playbook",
                    playbook.citation("moments") if playbook else None,
                )
            )
        lows = sorted(
            (t for t in touchpoints if t.emotion and t.emotion.score < 0 and t.id not in seen),
            key=lambda t: t.emotion.score if t.emotion else 0,
        )
        for touchpoint in lows[:3]:
            score = signed(touchpoint.emotion.score if touchpoint.emotion else 0)
            label = say("chip_moment_low", name=touchpoint.name, score=score)
            chips.append(_chip(label, MomentChoice(touchpoint_id=touchpoint.id), "map"))
        return chips

    def _opportunities(self, draft: MapDraft, playbook: Playbook, say: Say) -> list[SuggestionChip]:
        have = {fold(o.description) for o in draft.opportunities}
        citation = playbook.citation("improvements")
        levels = {4: "高", 3: "中", 2: "低"} if playbook.lang != "en" else {}
        colon = ": " if playbook.lang == "en" else "："
        chips = []
        for pain in draft.pain_points:
            source = playbook_pain(playbook, pain.description)
            for improvement in playbook.improvements_for(source.name) if source else []:
                description = say.script(f"{improvement.name}{colon}{improvement.description}")
                if fold(description) in have:
                    continue
                impact = levels.get(improvement.impact, str(improvement.impact))
                effort = levels.get(improvement.effort, str(improvement.effort))
                label = say(
                    "chip_opportunity",
                    name=say.script(improvement.name),
                    pain=pain.description,
                    impact=impact,
                    effort=effort,
                )
                choice = OpportunityChoice(
                    description=description,
                    pain_point_ids=[pain.id],
                    impact=improvement.impact,
                    effort=improvement.effort,
                    kano=kano_for(pain.severity, improvement.description),
                    owner=say.script(improvement.owner),
                )
                chips.append(_chip(label, choice, "playbook", citation))
        return chips


def _chip(label: str, choice: Choice, origin: str, citation: object = None) -> SuggestionChip:
    return SuggestionChip.model_validate(
        {"number": 0, "label": label, "choice": choice, "origin": origin, "citation": citation}
    )


def _touchpoint_named_in(draft: MapDraft, stage_id: str, text: str) -> str | None:
    folded = fold(text)
    for touchpoint in draft.touchpoints_of(stage_id):
        if len(touchpoint.name) >= 2 and fold(touchpoint.name) in folded:
            return touchpoint.id
    return None


def _stage_mentioned(draft: MapDraft, text: str) -> str | None:
    folded = fold(text)
    return next((s.id for s in draft.stages if fold(s.name) in folded), None)


def choose(message: str, chips: Sequence[SuggestionChip]) -> list[SuggestionChip] | None:
    """The chips a reply picks: all of them for "好"/"ok", some for "1,3"; None otherwise."""
    if not chips:
        return None
    if p.is_accept(message):
        return list(chips)
    numbers = p.parse_choice(message, len(chips))
    if numbers is None:
        return None
    return [chips[n - 1] for n in numbers]

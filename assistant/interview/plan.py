"""Plan generation: the plan starts from the team's own fixes; suggestions fill only the gaps.

1. Each fix the team stated (an opportunity of step 7) becomes its own action, titled in the
   team's words and never cut, linked to the pain it addresses: by what the team said, else by
   what the fix is about (`linking.link_fix`; a guessed link is recorded as inferred).
2. A pain point no fix addresses gets suggested actions, provenance `suggested` with a citation:
   the industry playbook's proven improvements for it first; else a recommendation from the
   methodology found by retrieval (an item that prescribes, never a document intro, a question
   list or a table row: `methodology.recommendation_items`); else a cited root-cause step.
3. Each action's KPI follows from its pain (`plan_terms.KPI_KINDS`: waiting → waiting minutes,
   drop-out → drop-out rate, progress unknown → status enquiries ...). The baseline comes from the
   workspace's data, else from a map KPI on the same subject (the goal's "from 25 to 12 minutes"
   gives baseline 25, target 12); otherwise there is none and the reply asks for it.
4. Values the team did not give — owner, KPI, target, horizon, KANO, impact/effort, a guessed
   pain link — are stored in `provenance.inferred`, never passed off as the team's. A value the
   team states later is taken out of it: `mark_action_stated`, which plan edits call.

Impact and effort come from the opportunity or the playbook's 高/中/低 (else from severity); the
priority bucket is computed by the domain; KANO from the team or from severity; the owner from
the team, the playbook, else from the channel of the touchpoint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import knowledge
from assistant.domain import (
    Action,
    Citation,
    Horizon,
    KPITarget,
    MapKPI,
    Opportunity,
    PainPoint,
    PriorityBucket,
    Provenance,
    ReviewLoop,
    mark_inferred,
    mark_stated,
    priority_bucket,
)
from assistant.interview import parsing as p
from assistant.interview import vocabulary as vocab
from assistant.interview.apply import playbook_for
from assistant.interview.draft import MapDraft, fold
from assistant.interview.evidence import EvidenceMetric, EvidenceProvider
from assistant.interview.linking import (
    CONCEPT_WEIGHT,
    link_fix,
    outside_brackets,
    pain_name,
)
from assistant.interview.methodology import Methodology, Recommendation, lang_family
from assistant.interview.plan_terms import KpiKind, concepts_of, kpi_kind
from assistant.interview.say import Say
from assistant.interview.state import InterviewState
from assistant.interview.suggestions import kano_for, playbook_pain
from assistant.playbooks import Playbook, PlaybookImprovement, PlaybookMetric, similarity
from assistant.retrieval.corpus import parse_document

HORIZON_BY_BUCKET: dict[PriorityBucket, Horizon] = {
    "quick_win": "30d",
    "fill_in": "60d",
    "reconsider": "90d",
    "major_project": "quarter",
}
BUCKET_ORDER: tuple[PriorityBucket, ...] = ("quick_win", "major_project", "fill_in", "reconsider")
KPI_MATCH = 0.15  # token overlap at which a map KPI is about the same thing as an action
SAME_KIND = 0.5  # a map KPI of the pain's KPI kind ("等候时长" for "排队久") is about it
DEFAULT_COMPLAINT_DROP = 30.0  # percent, when nothing better is known
IMPROVEMENT = 0.3  # a baseline is improved by 30 % (down or up) when no target is given
IMPROVEMENT_MATCH = 0.35  # how close a playbook improvement must be to a fix (for its owner)
PLAYBOOK_MATCH = 0.3  # how close a pain must be to a playbook pain to take its improvements
RANK_PENALTY = 0.05  # a recommendation from a lower-ranked passage must be that much closer
# A methodology recommendation must share at least this much with the pain (a concern, or a good
# part of its words); below it, a cited root-cause step is more honest than an unrelated passage.
RECOMMENDATION_MATCH = 0.15

# Fields of an action the assistant fills in when the team has not said them.
OPPORTUNITY_GUESSES = ("impact", "effort", "pain_point_ids")


def short(description: str) -> str:
    """A pain point's name: the part before its explanation ("材料反复补交：清单不…"). A colon
    inside brackets ("（针对：审批）") is part of the name."""
    return pain_name(description)


def split_title(text: str) -> tuple[str, str]:
    """ "措施：说明" → ("措施", "说明"); text without a colon (outside brackets and quotes) is
    all title, so "增加进度查询（针对审批等待）" stays whole."""
    found = re.search(r"\s*[：:]\s*", outside_brackets(text))
    if not found or found.start() == 0 or not text[found.end() :].strip():
        return text.strip(), ""
    return text[: found.start()].strip(), text[found.end() :].strip()


def fix_title(text: str, pains: list[PainPoint]) -> tuple[str, str]:
    """Title and description of an action from a fix in the team's words. "措施：说明" splits at
    the colon; "网点排队久：预约取号" names the pain first, so the fix is what follows (the pain
    is the action's link)."""
    head, rest = split_title(text)
    if rest and any(
        fold(head) == fold(pain_name(x.description)) or fold(head) == fold(x.description)
        for x in pains
    ):
        return rest, ""
    return head, rest


def lower_is_better(name: str, unit: str) -> bool:
    return p.contains_any(f"{name} {unit}", vocab.LOWER_IS_BETTER)


def improved(baseline: float, name: str, unit: str) -> float:
    if lower_is_better(name, unit):
        return round(baseline * (1 - IMPROVEMENT), 1)
    target = round(baseline * (1 + IMPROVEMENT), 1) if baseline > 0 else baseline + 10
    return min(target, 100.0) if unit == "%" else target


def mark_action_stated(action: Action, *fields: str) -> None:
    """The team has given these values of `action` themselves ("1 负责：数字渠道部" → "owner";
    "1 目标 10" → "kpi.target"; "1 基线 25" → "kpi.baseline"; also "horizon", "kano", "impact",
    "effort", "kpi.name", "pain_point_ids"): they are no longer the assistant's guesses.

    Call it after setting the value. When the baseline is stated while the target is still the
    assistant's guess, the target follows the new baseline (the usual improvement on it).
    """
    provenance = action.provenance
    if "kpi.baseline" in fields and action.kpi.baseline is not None:
        if provenance.is_inferred("kpi.target") and "kpi.target" not in fields:
            kpi = action.kpi
            kpi.target = improved(action.kpi.baseline, kpi.name, kpi.unit)
    mark_stated(provenance, *fields)


@cache
def plan_practice_citation(lang: str) -> Citation:
    """The improvement-plan practice, cited when nothing better was retrieved."""
    name = f"practice-improvement-plan-{lang_family(lang)}.md"
    text = knowledge.root().joinpath("methodology", name).read_text(encoding="utf-8")
    doc = parse_document(text, f"knowledge/methodology/{name}")
    return Citation(doc_id=doc.id, title=doc.title, source=doc.path)


def text_affinity(a: str, b: str) -> float:
    """How much two texts are about the same thing: shared words and shared concerns."""
    return similarity(a, b) + CONCEPT_WEIGHT * len(concepts_of(a) & concepts_of(b))


@dataclass
class PlanOutcome:
    """What `ensure` did, for the engine to act on."""

    added: list[str] = field(default_factory=list)  # ids of the actions added
    guessed_links: list[str] = field(default_factory=list)  # fixes (opportunity ids) linked by
    # the assistant, not by the team
    ambiguous: list[str] = field(default_factory=list)  # of those, the ones another pain fitted
    # about as well: worth asking which pain was meant


@dataclass(frozen=True)
class _Kpi:
    kpi: KPITarget
    inferred: tuple[str, ...]  # "kpi.name", "kpi.target" when they were the assistant's choice


@dataclass(frozen=True)
class _Build:
    """What one plan generation works with."""

    draft: MapDraft
    say: Say
    playbook: Playbook | None
    metrics: dict[str, EvidenceMetric]


class PlanBuilder:
    def __init__(self, methodology: Methodology, evidence: EvidenceProvider | None = None) -> None:
        self.methodology = methodology
        self.evidence = evidence

    def ensure(self, state: InterviewState) -> PlanOutcome:
        """Add actions until every fix is an action and every pain point has one; keep what is
        there (and the team's edits). An action the team deleted stays deleted: neither it nor a
        new one for its pain points comes back (`MapDraft.dropped_actions`)."""
        draft, say = state.draft, Say(state.lang)
        build = _Build(draft, say, playbook_for(state), self._metrics(state))
        outcome = PlanOutcome()
        before = {a.id for a in draft.plan.actions}
        for opportunity in draft.opportunities:
            self._link(opportunity, draft, outcome)
            if not opportunity.pain_point_ids:
                continue
            action_id = f"action-{opportunity.id}"
            if action_id in draft.dropped_actions:
                continue  # the team deleted it
            existing = next((a for a in draft.plan.actions if a.id == action_id), None)
            if existing is not None:
                _follow_link(existing, opportunity)
                continue
            pains = [x for x in draft.pain_points if x.id in opportunity.pain_point_ids]
            draft.plan.actions.append(self._from_opportunity(action_id, opportunity, pains, build))
        dropped = {i for ids in draft.dropped_actions.values() for i in ids}
        for pain in draft.pain_points:
            if not draft.actions_for(pain.id) and pain.id not in dropped:
                draft.plan.actions.extend(self._for_pain(pain, build))
        outcome.added = [a.id for a in draft.plan.actions if a.id not in before]
        self._use_map_kpis([a for a in draft.plan.actions if a.id not in before], build)
        if draft.plan_ordered:  # the team's order stays; new actions go after it
            kept = [a for a in draft.plan.actions if a.id in before]
            new = [a for a in draft.plan.actions if a.id not in before]
            new.sort(key=lambda a: BUCKET_ORDER.index(a.priority))
            draft.plan.actions = kept + new
        else:
            draft.plan.actions.sort(key=lambda a: BUCKET_ORDER.index(a.priority))
        if not draft.plan.review_loop.owner:
            draft.plan.review_loop = ReviewLoop(
                cadence=draft.plan.review_loop.cadence, owner=say("review_owner")
            )
        return outcome

    @staticmethod
    def _link(opportunity: Opportunity, draft: MapDraft, outcome: PlanOutcome) -> None:
        """A fix without a pain gets the closest one, recorded as a guess."""
        guessed = opportunity.provenance.is_inferred("pain_point_ids")
        if opportunity.pain_point_ids and not guessed:
            return
        link = link_fix(draft, opportunity.description)
        if link is None:
            return
        if not opportunity.pain_point_ids:
            opportunity.pain_point_ids = list(link.pain_ids)
            if not link.stated:
                mark_inferred(opportunity.provenance, "pain_point_ids")
                guessed = True
        if guessed:
            outcome.guessed_links.append(opportunity.id)
            if link.ambiguous:
                outcome.ambiguous.append(opportunity.id)

    # Sources of actions -----------------------------------------------------------------------
    def _from_opportunity(
        self,
        action_id: str,
        opportunity: Opportunity,
        pains: list[PainPoint],
        build: _Build,
    ) -> Action:
        draft = build.draft
        title, description = fix_title(opportunity.description, pains)
        worst = max(pains, key=lambda x: x.severity)
        guesses = [f for f in OPPORTUNITY_GUESSES if opportunity.provenance.is_inferred(f)]
        kano = draft.kano.get(opportunity.id)
        if kano is None:
            kano = kano_for(worst.severity, opportunity.description)
            guesses.append("kano")
        owner = draft.owners.get(opportunity.id, "")
        if not owner:
            owner = self._fix_owner(opportunity.description, worst, build)
            guesses.append("owner")
        measured = self._kpi(worst, opportunity.description, build)
        guesses.extend([*measured.inferred, "horizon"])
        provenance = opportunity.provenance.model_copy(deep=True)
        if provenance.source != "suggested":
            mark_inferred(provenance, *guesses)
        return Action(
            id=action_id,
            title=title or opportunity.description,
            description=description,
            pain_point_ids=[x.id for x in pains],
            impact=opportunity.impact,
            effort=opportunity.effort,
            kano=kano,
            owner_department=owner,
            kpi=measured.kpi,
            horizon=HORIZON_BY_BUCKET[priority_bucket(opportunity.impact, opportunity.effort)],
            provenance=provenance,
        )

    def _for_pain(self, pain: PainPoint, build: _Build) -> list[Action]:
        say, playbook = build.say, build.playbook
        improvements = self._improvements(pain, playbook) if playbook else []
        if playbook and improvements:
            citation = playbook.citation("improvements")
            return [
                self._action(
                    build,
                    pain,
                    title=say.script(i.name),
                    description=say.script(i.description),
                    impact=i.impact,
                    effort=i.effort,
                    owner=say.script(i.owner),
                    citation=citation,
                )
                for i in improvements
            ]
        impact = 4 if pain.severity >= 4 else 3
        recommendation = self._recommendation(pain, say.lang)
        if recommendation is not None:
            lead = recommendation.lead or recommendation.citation.section
            detail = recommendation.text
            if recommendation.lead and detail.startswith(recommendation.lead):
                detail = detail[len(recommendation.lead) :].lstrip(":：.。 ").strip() or detail
            return [
                self._action(
                    build,
                    pain,
                    title=say("action_from_method", pain=short(pain.description), section=lead),
                    description=say.script(detail),
                    impact=impact,
                    effort=3,
                    owner="",
                    citation=recommendation.citation,
                )
            ]
        return [
            self._action(
                build,
                pain,
                title=say("action_generic", pain=short(pain.description)),
                description="",
                impact=impact,
                effort=3,
                owner="",
                citation=plan_practice_citation(say.lang),
            )
        ]

    @staticmethod
    def _improvements(pain: PainPoint, playbook: Playbook) -> list[PlaybookImprovement]:
        """The playbook's proven improvements for the playbook pain this one is (an accepted
        suggestion starts with its name) or closely resembles; none for a pain the playbook
        does not know ("停车难" is not "网点排队久" because both are hard to bear)."""
        source = playbook_pain(playbook, pain.description)
        if source is None:
            return []
        named = fold(pain.description).startswith(fold(source.name))
        close = text_affinity(pain.description, f"{source.name} {source.description}")
        return playbook.improvements_for(source.name) if named or close >= PLAYBOOK_MATCH else []

    def _recommendation(self, pain: PainPoint, lang: str) -> Recommendation | None:
        """The methodology's recommendation closest to the pain, from the best passages."""
        found = self.methodology.recommendations(pain.description, lang)
        scored = [
            (text_affinity(pain.description, r.text) - RANK_PENALTY * r.rank, -n, r)
            for n, r in enumerate(found)
        ]
        best = max(scored, key=lambda t: (t[0], t[1]), default=None)
        return best[2] if best and best[0] >= RECOMMENDATION_MATCH else None

    def _action(
        self,
        build: _Build,
        pain: PainPoint,
        *,
        title: str,
        description: str,
        impact: int,
        effort: int,
        owner: str,
        citation: Citation,
    ) -> Action:
        return Action(
            id=build.draft.new_id("action"),
            title=title,
            description=description,
            pain_point_ids=[pain.id],
            impact=impact,
            effort=effort,
            kano=kano_for(pain.severity, f"{title} {description}"),
            owner_department=owner or self._owner(pain, build),
            kpi=self._kpi(pain, f"{title} {description}", build).kpi,
            horizon=HORIZON_BY_BUCKET[priority_bucket(impact, effort)],
            provenance=Provenance(source="suggested", citations=[citation]),
        )

    def _use_map_kpis(self, added: list[Action], build: _Build) -> None:
        """A KPI the team measured (a map KPI with a baseline) should steer at least one action:
        give it to the closest new action that only has the fallback complaint KPI."""
        used = {fold(a.kpi.name) for a in build.draft.plan.actions}
        for kpi in build.draft.kpis:
            if kpi.baseline is None or fold(kpi.name) in used:
                continue
            defaults = [a for a in added if self._has_default_kpi(a, build)]
            if not defaults:
                return
            scored = [(similarity(kpi.name, f"{a.title} {a.description}"), a) for a in defaults]
            score, action = max(scored, key=lambda pair: (pair[0], pair[1].impact))
            if score <= 0:
                continue  # nothing in the plan is about this KPI
            measured = self._from_map_kpi(kpi, build)
            action.kpi = measured.kpi
            if action.provenance.source != "suggested":
                mark_stated(action.provenance, "kpi.target")
                mark_inferred(action.provenance, *measured.inferred)
            used.add(fold(kpi.name))

    @staticmethod
    def _has_default_kpi(action: Action, build: _Build) -> bool:
        pains = [x for x in build.draft.pain_points if x.id in action.pain_point_ids]
        defaults = {build.say("kpi_complaints", pain=short(x.description)) for x in pains}
        return action.kpi.name in defaults

    # Owner and KPI ------------------------------------------------------------------------------
    def _fix_owner(self, fix: str, pain: PainPoint, build: _Build) -> str:
        """Who would own a fix: the owner of the playbook's improvement most like it, else the
        department of the pain's channel."""
        playbook = build.playbook
        if playbook is not None:
            scored = [
                (text_affinity(fix, f"{i.name} {i.description}"), -n, i)
                for n, i in enumerate(playbook.improvements)
            ]
            best = max(scored, key=lambda t: (t[0], t[1]), default=None)
            if best is not None and best[0] >= IMPROVEMENT_MATCH:
                return build.say.script(best[2].owner)
        return self._owner(pain, build)

    def _owner(self, pain: PainPoint, build: _Build) -> str:
        touchpoint = next((t for t in build.draft.touchpoints if t.id == pain.touchpoint_id), None)
        text = f"{touchpoint.channel} {touchpoint.name}" if touchpoint else pain.description
        hits = p.find_words(fold(text), vocab.OWNER_BY_CHANNEL)
        return build.say(hits[0][2] if hits else "owner_cx")

    def _metrics(self, state: InterviewState) -> dict[str, EvidenceMetric]:
        """Measured metrics of evidence-backed pain points, by folded pain text."""
        if self.evidence is None or not any(
            x.provenance.source == "data" for x in state.draft.pain_points
        ):
            return {}
        found = self.evidence.pain_evidence(
            state.workspace_id,
            [s.name for s in state.draft.stages],
            [t.name for t in state.draft.touchpoints],
            state.lang,
        )
        return {fold(e.text): e.metric for e in found if e.metric is not None}

    def _kpi(self, pain: PainPoint, action_text: str, build: _Build) -> _Kpi:
        """The KPI that shows whether the action fixed `pain`, and which of its values are the
        assistant's choice."""
        say = build.say
        metric = build.metrics.get(fold(pain.description))
        if metric is not None:
            source = metric.source or ", ".join(pain.provenance.refs[:2])
            kpi = KPITarget(
                name=metric.name,
                unit=metric.unit,
                baseline=metric.value,
                target=improved(metric.value, metric.name, metric.unit),
                baseline_source=say("kpi_from_data", source=source),
            )
            return _Kpi(kpi, ("kpi.name", "kpi.target"))
        kind = kpi_kind(pain.description)
        on_map = self._map_kpi(pain, kind, action_text, build)
        if on_map is not None:
            return self._from_map_kpi(on_map, build)
        if kind is not None:
            return self._kind_kpi(pain, kind, build)
        subject = f"{pain.description} {action_text}"
        known = build.playbook.match_metric(subject) if build.playbook else None
        if known is not None and known.target is not None:
            kpi = KPITarget(
                name=say.script(known.name), unit=say.script(known.unit), target=known.target
            )
            return _Kpi(kpi, ("kpi.name", "kpi.target"))
        kpi = KPITarget(
            name=say("kpi_complaints", pain=short(pain.description)),
            unit="%",
            target=DEFAULT_COMPLAINT_DROP,
        )
        return _Kpi(kpi, ("kpi.name", "kpi.target"))

    @staticmethod
    def _map_kpi(
        pain: PainPoint, kind: KpiKind | None, action_text: str, build: _Build
    ) -> MapKPI | None:
        """The map KPI on the same subject as the pain: of the same kind (the goal's "waiting
        time" for a queue), or sharing its words; never one of another kind."""
        subject = f"{pain.description} {action_text}"
        scored: list[tuple[float, int, MapKPI]] = []
        for n, candidate in enumerate(build.draft.kpis):
            if candidate.target is None and candidate.baseline is None:
                continue
            its_kind = kpi_kind(candidate.name)
            if kind is not None and its_kind is not None and its_kind.key != kind.key:
                continue
            score = similarity(subject, candidate.name)
            score += 0.2 if candidate.stage_id == pain.stage_id else 0.0
            score += SAME_KIND if kind is not None and its_kind is kind else 0.0
            scored.append((score, -n, candidate))
        best = max(scored, key=lambda t: (t[0], t[1]), default=None)
        return best[2] if best and best[0] >= KPI_MATCH else None

    @staticmethod
    def _from_map_kpi(kpi: MapKPI, build: _Build) -> _Kpi:
        """A map KPI as an action's KPI: the team's baseline and target where they gave them."""
        inferred = ["kpi.name"]
        target = kpi.target
        if target is None:
            target = improved(kpi.baseline, kpi.name, kpi.unit) if kpi.baseline is not None else 0
            inferred.append("kpi.target")
        measured = KPITarget(
            name=kpi.name,
            unit=kpi.unit,
            baseline=kpi.baseline,
            target=target,
            baseline_source=build.say("kpi_from_map", name=kpi.name)
            if kpi.baseline is not None
            else "",
        )
        return _Kpi(measured, tuple(inferred))

    @staticmethod
    def _kind_kpi(pain: PainPoint, kind: KpiKind, build: _Build) -> _Kpi:
        """The KPI of the pain's kind, with no baseline (nothing measured it yet): named and
        targeted by the playbook's metric of that kind when it has one, else by the table."""
        say = build.say
        known = _playbook_metric(pain, kind, build.playbook)
        if known is not None and known.target is not None:
            unit = known.unit or kind.unit(say.lang)
            kpi = KPITarget(name=say.script(known.name), unit=say.script(unit), target=known.target)
        else:
            kpi = KPITarget(
                name=say.script(kind.name(say.lang)),
                unit=say.script(kind.unit(say.lang)),
                target=kind.default_target,
            )
        return _Kpi(kpi, ("kpi.name", "kpi.target"))


def _playbook_metric(
    pain: PainPoint, kind: KpiKind, playbook: Playbook | None
) -> PlaybookMetric | None:
    """The playbook's metric of the same kind as the pain, the one closest to it."""
    if playbook is None:
        return None
    same = [m for m in playbook.metrics if m.target is not None and kpi_kind(m.name) is kind]
    scored = [
        (similarity(pain.description, f"{m.name} {m.description}"), -n, m)
        for n, m in enumerate(same)
    ]
    best = max(scored, key=lambda t: (t[0], t[1]), default=None)
    return best[2] if best else None


def _follow_link(action: Action, opportunity: Opportunity) -> None:
    """An action made from a fix follows the fix's pain link when the team has since said which
    pain it was (the action's own link was a guess)."""
    if not action.provenance.is_inferred("pain_point_ids"):
        return
    if opportunity.provenance.is_inferred("pain_point_ids"):
        return
    if opportunity.pain_point_ids and action.pain_point_ids != opportunity.pain_point_ids:
        action.pain_point_ids = list(opportunity.pain_point_ids)
    mark_stated(action.provenance, "pain_point_ids")

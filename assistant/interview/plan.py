"""Plan generation: every pain point gets at least one action, each cited, scored and owned.

Where an action comes from, in order: the opportunities the team chose in step 7; the proven
improvements of the industry playbook for that pain; a strategy from the methodology found by
retrieval; a generic root-cause action citing the improvement-plan practice. Impact and effort
come from the opportunity or the playbook's 高/中/低 (else from severity); the priority bucket is
computed by the domain; KANO from the team or from severity; the owner from the playbook, else
from the channel of the touchpoint. The KPI's baseline comes from the workspace's data when the
pain point came from it, else from a map KPI on the same subject; its target from the map, the
playbook's metrics, or a default improvement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import knowledge
from assistant.domain import (
    Action,
    Citation,
    Horizon,
    KPITarget,
    Opportunity,
    PainPoint,
    PriorityBucket,
    Provenance,
    ReviewLoop,
    priority_bucket,
)
from assistant.interview import parsing as p
from assistant.interview import vocabulary as vocab
from assistant.interview.apply import playbook_for
from assistant.interview.draft import MapDraft, fold
from assistant.interview.evidence import EvidenceMetric, EvidenceProvider
from assistant.interview.methodology import Methodology, lang_family
from assistant.interview.say import Say
from assistant.interview.state import InterviewState
from assistant.interview.suggestions import kano_for, playbook_pain
from assistant.playbooks import Playbook, similarity
from assistant.retrieval.corpus import parse_document
from assistant.text.chunking import split_sentences

HORIZON_BY_BUCKET: dict[PriorityBucket, Horizon] = {
    "quick_win": "30d",
    "fill_in": "60d",
    "reconsider": "90d",
    "major_project": "quarter",
}
BUCKET_ORDER: tuple[PriorityBucket, ...] = ("quick_win", "major_project", "fill_in", "reconsider")
KPI_MATCH = 0.15  # token overlap at which a map KPI is about the same thing as an action
DEFAULT_COMPLAINT_DROP = 30.0  # percent, when nothing better is known
IMPROVEMENT = 0.3  # a baseline is improved by 30 % (down or up) when no target is given


def short(description: str) -> str:
    """A pain point's name: the part before its explanation ("材料反复补交：清单不…")."""
    return re.split(r"[：:]", description, maxsplit=1)[0].strip()


def split_title(text: str) -> tuple[str, str]:
    """ "措施：说明" → ("措施", "说明"); text without a colon is all title."""
    found = re.match(r"^(.+?)\s*[：:]\s*(.+)$", text)
    return (found[1].strip(), found[2].strip()) if found else (text.strip(), "")


def lower_is_better(name: str, unit: str) -> bool:
    return p.contains_any(f"{name} {unit}", vocab.LOWER_IS_BETTER)


def improved(baseline: float, name: str, unit: str) -> float:
    if lower_is_better(name, unit):
        return round(baseline * (1 - IMPROVEMENT), 1)
    target = round(baseline * (1 + IMPROVEMENT), 1) if baseline > 0 else baseline + 10
    return min(target, 100.0) if unit == "%" else target


@cache
def plan_practice_citation(lang: str) -> Citation:
    """The improvement-plan practice, cited when nothing better was retrieved."""
    name = f"practice-improvement-plan-{lang_family(lang)}.md"
    text = knowledge.root().joinpath("methodology", name).read_text(encoding="utf-8")
    doc = parse_document(text, f"knowledge/methodology/{name}")
    return Citation(doc_id=doc.id, title=doc.title, source=doc.path)


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

    def ensure(self, state: InterviewState) -> None:
        """Add actions until every pain point has one; keep what is there (and the team's edits)."""
        draft, say = state.draft, Say(state.lang)
        build = _Build(draft, say, playbook_for(state), self._metrics(state))
        before = {a.id for a in draft.plan.actions}
        for opportunity in draft.opportunities:
            action_id = f"action-{opportunity.id}"
            if opportunity.pain_point_ids and not any(
                a.id == action_id for a in draft.plan.actions
            ):
                pains = [x for x in draft.pain_points if x.id in opportunity.pain_point_ids]
                draft.plan.actions.append(
                    self._from_opportunity(action_id, opportunity, pains, build)
                )
        for pain in draft.pain_points:
            if not draft.actions_for(pain.id):
                draft.plan.actions.extend(self._for_pain(pain, build))
        self._use_map_kpis([a for a in draft.plan.actions if a.id not in before], build)
        draft.plan.actions.sort(key=lambda a: BUCKET_ORDER.index(a.priority))
        if not draft.plan.review_loop.owner:
            draft.plan.review_loop = ReviewLoop(
                cadence=draft.plan.review_loop.cadence, owner=say("review_owner")
            )

    # Sources of actions -----------------------------------------------------------------------
    def _from_opportunity(
        self,
        action_id: str,
        opportunity: Opportunity,
        pains: list[PainPoint],
        build: _Build,
    ) -> Action:
        draft = build.draft
        title, description = split_title(opportunity.description)
        worst = max(pains, key=lambda x: x.severity)
        kano = draft.kano.get(opportunity.id) or kano_for(worst.severity, opportunity.description)
        owner = draft.owners.get(opportunity.id) or self._owner(worst, build)
        return Action(
            id=action_id,
            title=title or opportunity.description,
            description=description,
            pain_point_ids=[x.id for x in pains],
            impact=opportunity.impact,
            effort=opportunity.effort,
            kano=kano,
            owner_department=owner,
            kpi=self._kpi(worst, opportunity.description, build),
            horizon=HORIZON_BY_BUCKET[priority_bucket(opportunity.impact, opportunity.effort)],
            provenance=opportunity.provenance.model_copy(),
        )

    def _for_pain(self, pain: PainPoint, build: _Build) -> list[Action]:
        say, playbook = build.say, build.playbook
        source = playbook_pain(playbook, pain.description) if playbook else None
        improvements = playbook.improvements_for(source.name) if playbook and source else []
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
        hits = self.methodology.strategies(pain.description, say.lang)
        if hits:
            hit = hits[0]
            sentences = split_sentences(hit.chunk.text.replace("\n", " "))
            description = sentences[0] if sentences else ""
            return [
                self._action(
                    build,
                    pain,
                    title=say(
                        "action_from_method",
                        pain=short(pain.description),
                        section=say.script(hit.chunk.section),
                    ),
                    description=say.script(description.lstrip("-*# ").strip()),
                    impact=impact,
                    effort=3,
                    owner="",
                    citation=hit.citation,
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
            kpi=self._kpi(pain, f"{title} {description}", build),
            horizon=HORIZON_BY_BUCKET[priority_bucket(impact, effort)],
            provenance=Provenance(source="suggested", citations=[citation]),
        )

    def _use_map_kpis(self, added: list[Action], build: _Build) -> None:
        """A KPI the team measured (a map KPI with a baseline) should steer at least one action:
        give it to the closest new action that only has the default complaint KPI."""
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
            target = (
                kpi.target if kpi.target is not None else improved(kpi.baseline, kpi.name, kpi.unit)
            )
            action.kpi = KPITarget(
                name=kpi.name,
                unit=kpi.unit,
                baseline=kpi.baseline,
                target=target,
                baseline_source=build.say("kpi_from_map", name=kpi.name),
            )
            used.add(fold(kpi.name))

    @staticmethod
    def _has_default_kpi(action: Action, build: _Build) -> bool:
        pains = [x for x in build.draft.pain_points if x.id in action.pain_point_ids]
        defaults = {build.say("kpi_complaints", pain=short(x.description)) for x in pains}
        return action.kpi.name in defaults

    # Owner and KPI ------------------------------------------------------------------------------
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

    def _kpi(self, pain: PainPoint, action_text: str, build: _Build) -> KPITarget:
        say = build.say
        metric = build.metrics.get(fold(pain.description))
        if metric is not None:
            source = metric.source or ", ".join(pain.provenance.refs[:2])
            return KPITarget(
                name=metric.name,
                unit=metric.unit,
                baseline=metric.value,
                target=improved(metric.value, metric.name, metric.unit),
                baseline_source=say("kpi_from_data", source=source),
            )
        subject = f"{pain.description} {action_text}"
        scored = [
            (similarity(subject, k.name) + (0.2 if k.stage_id == pain.stage_id else 0.0), k)
            for k in build.draft.kpis
        ]
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best and best[0] >= KPI_MATCH:
            kpi = best[1]
            target = kpi.target
            if target is None and kpi.baseline is not None:
                target = improved(kpi.baseline, kpi.name, kpi.unit)
            if target is not None:
                return KPITarget(
                    name=kpi.name,
                    unit=kpi.unit,
                    baseline=kpi.baseline,
                    target=target,
                    baseline_source=say("kpi_from_map", name=kpi.name)
                    if kpi.baseline is not None
                    else "",
                )
        known = build.playbook.match_metric(subject) if build.playbook else None
        if known is not None and known.target is not None:
            return KPITarget(
                name=say.script(known.name), unit=say.script(known.unit), target=known.target
            )
        return KPITarget(
            name=say("kpi_complaints", pain=short(pain.description)),
            unit="%",
            target=DEFAULT_COMPLAINT_DROP,
        )

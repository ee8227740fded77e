"""The map while it is being built: every piece may still be missing, references always resolve.

Items are the domain's own models (Stage, Touchpoint, PainPoint, ...), so each one is valid the
moment it is added; what the draft permits is an unfinished whole (no goal yet, no industry, a
stage without touchpoints). Removing an item removes or unlinks whatever pointed at it, so
`to_diagnosis()` always validates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import (
    Action,
    BusinessContext,
    Diagnosis,
    GoalScope,
    ImprovementPlan,
    JourneyMap,
    KanoClass,
    Lang,
    MapKPI,
    Opportunity,
    PainPoint,
    Persona,
    Provenance,
    Stage,
    Touchpoint,
)
from assistant.text.script import to_simplified

ItemKind = Literal["persona", "stage", "touchpoint", "pain", "opportunity", "action", "kpi"]
Named = Persona | Stage | Touchpoint | PainPoint | Opportunity | Action | MapKPI

ID_PREFIX: dict[ItemKind, str] = {
    "persona": "persona",
    "stage": "stage",
    "touchpoint": "tp",
    "pain": "pain",
    "opportunity": "opp",
    "action": "action",
    "kpi": "kpi",
}


def fold(text: str) -> str:
    """Comparable form of a name: Simplified script, case-folded, no surrounding space."""
    return to_simplified(text).strip().casefold()


def display_name(item: Named) -> str:
    if isinstance(item, PainPoint | Opportunity):
        return item.description
    if isinstance(item, Action):
        return item.title
    return item.name


class MapDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: Lang = "zh-Hans"
    title: str = ""
    goal: str = ""
    scope: str = ""
    goal_provenance: Provenance = Field(default_factory=Provenance)
    industry: str = ""  # as the user reads it: 银行, banking
    product: str = ""
    company: str = ""
    context_provenance: Provenance = Field(default_factory=Provenance)
    personas: list[Persona] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    pain_points: list[PainPoint] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    kpis: list[MapKPI] = Field(default_factory=list)
    plan: ImprovementPlan = Field(default_factory=ImprovementPlan)
    # Step 7 classifies opportunities (KANO) and the playbook names an owner; the domain's
    # Opportunity has no field for either, so they wait here until the plan turns them into actions.
    kano: dict[str, KanoClass] = Field(default_factory=dict)
    owners: dict[str, str] = Field(default_factory=dict)
    counters: dict[str, int] = Field(default_factory=dict)
    # Plan actions the team deleted (in words or on the plan page), with the pain points they
    # addressed: the plan builder does not put them back, nor a new action for those pains.
    dropped_actions: dict[str, list[str]] = Field(default_factory=dict)
    # The team put the plan's actions in an order of their own (in words or on the plan page):
    # the plan builder keeps it, adding new actions at the end, instead of sorting by priority.
    plan_ordered: bool = False

    # Ids ----------------------------------------------------------------------------------
    def new_id(self, kind: ItemKind) -> str:
        """A fresh id; counters only grow, so an id is never reused after a deletion."""
        prefix = ID_PREFIX[kind]
        number = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = number
        return f"{prefix}-{number}"

    # Lookups ------------------------------------------------------------------------------
    def items(self, kind: ItemKind) -> list[Named]:
        lists: dict[ItemKind, list[Named]] = {
            "persona": list(self.personas),
            "stage": list(self.stages),
            "touchpoint": list(self.ordered_touchpoints()),
            "pain": list(self.pain_points),
            "opportunity": list(self.opportunities),
            "action": list(self.plan.actions),
            "kpi": list(self.kpis),
        }
        return lists[kind]

    def find(self, name: str, kinds: Iterable[ItemKind] | None = None) -> tuple[ItemKind, Named]:
        """The item called `name` (exact, script- and case-insensitive), else the one whose name
        contains it or is contained in it. Raises KeyError when nothing matches."""
        wanted = fold(name)
        order: tuple[ItemKind, ...] = (
            "stage",
            "touchpoint",
            "persona",
            "pain",
            "opportunity",
            "action",
            "kpi",
        )
        searched = [k for k in order if kinds is None or k in set(kinds)]
        if not wanted:
            raise KeyError(name)
        for exact in (True, False):
            for kind in searched:
                for item in self.items(kind):
                    have = fold(display_name(item))
                    if have == wanted or (not exact and len(wanted) >= 2 and wanted in have):
                        return kind, item
        raise KeyError(name)

    def stage_named(self, name: str) -> Stage | None:
        try:
            _, item = self.find(name, ("stage",))
        except KeyError:
            return None
        return item if isinstance(item, Stage) else None

    def touchpoint_named(self, name: str) -> Touchpoint | None:
        try:
            _, item = self.find(name, ("touchpoint",))
        except KeyError:
            return None
        return item if isinstance(item, Touchpoint) else None

    def touchpoints_of(self, stage_id: str) -> list[Touchpoint]:
        return [t for t in self.touchpoints if t.stage_id == stage_id]

    def ordered_touchpoints(self) -> list[Touchpoint]:
        return [t for s in self.stages for t in self.touchpoints_of(s.id)]

    def stage_of(self, touchpoint_id: str) -> Stage | None:
        tp = next((t for t in self.touchpoints if t.id == touchpoint_id), None)
        return next((s for s in self.stages if tp and s.id == tp.stage_id), None)

    def stages_without_touchpoints(self) -> list[Stage]:
        return [s for s in self.stages if not self.touchpoints_of(s.id)]

    def touchpoints_without_emotion(self) -> list[Touchpoint]:
        return [t for t in self.ordered_touchpoints() if t.emotion is None]

    def lowest_stage_id(self) -> str | None:
        """The stage of the touchpoint customers feel worst about: where a pain point that names
        no stage most likely belongs."""
        scored = [t for t in self.ordered_touchpoints() if t.emotion is not None]
        if scored:
            return min(scored, key=lambda t: t.emotion.score if t.emotion else 0).stage_id
        return self.stages[0].id if self.stages else None

    def actions_for(self, pain_id: str) -> list[Action]:
        return [a for a in self.plan.actions if pain_id in a.pain_point_ids]

    # Adding (duplicates by name return the existing item) -----------------------------------
    def add_persona(self, name: str, description: str, provenance: Provenance) -> Persona:
        existing = next((p for p in self.personas if fold(p.name) == fold(name)), None)
        if existing:
            if description and not existing.description:
                existing.description = description
            return existing
        persona = Persona(
            id=self.new_id("persona"), name=name, description=description, provenance=provenance
        )
        self.personas.append(persona)
        return persona

    def add_stage(
        self, name: str, description: str, provenance: Provenance, position: int | None = None
    ) -> Stage:
        existing = next((s for s in self.stages if fold(s.name) == fold(name)), None)
        if existing:
            return existing
        stage = Stage(
            id=self.new_id("stage"), name=name, description=description, provenance=provenance
        )
        if position is None:
            self.stages.append(stage)
        else:
            self.stages.insert(position, stage)
        return stage

    def add_touchpoint(self, touchpoint: Touchpoint) -> Touchpoint:
        """Add a touchpoint built by the caller (its id from new_id); merges into a same-named
        touchpoint of the same stage, filling the fields that were still empty."""
        existing = next(
            (
                t
                for t in self.touchpoints_of(touchpoint.stage_id)
                if fold(t.name) == fold(touchpoint.name)
            ),
            None,
        )
        if existing is None:
            self.touchpoints.append(touchpoint)
            return touchpoint
        for field in (
            "channel",
            "customer_action",
            "frontstage",
            "backstage",
            "support",
            "category",
        ):
            if not getattr(existing, field) and getattr(touchpoint, field):
                setattr(existing, field, getattr(touchpoint, field))
        if touchpoint.emotion is not None:
            existing.emotion = touchpoint.emotion
        return existing

    def add_pain(self, pain: PainPoint) -> PainPoint:
        existing = next(
            (p for p in self.pain_points if fold(p.description) == fold(pain.description)), None
        )
        if existing:
            return existing
        self.pain_points.append(pain)
        return pain

    def add_opportunity(self, opportunity: Opportunity) -> Opportunity:
        existing = next(
            (o for o in self.opportunities if fold(o.description) == fold(opportunity.description)),
            None,
        )
        if existing:
            for pain_id in opportunity.pain_point_ids:
                if pain_id not in existing.pain_point_ids:
                    existing.pain_point_ids = [*existing.pain_point_ids, pain_id]
            return existing
        self.opportunities.append(opportunity)
        return opportunity

    # Removing, with whatever pointed at the item ----------------------------------------------
    def remove(self, kind: ItemKind, item_id: str) -> None:
        if kind == "stage":
            for tp in [t for t in self.touchpoints if t.stage_id == item_id]:
                self.remove("touchpoint", tp.id)
            for pain in [p for p in self.pain_points if p.stage_id == item_id]:
                self.remove("pain", pain.id)
            self.kpis = [k for k in self.kpis if k.stage_id != item_id]
            self.stages = [s for s in self.stages if s.id != item_id]
        elif kind == "touchpoint":
            for pain in self.pain_points:
                if pain.touchpoint_id == item_id:
                    pain.touchpoint_id = None
            self.touchpoints = [t for t in self.touchpoints if t.id != item_id]
        elif kind == "pain":
            self.pain_points = [p for p in self.pain_points if p.id != item_id]
            for opportunity in self.opportunities:
                opportunity.pain_point_ids = [i for i in opportunity.pain_point_ids if i != item_id]
            kept = []
            for action in self.plan.actions:
                refs = [i for i in action.pain_point_ids if i != item_id]
                if refs:  # an action must address at least one pain point
                    action.pain_point_ids = refs
                    kept.append(action)
            self.plan.actions = kept
        elif kind == "opportunity":
            self.opportunities = [o for o in self.opportunities if o.id != item_id]
            self.kano.pop(item_id, None)
            self.owners.pop(item_id, None)
        elif kind == "persona":
            self.personas = [p for p in self.personas if p.id != item_id]
        elif kind == "action":
            for action in self.plan.actions:
                if action.id == item_id:
                    self.dropped_actions[item_id] = list(action.pain_point_ids)
            self.plan.actions = [a for a in self.plan.actions if a.id != item_id]
        elif kind == "kpi":
            self.kpis = [k for k in self.kpis if k.id != item_id]

    def rename(self, item: Named, new_name: str) -> None:
        if isinstance(item, PainPoint | Opportunity):
            item.description = new_name
        elif isinstance(item, Action):
            item.title = new_name
        else:
            item.name = new_name

    # The finished product ---------------------------------------------------------------------
    def to_diagnosis(self, *, placeholder: str, title: str) -> Diagnosis:
        """A valid Diagnosis of the map so far; `placeholder` stands in for what is not given yet.

        Plan actions whose pain points were all removed have already been dropped by `remove`.
        The diagnosis holds copies: editing it never changes the draft.
        """
        d = MapDraft.model_validate(self.model_dump())  # a copy; faster than deepcopy
        journey = JourneyMap(
            title=d.title or title,
            lang=d.lang,
            goal=GoalScope(goal=d.goal or placeholder, scope=d.scope, provenance=d.goal_provenance),
            context=BusinessContext(
                industry=d.industry or placeholder,
                product_or_service=d.product or d.industry or placeholder,
                company=d.company,
                provenance=d.context_provenance,
            ),
            personas=d.personas,
            stages=d.stages,
            touchpoints=d.ordered_touchpoints(),
            pain_points=d.pain_points,
            opportunities=d.opportunities,
            kpis=d.kpis,
        )
        return Diagnosis(map=journey, plan=d.plan)

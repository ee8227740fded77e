"""What records are tagged against: the stages and touchpoints of a journey map, or of an industry
playbook when the workspace has no map yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.domain import JourneyMap
from assistant.playbooks import Playbook

TaxonomySource = Literal["map", "playbook"]


@dataclass(frozen=True)
class StageTarget:
    id: str
    name: str


@dataclass(frozen=True)
class TouchpointTarget:
    id: str
    name: str
    stage_id: str
    channel: str = ""
    action: str = ""

    @property
    def description(self) -> str:
        """What the touchpoint is about, for linking topics and for its embedding prototype."""
        return " ".join(part for part in (self.name, self.channel, self.action) if part)


@dataclass(frozen=True)
class Taxonomy:
    source: TaxonomySource
    title: str
    ref: str  # "map <id> v<version>" or the playbook id
    lang: str
    stages: tuple[StageTarget, ...]
    touchpoints: tuple[TouchpointTarget, ...]
    industry: str = ""

    def stage(self, stage_id: str) -> StageTarget:
        return next(s for s in self.stages if s.id == stage_id)

    def touchpoint(self, touchpoint_id: str) -> TouchpointTarget:
        return next(t for t in self.touchpoints if t.id == touchpoint_id)

    def touchpoints_of(self, stage_id: str) -> list[TouchpointTarget]:
        return [t for t in self.touchpoints if t.stage_id == stage_id]


def taxonomy_from_map(journey: JourneyMap, map_id: str, version: int) -> Taxonomy:
    stages = tuple(StageTarget(s.id, s.name) for s in journey.stages)
    touchpoints = tuple(
        TouchpointTarget(
            id=t.id,
            name=t.name,
            stage_id=t.stage_id,
            channel=t.channel,
            action=" ".join(x for x in (t.customer_action, t.frontstage) if x),
        )
        for t in journey.ordered_touchpoints()
    )
    return Taxonomy(
        source="map",
        title=journey.title,
        ref=f"map {map_id} v{version}",
        lang=journey.lang,
        stages=stages,
        touchpoints=touchpoints,
        industry=journey.context.industry,
    )


def taxonomy_from_playbook(playbook: Playbook) -> Taxonomy:
    stages = tuple(StageTarget(f"s{s.number}", s.name) for s in playbook.stages)
    stage_id = {s.name: f"s{s.number}" for s in playbook.stages}
    touchpoints = tuple(
        TouchpointTarget(
            id=f"t{n}",
            name=t.name,
            stage_id=stage_id[t.stage],
            channel=t.channel,
            action=t.action,
        )
        for n, t in enumerate(playbook.touchpoints, start=1)
    )
    return Taxonomy(
        source="playbook",
        title=playbook.title,
        ref=playbook.id,
        lang=playbook.lang,
        stages=stages,
        touchpoints=touchpoints,
        industry=playbook.industry,
    )

"""The improvement plan on screen: actions in plan order, numbered as on the matrix."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain import Action, Diagnosis
from assistant.exports.common import BUCKET_COLOURS, Lookup


@dataclass(frozen=True)
class ActionRow:
    number: int
    action: Action
    pains: list[str]
    colour: str


def action_rows(diagnosis: Diagnosis) -> list[ActionRow]:
    lookup = Lookup.of(diagnosis.map)
    return [
        ActionRow(
            number=number,
            action=action,
            pains=[lookup.pain_points.get(pid, pid) for pid in action.pain_point_ids],
            colour=BUCKET_COLOURS[action.priority],
        )
        for number, action in enumerate(diagnosis.plan.actions, 1)
    ]

"""The improvement plan on screen: actions in plan order, numbered as on the matrix, and the forms
that edit and add them (assistant/services/plan_editing.py does the editing).

Rows show the plan in the reader's script; forms hold the values as stored, so saving changes
only what the manager changed (a zh-Hant screen must not rewrite a zh-Hans plan into Traditional).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from assistant.domain import Action, Diagnosis, KPITarget, Provenance
from assistant.domain.plan import ACTION_INFERABLE
from assistant.exports.common import BUCKET_COLOURS, Lookup
from assistant.exports.svg import MATRIX_LEFT, MATRIX_PLOT, MATRIX_TOP
from assistant.i18n.labels import Labels
from assistant.services.plan_editing import NEW_DEFAULTS, PAINS
from web.views.journey import FieldView, element_view

# The matrix's geometry, for plan.js to turn a dragged dot's place into impact and effort.
MATRIX_GEOMETRY = {"left": MATRIX_LEFT, "top": MATRIX_TOP, "plot": MATRIX_PLOT}


@dataclass(frozen=True)
class ActionRow:
    number: int
    action: Action
    pains: list[str]
    colour: str

    def guessed(self, field: str) -> bool:
        """Whether `field` (a provenance path: owner, kpi.target…) is the assistant's: filled in
        by it, or part of an action it suggested that nobody has edited yet."""
        provenance = self.action.provenance
        return provenance.source == "suggested" or provenance.is_inferred(field)

    @property
    def guessed_any(self) -> bool:
        return any(self.guessed(field) for field in ACTION_INFERABLE)


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


@dataclass(frozen=True)
class PainOption:
    id: str
    text: str  # in the reader's script
    checked: bool


@dataclass(frozen=True)
class ActionForm:
    """The fields of one action's form (or of a new action's, with `action_id` empty)."""

    action_id: str
    fields: dict[str, FieldView]
    pains: list[PainOption]


def _blank_action() -> Action:
    """What the add form starts from (never validated or stored)."""
    return Action.model_construct(
        id="",
        title="",
        description="",
        pain_point_ids=[],
        owner_department="",
        kpi=KPITarget.model_construct(name="", unit="", baseline=None, target=0.0),
        provenance=Provenance(),
        **NEW_DEFAULTS,
    )


def action_form(
    stored: Diagnosis,
    shown: Diagnosis,
    action_id: str,
    labels: Labels,
    t: Any,
    typed: Mapping[str, Any] | None = None,
) -> ActionForm:
    """The form of the action `action_id` of the stored diagnosis (a blank one for ""), holding
    what was `typed` instead where a refused change gave it; the pain points to choose from as
    the page shows them."""
    action = next((a for a in stored.plan.actions if a.id == action_id), None)
    element = action or _blank_action()
    typed = dict(typed or {})
    if action is None:
        typed.setdefault("kpi_target", None)  # a new action's target: blank, not 0
    fields = {
        f.spec.name: replace(f, value=typed[f.spec.name]) if f.spec.name in typed else f
        for f in element_view(element, "action", labels, t).fields
    }
    linked = set(typed.get(PAINS, element.pain_point_ids))
    pains = [PainOption(p.id, p.description, p.id in linked) for p in shown.map.pain_points]
    return ActionForm(action_id=action.id if action else "", fields=fields, pains=pains)

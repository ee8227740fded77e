"""Hand edits made to an interview's map outside the interview (the map canvas, the JSON API)
taken into the interview's draft, so the next turn builds on them instead of saving over
them.

The interview saves its map as versions authored by the assistant; a hand edit saves a version
authored `edit`. Before a turn, the changes from the interview's last version to the newest one
are applied to the draft, element by element (matched by id) and field by field for the single
parts, so what the interview keeps as "not given yet" (shown as a placeholder in the map) stays
not given unless the person filled it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from assistant.domain import Diagnosis
from assistant.domain.diff import ElementChange, diff_diagnoses
from assistant.interview.draft import ID_PREFIX, ItemKind, MapDraft
from assistant.storage import Database, NotFound

HAND_EDIT = "edit"

# Single parts of the map: a changed field of the diagnosis → the draft's attribute.
GOAL_FIELDS = {"goal": "goal", "scope": "scope", "provenance": "goal_provenance"}
CONTEXT_FIELDS = {
    "industry": "industry",
    "product_or_service": "product",
    "company": "company",
    "provenance": "context_provenance",
}
LISTS = {
    "persona": "personas",
    "stage": "stages",
    "touchpoint": "touchpoints",
    "pain_point": "pain_points",
    "opportunity": "opportunities",
    "kpi": "kpis",
}


@dataclass(frozen=True)
class HandEdits:
    """The draft with the hand edits applied, and the newest version they came from."""

    draft: MapDraft
    version: int


def pending_edits(db: Database, session_id: str, draft: MapDraft) -> HandEdits | None:
    """The session map's hand edits made since the interview last saved it, applied to `draft`;
    None when there are none (or the session has no map yet)."""
    try:
        maps = db.maps.for_session(session_id)
    except NotFound:
        return None
    if not maps:
        return None
    map_id = maps[0].id
    authors = db.maps.authors(map_id)  # every turn: versions and authors only, no diagnoses
    saved = [version for version, author in authors if author == "assistant"]
    if not saved:
        return None
    if not any(author == HAND_EDIT and version > saved[-1] for version, author in authors):
        return None
    base = db.maps.get_version(map_id, saved[-1])
    edited, version = db.maps.latest(map_id)
    # The plan orders the hand edits in between held: a move made in words is saved as a hand
    # edit (plan_moves.py), so the draft already has that order; undoing it on the plan page
    # must still take the draft back to the order before.
    between = [v for v, author in authors if author == HAND_EDIT and saved[-1] < v < version]
    held = [[a.id for a in db.maps.get_version(map_id, v).plan.actions] for v in between]
    changed = apply_edits(draft, base, edited, held)
    return HandEdits(changed, version) if changed != draft else None


# The draft's name for a kind of element, where it differs (for `MapDraft.remove`, `new_id`).
DRAFT_KIND: dict[str, ItemKind] = {"pain_point": "pain"}


def apply_edits(
    draft: MapDraft, base: Diagnosis, edited: Diagnosis, held: Sequence[list[str]] = ()
) -> MapDraft:
    """A copy of `draft` with every element changed from `base` to `edited` taken from `edited`;
    elements added on the canvas are added, those deleted removed (with what pointed at them, as
    the draft removes), and a list put in a new order takes that order. The plan's actions take
    the edited order when it differs from the base's, or from an order in `held` (the action
    ids of hand-edited versions in between) that the draft has."""
    result = draft.model_copy(deep=True)
    changes = diff_diagnoses(base, edited).elements
    for change in changes:  # first, so that a removal keeps what was unlinked from it
        if change.status == "changed":
            _apply(result, change, edited)
    for change in changes:
        kind = DRAFT_KIND.get(change.kind, change.kind)
        if change.status == "removed" and kind in ID_PREFIX:
            result.remove(kind, change.id)
    for change in changes:
        if change.status == "added" and (change.kind in LISTS or change.kind == "action"):
            _add(result, change.kind, change.id, edited)
    for attr in LISTS.values():
        _reorder(result, attr, base, edited)
    _reorder_actions(result, [a.id for a in base.plan.actions], edited, held)
    return result


def _reorder_actions(
    draft: MapDraft, before: list[str], edited: Diagnosis, held: Sequence[list[str]]
) -> None:
    """The plan's actions in the edited order (moved on the plan page, or a move in words
    undone there) when it changed from the base, or from an order the draft had been saved in.
    Actions only the draft has keep their places; the team's order is kept from then on."""
    after = [a.id for a in edited.plan.actions]
    mine = [a.id for a in draft.plan.actions]

    both = set(mine) & set(after)

    def common(order: list[str]) -> list[str]:
        return [i for i in order if i in both]

    wanted = common(after)
    if common(mine) == wanted:
        return
    if common(before) == wanted and not any(common(order) == common(mine) for order in held):
        return
    by_id = {a.id: a for a in draft.plan.actions}
    queue = iter(wanted)
    draft.plan.actions = [by_id[next(queue) if i in both else i] for i in mine]
    draft.plan_ordered = True


def _add(draft: MapDraft, kind: str, element_id: str, edited: Diagnosis) -> None:
    if kind == "action":  # the plan page's
        mine: list[Any] = draft.plan.actions
        theirs: list[Any] = edited.plan.actions
    else:
        mine, theirs = getattr(draft, LISTS[kind]), getattr(edited.map, LISTS[kind])
    if any(item.id == element_id for item in mine):
        return
    new = next(item for item in theirs if item.id == element_id)
    mine.append(new.model_copy(deep=True))
    # The draft numbers its own ids: count past this one so it never makes the same id again.
    prefix = ID_PREFIX[DRAFT_KIND.get(kind, cast(ItemKind, kind))]
    number = element_id.removeprefix(f"{prefix}-")
    if number.isdigit():
        draft.counters[prefix] = max(draft.counters.get(prefix, 0), int(number))


def _reorder(draft: MapDraft, attr: str, base: Diagnosis, edited: Diagnosis) -> None:
    """The draft's list in the order the hand edit left it (an element added in place, a list
    reordered); what only the draft has (added by the interview since) goes at the end."""
    before = [item.id for item in getattr(base.map, attr)]
    after = [item.id for item in getattr(edited.map, attr)]
    if before == after:
        return
    rank = {element_id: number for number, element_id in enumerate(after)}
    mine: list[Any] = getattr(draft, attr)
    mine.sort(key=lambda item: rank.get(item.id, len(rank)))


def _apply(draft: MapDraft, change: ElementChange, edited: Diagnosis) -> None:
    journey = edited.map
    if change.kind == "map":
        if any(c.field == "title" for c in change.changes):
            draft.title = journey.title
    elif change.kind == "goal":
        _fields(draft, journey.goal, GOAL_FIELDS, change)
    elif change.kind == "context":
        _fields(draft, journey.context, CONTEXT_FIELDS, change)
    elif change.kind == "review_loop":
        draft.plan.review_loop = edited.plan.review_loop.model_copy(deep=True)
    elif change.kind == "action":
        _replace(draft.plan.actions, edited.plan.actions, change.id)
    elif change.kind in LISTS:
        mine: list[Any] = getattr(draft, LISTS[change.kind])
        _replace(mine, getattr(journey, LISTS[change.kind]), change.id)


def _fields(draft: MapDraft, part: Any, names: dict[str, str], change: ElementChange) -> None:
    for top in {c.field.split(".", 1)[0] for c in change.changes}:
        if top in names:
            value = getattr(part, top)
            setattr(
                draft, names[top], value.model_copy(deep=True) if top == "provenance" else value
            )


def _replace(mine: list[Any], theirs: list[Any], element_id: str) -> None:
    new = next((item for item in theirs if item.id == element_id), None)
    for index, item in enumerate(mine):
        if item.id == element_id and new is not None:
            mine[index] = new.model_copy(deep=True)

"""Reshaping a journey map by hand: add, delete and move stages, touchpoints, pain points,
opportunities and personas, and undo the last change (the map canvas, the JSON API).

The operations are pure (a Diagnosis in, a `MapChange` out: the new diagnosis and its version
note); `MapEditor` loads the latest version, applies one and saves the result as a new version
authored `edit`, the same way an inline edit is saved, so a running interview takes it in at its
next turn (`assistant/interview/edits.py`). Undo saves the version before the last hand change
again, as a new version: history is never rewritten.

What a person adds is stated by them (provenance `user`). Deleting an element takes with it what
cannot stand without it (a stage's touchpoints and pain points; a plan action left with no pain
point) and unlinks the rest (a pain point keeps its stage when its touchpoint goes; a KPI stays
on the map without its stage).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import ValidationError

from assistant.domain import Diagnosis, Lang
from assistant.prompts import load_prompts
from assistant.services.editing import (
    EditError,
    InvalidEdit,
    apply_values,
    edit_element,
    find_element,
)
from assistant.storage import Author, Database
from assistant.storage.notes import (
    added_note,
    deleted_note,
    edit_note,
    moved_note,
    reordered_note,
    restored_note,
    restored_version,
)

StructuralKind = Literal["persona", "stage", "touchpoint", "pain_point", "opportunity"]
STRUCTURAL_KINDS: tuple[StructuralKind, ...] = get_args(StructuralKind)
Direction = Literal["up", "down", "left", "right"]
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)

EDIT_AUTHOR: Author = "edit"

_LIST: dict[StructuralKind, str] = {
    "persona": "personas",
    "stage": "stages",
    "touchpoint": "touchpoints",
    "pain_point": "pain_points",
    "opportunity": "opportunities",
}
# Ids as the interview makes them (assistant/interview/draft.py), so both read alike.
_PREFIX: dict[StructuralKind, str] = {
    "persona": "persona",
    "stage": "stage",
    "touchpoint": "tp",
    "pain_point": "pain",
    "opportunity": "opp",
}
# The text an element cannot be added without.
_REQUIRED: dict[StructuralKind, str] = {
    "persona": "name",
    "stage": "name",
    "touchpoint": "name",
    "pain_point": "description",
    "opportunity": "description",
}
_STAGED: tuple[StructuralKind, ...] = ("touchpoint", "pain_point")  # listed per stage
_REFERENCES = ("stage_id", "touchpoint_id", "pain_point_id", "pain_point_ids", "position")


class MapEditError(EditError):
    """A change that cannot be made, said in the user's language (`message(lang)`); `str()` is
    the English sentence (the JSON API's detail)."""

    def __init__(self, key: str, **variables: Any) -> None:
        self.key = key
        self.variables = variables
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        return load_prompts().render(f"ui.{key_of(self.key)}", lang, **self.variables)


def key_of(key: str) -> str:
    return f"canvas_error_{key}"


@dataclass(frozen=True)
class MapChange:
    """A reshaped diagnosis, the note its version is saved with, and the element it was about."""

    diagnosis: Diagnosis
    note: str
    kind: str = ""
    element_id: str = ""


def structural_kind(kind: str) -> StructuralKind:
    for known in STRUCTURAL_KINDS:
        if kind == known:
            return known
    raise MapEditError("kind", kind=kind)


def _validated(data: dict[str, Any]) -> Diagnosis:
    try:
        return Diagnosis.model_validate(data)
    except ValidationError as exc:
        raise InvalidEdit(exc) from None


def _dump(diagnosis: Diagnosis) -> dict[str, Any]:
    data: dict[str, Any] = diagnosis.model_dump(mode="json", exclude_computed_fields=True)
    return data


def _items(data: dict[str, Any], kind: StructuralKind) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = data["map"][_LIST[kind]]
    return items


def _find(data: dict[str, Any], kind: StructuralKind, element_id: str) -> dict[str, Any]:
    for item in _items(data, kind):
        if item["id"] == element_id:
            return item
    raise MapEditError("not_found")


def new_id(data: dict[str, Any], kind: StructuralKind, retired: Collection[str] = ()) -> str:
    """`<prefix>-<n>` one past the highest number the map's ids of this kind use, counting the
    `retired` ids too (those of earlier versions: an element deleted since keeps its id)."""
    prefix = _PREFIX[kind]
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    taken = {item["id"] for item in _items(data, kind)} | set(retired)
    numbers = [int(m[1]) for m in (pattern.match(i) for i in taken) if m]
    number = max(numbers, default=0) + 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


def _stage_ids(data: dict[str, Any]) -> list[str]:
    return [s["id"] for s in _items(data, "stage")]


def _regroup(data: dict[str, Any], kind: StructuralKind, by_stage: dict[str, list[Any]]) -> None:
    """A per-stage list written back in journey order (stage by stage)."""
    data["map"][_LIST[kind]] = [item for sid in _stage_ids(data) for item in by_stage[sid]]


def _by_stage(data: dict[str, Any], kind: StructuralKind) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {sid: [] for sid in _stage_ids(data)}
    for item in _items(data, kind):
        groups[item["stage_id"]].append(item)
    return groups


def _position(raw: Any, size: int) -> int:
    """Where to insert in a list of `size`: the end unless a valid index is given."""
    if raw is None or str(raw).strip() == "":
        return size
    try:
        index = int(str(raw))
    except ValueError:
        raise MapEditError("position") from None
    return max(0, min(index, size))


# Adding --------------------------------------------------------------------------------------
def add_element(
    diagnosis: Diagnosis, kind: str, values: Mapping[str, Any], retired: Collection[str] = ()
) -> MapChange:
    """The diagnosis with a new element of `kind` made from `values` (the fields of
    `editing.FIELDS`, plus `stage_id` for a touchpoint or pain point, `touchpoint_id` and
    `pain_point_id(s)` to link it, `position` to place it; the end by default). Its id is
    none of the `retired` ones (ids the map's earlier versions used: see `new_id`)."""
    which = structural_kind(kind)
    data = _dump(diagnosis)
    element_id = new_id(data, which, retired)
    element: dict[str, Any] = {"id": element_id, "provenance": {"source": "user"}}
    if which == "pain_point":
        element["severity"] = 3
    fields = {k: v for k, v in values.items() if k not in _REFERENCES}
    apply_values(element, which, fields)
    if not str(element.get(_REQUIRED[which], "")).strip():
        raise MapEditError(f"{_REQUIRED[which]}_needed")
    stages = _stage_ids(data)
    if which in _STAGED:
        stage_id = str(values.get("stage_id") or "")
        touchpoint_id = str(values.get("touchpoint_id") or "")
        if which == "pain_point" and touchpoint_id:
            touchpoint = _find(data, "touchpoint", touchpoint_id)
            stage_id = stage_id or touchpoint["stage_id"]
            if touchpoint["stage_id"] != stage_id:
                raise MapEditError("touchpoint_elsewhere")
            element["touchpoint_id"] = touchpoint_id
        if stage_id not in stages:
            raise MapEditError("no_stage")
        element["stage_id"] = stage_id
        groups = _by_stage(data, which)
        groups[stage_id].insert(_position(values.get("position"), len(groups[stage_id])), element)
        _regroup(data, which, groups)
    else:
        if which == "opportunity":
            element["pain_point_ids"] = _pain_ids(data, values)
        items = _items(data, which)
        items.insert(_position(values.get("position"), len(items)), element)
    return MapChange(_validated(data), added_note(which, element_id), which, element_id)


def _pain_ids(data: dict[str, Any], values: Mapping[str, Any]) -> list[str]:
    raw = values.get("pain_point_ids", values.get("pain_point_id"))
    ids = [raw] if isinstance(raw, str) else list(raw or [])
    known = {p["id"] for p in _items(data, "pain_point")}
    ids = [str(i) for i in ids if str(i).strip()]
    if any(i not in known for i in ids):
        raise MapEditError("not_found")
    return ids


# Deleting ------------------------------------------------------------------------------------
def delete_element(diagnosis: Diagnosis, kind: str, element_id: str) -> MapChange:
    """The diagnosis without the element (and what cannot stand without it, see the module)."""
    which = structural_kind(kind)
    data = _dump(diagnosis)
    element = _find(data, which, element_id)
    name = str(element.get(_REQUIRED[which], ""))
    _remove(data, which, element_id)
    return MapChange(_validated(data), deleted_note(which, element_id, name), which, element_id)


def _remove(data: dict[str, Any], kind: StructuralKind, element_id: str) -> None:
    journey = data["map"]
    if kind == "stage":
        for pain in [p for p in journey["pain_points"] if p["stage_id"] == element_id]:
            _remove(data, "pain_point", pain["id"])
        journey["touchpoints"] = [t for t in journey["touchpoints"] if t["stage_id"] != element_id]
        for kpi in journey["kpis"]:
            if kpi.get("stage_id") == element_id:
                kpi["stage_id"] = None
    elif kind == "touchpoint":
        for pain in journey["pain_points"]:
            if pain.get("touchpoint_id") == element_id:
                pain["touchpoint_id"] = None
    elif kind == "pain_point":
        for opportunity in journey["opportunities"]:
            opportunity["pain_point_ids"] = [
                i for i in opportunity["pain_point_ids"] if i != element_id
            ]
        kept = []
        for action in data["plan"]["actions"]:
            action["pain_point_ids"] = [i for i in action["pain_point_ids"] if i != element_id]
            if action["pain_point_ids"]:  # an action addresses at least one pain point
                kept.append(action)
        data["plan"]["actions"] = kept
    journey[_LIST[kind]] = [i for i in journey[_LIST[kind]] if i["id"] != element_id]


# Moving --------------------------------------------------------------------------------------
def move_element(
    diagnosis: Diagnosis,
    kind: str,
    element_id: str,
    *,
    direction: str | None = None,
    stage_id: str | None = None,
    index: int | None = None,
) -> MapChange | None:
    """The diagnosis with the element moved: one step `direction` (`left`/`right` takes a
    touchpoint or pain point to the stage before or after; a stage, persona or opportunity one
    place along its list, as `up`/`down` does), or to `stage_id` at `index` (a drag). None when
    it is already there (the first stage moved left)."""
    which = structural_kind(kind)
    if direction is not None and direction not in DIRECTIONS:
        raise MapEditError("direction")
    data = _dump(diagnosis)
    element = _find(data, which, element_id)
    if which in _STAGED:
        moved = _move_staged(data, which, element, direction, stage_id, index)
    else:
        moved = _move_in_list(_items(data, which), element, direction, index)
    if not moved:
        return None
    if which in _STAGED and element["stage_id"] != _find_stage_before(diagnosis, which, element_id):
        note = moved_note(which, element_id, element["stage_id"])
    else:
        note = reordered_note(which, element_id)
    return MapChange(_validated(data), note, which, element_id)


def _find_stage_before(diagnosis: Diagnosis, kind: StructuralKind, element_id: str) -> str:
    return str(getattr(find_element(diagnosis, kind, element_id), "stage_id", ""))


def _step(direction: str | None) -> int:
    return -1 if direction in ("up", "left") else 1


def _move_in_list(
    items: list[dict[str, Any]], element: dict[str, Any], direction: str | None, index: int | None
) -> bool:
    if direction is None and index is None:
        raise MapEditError("direction")
    old = items.index(element)
    new = old + _step(direction) if index is None else max(0, min(index, len(items) - 1))
    if new == old or not 0 <= new < len(items):
        return False
    items.insert(new, items.pop(old))
    return True


def _move_staged(
    data: dict[str, Any],
    kind: StructuralKind,
    element: dict[str, Any],
    direction: str | None,
    stage_id: str | None,
    index: int | None,
) -> bool:
    stages = _stage_ids(data)
    groups = _by_stage(data, kind)
    here = element["stage_id"]
    if stage_id is None and direction in ("left", "right"):
        at = stages.index(here) + _step(direction)
        if not 0 <= at < len(stages):
            return False
        stage_id = stages[at]
    if stage_id is None or stage_id == here:  # within the stage: up, down or to an index
        if stage_id == here and index is None:
            return False
        moved = _move_in_list(groups[here], element, direction, index)
        _regroup(data, kind, groups)
        return moved
    if stage_id not in groups:
        raise MapEditError("no_stage")
    groups[here].remove(element)
    groups[stage_id].insert(_position(index, len(groups[stage_id])), element)
    element["stage_id"] = stage_id
    if kind == "touchpoint":  # its pain points go with it
        for pain in _items(data, "pain_point"):
            if pain.get("touchpoint_id") == element["id"]:
                pain["stage_id"] = stage_id
    elif element.get("touchpoint_id"):  # a pain point leaves its touchpoint behind
        element["touchpoint_id"] = None
    _regroup(data, kind, groups)
    return True


# Editing fields (rename and the rest) ------------------------------------------------------------
def edit_fields(
    diagnosis: Diagnosis, kind: str, element_id: str, values: Mapping[str, Any]
) -> MapChange | None:
    """`editing.edit_element` as a change with its note; None when nothing changed."""
    edited, changed = edit_element(diagnosis, kind, element_id, values)
    if not changed:
        return None
    return MapChange(edited, edit_note(kind, element_id, changed), kind, element_id)


# Saving ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SavedChange:
    version: int
    note: str
    kind: str = ""
    element_id: str = ""


class MapEditor:
    """The edit operations on a stored map: each saves one new version (author `edit`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def apply(
        self, map_id: str, operation: Callable[[Diagnosis], MapChange | None]
    ) -> SavedChange | None:
        """Apply `operation` to the latest version and save the result; None if it changed
        nothing. NotFound for an unknown map; EditError (MapEditError) for a change refused."""
        diagnosis, _ = self.db.maps.latest(map_id)
        change = operation(diagnosis)
        if change is None:
            return None
        version = self.db.maps.save_version(
            map_id, change.diagnosis, note=change.note, author=EDIT_AUTHOR
        )
        return SavedChange(version, change.note, change.kind, change.element_id)

    def edit(
        self, map_id: str, kind: str, element_id: str, values: Mapping[str, Any]
    ) -> SavedChange | None:
        return self.apply(map_id, lambda d: edit_fields(d, kind, element_id, values))

    def add(self, map_id: str, kind: str, values: Mapping[str, Any]) -> SavedChange:
        retired = self.db.maps.ids_in_history(map_id)
        saved = self.apply(map_id, lambda d: add_element(d, kind, values, retired))
        assert saved is not None  # an addition always changes the map
        return saved

    def delete(self, map_id: str, kind: str, element_id: str) -> SavedChange:
        saved = self.apply(map_id, lambda d: delete_element(d, kind, element_id))
        assert saved is not None
        return saved

    def move(
        self,
        map_id: str,
        kind: str,
        element_id: str,
        *,
        direction: str | None = None,
        stage_id: str | None = None,
        index: int | None = None,
    ) -> SavedChange | None:
        return self.apply(
            map_id,
            lambda d: move_element(
                d, kind, element_id, direction=direction, stage_id=stage_id, index=index
            ),
        )

    def undo_target(self, map_id: str) -> int | None:
        """The version that undoing the last hand change saves again; None when the last change
        was not made by hand (the interview's or an import: nothing to undo here).

        Undoing twice goes two changes back: a version that restored N stands for version N."""
        history = {v.version: v for v in self.db.maps.history(map_id)}
        current = max(history)
        seen = set()
        while (restored := restored_version(history[current].note)) is not None:
            if restored in seen or restored not in history:
                return None
            seen.add(restored)
            current = restored
        if history[current].author != EDIT_AUTHOR or current <= 1:
            return None
        return current - 1

    def undo(self, map_id: str) -> SavedChange:
        target = self.undo_target(map_id)
        if target is None:
            raise MapEditError("nothing_to_undo")
        diagnosis = self.db.maps.get_version(map_id, target)
        note = restored_note(target)
        version = self.db.maps.save_version(map_id, diagnosis, note=note, author=EDIT_AUTHOR)
        return SavedChange(version, note)

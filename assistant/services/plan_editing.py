"""Editing a map's improvement plan by hand: change any field of an action (the pain points it
addresses too), delete an action, add one, move one up or down the plan (the plan page, the JSON
API). The plan's order is the manager's: the table and the matrix's numbers follow it.

The operations are pure, like the map canvas's (`map_editing.py`): a Diagnosis in, a `MapChange`
out (the new diagnosis and its version note, in the notes' fixed form: "edit action a-2: owner",
"delete action a-2 “…”", "add action action-8", "reorder action a-2"). `PlanEditor` applies one to the latest version
and saves the result as a new version authored `edit`, through `MapEditor.apply`, so a running
interview takes it in at its next turn (`assistant/interview/edits.py`).

A value the manager sets is theirs: it leaves the action's `inferred` list (`mark_stated`), so an
owner the assistant guessed no longer reads as a guess once the manager has set it. Editing an
action the assistant suggested makes it the team's (provenance `user`, its citations kept), and
the values the manager did not touch stay marked as filled in by the assistant. A new action
holds what the manager gave; impact, effort, horizon and KANO class not given take the middle
values and are marked as filled in.

Refusals are `PlanEditError`s: `message(lang)` says what to fix in the user's language (the
catalogue's `ui.plan_error_*`), `str()` in English for the API and logs. A form with several
problems (a new action without an owner, a KPI or a target) is refused with all of them at once,
in the form's order (`PlanEditError.problems`, each with the `field` it is about), so that the
manager fixes them in one go rather than one per try.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from assistant.domain import Diagnosis, Lang
from assistant.domain.plan import ACTION_INFERABLE
from assistant.domain.provenance import Provenance, mark_inferred, mark_stated
from assistant.prompts import load_prompts
from assistant.services.editing import FIELDS, EditableKind, EditError, apply_values
from assistant.services.map_editing import MapChange, MapEditor, SavedChange
from assistant.storage import Database
from assistant.storage.notes import added_note, deleted_note, edit_note, reordered_note

KIND: EditableKind = "action"
PAINS = "pain_point_ids"  # the form name (and JSON key) of the linked pain points
ACTION_FIELDS = FIELDS[KIND]
FIELD_NAMES: tuple[str, ...] = (*(spec.name for spec in ACTION_FIELDS), PAINS)
# What a new action cannot be added without, in the form's order (all the missing are said).
REQUIRED_FOR_NEW = ("title", PAINS, "owner_department", "kpi_name", "kpi_target")
# The fields in the order the action form shows them (web/templates/_plan_form.html): problems
# are said in this order.
FORM_ORDER = (
    "title",
    "description",
    PAINS,
    "owner_department",
    "horizon",
    "kano",
    "kpi_name",
    "kpi_unit",
    "kpi_baseline",
    "kpi_target",
    "impact",
    "effort",
)
# A new action's values when the manager gives none: the middle of each scale, recorded as
# filled in by the assistant.
NEW_DEFAULTS: dict[str, Any] = {"impact": 3, "effort": 3, "horizon": "90d", "kano": "performance"}
ID_PREFIX = "action"  # as the interview numbers actions (assistant/interview/draft.py)
MOVE_DIRECTIONS = ("up", "down")  # one place earlier or later in the plan

# A field's form name → the path `Provenance.inferred` records it under ("kpi_target" →
# "kpi.target"; "owner_department" is recorded as "owner" by mark_stated itself).
_PATHS: dict[str, str] = {spec.name: ".".join(spec.path) for spec in ACTION_FIELDS}
_PATHS[PAINS] = PAINS


class PlanEditError(EditError):
    """A plan change that cannot be made; `key` names what to fix (a field's form name, or
    `not_found`, `pains`, `unknown_pain`, `invalid`, `direction`, `index`)."""

    def __init__(self, key: str, **variables: Any) -> None:
        self.key = key
        self.variables = variables
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        return load_prompts().render(f"ui.plan_error_{self.key}", lang, **self.variables)

    @property
    def field(self) -> str | None:
        """The form name of the field to fix (None when the problem is not one field's)."""
        if self.key == "unknown_pain":
            return PAINS
        return self.key if self.key in FIELD_NAMES else None

    @property
    def problems(self) -> tuple[PlanEditError, ...]:
        """Every problem this refusal reports, in the form's order (here: itself)."""
        return (self,)


class PlanFormErrors(PlanEditError):
    """Several problems with one form, reported together: `problems` in the form's order; `key`
    and `field` are the first one's, `message(lang)` says them all."""

    def __init__(self, problems: Sequence[PlanEditError]) -> None:
        assert problems, "at least one problem"
        self._problems = tuple(problems)
        first = self._problems[0]
        self.key = first.key
        self.variables = first.variables
        EditError.__init__(self, self.message("en"))

    def message(self, lang: Lang) -> str:
        return " ".join(problem.message(lang) for problem in self._problems)

    @property
    def problems(self) -> tuple[PlanEditError, ...]:
        return self._problems


def _form_place(problem: PlanEditError) -> int:
    field = problem.field
    return FORM_ORDER.index(field) if field in FORM_ORDER else len(FORM_ORDER)


def refuse(problems: Iterable[PlanEditError]) -> None:
    """Raise the problems found, if any: one alone as itself, several together (one per field,
    in the form's order)."""
    found: dict[str, PlanEditError] = {}
    for problem in sorted(problems, key=_form_place):
        found.setdefault(problem.field or problem.key, problem)
    if len(found) == 1:
        raise next(iter(found.values()))
    if found:
        raise PlanFormErrors(list(found.values()))


# Reading the diagnosis as data -----------------------------------------------------------------
def _dump(diagnosis: Diagnosis) -> dict[str, Any]:
    data: dict[str, Any] = diagnosis.model_dump(mode="json", exclude_computed_fields=True)
    return data


def _actions(data: dict[str, Any]) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = data["plan"]["actions"]
    return actions


def _action(data: dict[str, Any], action_id: str) -> dict[str, Any]:
    for action in _actions(data):
        if action["id"] == action_id:
            return action
    raise PlanEditError("not_found", id=action_id)


def _field_at_fault(message: str) -> str:
    """The form name of the field an EditError or validation message is about ("kpi_target:
    'x' is not a number", "plan.actions.2.kpi.name: String should have at least 1
    character"); `invalid` when it names none."""
    head = message.split(":", 1)[0].strip()
    for name in FIELD_NAMES:
        if head == name or head.endswith(f".{_PATHS[name]}"):
            return name
    return "invalid"


def _validated(data: dict[str, Any]) -> Diagnosis:
    try:
        return Diagnosis.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise PlanEditError(_field_at_fault(f"{path}: {first['msg']}")) from None


def _pain_ids(data: dict[str, Any], raw: Any) -> list[str]:
    """The linked pain points as given (one id, a list, or a comma-separated string): at least
    one, each on the map."""
    items: Iterable[Any] = raw if isinstance(raw, list | tuple) else re.split(r"\s*,\s*", str(raw))
    ids = list(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))
    if not ids:
        raise PlanEditError(PAINS)
    known = {pain["id"] for pain in data["map"]["pain_points"]}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise PlanEditError("unknown_pain", id=unknown[0])
    return ids


def _set(
    data: dict[str, Any],
    action: dict[str, Any],
    values: Mapping[str, Any],
    problems: Sequence[PlanEditError] = (),
) -> list[str]:
    """Set `values` on the action (a JSON dump); the names of the fields changed. Every field is
    checked, and all the problems found (with `problems` found before) are refused together."""
    found = list(problems)
    changed: list[str] = []
    for spec in ACTION_FIELDS:
        if spec.name not in values:
            continue
        if spec.name in REQUIRED_FOR_NEW and not _given(values, spec.name):
            found.append(PlanEditError(spec.name))  # a name, an owner, a KPI cannot be blanked
            continue
        try:
            changed += apply_values(action, KIND, {spec.name: values[spec.name]})
        except EditError as exc:
            found.append(PlanEditError(_field_at_fault(str(exc))))
    if PAINS in values:
        try:
            pains = _pain_ids(data, values[PAINS])
        except PlanEditError as exc:
            found.append(exc)
        else:
            if pains != action[PAINS]:
                action[PAINS] = pains
                changed.append(PAINS)
    refuse(found)
    return changed


def _stated(action: dict[str, Any], fields: Iterable[str]) -> None:
    """The manager has set `fields` (form names) of the action: see the module's docstring."""
    provenance = Provenance.model_validate(action.get("provenance") or {})
    if provenance.source == "suggested":
        mark_inferred(provenance, *ACTION_INFERABLE)
    provenance.source = "user"
    mark_stated(provenance, *(_PATHS[f] for f in fields if f in _PATHS))
    action["provenance"] = provenance.model_dump(mode="json")


# The operations ------------------------------------------------------------------------------
def edit_action(
    diagnosis: Diagnosis, action_id: str, values: Mapping[str, Any]
) -> MapChange | None:
    """The diagnosis with the action's fields set from `values` (form text or JSON values by
    the names of `FIELD_NAMES`; fields left out keep their value); None when nothing changed."""
    data = _dump(diagnosis)
    action = _action(data, action_id)
    changed = _set(data, action, values)
    if not changed:
        return None
    _stated(action, changed)
    return MapChange(_validated(data), edit_note(KIND, action_id, changed), KIND, action_id)


def delete_action(diagnosis: Diagnosis, action_id: str) -> MapChange:
    """The diagnosis without the action (the pain points it addressed stay on the map)."""
    data = _dump(diagnosis)
    action = _action(data, action_id)
    data["plan"]["actions"] = [a for a in _actions(data) if a["id"] != action_id]
    note = deleted_note(KIND, action_id, action["title"])
    return MapChange(_validated(data), note, KIND, action_id)


def new_action_id(data: dict[str, Any], retired: Collection[str] = ()) -> str:
    """`action-<n>`, one past the highest number the plan's action ids use, counting the
    `retired` ids too: an action deleted since an earlier version keeps its id, which that
    version, its note ("delete action action-3 “…”") and a running interview (the actions the
    team dropped) may still name."""
    taken = {a["id"] for a in _actions(data)} | set(retired)
    numbers = [int(m[1]) for m in (re.fullmatch(rf"{ID_PREFIX}-(\d+)", i) for i in taken) if m]
    number = max(numbers, default=0) + 1
    while f"{ID_PREFIX}-{number}" in taken:
        number += 1
    return f"{ID_PREFIX}-{number}"


def _given(values: Mapping[str, Any], name: str) -> bool:
    value = values.get(name)
    return value is not None and str(value).strip() != ""


def add_action(
    diagnosis: Diagnosis, values: Mapping[str, Any], retired: Collection[str] = ()
) -> MapChange:
    """The diagnosis with a new action at the end of the plan, made from `values` (as for
    `edit_action`): a title, at least one pain point, an owner, a KPI and its target needed.
    Its id is none of the `retired` ones (see `new_action_id`)."""
    data = _dump(diagnosis)
    missing = [
        PlanEditError(name)
        for name in REQUIRED_FOR_NEW
        if not _given(values, name) or values[name] in ([], ())
    ]
    action_id = new_action_id(data, retired)
    defaults = {k: v for k, v in NEW_DEFAULTS.items() if not _given(values, k)}
    action: dict[str, Any] = {
        "id": action_id,
        "title": "",
        PAINS: [],
        "owner_department": "",
        "kpi": {"name": "", "target": 0},
        **defaults,
        "provenance": Provenance(inferred=list(defaults)).model_dump(mode="json"),
    }
    _set(data, action, values, missing)
    _actions(data).append(action)
    return MapChange(_validated(data), added_note(KIND, action_id), KIND, action_id)


def _move_target(actions: list[dict[str, Any]], old: int, direction: str | None, index: Any) -> int:
    """Where the action at `old` goes: one place `direction` (up: earlier), or to `index` (0:
    first; past the end: last). Out of the list when it cannot go further that way."""
    if index is not None and str(index).strip() != "":
        try:
            return max(0, min(int(str(index)), len(actions) - 1))
        except ValueError:
            raise PlanEditError("index") from None
    if direction not in MOVE_DIRECTIONS:
        raise PlanEditError("direction")
    return old - 1 if direction == "up" else old + 1


def move_action(
    diagnosis: Diagnosis,
    action_id: str,
    *,
    direction: str | None = None,
    index: int | str | None = None,
) -> MapChange | None:
    """The diagnosis with the action one place `direction` (`up`: earlier) in the plan, or at
    `index` (a dragged row; 0 is first). None when it is already there (the first action moved
    up, the last down): `unmoved_message` says so."""
    data = _dump(diagnosis)
    action = _action(data, action_id)
    actions = _actions(data)
    old = actions.index(action)
    new = _move_target(actions, old, direction, index)
    if new == old or not 0 <= new < len(actions):
        return None
    actions.insert(new, actions.pop(old))
    return MapChange(_validated(data), reordered_note(KIND, action_id), KIND, action_id)


def unmoved_message(diagnosis: Diagnosis, action_id: str, lang: Lang) -> str:
    """Why moving the action saved nothing, in `lang`: it is already first, already last, or
    already at the place it was dragged to."""
    ids = [a.id for a in diagnosis.plan.actions]
    if action_id not in ids:
        return PlanEditError("not_found", id=action_id).message(lang)
    number = ids.index(action_id) + 1
    title = diagnosis.plan.actions[number - 1].title
    prompts = load_prompts()
    if number == 1:
        return prompts.render("ui.plan_move_first", lang, title=title)
    if number == len(ids):
        return prompts.render("ui.plan_move_last", lang, title=title)
    return prompts.render("ui.plan_move_in_place", lang, n=number, title=title)


# Saving ---------------------------------------------------------------------------------------
class PlanEditor:
    """The plan operations on a stored map: each saves one new version of its latest version
    (author `edit`). NotFound for an unknown map; PlanEditError for a change refused."""

    def __init__(self, db: Database) -> None:
        self.maps = MapEditor(db)

    def edit(self, map_id: str, action_id: str, values: Mapping[str, Any]) -> SavedChange | None:
        """None when the values change nothing (no version is saved)."""
        return self.maps.apply(map_id, lambda d: edit_action(d, action_id, values))

    def delete(self, map_id: str, action_id: str) -> SavedChange:
        saved = self.maps.apply(map_id, lambda d: delete_action(d, action_id))
        assert saved is not None  # a deletion always changes the plan
        return saved

    def move(
        self,
        map_id: str,
        action_id: str,
        *,
        direction: str | None = None,
        index: int | str | None = None,
    ) -> SavedChange | None:
        """None when the action is already there (no version is saved)."""
        return self.maps.apply(
            map_id, lambda d: move_action(d, action_id, direction=direction, index=index)
        )

    def add(self, map_id: str, values: Mapping[str, Any]) -> SavedChange:
        retired = self.maps.db.maps.ids_in_history(map_id)
        saved = self.maps.apply(map_id, lambda d: add_action(d, values, retired))
        assert saved is not None
        return saved

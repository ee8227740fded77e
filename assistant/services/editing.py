"""Editing one element of a diagnosis by hand (the map view's inline edit, the JSON API's PATCH).

An element is addressed by its kind and id (`touchpoint`, `tp-3`); the single parts of a map use
their kind as id (`goal`, `context`). `edit_element` takes the new values as form text or JSON
scalars, converts them, and returns a new, validated Diagnosis: the caller saves it as a new
version (never over an old one). What a person typed is now stated by them, so the element's
provenance becomes `user` and the fields they set leave its `inferred` list (`mark_stated`); the
records and knowledge it came from stay listed with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import BaseModel, ValidationError

from assistant.domain import Diagnosis, Lang, describe_validation_error
from assistant.domain.common import ChannelMode
from assistant.domain.plan import Horizon, KanoClass
from assistant.domain.provenance import Provenance, mark_stated

FieldType = Literal["text", "long", "lines", "int", "float", "bool", "choice"]
EditableKind = Literal[
    "goal",
    "context",
    "persona",
    "stage",
    "touchpoint",
    "pain_point",
    "opportunity",
    "kpi",
    "action",
]
EDITABLE_KINDS: tuple[EditableKind, ...] = get_args(EditableKind)


FORM_MARKER = "_form"


class EditError(ValueError):
    """The element does not exist, or the new values do not make a valid diagnosis."""

    def message(self, lang: Lang) -> str:
        """The reason in the reader's language (subclasses that have catalogue keys say it in
        three; a plain edit error keeps its one sentence)."""
        return str(self)


class InvalidEdit(EditError):
    """The change would make a map that does not validate: pydantic's problems, said in the
    reader's language by `message(lang)` (`str()` is the English, the JSON API's detail)."""

    def __init__(self, exc: ValidationError) -> None:
        self.errors = exc.errors()
        super().__init__(describe_validation_error(exc))

    def message(self, lang: Lang) -> str:
        from assistant.i18n import Translator
        from assistant.i18n.reasons import validation_lines

        return "\n".join(validation_lines(Translator(lang), self.errors))


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: its form name, where it lives in the element, how to read it."""

    name: str
    path: tuple[str, ...]
    type: FieldType = "text"
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    optional: bool = False  # blank means "none" (a number not measured, no emotion)


def _f(name: str, kind: FieldType = "text", **extra: Any) -> FieldSpec:
    path = tuple(extra.pop("path", name).split("."))
    return FieldSpec(name, path, kind, **extra)


_EMOTION = (
    _f("emotion_score", "int", path="emotion.score", minimum=-2, maximum=2, optional=True),
    _f("emotion_label", path="emotion.label"),
    _f("emotion_quote", "long", path="emotion.quote"),
)

FIELDS: dict[EditableKind, tuple[FieldSpec, ...]] = {
    "goal": (_f("goal", "long"), _f("scope", "long")),
    "context": (_f("industry"), _f("product_or_service"), _f("company")),
    "persona": (
        _f("name"),
        _f("description", "long"),
        _f("goals", "lines"),
        _f("needs", "lines"),
        _f("frustrations", "lines"),
        _f("expectations", "lines"),
        _f("quote", "long"),
    ),
    "stage": (_f("name"), _f("description", "long")),
    "touchpoint": (
        _f("name"),
        _f("channel"),
        _f("mode", "choice", choices=get_args(ChannelMode)),
        _f("customer_action", "long"),
        _f("frontstage", "long"),
        _f("backstage", "long"),
        _f("support", "long"),
        *_EMOTION,
        _f("moment_of_truth", "bool"),
    ),
    "pain_point": (_f("description", "long"), _f("severity", "int", minimum=1, maximum=5)),
    "opportunity": (
        _f("description", "long"),
        _f("impact", "int", minimum=1, maximum=5),
        _f("effort", "int", minimum=1, maximum=5),
    ),
    "kpi": (
        _f("name"),
        _f("unit"),
        _f("baseline", "float", optional=True),
        _f("target", "float", optional=True),
    ),
    "action": (
        _f("title"),
        _f("description", "long"),
        _f("owner_department"),
        _f("kpi_name", path="kpi.name"),
        _f("kpi_unit", path="kpi.unit"),
        _f("kpi_baseline", "float", path="kpi.baseline", optional=True),
        _f("kpi_target", "float", path="kpi.target"),
        _f("horizon", "choice", choices=get_args(Horizon)),
        _f("impact", "int", minimum=1, maximum=5),
        _f("effort", "int", minimum=1, maximum=5),
        _f("kano", "choice", choices=get_args(KanoClass)),
    ),
}

_LISTS: dict[str, tuple[str, str]] = {
    "persona": ("map", "personas"),
    "stage": ("map", "stages"),
    "touchpoint": ("map", "touchpoints"),
    "pain_point": ("map", "pain_points"),
    "opportunity": ("map", "opportunities"),
    "kpi": ("map", "kpis"),
    "action": ("plan", "actions"),
}
_SINGLES: dict[str, tuple[str, str]] = {"goal": ("map", "goal"), "context": ("map", "context")}


def find_element(diagnosis: Diagnosis, kind: str, element_id: str) -> BaseModel:
    """The element of `kind` with `element_id`; EditError when there is none."""
    if kind in _SINGLES:
        part, attr = _SINGLES[kind]
        if element_id != kind:
            raise EditError(f"{kind} has the id '{kind}', not '{element_id}'")
        element: BaseModel = getattr(getattr(diagnosis, part), attr)
        return element
    if kind not in _LISTS:
        raise EditError(f"unknown element kind '{kind}'")
    part, attr = _LISTS[kind]
    for item in getattr(getattr(diagnosis, part), attr):
        if item.id == element_id:
            found: BaseModel = item
            return found
    raise EditError(f"no {kind} '{element_id}' in this map")


def current_values(element: BaseModel, kind: EditableKind) -> dict[str, Any]:
    """The element's editable values by form name (None where a nested part is absent)."""
    data = element.model_dump(mode="json")
    values: dict[str, Any] = {}
    for spec in FIELDS[kind]:
        value: Any = data
        for part in spec.path:
            value = value.get(part) if isinstance(value, dict) else None
        values[spec.name] = value
    return values


def _convert(spec: FieldSpec, raw: Any) -> Any:
    if spec.type == "bool":
        if isinstance(raw, bool):
            return raw
        return str(raw).strip().lower() in ("1", "true", "on", "yes")
    if spec.type == "lines":  # one item a line (a form's textarea) or a JSON list
        items = raw if isinstance(raw, list | tuple) else str(raw or "").splitlines()
        return [line for line in (str(item).strip() for item in items) if line]
    text = "" if raw is None else str(raw).strip()
    if spec.type in ("text", "long"):
        return text
    if spec.type == "choice":
        if text not in spec.choices:
            raise EditError(f"{spec.name}: choose one of {', '.join(spec.choices)}")
        return text
    if not text:
        if spec.optional:
            return None
        raise EditError(f"{spec.name}: a number is needed")
    try:
        number: float = int(text) if spec.type == "int" else float(text)
    except ValueError:
        raise EditError(f"{spec.name}: '{text}' is not a number") from None
    low, high = spec.minimum, spec.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise EditError(f"{spec.name}: must be between {low} and {high}")
    return number


def _assign(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = data
    for part in path[:-1]:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    target[path[-1]] = value


def apply_values(data: dict[str, Any], kind: EditableKind, values: Mapping[str, Any]) -> list[str]:
    """Set the fields of `values` on the element `data` (a JSON dump); the names changed."""
    changed = []
    for spec in FIELDS[kind]:
        if spec.name in values:
            value = _convert(spec, values[spec.name])
        elif spec.type == "bool" and FORM_MARKER in values:
            value = False  # a browser does not send an unticked checkbox
        else:
            continue  # absent: unchanged
        old: Any = data
        for part in spec.path:
            old = old.get(part) if isinstance(old, dict) else None
        if old != value:
            _assign(data, spec.path, value)
            changed.append(spec.name)
    if kind == "touchpoint":
        emotion = data.get("emotion")
        if isinstance(emotion, dict) and emotion.get("score") is None:
            data["emotion"] = None  # no score, no emotion: label and quote alone are not one
    return changed


def edit_element(
    diagnosis: Diagnosis, kind: str, element_id: str, values: Mapping[str, Any]
) -> tuple[Diagnosis, list[str]]:
    """A new diagnosis with the element's fields set from `values`, and the names changed.

    `values` holds form text or JSON scalars by field name (see FIELDS); fields left out keep
    their value. Pass FORM_MARKER (`_form`, any value) when `values` is a whole HTML form, so an unticked
    checkbox, which a browser does not send, reads as False.
    """
    if kind not in EDITABLE_KINDS:
        raise EditError(f"elements of kind '{kind}' cannot be edited here")
    editable: EditableKind = kind
    find_element(diagnosis, editable, element_id)  # raises EditError if absent
    data = diagnosis.model_dump(mode="json", exclude_computed_fields=True)
    if kind in _SINGLES:
        part, attr = _SINGLES[kind]
        element = data[part][attr]
    else:
        part, attr = _LISTS[kind]
        element = next(e for e in data[part][attr] if e["id"] == element_id)
    changed = apply_values(element, editable, values)
    if not changed:
        return diagnosis, []
    # Stated by the person now: the element is theirs, and the fields they set are no longer
    # the assistant's guesses (a severity or a mode it filled in loses its "filled in" mark).
    provenance = Provenance.model_validate(element.get("provenance") or {})
    provenance.source = "user"
    mark_stated(
        provenance, *(".".join(spec.path) for spec in FIELDS[editable] if spec.name in changed)
    )
    element["provenance"] = provenance.model_dump(mode="json")
    try:
        return Diagnosis.model_validate(data), changed
    except ValidationError as exc:
        raise InvalidEdit(exc) from None

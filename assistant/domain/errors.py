"""Cross-field checks that name the offending field, and readable validation messages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError


def check_unique_ids(field: str, items: Sequence[Any]) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise ValueError(f"{field}[{i}].id: duplicate id '{item.id}'")
        seen.add(item.id)


def check_references(
    field: str, attr: str, items: Iterable[Any], known: set[str], what: str
) -> None:
    """Every `item.attr` (a str, None or a list of str) must name a known id."""
    for i, item in enumerate(items):
        value = getattr(item, attr)
        refs = value if isinstance(value, list) else [value]
        for ref in refs:
            if ref is not None and ref not in known:
                choices = ", ".join(sorted(known)) or "none defined"
                raise ValueError(
                    f"{field}[{i}].{attr}: {what} '{ref}' does not exist (known: {choices})"
                )


def describe_validation_error(exc: ValidationError) -> str:
    """One line per problem, each starting with the dotted path of the field."""
    lines = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {msg}" if path else msg)
    return "\n".join(lines)

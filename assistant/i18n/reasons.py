"""Why a file or a row could not be read, in the page's language.

The readers give an English reason and, for the common problems, a code with parameters
(`ReadError.code`); the page says the code's `read_error_<code>` string from the UI catalogue and
falls back to the English reason for the rare ones. Locators ("row 42", "Sheet2 row 5",
"page 3") and the reasons a row was skipped are said the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.i18n import Translator
from assistant.prompts import PromptError

_ROW = re.compile(r"^(?:(?P<sheet>.+) )?row (?P<n>\d+)$")
_PAGE = re.compile(r"^page (?P<n>\d+)$")
SKIPS = {"empty text": "skip_empty_text", "empty row": "skip_empty_row", "no text": "skip_no_text"}


def read_reason(t: Translator, code: str, params: Mapping[str, str], fallback: str) -> str:
    if not code:
        return fallback
    values = dict(params)
    if "role" in values:
        values["role"] = t(f"column_role_{values['role']}")
    try:
        return t(f"read_error_{code}", **values)
    except PromptError:  # a code this interface has no words for: the reader's own
        return fallback


def names_file(params: Mapping[str, str]) -> bool:
    """Whether the reason already names its file (the input limits' `read_error_*` say "{file}
    is too large…"): a line that shows it should not put the name in front again."""
    return "file" in params


def locator(t: Translator, where: str) -> str:
    if row := _ROW.match(where):
        sheet, n = row.group("sheet"), row.group("n")
        return t("locator_sheet_row", sheet=sheet, n=n) if sheet else t("locator_row", n=n)
    if page := _PAGE.match(where):
        return t("locator_page", n=page.group("n"))
    return where


def skip_reason(t: Translator, why: str) -> str:
    key = SKIPS.get(why)
    return t(key) if key else why


# pydantic's error types this interface has words for (`validation_<type>` in
# prompts/ui.validation.yaml), with the context values each one says. Settings' own checks raise
# PydanticCustomError with a `cx_` type so they are said the same way. Any other type keeps
# pydantic's English.
VALIDATION_TYPES: dict[str, tuple[str, ...]] = {
    "missing": (), "extra_forbidden": (),
    "int_parsing": (), "int_type": (), "int_from_float": (), "float_parsing": (),
    "float_type": (), "bool_parsing": (), "bool_type": (), "string_type": (), "list_type": (),
    "dict_type": (), "model_type": ("class_name",),
    "greater_than": ("gt",), "greater_than_equal": ("ge",),
    "less_than": ("lt",), "less_than_equal": ("le",),
    "string_too_short": ("min_length",), "string_too_long": ("max_length",),
    "too_short": ("min_length", "actual_length"), "too_long": ("max_length", "actual_length"),
    "literal_error": ("expected",), "enum": ("expected",), "json_invalid": ("error",),
    "url_parsing": ("error",), "url_scheme": ("expected_schemes",),
    "cx_http_url": ("value",), "cx_mode_needs_model": ("mode",), "cx_no_gguf": ("path",),
    "cx_mode_needs_key": ("mode",), "cx_backend_needs_model": ("backend",),
    "cx_backend_needs_url": ("backend",),
}  # fmt: skip


def validation_reason(t: Translator, error: Mapping[str, object]) -> str:
    """What is wrong with one value (one item of pydantic's `ValidationError.errors()`), in
    the reader's language; the field it is about is said by the caller."""
    kind = str(error.get("type", ""))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if kind not in VALIDATION_TYPES:
        return message
    context = error.get("ctx")
    given = context if isinstance(context, Mapping) else {}
    if any(name not in given for name in VALIDATION_TYPES[kind]):
        return message  # the words need a value pydantic did not give
    values = {name: str(given[name]) for name in VALIDATION_TYPES[kind]}
    if "expected" in values and t.lang != "en":  # pydantic lists the choices in English
        values["expected"] = re.sub(r",\s*|\s+or\s+", "、", values["expected"])
    return t(f"validation_{kind}", **values)


def validation_lines(t: Translator, errors: Sequence[Mapping[str, object]]) -> list[str]:
    """One line per problem: the dotted path of the field (when there is one), then why."""
    lines = []
    for error in errors:
        where = error.get("loc")
        path = ".".join(str(p) for p in where) if isinstance(where, tuple | list) else ""
        reason = validation_reason(t, error)
        lines.append(f"{path}: {reason}" if path else reason)
    return lines

"""Why a file or a row could not be read, in the page's language.

The readers give an English reason and, for the common problems, a code with parameters
(`ReadError.code`); the page says the code's `read_error_<code>` string from the UI catalogue and
falls back to the English reason for the rare ones. Locators ("row 42", "Sheet2 row 5",
"page 3") and the reasons a row was skipped are said the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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

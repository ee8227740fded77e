"""CSV that a spreadsheet opens as data, never as formulas: the one way cxcoach writes CSV for
people (the export, and any CSV download added later).

A text cell that Excel, LibreOffice or Google Sheets would read as a formula — one starting with
`=`, `+`, `-`, `@`, a tab or a carriage return (OWASP, "CSV Injection") — gets a leading
apostrophe, which the spreadsheet shows as text and does not display. The decision for numbers:
a cell given as an `int` or `float` is written as the number it is, so a negative score (`-2`)
stays a number the sheet can sum; only text is ever prefixed, so "-2 生气" typed by a user
becomes `'-2 生气`. Booleans and None are written as text ("True", "").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`text`, with an apostrophe in front when a spreadsheet would read it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def safe_cell(value: object) -> str | int | float:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: IO[str], **options: Any) -> SafeWriter:
    """Like `csv.writer(stream, **options)`, neutralising formulas."""
    return SafeWriter(stream, **options)

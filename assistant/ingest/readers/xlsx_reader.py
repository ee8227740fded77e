"""XLSX workbooks, streamed with openpyxl's read-only mode.

Every sheet with data is a table of its own (its own header row and column mapping); a sheet with
no text column (a chart's numbers, a pivot) is skipped with the reason. Locators name the sheet
when the workbook has more than one sheet with data: "反馈 row 5". The file's mapping is the
first table's. Rows go through the file's Guard (rows of all sheets together, columns, cells); the
zip itself is checked before it is opened (see dispatch.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl

from assistant.ingest.readers.limits import Guard
from assistant.ingest.readers.model import XLSX, ColumnOverrides, ReadError, Record
from assistant.ingest.readers.tabular import Table, TableStream


def cell_text(value: Any) -> str:
    """A cell as text: 5.0 → "5", dates as ISO (without a midnight time), empty → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _corrupt(exc: BaseException) -> ReadError:
    if isinstance(exc, zipfile.BadZipFile):
        return ReadError(
            "corrupt or truncated XLSX file (damaged zip archive)", "corrupt", what="XLSX"
        )
    return ReadError(f"corrupt XLSX file: {type(exc).__name__}: {exc}", "corrupt", what="XLSX")


def _rows(sheet: Any) -> Iterator[list[str]]:
    for row in sheet.iter_rows(values_only=True):
        yield [cell_text(v) for v in row]


def _locate(prefix: str) -> Callable[[int], str]:
    return lambda n: f"{prefix}row {n}"


def _has_data(sheet: Any) -> bool:
    return any(any(cell.strip() for cell in row) for row in itertools.islice(_rows(sheet), 50))


def open_xlsx(
    path: Path, *, columns: ColumnOverrides | None = None, guard: Guard | None = None
) -> TableStream:
    guard = guard or Guard(path.name)
    # A handle rather than the path: openpyxl refuses paths whose extension is not .xlsx, and
    # a workbook saved as .csv is still a workbook.
    handle = path.open("rb")
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors for damaged files
        handle.close()
        raise _corrupt(exc) from None

    def close() -> None:
        book.close()
        handle.close()

    try:
        return _stream(book, columns, close, guard)
    except ReadError:
        close()
        raise
    except Exception as exc:
        close()
        raise _corrupt(exc) from None


def _stream(
    book: Any, columns: ColumnOverrides | None, close: Callable[[], None], guard: Guard
) -> TableStream:
    sheets = []
    for sheet in book.worksheets:
        guard.tick()
        sheet.reset_dimensions()  # stored dimensions are often wrong; read what is there
        if _has_data(sheet):
            sheets.append(sheet)
    if not sheets:
        raise ReadError("empty workbook: no sheet has any data", "empty")
    skipped: list[tuple[str, str]] = []
    tables: list[Table] = []
    errors: list[ReadError] = []
    for sheet in sheets:
        prefix = f"{sheet.title} " if len(sheets) > 1 else ""
        try:
            tables.append(
                Table(
                    guard.rows(_rows(sheet), sheet=sheet.title),
                    columns=columns,
                    locate=_locate(prefix),
                    skipped=skipped,
                )
            )
        except ReadError as exc:  # this sheet has no text column, or lacks a named column
            if len(sheets) == 1:
                raise
            errors.append(exc)
            skipped.append((sheet.title, exc.reason))
    if not tables:
        raise errors[0]
    return TableStream(
        format=XLSX,
        encoding=None,
        mapping=tables[0].mapping,
        records=_records(tables, close),
        skipped=skipped,
        close=close,
    )


def _records(tables: list[Table], close: Callable[[], None]) -> Iterator[Record]:
    try:
        for table in tables:
            yield from table.records()
    except ReadError:
        raise
    except Exception as exc:  # a sheet's XML damaged further down
        raise _corrupt(exc) from None
    finally:
        close()

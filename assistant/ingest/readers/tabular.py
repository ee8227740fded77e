"""The streaming core of every table (CSV/TSV, XLSX sheets, JSON lists): rows in, records out.

A table reads a sample of rows up front (header detection and the column mapping need it) and
then turns rows into records one at a time, so a million-row file never sits in memory whole.
Skipped rows are appended to `skipped` as iteration passes them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType

from assistant.ingest.readers.columns import (
    SAMPLE_ROWS,
    header_row_index,
    is_header,
    make_header,
    resolve_columns,
    synthetic_header,
)
from assistant.ingest.readers.model import (
    FIELD_ROLES,
    ColumnMapping,
    ColumnOverrides,
    ReadError,
    Record,
)

Row = Sequence[str]


class Table:
    """One table. `rows` yields raw rows (lists of cell strings); the header is found in them
    unless given (JSON objects carry their keys). Data rows are numbered from 1 after the header
    and cited as `locate(n)`: "row 42" by default, "Sheet2 row 5" for a workbook."""

    def __init__(
        self,
        rows: Iterable[Row],
        *,
        columns: ColumnOverrides | None = None,
        header: Sequence[str] | None = None,
        locate: Callable[[int], str] = lambda n: f"row {n}",
        skipped: list[tuple[str, str]] | None = None,
    ) -> None:
        self._rows = iter(rows)
        self.locate = locate  # data row number (1-based, header excluded) → locator
        self.skipped = skipped if skipped is not None else []
        sample = list(itertools.islice(self._rows, SAMPLE_ROWS + 20))
        synthetic = False
        if header is None:
            start = header_row_index(sample)
            first, rest = (sample[start], sample[start + 1 :]) if sample else ([], [])
            if sample and is_header(first, rest[:SAMPLE_ROWS]):
                header, sample = make_header(first), rest
            else:
                width = max((len(r) for r in sample), default=0)
                header, sample, synthetic = synthetic_header(width), sample[start:], True
        self.header = list(header)
        self._sample = sample
        self.mapping = resolve_columns(
            self.header, sample[:SAMPLE_ROWS], columns, synthetic=synthetic
        )
        if self.mapping.text is None:
            found = ", ".join(self.header) or "no columns"
            raise ReadError(
                f"no text column found among: {found} (name it with the text column option)",
                "no_text_column", columns=found,
            )  # fmt: skip
        self._text_index = self.header.index(self.mapping.text)
        self._plan = _field_plan(self.header, self.mapping)

    def records(self) -> Iterator[Record]:
        pending_empty: list[str] = []  # blank rows are reported only if data follows them
        for n, row in enumerate(itertools.chain(self._sample, self._rows), 1):
            locator = self.locate(n)
            text = row[self._text_index].strip() if self._text_index < len(row) else ""
            if not text:
                if any(cell.strip() for cell in row):
                    self.skipped.extend((loc, "empty row") for loc in pending_empty)
                    pending_empty.clear()
                    self.skipped.append((locator, "empty text"))
                else:
                    pending_empty.append(locator)
                continue
            if pending_empty:
                self.skipped.extend((loc, "empty row") for loc in pending_empty)
                pending_empty.clear()
            yield Record(text=text, locator=locator, fields=self._fields(row))

    def _fields(self, row: Row) -> dict[str, str]:
        fields: dict[str, str] = {}
        for key, index in self._plan:
            if index < len(row) and (value := row[index].strip()):
                fields[key] = value
        for index in range(len(self.header), len(row)):  # cells beyond the header
            if value := row[index].strip():
                fields[f"col{index + 1}"] = value
        return fields


def _field_plan(header: list[str], mapping: ColumnMapping) -> list[tuple[str, int]]:
    """(field key, column index) for every column but the text: a mapped column under its role,
    the others under their header (suffixed if the header is itself a role name in use)."""
    role_of = {getattr(mapping, role): role for role in FIELD_ROLES if getattr(mapping, role)}
    plan = []
    for index, name in enumerate(header):
        if name == mapping.text:
            continue
        key = role_of.get(name, name)
        if name not in role_of and name in FIELD_ROLES and getattr(mapping, name):
            key = f"{name} (column)"
        plan.append((key, index))
    return plan


class TableStream:
    """Records of a tabular file as a stream, with what is known before reading it all: format,
    encoding and mapping. Use as a context manager (it holds the file open) or iterate once."""

    def __init__(
        self,
        *,
        format: str,
        encoding: str | None,
        mapping: ColumnMapping,
        records: Iterator[Record],
        skipped: list[tuple[str, str]],
        close: Callable[[], None] = lambda: None,
    ) -> None:
        self.format = format
        self.encoding = encoding
        self.mapping = mapping
        self.skipped = skipped
        self._records = records
        self._close = close

    def __iter__(self) -> Iterator[Record]:
        return self._records

    def close(self) -> None:
        self._close()

    def __enter__(self) -> TableStream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

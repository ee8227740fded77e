"""Bounds on what one file may hold and on how long a job may run.

Without them a hostile or broken file holds the single job queue for an hour: a 50 MB CSV made of
one line becomes tens of thousands of chunks to embed, a zip bomb saved as .xlsx unpacks into
gigabytes. The readers check while they stream and stop at the first limit exceeded, raising
LimitExceeded: a ReadError whose reason names the file, the limit and the CXCOACH_* variable that
raises it, and whose code has a translated string (`read_error_<code>` in prompts/ui.yaml).

A Guard holds the limits for one file; a Budget is the wall-clock time of one job (a batch of
files), checked cooperatively every few hundred rows, every page, paragraph and embedding batch —
a single slow step (one PDF page, one batch of embeddings) is not interrupted. Memory is bounded
by the same limits: the file size, the unpacked size of an Office file, rows and cells.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from assistant.ingest.readers.model import ReadError

if TYPE_CHECKING:
    from pathlib import Path

    from assistant.settings import Settings

# The variable that raises each limit (the Settings field of the same name, with the prefix).
SETTINGS: Final = {
    "max_file_bytes": "CXCOACH_MAX_UPLOAD_MB",
    "max_line_chars": "CXCOACH_MAX_LINE_CHARS",
    "max_cell_chars": "CXCOACH_MAX_CELL_CHARS",
    "max_columns": "CXCOACH_MAX_COLUMNS",
    "max_rows": "CXCOACH_MAX_ROWS",
    "max_unzipped_bytes": "CXCOACH_MAX_UNZIPPED_MB",
    "max_zip_ratio": "CXCOACH_MAX_ZIP_RATIO",
    "max_zip_entries": "CXCOACH_MAX_ZIP_ENTRIES",
    "max_pdf_pages": "CXCOACH_MAX_PDF_PAGES",
    "job_timeout": "CXCOACH_JOB_TIMEOUT",
}
CHECK_EVERY: Final = 256  # rows between two looks at the clock
RATIO_FLOOR: Final = 1 << 20  # smaller parts cannot bomb; small XML may compress very well


def size_text(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


@dataclass(frozen=True)
class InputLimits:
    """The defaults are the settings' defaults (assistant/settings.py)."""

    max_file_bytes: int = 50 << 20
    max_line_chars: int = 1_000_000  # a physical line, or a CSV row running over several
    max_cell_chars: int = 100_000
    max_columns: int = 500
    max_rows: int = 200_000  # data rows of a file, all its sheets together
    max_unzipped_bytes: int = 200 << 20
    max_zip_ratio: int = 100
    max_zip_entries: int = 10_000
    max_pdf_pages: int = 500

    @classmethod
    def from_settings(cls, settings: Settings) -> InputLimits:
        return cls(
            max_file_bytes=settings.max_upload_mb << 20,
            max_line_chars=settings.max_line_chars,
            max_cell_chars=settings.max_cell_chars,
            max_columns=settings.max_columns,
            max_rows=settings.max_rows,
            max_unzipped_bytes=settings.max_unzipped_mb << 20,
            max_zip_ratio=settings.max_zip_ratio,
            max_zip_entries=settings.max_zip_entries,
            max_pdf_pages=settings.max_pdf_pages,
        )


class LimitExceeded(ReadError):
    """A file over one of the input limits, or a job over its time budget. Every one has the
    parameters `file`, `limit` and `setting`; its reason names all three."""

    def __init__(
        self, code: str, reason: str, *, file: str, limit: str, setting: str, **params: object
    ) -> None:
        super().__init__(reason, code, file=file, limit=limit, setting=setting, **params)


class Budget:
    """The wall-clock time one job may take (None: unbounded)."""

    def __init__(
        self, seconds: float | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self._ends = None if seconds is None else clock() + seconds

    @property
    def expired(self) -> bool:
        return self._ends is not None and self._clock() >= self._ends

    def check(self, file: str) -> None:
        """Raise for `file` (the one being read, or next in line) once the time is up."""
        if self.expired:
            setting = SETTINGS["job_timeout"]
            raise LimitExceeded(
                "time_budget",
                f"{file}: the job's {self.seconds:g} s, the limit set by {setting}, ran out "
                "before this file was read in full; nothing of it was kept (raise the limit, or "
                "send fewer files at once)",
                file=file,
                limit=f"{self.seconds:g}",
                setting=setting,
            )


class Guard:
    """The limits applied to one file as it is read (`file`: its name, for the messages)."""

    def __init__(
        self, file: str, limits: InputLimits | None = None, budget: Budget | None = None
    ) -> None:
        self.file = file
        self.limits = limits or InputLimits()
        self.budget = budget or Budget()
        self.rows_seen = 0  # across the sheets of a workbook
        self._row_chars = 0  # characters read since the last row was taken
        self._row_line = 0  # the line that row starts on

    def _over(self, code: str, name: str, problem: str, limit: str, **params: object) -> NoReturn:
        setting = SETTINGS[name]
        reason = f"{self.file}: {problem}, the limit set by {setting} (raise it to read this file)"
        raise LimitExceeded(code, reason, file=self.file, limit=limit, setting=setting, **params)

    def tick(self) -> None:
        self.budget.check(self.file)

    # Whole files ---------------------------------------------------------------------------
    def file_size(self, size: int) -> None:
        limit = self.limits.max_file_bytes
        if size > limit:
            self._over(
                "too_large",
                "max_file_bytes",
                f"the file is {size_text(size)}, more than {size_text(limit)}",
                size_text(limit),
                size=size_text(size),
            )

    def archive(self, path: Path) -> None:
        """An XLSX/DOCX by its zip central directory, before anything is unpacked: the sizes it
        declares bound what zipfile will unpack (a part that unpacks to more fails its CRC)."""
        limits = self.limits
        try:
            with zipfile.ZipFile(path) as archive:
                parts = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return  # the reader says the file is corrupt
        if len(parts) > limits.max_zip_entries:
            self._over(
                "zip_entries",
                "max_zip_entries",
                f"it holds {len(parts):,} parts, more than {limits.max_zip_entries:,}",
                f"{limits.max_zip_entries:,}",
                count=f"{len(parts):,}",
            )
        unpacked = sum(part.file_size for part in parts)
        if unpacked > limits.max_unzipped_bytes:
            self._over(
                "unzipped_too_large",
                "max_unzipped_bytes",
                f"it unpacks to {size_text(unpacked)}, more than "
                f"{size_text(limits.max_unzipped_bytes)}",
                size_text(limits.max_unzipped_bytes),
                size=size_text(unpacked),
            )
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_FLOOR and ratio > limits.max_zip_ratio:
                self._over(
                    "zip_ratio",
                    "max_zip_ratio",
                    f"its part {part.filename} unpacks to {ratio:,.0f} times its packed size, "
                    f"more than {limits.max_zip_ratio:,}",
                    f"{limits.max_zip_ratio:,}",
                    part=part.filename,
                    ratio=f"{ratio:,.0f}",
                )

    def pages(self, count: int) -> None:
        limit = self.limits.max_pdf_pages
        if count > limit:
            self._over(
                "too_many_pages",
                "max_pdf_pages",
                f"it has {count:,} pages, more than {limit:,}",
                f"{limit:,}",
                count=f"{count:,}",
            )

    def records(self, count: int) -> None:
        """The records of a file read whole (text, JSON, DOCX): no more than rows allow."""
        if count > self.limits.max_rows:
            self._too_many_rows()

    def _too_many_rows(self) -> NoReturn:
        limit = f"{self.limits.max_rows:,}"
        self._over("too_many_rows", "max_rows", f"it has more than {limit} rows", limit)

    # Lines ----------------------------------------------------------------------------------
    def line(self, text: str, number: int) -> None:
        if len(text) > self.limits.max_line_chars:
            self._long_line(number)

    def paragraph(self, text: str, number: int) -> None:
        """A paragraph of a document, held to the line limit."""
        limit = self.limits.max_line_chars
        if len(text) > limit:
            self._over(
                "paragraph_too_long",
                "max_line_chars",
                f"paragraph {number:,} is longer than {limit:,} characters",
                f"{limit:,}",
                paragraph=f"{number:,}",
            )

    def _long_line(self, number: int) -> NoReturn:
        limit = self.limits.max_line_chars
        self._over(
            "line_too_long",
            "max_line_chars",
            f"line {number:,} is longer than {limit:,} characters",
            f"{limit:,}",
            line=f"{number:,}",
        )

    def text(self, text: str) -> None:
        """Every line of a text read whole."""
        if len(text) <= self.limits.max_line_chars:
            return
        for number, line in enumerate(text.splitlines(), 1):
            self.line(line, number)
            if number % (CHECK_EVERY * 64) == 0:
                self.tick()

    def lines(self, handle: TextIO) -> Iterator[str]:
        """The lines of an open text file, never reading more of one than the limit allows. A
        CSV row spanning several lines (a quoted cell with line breaks, or a quote never closed)
        is held to the same limit, its lines together."""
        limit = self.limits.max_line_chars
        number = 0
        while line := handle.readline(limit + 2):  # room for "\r\n" after a full-length line
            number += 1
            if not self._row_chars:
                self._row_line = number
            self._row_chars += len(line)
            if len(line) > limit:
                self.line(line.rstrip("\r\n"), number)
            if self._row_chars > limit + 2:
                self._over(
                    "row_too_long",
                    "max_line_chars",
                    f"the row starting on line {self._row_line:,} runs on for more than "
                    f"{limit:,} characters (a quote never closed?)",
                    f"{limit:,}",
                    line=f"{self._row_line:,}",
                )
            yield line

    # Rows -----------------------------------------------------------------------------------
    def rows(self, rows: Iterable[Sequence[str]], sheet: str = "") -> Iterator[Sequence[str]]:
        """Rows of a table (CSV rows, a sheet's rows), checked as they go by. Rows are numbered
        as the file shows them, the header included ("Sheet2 row 7"); the first row of each
        table, usually its header, is not counted against the row limit."""
        for number, row in enumerate(rows, 1):
            self._row_chars = 0
            if number > 1:
                self.count_row()
            self.columns(len(row), number, sheet=sheet)
            self.cells(row, number, sheet=sheet)
            yield row

    def count_row(self) -> None:
        self.rows_seen += 1
        if self.rows_seen > self.limits.max_rows:
            self._too_many_rows()
        if self.rows_seen % CHECK_EVERY == 0:
            self.tick()

    def columns(self, count: int, number: int, *, sheet: str = "", table: str = "") -> None:
        limit = self.limits.max_columns
        if count > limit:
            self._over(
                "too_many_columns",
                "max_columns",
                f"{_where(number, sheet, table)} has {count:,} columns, more than {limit:,}",
                f"{limit:,}",
                sheet=sheet,
                table=table,
                row=f"{number:,}",
                count=f"{count:,}",
            )

    def cells(self, row: Sequence[str], number: int, *, sheet: str = "", table: str = "") -> None:
        limit = self.limits.max_cell_chars
        if row and max(map(len, row)) > limit:
            self._over(
                "cell_too_long",
                "max_cell_chars",
                f"a cell in {_where(number, sheet, table)} is longer than {limit:,} characters",
                f"{limit:,}",
                sheet=sheet,
                table=table,
                row=f"{number:,}",
            )


def _where(number: int, sheet: str, table: str) -> str:
    """A row as the file shows it: "row 5", "Sheet2 row 5", "table 2 row 3" (DOCX)."""
    if table:
        return f"table {table} row {number:,}"
    return f"{sheet} row {number:,}" if sheet else f"row {number:,}"

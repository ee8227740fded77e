"""read_file and the streaming open_table/iter_rows: checks common to all files, then the reader
of the format the file really is, with a Guard holding the input limits (limits.py) throughout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from assistant.ingest.readers.cleanup import is_blank
from assistant.ingest.readers.csv_reader import open_csv
from assistant.ingest.readers.docx_reader import read_docx
from assistant.ingest.readers.encoding import decode
from assistant.ingest.readers.json_reader import JSON_LINES_SUFFIXES, looks_like_json, parse_json
from assistant.ingest.readers.limits import Budget, Guard, InputLimits, LimitExceeded
from assistant.ingest.readers.markdown_reader import parse_markdown
from assistant.ingest.readers.model import (
    CSV,
    DOCX,
    JSON,
    MARKDOWN,
    PDF,
    TEXT,
    XLSX,
    ColumnOverrides,
    ParsedFile,
    ReadError,
    Record,
)
from assistant.ingest.readers.pdf_reader import read_pdf
from assistant.ingest.readers.sniff import HEAD_BYTES, sniff_format
from assistant.ingest.readers.tabular import TableStream
from assistant.ingest.readers.text_reader import parse_text
from assistant.ingest.readers.xlsx_reader import open_xlsx

Reader = Callable[[Path, ColumnOverrides | None, Guard], ParsedFile]


def guard_for(
    path: Path,
    max_bytes: int | None,
    limits: InputLimits | None,
    budget: Budget | None,
    name: str | None = None,
) -> Guard:
    """The guard of one file: `limits` (default: the settings' defaults), with `max_bytes`, when
    given, as its size limit; `name` is the file's name in messages (default: the path's)."""
    limits = limits or InputLimits()
    if max_bytes is not None:
        limits = replace(limits, max_file_bytes=max_bytes)
    return Guard(name or path.name, limits, budget)


def _head(path: Path, guard: Guard) -> bytes:
    """The first bytes, after the checks every file gets: readable, not too big, not empty."""
    guard.tick()
    try:
        size = path.stat().st_size
        if not path.is_file():  # a named pipe would block the read forever, a device never end
            detail = "not a regular file (a folder, a pipe or a device)"
            raise ReadError(f"cannot read the file: {detail}", "unreadable", detail=detail)
        guard.file_size(size)
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise ReadError(f"cannot read the file: {detail}", "unreadable", detail=detail) from None
    if not head.strip(b" \t\r\n\f\v") and size <= len(head):
        raise ReadError("empty file", "empty")
    return head


def _table(stream: TableStream) -> ParsedFile:
    with stream:
        records = list(stream)
    return ParsedFile(records, stream.format, stream.encoding, stream.mapping, stream.skipped)


def _text_file(parse: Callable[[str, str], ParsedFile]) -> Reader:
    def read(path: Path, columns: ColumnOverrides | None, guard: Guard) -> ParsedFile:
        text, encoding = decode(path.read_bytes())
        if is_blank(text):
            raise ReadError("empty file", "empty")
        guard.text(text)
        return parse(text, encoding)

    return read


def _read_json(path: Path, columns: ColumnOverrides | None, guard: Guard) -> ParsedFile:
    text, encoding = decode(path.read_bytes())
    if is_blank(text):
        raise ReadError("empty file", "empty")
    lines = path.suffix.lower() in JSON_LINES_SUFFIXES
    return parse_json(text, encoding, json_lines=lines, columns=columns, guard=guard)


def _read_text(path: Path, columns: ColumnOverrides | None, guard: Guard) -> ParsedFile:
    text, encoding = decode(path.read_bytes())
    if is_blank(text):
        raise ReadError("empty file", "empty")
    if looks_like_json(text):  # a JSON export saved as .txt; prose that starts with [ stays text
        try:
            return parse_json(text, encoding, json_lines=False, columns=columns, guard=guard)
        except LimitExceeded:
            raise
        except ReadError:
            pass
    guard.text(text)
    return parse_text(text, encoding)


# One reader per format the file really is (see sniff_format).
READERS: dict[str, Reader] = {
    CSV: lambda path, columns, guard: _table(open_csv(path, columns=columns, guard=guard)),
    XLSX: lambda path, columns, guard: _table(open_xlsx(path, columns=columns, guard=guard)),
    JSON: _read_json,
    MARKDOWN: _text_file(parse_markdown),
    TEXT: _read_text,
    DOCX: lambda path, columns, guard: read_docx(path, guard),
    PDF: lambda path, columns, guard: read_pdf(path, guard),
}


def read_file(
    path: Path,
    *,
    columns: ColumnOverrides | None = None,
    max_bytes: int | None = None,
    limits: InputLimits | None = None,
    budget: Budget | None = None,
) -> ParsedFile:
    """All records of one file. Column overrides apply to tabular files and are ignored by the
    others (one set of options serves a whole batch). Raises ReadError with a user-facing reason,
    LimitExceeded (a ReadError) at the first limit the file exceeds or when `budget` runs out."""
    path = Path(path)
    guard = guard_for(path, max_bytes, limits, budget)
    kind = sniff_format(path, _head(path, guard))
    if kind in (XLSX, DOCX):
        guard.archive(path)
    parsed = READERS[kind](path, columns, guard)
    guard.records(len(parsed.records))
    if not parsed.records:
        detail = (
            f"; {len(parsed.skipped)} skipped, e.g. {parsed.skipped[0][0]}: {parsed.skipped[0][1]}"
            if parsed.skipped
            else ""
        )
        raise ReadError(
            f"no text records found in this {parsed.format} file{detail}",
            "no_records", format=parsed.format,
        )  # fmt: skip
    return parsed


def open_table(
    path: Path,
    *,
    columns: ColumnOverrides | None = None,
    max_bytes: int | None = None,
    limits: InputLimits | None = None,
    budget: Budget | None = None,
    name: str | None = None,
) -> TableStream:
    """A CSV/TSV or XLSX file as a stream of records, for files too large to hold as a list:
    format, encoding and mapping are known at once, `skipped` fills as the stream is read.
    Close it (or use `with`) when not reading to the end. The limits are checked as it streams
    (see read_file); `name`: the file's name in their messages (a copy's path has another)."""
    path = Path(path)
    guard = guard_for(path, max_bytes, limits, budget, name)
    kind = sniff_format(path, _head(path, guard))
    if kind == CSV:
        return open_csv(path, columns=columns, guard=guard)
    if kind == XLSX:
        guard.archive(path)
        return open_xlsx(path, columns=columns, guard=guard)
    raise ReadError(
        f"not a table: this is a {kind} file (expected CSV, TSV or XLSX)", "not_a_table", kind=kind
    )


def iter_rows(
    path: Path,
    *,
    columns: ColumnOverrides | None = None,
    max_bytes: int | None = None,
    limits: InputLimits | None = None,
    budget: Budget | None = None,
) -> Iterator[Record]:
    """The records of a CSV/TSV or XLSX file, one at a time (see open_table for the metadata)."""
    with open_table(
        path, columns=columns, max_bytes=max_bytes, limits=limits, budget=budget
    ) as stream:
        yield from stream

"""read_file and the streaming open_table/iter_rows: checks common to all files, then the reader
of the format the file really is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.ingest.readers.cleanup import is_blank
from assistant.ingest.readers.csv_reader import open_csv
from assistant.ingest.readers.docx_reader import read_docx
from assistant.ingest.readers.encoding import decode
from assistant.ingest.readers.json_reader import JSON_LINES_SUFFIXES, looks_like_json, parse_json
from assistant.ingest.readers.markdown_reader import parse_markdown
from assistant.ingest.readers.model import (
    CSV,
    DEFAULT_MAX_BYTES,
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

Reader = Callable[[Path, ColumnOverrides | None], ParsedFile]


def _size(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _head(path: Path, max_bytes: int | None) -> bytes:
    """The first bytes, after the checks every file gets: readable, not too big, not empty."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ReadError(
                f"file too large: {_size(size)}, over the {_size(max_bytes)} limit",
                "too_large", size=_size(size), limit=_size(max_bytes),
            )  # fmt: skip
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
    def read(path: Path, columns: ColumnOverrides | None) -> ParsedFile:
        text, encoding = decode(path.read_bytes())
        if is_blank(text):
            raise ReadError("empty file", "empty")
        return parse(text, encoding)

    return read


def _read_json(path: Path, columns: ColumnOverrides | None) -> ParsedFile:
    text, encoding = decode(path.read_bytes())
    if is_blank(text):
        raise ReadError("empty file", "empty")
    lines = path.suffix.lower() in JSON_LINES_SUFFIXES
    return parse_json(text, encoding, json_lines=lines, columns=columns)


def _read_text(path: Path, columns: ColumnOverrides | None) -> ParsedFile:
    text, encoding = decode(path.read_bytes())
    if is_blank(text):
        raise ReadError("empty file", "empty")
    if looks_like_json(text):  # a JSON export saved as .txt; prose that starts with [ stays text
        try:
            return parse_json(text, encoding, json_lines=False, columns=columns)
        except ReadError:
            pass
    return parse_text(text, encoding)


# One reader per format the file really is (see sniff_format).
READERS: dict[str, Reader] = {
    CSV: lambda path, columns: _table(open_csv(path, columns=columns)),
    XLSX: lambda path, columns: _table(open_xlsx(path, columns=columns)),
    JSON: _read_json,
    MARKDOWN: _text_file(parse_markdown),
    TEXT: _read_text,
    DOCX: lambda path, columns: read_docx(path),
    PDF: lambda path, columns: read_pdf(path),
}


def read_file(
    path: Path, *, columns: ColumnOverrides | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedFile:
    """All records of one file. Column overrides apply to tabular files and are ignored by the
    others (one set of options serves a whole batch). Raises ReadError with a user-facing reason."""
    path = Path(path)
    kind = sniff_format(path, _head(path, max_bytes))
    parsed = READERS[kind](path, columns)
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
    path: Path, *, columns: ColumnOverrides | None = None, max_bytes: int | None = None
) -> TableStream:
    """A CSV/TSV or XLSX file as a stream of records, for files too large to hold as a list:
    format, encoding and mapping are known at once, `skipped` fills as the stream is read.
    Close it (or use `with`) when not reading to the end."""
    path = Path(path)
    kind = sniff_format(path, _head(path, max_bytes))
    if kind == CSV:
        return open_csv(path, columns=columns)
    if kind == XLSX:
        return open_xlsx(path, columns=columns)
    raise ReadError(
        f"not a table: this is a {kind} file (expected CSV, TSV or XLSX)", "not_a_table", kind=kind
    )


def iter_rows(
    path: Path, *, columns: ColumnOverrides | None = None, max_bytes: int | None = None
) -> Iterator[Record]:
    """The records of a CSV/TSV or XLSX file, one at a time (see open_table for the metadata)."""
    with open_table(path, columns=columns, max_bytes=max_bytes) as stream:
        yield from stream

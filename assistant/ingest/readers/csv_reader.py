"""CSV and TSV, streamed: rows are parsed from the open file as they are read.

The delimiter is sniffed from the first lines (comma, tab, semicolon or pipe — a fullwidth comma
is punctuation inside Chinese text, never a delimiter): the one that splits the lines into the
same number of fields, more than one, wins. A decode error midway through a large file becomes a
ReadError with the byte offset. Lines are read through the file's Guard, so a line (or a row) over
the length limit is refused after reading no more of it than the limit.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Final, TextIO

from assistant.ingest.readers.cleanup import is_blank
from assistant.ingest.readers.encoding import sniff_encoding, undecodable_in_file
from assistant.ingest.readers.limits import Guard
from assistant.ingest.readers.model import CSV, TSV, ColumnOverrides, ReadError, Record
from assistant.ingest.readers.tabular import Table, TableStream

DELIMITERS: Final = (",", "\t", ";", "|")
_NO_DELIMITER: Final = "\x1f"
_SNIFF_CHARS: Final = 64 * 1024
_SNIFF_LINES: Final = 50
# Review texts can be long; the csv module's default cap of 128 KiB per field is lifted.
_FIELD_LIMIT: Final = 64 * 1024 * 1024


def sniff_delimiter(sample: str, preferred: str = ",") -> str | None:
    """The delimiter that splits the sample's records most consistently into 2+ fields, or None
    when none does (a one-column file: commas in its text are not delimiters)."""
    complete = sample if len(sample) < _SNIFF_CHARS else sample[: sample.rfind("\n") + 1]
    candidates = []
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(complete), delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in rows[:_SNIFF_LINES] if any(c.strip() for c in r)]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        consistency = count / len(widths)
        if width >= 2 and consistency >= 0.5:
            candidates.append(
                (consistency >= 0.8, delimiter == preferred, consistency, width, delimiter)
            )
    return max(candidates)[-1] if candidates else None


def _rows(reader: Iterator[list[str]], path: Path, codec: str) -> Iterator[list[str]]:
    try:
        yield from reader
    except UnicodeDecodeError:
        raise undecodable_in_file(path, codec) from None
    except csv.Error as exc:
        line = getattr(reader, "line_num", "?")
        raise ReadError(
            f"malformed CSV near line {line}: {exc}", "malformed_csv", line=line
        ) from None


def open_csv(
    path: Path, *, columns: ColumnOverrides | None = None, guard: Guard | None = None
) -> TableStream:
    """The records of a CSV/TSV file as a stream (the file stays open until closed)."""
    guard = guard or Guard(path.name)
    codec = sniff_encoding(path)
    preferred = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        with path.open(encoding=codec, errors="strict", newline="") as probe:
            sample = probe.read(_SNIFF_CHARS)
    except UnicodeDecodeError:
        raise undecodable_in_file(path, codec) from None
    if is_blank(sample):
        raise ReadError("empty file", "empty")
    # One column: a separator that never occurs, so each line is one field.
    delimiter = sniff_delimiter(sample, preferred) or _NO_DELIMITER
    csv.field_size_limit(max(csv.field_size_limit(), min(_FIELD_LIMIT, sys.maxsize)))
    handle: TextIO = path.open(encoding=codec, errors="strict", newline="")
    try:
        reader = csv.reader(guard.lines(handle), delimiter=delimiter)
        skipped: list[tuple[str, str]] = []
        rows = guard.rows(_rows(reader, path, codec))
        table = Table(rows, columns=columns, skipped=skipped)
    except BaseException:
        handle.close()
        raise
    return TableStream(
        format=TSV if delimiter == "\t" else CSV,
        encoding=codec,
        mapping=table.mapping,
        records=_closing(table.records(), handle),
        skipped=skipped,
        close=handle.close,
    )


def _closing(records: Iterator[Record], handle: TextIO) -> Iterator[Record]:
    try:
        yield from records
    finally:
        handle.close()

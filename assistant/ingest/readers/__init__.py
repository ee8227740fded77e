"""Readers of company files: CSV/TSV, XLSX, JSON (incl. cxcoach map exports), Markdown, TXT, DOCX
and PDF → records of free text with a locator for citations and tabular metadata.

The format is judged by content first and extension second; text encodings (UTF-8, GB18030,
Big5, UTF-16) are detected and verified. Every failure is a ReadError whose `reason` names the
problem in words a user can act on. CSV/TSV and XLSX are read through a streaming core
(`open_table`, `iter_rows`); `read_file` collects it. Every reader stops at the first input limit
a file exceeds (limits.py: size, line, cell, columns, rows, unpacked size, pages, time budget).
"""

from assistant.ingest.readers.columns import detect_columns
from assistant.ingest.readers.dispatch import iter_rows, open_table, read_file
from assistant.ingest.readers.limits import Budget, Guard, InputLimits, LimitExceeded
from assistant.ingest.readers.model import (
    ColumnMapping,
    ColumnOverrides,
    ParsedFile,
    ReadError,
    Record,
)
from assistant.ingest.readers.tabular import TableStream

__all__ = [
    "Budget",
    "ColumnMapping",
    "ColumnOverrides",
    "Guard",
    "InputLimits",
    "LimitExceeded",
    "ParsedFile",
    "ReadError",
    "Record",
    "TableStream",
    "detect_columns",
    "iter_rows",
    "open_table",
    "read_file",
]

"""What a reader returns: records with locators, the column mapping of tabular files, and errors."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Final

# The roles a column can play; `text` is the free text, the others become normalised field keys.
ROLES: Final = ("text", "score", "label", "date", "channel", "touchpoint", "category")
FIELD_ROLES: Final = ROLES[1:]

# Format names reported in ParsedFile.format.
CSV: Final = "csv"
TSV: Final = "tsv"
XLSX: Final = "xlsx"
JSON: Final = "json"
CXCOACH_MAP: Final = "cxcoach-map"
MARKDOWN: Final = "markdown"
TEXT: Final = "text"
DOCX: Final = "docx"
PDF: Final = "pdf"


class ReadError(Exception):
    """A file that cannot be read; `reason` is shown to the user next to the file name.

    `code` and `params` name the common problems so an interface can say them in the user's
    language (the web app's `read_error_<code>` strings); `reason` stays the English text.
    """

    def __init__(self, reason: str, code: str = "", **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}


@dataclass(frozen=True)
class Record:
    text: str  # the free text to index: a review, a ticket, a paragraph group, a section
    locator: str  # where it is, for citations: "row 42", "page 3", "§ 退款流程", "touchpoint t3"
    fields: dict[str, str] = field(default_factory=dict)  # tabular metadata (see ColumnMapping)


@dataclass(frozen=True)
class ColumnMapping:
    """Which column plays which role (column names; None: not found).

    In `Record.fields` a mapped column appears under its role ("score", "label", ...) and every
    other column under its own header. `header` is None when the file has a header row, and says
    how the names were made up otherwise (e.g. "synthesised col1..col2"); it is a string so that
    every value of the mapping reads as "key=value" in a summary.
    """

    text: str | None = None
    score: str | None = None
    label: str | None = None
    date: str | None = None
    channel: str | None = None
    touchpoint: str | None = None
    category: str | None = None
    header: str | None = None

    def roles(self) -> dict[str, str]:
        """role → column for the roles that were found."""
        return {role: getattr(self, role) for role in ROLES if getattr(self, role)}


@dataclass(frozen=True)
class ColumnOverrides:
    """Column names the user forces for some roles; the others are still detected."""

    text: str | None = None
    score: str | None = None
    label: str | None = None
    date: str | None = None
    channel: str | None = None
    touchpoint: str | None = None
    category: str | None = None

    def given(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True)
class ParsedFile:
    records: list[Record]
    format: str  # one of the format names above
    encoding: str | None = None  # the codec text was decoded with; None for binary formats
    mapping: ColumnMapping | None = None  # tabular formats only
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (locator, reason)

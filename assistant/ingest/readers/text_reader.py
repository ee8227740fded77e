"""Plain text (.txt): cleaned of page furniture, then records of paragraph groups."""

from __future__ import annotations

from assistant.ingest.readers.cleanup import clean_text
from assistant.ingest.readers.model import TEXT, ParsedFile, Record
from assistant.ingest.readers.paragraphs import group_paragraphs, split_paragraphs


def paragraph_records(text: str) -> list[Record]:
    """Records "paragraph N" (N: the group's first paragraph) of already cleaned text."""
    return [
        Record(text=group, locator=f"paragraph {number}")
        for number, group in group_paragraphs(split_paragraphs(text))
    ]


def parse_text(text: str, encoding: str) -> ParsedFile:
    return ParsedFile(records=paragraph_records(clean_text(text)), format=TEXT, encoding=encoding)

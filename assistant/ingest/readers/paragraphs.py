"""Paragraph groups: plain text becomes records of whole paragraphs, up to ~1,500 characters.

A record is a citation unit ("paragraph 12"), so it should be a passage a reader can find and
read, not a whole chapter. Paragraphs are packed greedily; a paragraph longer than the limit is
split between sentences, and a sentence is cut only when it alone is longer than the limit.
"""

from __future__ import annotations

import re
from typing import Final

MAX_RECORD_CHARS: Final = 1500

# A sentence ends after 。！？；!?;… (and any closing quote or bracket), after ". " and at a line break.
_SENTENCE_END = re.compile(r"[。！？；!?;…]+[”’」』）)\]]*|\.\s+|\n")
_HEADING_LIKE = re.compile(r"[^。！？；!?;.,，、:：]{1,40}")


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, stripped; line breaks inside a block are kept."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def split_sentences(text: str) -> list[str]:
    """Sentences with their end marks and trailing space: joined again they give the text."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append(text[start : match.end()])
        start = match.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def _pieces(paragraph: str, limit: int) -> list[str]:
    """A paragraph as pieces of whole sentences, each at most `limit` characters."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(paragraph):
        while len(sentence) > limit:  # a run-on "sentence" with no end mark: cut it
            if current.strip():
                pieces.append(current.strip())
            current = ""
            pieces.append(sentence[:limit].strip())
            sentence = sentence[limit:]
        if len(current) + len(sentence) > limit:
            pieces.append(current.strip())
            current = ""
        current += sentence
    if current.strip():
        pieces.append(current.strip())
    return [p for p in pieces if p]


def _is_heading(paragraph: str) -> bool:
    """A short line without sentence punctuation: a heading, which should open a record."""
    return "\n" not in paragraph and bool(_HEADING_LIKE.fullmatch(paragraph))


def group_paragraphs(paragraphs: list[str], limit: int = MAX_RECORD_CHARS) -> list[tuple[int, str]]:
    """(number of the group's first paragraph, 1-based; text) for each group of paragraphs."""
    groups: list[tuple[int, str]] = []
    start, current = 0, ""
    for number, paragraph in enumerate(paragraphs, 1):
        for piece in _pieces(paragraph, limit):
            heading_break = _is_heading(piece) and len(current) >= limit // 3
            if current and (len(current) + 2 + len(piece) > limit or heading_break):
                groups.append((start, current))
                current = ""
            if not current:
                start = number
            current = f"{current}\n\n{piece}" if current else piece
    if current:
        groups.append((start, current))
    return groups

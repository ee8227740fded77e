"""Chinese-aware chunking: split at headings, then pack whole sentences (。！？；!?;) into chunks."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 600

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+|\n+")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class TextChunk:
    text: str
    heading: str = ""  # the heading path, e.g. "现在就做" or "Typical stages > Apply"
    index: int = 0


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _pack(sentences: list[str], max_chars: int, sep: str | None = None) -> list[str]:
    """Greedy packing of whole units; `sep` joins them (default: nothing after CJK, else a space)."""
    chunks: list[str] = []
    current = ""
    for sentence in sentences:
        while len(sentence) > max_chars:  # a run-on line with no sentence end
            if current:
                chunks.append(current)
                current = ""
            chunks.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        joiner = sep if sep is not None else ("" if _ends_cjk(current) else " ")
        if current and len(current) + len(joiner) + len(sentence) > max_chars:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current}{joiner}{sentence}" if current else sentence
    if current:
        chunks.append(current)
    return chunks


def _ends_cjk(text: str) -> bool:
    return bool(text) and not text[-1].isascii()


def chunk_text(text: str, heading: str = "", max_chars: int = MAX_CHARS) -> list[TextChunk]:
    """Chunks of plain text; paragraphs and sentences are never cut unless longer than a chunk."""
    packed = _pack(split_sentences(text), max_chars)
    return [TextChunk(text=t, heading=heading, index=i) for i, t in enumerate(packed)]


def chunk_markdown(text: str, max_chars: int = MAX_CHARS) -> list[TextChunk]:
    """Sections at `#`..`######` headings; each chunk remembers its heading path for citations."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    path: list[tuple[int, str]] = []
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            level, title = len(match.group(1)), match.group(2)
            path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, title)]
            # The document title (level 1) is not part of a section's citation.
            sections.append((" > ".join(t for lvl, t in path if lvl > 1), []))
        else:
            sections[-1][1].append(line)
    chunks: list[TextChunk] = []
    for heading, lines in sections:
        body = "\n".join(lines).strip()
        if not body:
            continue
        # Lines stay lines (list items are the natural sentences of Markdown); long ones are split.
        units = [
            s for line in body.splitlines() if line.strip() for s in _line_units(line, max_chars)
        ]
        for piece in _pack(units, max_chars, sep="\n"):
            chunks.append(TextChunk(text=piece, heading=heading, index=len(chunks)))
    return chunks


def _line_units(line: str, max_chars: int) -> list[str]:
    return [line.strip()] if len(line) <= max_chars else split_sentences(line)

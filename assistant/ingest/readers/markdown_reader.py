"""Markdown: one record per section (split at headings), located by its heading path.

Front matter is metadata, not content, and is dropped. Headings inside fenced code blocks are
code. The document title (a single level-1 heading) is left out of section paths, as in
`assistant.text.chunking`, so citations read "§ 退款流程" rather than "§ 客服手册 > 退款流程".
A file without any heading is read like plain text, in paragraph groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.readers.cleanup import clean_text
from assistant.ingest.readers.model import MARKDOWN, ParsedFile, Record
from assistant.ingest.readers.text_reader import paragraph_records

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", re.S
)

START = "(start)"


@dataclass
class _Section:
    path: list[tuple[int, str]]
    lines: list[str] = field(default_factory=list)


def strip_front_matter(text: str) -> str:
    return _FRONT_MATTER.sub("", text.lstrip("\ufeff"), count=1)


def _sections(lines: list[str]) -> list[_Section]:
    sections = [_Section(path=[])]
    fence: str | None = None
    for i, line in enumerate(lines):
        current = sections[-1]
        if fence is not None or _FENCE.match(line):
            opener = _FENCE.match(line)
            if fence is None and opener:
                fence = opener.group(1)[0] * 3
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            current.lines.append(line)
            continue
        atx = _ATX.fullmatch(line)
        setext = _SETEXT.fullmatch(line)
        if atx and (atx.group(2) or "").strip():
            level, title = len(atx.group(1)), atx.group(2).strip()
        elif setext and _setext_title(current.lines, lines, i):
            level, title = (1 if setext.group(1)[0] == "=" else 2), current.lines.pop().strip()
        else:
            current.lines.append(line)
            continue
        path = [(lvl, t) for lvl, t in current.path if lvl < level] + [(level, title)]
        sections.append(_Section(path=path))
    return sections


def _setext_title(section_lines: list[str], lines: list[str], i: int) -> bool:
    """`===`/`---` underlines a heading only under a one-line paragraph (else `---` is a rule)."""
    if not section_lines or not section_lines[-1].strip():
        return False
    return i < 2 or not lines[i - 2].strip()


def _locator(path: list[tuple[int, str]], title_level: int | None) -> str:
    names = [t for lvl, t in path if lvl != title_level]
    if not names:
        names = [t for _, t in path]
    return "§ " + (" > ".join(names) if names else START)


def parse_markdown(text: str, encoding: str) -> ParsedFile:
    cleaned = clean_text(strip_front_matter(text), keep_indent=True)
    sections = _sections(cleaned.split("\n"))
    if len(sections) == 1:  # no headings at all
        records = paragraph_records(cleaned)
        return ParsedFile(records=records, format=MARKDOWN, encoding=encoding)
    top = [t for s in sections for lvl, t in s.path[-1:] if lvl == 1]
    title_level = 1 if len(top) == 1 else None
    records = []
    for section in sections:
        body = "\n".join(section.lines).strip("\n")
        if not body.strip():
            continue  # a heading directly followed by a sub-heading holds no text of its own
        heading = section.path[-1][1] if section.path else ""
        records.append(
            Record(
                text=f"{heading}\n{body.strip()}" if heading else body.strip(),
                locator=_locator(section.path, title_level),
            )
        )
    return ParsedFile(records=records, format=MARKDOWN, encoding=encoding)

"""Reading a frontline guide's four fixed sections (see knowledge/README.md) into card points."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.retrieval.corpus import KnowledgeDoc, load_documents

SECTION_KEYS = {
    "现在就做": "do_now",
    "Do now": "do_now",
    "可以这样说": "say",
    "What to say": "say",
    "不要这样做": "avoid",
    "Avoid": "avoid",
    "关键时刻": "moment_of_truth",
    "Moment of truth": "moment_of_truth",
}
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.、)])\s+(.*)$")


@dataclass(frozen=True)
class GuideSection:
    key: str  # do_now | say | avoid | moment_of_truth
    heading: str
    items: tuple[str, ...]


@cache
def documents_by_id() -> dict[str, KnowledgeDoc]:
    return {doc.id: doc for doc in load_documents()}


def guide_sections(doc: KnowledgeDoc) -> list[GuideSection]:
    sections: list[GuideSection] = []
    heading, lines = "", list[str]()
    for line in [*doc.body.splitlines(), "## "]:
        if line.startswith("## "):
            if heading in SECTION_KEYS:
                sections.append(GuideSection(SECTION_KEYS[heading], heading, _items(lines)))
            heading, lines = line[3:].strip(), []
        else:
            lines.append(line)
    return sections


def _items(lines: list[str]) -> tuple[str, ...]:
    """List items, or paragraphs where there is no list. 'In Chinese:' lines stay out of the card:
    the card is in one language."""
    items: list[str] = []
    paragraph: list[str] = []
    in_translation = False
    for line in lines:
        stripped = line.strip()
        if stripped.lower().startswith("in chinese"):
            in_translation = True
            continue
        if in_translation:
            continue
        match = _ITEM.match(line)
        if match:
            items.append(match.group(1).strip())
        elif stripped:
            paragraph.append(stripped)
        elif paragraph:
            items.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        items.append(" ".join(paragraph))
    return tuple(items)

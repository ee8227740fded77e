"""Reading knowledge documents into card points: a frontline guide's four fixed sections (see
knowledge/README.md), a concept document's definition, how-to and example."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.retrieval.corpus import RETRIEVAL_AIDS, KnowledgeDoc, load_documents

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
    return [
        GuideSection(SECTION_KEYS[s.heading], s.heading, section_items(s.text))
        for s in doc_sections(doc)
        if s.heading in SECTION_KEYS
    ]


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


# A concept document's parts for its card: the opening paragraph says what it is; a section
# headed like these says how to use it at work, or gives a worked example.
_HOW_TO = re.compile(
    r"怎么|如何|步骤|排序|提示|用法|做法|使用|应用|how|use|using|steps|tips|apply", re.I
)
_EXAMPLE = re.compile(r"例|example|case", re.I)


@dataclass(frozen=True)
class DocSection:
    heading: str  # "" for the opening paragraph
    text: str


def doc_sections(doc: KnowledgeDoc) -> list[DocSection]:
    """The opening paragraph and every `##` section, question lists left out."""
    out: list[DocSection] = []
    heading, lines = "", list[str]()
    for line in [*doc.body.splitlines(), "## "]:
        if line.startswith("## "):
            text = "\n".join(lines).strip()
            if text and heading not in RETRIEVAL_AIDS:
                out.append(DocSection(heading, text))
            heading, lines = line[3:].strip(), []
        else:
            lines.append(line)
    return out


def concept_parts(
    doc: KnowledgeDoc,
) -> tuple[DocSection | None, DocSection | None, DocSection | None]:
    """(what it is, how to use it, an example) of a concept document, each None if absent."""
    sections = doc_sections(doc)
    intro = next((s for s in sections if not s.heading), sections[0] if sections else None)
    how = next((s for s in sections if s.heading and _HOW_TO.search(s.heading)), None)
    example = next((s for s in sections if s.heading and _EXAMPLE.search(s.heading)), None)
    return intro, how, example


def section_items(text: str) -> tuple[str, ...]:
    return _items(text.splitlines())


def general_principles(doc: KnowledgeDoc) -> tuple[str, tuple[str, ...]] | None:
    """The first section of a practice document that is a list: (heading, items)."""
    for section in doc_sections(doc):
        items = section_items(section.text)
        if section.heading and len(items) >= 3:
            return section.heading, items
    return None

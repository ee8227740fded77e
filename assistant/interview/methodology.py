"""What the methodology corpus says for each step, found by retrieval and cited.

Results are cached per step and language family: the corpus is fixed while the process runs, and
a turn should not pay for the same search twice.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from assistant.domain import Citation
from assistant.interview.steps import STEPS, StepId
from assistant.retrieval import Hit, Retriever, SearchFilters
from assistant.retrieval.fusion import PASSAGE_FUSION

WHY_HITS = 8
STRATEGY_HITS = 8
# Strategy documents: practices and optimisation methods, rather than definitions.
# Said along with a pain point so the search leans to remedies rather than definitions.
# Tuned on the lexical index: without it, a pain point's own words pull in case studies and
# definitions; with it, generic but sound remedies (touchpoint reshaping, process optimisation).
STRATEGY_HINT = {"zh": "员工 培训 流程 服务", "en": "staff training process service"}
# Sections that illustrate, explain, compare, warn or list questions rather than prescribe (a
# heading containing one of these), and documents of cases, not methods.
NOT_REMEDIES = (
    "例子", "常见", "注意", "提示", "问法", "对比", "区别", "为什么", "悖论", "衡量", "误区", "坑",
    "边界", "背景", "是什么", "挑战",
    "example", "common", "pitfall", "tip", "watch", "how people ask", "side by side", " vs ",
    "why", "paradox", "measure", "how to tell", "mistake", "limits", "what it is", "challenge",
)  # fmt: skip
CASE_STUDIES = ("practice-brand-cases",)
STRATEGY_DOCS = (
    "practice-",
    "concept-key-touchpoint-optimisation",
    "concept-touchpoint-reshaping",
    "concept-feedback-mechanism",
)


def lang_family(lang: str) -> str:
    return "en" if lang == "en" else "zh"


class Methodology:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self._why: dict[tuple[StepId, str], list[Citation]] = {}
        self._lock = threading.Lock()

    def citations(self, step: StepId, lang: str) -> list[Citation]:
        """The sections the step's rationale stands on: one per preferred document found,
        or the best hit when none of them is."""
        family = lang_family(lang)
        key = (step, family)
        with self._lock:
            if key in self._why:
                return self._why[key]
        spec = STEPS[step]
        hits = self.retriever.search(
            spec.query(family),
            filters=SearchFilters(doc_kinds=("concept",), lang=family),
            k=WHY_HITS,
        )
        chosen: list[Citation] = []
        for doc in spec.preferred_docs:
            hit = _best_of(hits, doc)
            if hit is not None:
                chosen.append(hit.citation)
        if not chosen and hits:
            chosen.append(hits[0].citation)
        with self._lock:
            self._why[key] = chosen
        return chosen

    def strategies(self, text: str, lang: str) -> list[Hit]:
        """Methodology passages that say how to fix a pain point like `text`, best first."""
        family = lang_family(lang)
        hits = self.retriever.search(
            f"{text} {STRATEGY_HINT[family]}",
            filters=SearchFilters(doc_kinds=("concept",), lang=family),
            k=STRATEGY_HITS,
            fusion=PASSAGE_FUSION,  # the best remedy passage, whichever document holds it
        )
        titled = [
            h for h in hits if h.chunk.section and not h.chunk.doc_id.startswith(CASE_STUDIES)
        ]
        remedies = [
            h
            for h in titled
            if is_remedy_section(h.chunk.section) and recommendation_items(h.chunk.text)
        ]
        strategies = [h for h in remedies if h.chunk.doc_id.startswith(STRATEGY_DOCS)]
        return strategies or remedies

    def recommendations(self, text: str, lang: str) -> list[Recommendation]:
        """The recommendations in the passages `strategies` finds, best passage first."""
        return [
            Recommendation(item.lead, item.text, hit.citation, rank)
            for rank, hit in enumerate(self.strategies(text, lang))
            for item in recommendation_items(hit.chunk.text)
        ]


# What counts as a recommendation -------------------------------------------------------------
#
# Retrieval returns passages, and not every passage of a methodology document tells you what to
# do: a document's intro, a list of the questions people ask, a row of a comparison table, a bare
# heading or a list number ("1.", "七个步骤"). A plan action must stand on a recommendation, so a
# passage is read item by item (a list item or a paragraph) and only prescriptive items are kept.

MIN_CJK = 10  # characters of a Chinese sentence, at least
MIN_WORDS = 6  # words of an English sentence, at least

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}\s*[.、)）])\s*")
_BOLD_LEAD = re.compile(r"^\*\*(?P<lead>[^*]{1,40}?)[:：.。]?\*\*\s*[:：.。]?\s*(?P<rest>.*)$")
_MARKUP = re.compile(r"\*\*|__|`")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_TABLE = re.compile(r"\||\t|\S {3,}\S")
_QUESTION_END = re.compile(r"[?？]\s*[\"”'’)）]?\s*$")


@dataclass(frozen=True)
class RecommendationItem:
    lead: str  # the item's bold lead-in ("自动化、数字化", "Automate and digitise"), if any
    text: str  # the whole item as plain text, without Markdown


@dataclass(frozen=True)
class Recommendation:
    lead: str
    text: str
    citation: Citation
    rank: int  # of the passage it came from, 0 = best


def is_remedy_section(section: str) -> bool:
    folded = f" {section.lower()} "
    return bool(section.strip()) and not any(marker in folded for marker in NOT_REMEDIES)


def is_sentence(text: str) -> bool:
    """Long enough to say something: a heading, a list number or a few words are not."""
    return len(_CJK.findall(text)) >= MIN_CJK or len(_WORD.findall(text)) >= MIN_WORDS


def is_recommendation(text: str) -> bool:
    """One item (a list item or a paragraph) that could stand behind a plan action."""
    plain = _MARKUP.sub("", _LIST_ITEM.sub("", text.strip(), count=1)).strip()
    if not plain or plain.startswith(("#", ">")) or _TABLE.search(plain):
        return False
    if _QUESTION_END.search(plain):  # a question people ask, not an answer
        return False
    return is_sentence(plain)


def recommendation_items(passage: str) -> list[RecommendationItem]:
    """The recommendations in a passage, in order: list items and paragraphs that prescribe."""
    items: list[str] = []
    paragraph: list[str] = []
    for line in passage.splitlines():
        if not line.strip() or _LIST_ITEM.match(line):
            if paragraph:
                items.append(" ".join(paragraph))
                paragraph = []
            if line.strip():
                items.append(line)
        else:
            paragraph.append(line.strip())
    if paragraph:
        items.append(" ".join(paragraph))
    found: list[RecommendationItem] = []
    for item in items:
        if not is_recommendation(item):
            continue
        body = _LIST_ITEM.sub("", item.strip(), count=1).strip()
        lead = _BOLD_LEAD.match(body)
        head = lead["lead"].strip() if lead else ""
        found.append(RecommendationItem(head, _MARKUP.sub("", body).strip()))
    return found


def _best_of(hits: list[Hit], doc_prefix: str) -> Hit | None:
    """The best hit of one document, preferring a named section over the untitled intro."""
    own = [h for h in hits if h.chunk.doc_id.startswith(doc_prefix)]
    titled = [h for h in own if h.chunk.section]
    best = titled or own
    return best[0] if best else None

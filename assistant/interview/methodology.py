"""What the methodology corpus says for each step, found by retrieval and cited.

Results are cached per step and language family: the corpus is fixed while the process runs, and
a turn should not pay for the same search twice.
"""

from __future__ import annotations

import threading

from assistant.domain import Citation
from assistant.interview.steps import STEPS, StepId
from assistant.retrieval import Hit, Retriever, SearchFilters

WHY_HITS = 8
STRATEGY_HITS = 8
# Strategy documents: practices and optimisation methods, rather than definitions.
# Said along with a pain point so the search leans to remedies rather than definitions.
# Tuned on the lexical index: without it, a pain point's own words pull in case studies and
# definitions; with it, generic but sound remedies (touchpoint reshaping, process optimisation).
STRATEGY_HINT = {"zh": "员工 培训 流程 服务", "en": "staff training process service"}
# Sections that illustrate or warn rather than prescribe, and documents of cases, not methods.
NOT_REMEDIES = (
    "例子", "小例子", "常见", "注意", "提示", "example", "common", "pitfall", "tips", "watch",
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
        )
        titled = [
            h for h in hits if h.chunk.section and not h.chunk.doc_id.startswith(CASE_STUDIES)
        ]
        remedies = [h for h in titled if not h.chunk.section.lower().startswith(NOT_REMEDIES)]
        strategies = [h for h in remedies if h.chunk.doc_id.startswith(STRATEGY_DOCS)]
        return strategies or remedies or titled


def _best_of(hits: list[Hit], doc_prefix: str) -> Hit | None:
    """The best hit of one document, preferring a named section over the untitled intro."""
    own = [h for h in hits if h.chunk.doc_id.startswith(doc_prefix)]
    titled = [h for h in own if h.chunk.section]
    best = titled or own
    return best[0] if best else None

"""Ask — the frontline helper: a question in, a short cited guidance card out.

With no LLM the card is assembled from the best-matching frontline guide (extractive: every point
is a sentence of the guide, cited to its section). With an LLM the card is written from the
retrieved passages only, each point citing them; if the model fails, the extractive card is
returned with a notice. Company data of the workspace, when there is any, is added as cited
records. Nothing relevant retrieved → the card says so and invents nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from assistant.ask.card import CardPoint, GuidanceCard
from assistant.ask.guides import documents_by_id, guide_sections
from assistant.ask.relevance import is_relevant, lexical_matches
from assistant.domain.common import Lang
from assistant.domain.provenance import Citation
from assistant.llm import ChatMessage, ChatProvider, LLMError
from assistant.prompts import load_prompts
from assistant.retrieval import Hit, Retriever, SearchFilters
from assistant.text import detect_lang, to_lang_script

GUIDE_HITS = 8
COMPANY_HITS = 3
CARD_KEYS = ("do_now", "say", "avoid", "moment_of_truth")
# Sections that exist for retrieval only (questions people ask): never passed on as guidance.
RETRIEVAL_ONLY_SECTIONS = ("常见问法", "How people ask")


class _LLMPoint(BaseModel):
    text: str
    cites: list[int] = Field(default_factory=list)


class _LLMCard(BaseModel):
    relevant: bool = True
    do_now: list[_LLMPoint] = Field(default_factory=list)
    say: list[_LLMPoint] = Field(default_factory=list)
    avoid: list[_LLMPoint] = Field(default_factory=list)
    moment_of_truth: list[_LLMPoint] = Field(default_factory=list)
    company: list[_LLMPoint] = Field(default_factory=list)


class AskService:
    def __init__(self, retriever: Retriever, llm: ChatProvider | None = None) -> None:
        self.retriever = retriever
        self.llm = llm

    def ask(
        self,
        question: str,
        *,
        workspace_id: str | None = None,
        workspace_name: str = "",
        lang: Lang | None = None,
    ) -> GuidanceCard:
        question = question.strip()
        lang = lang or detect_lang(question)
        prompts = load_prompts()
        doc_lang = "en" if lang == "en" else "zh"
        guide_hits = self.retriever.search(
            question, filters=SearchFilters(doc_kinds=("guide",), lang=doc_lang), k=GUIDE_HITS
        )
        if not question or not is_relevant(question, guide_hits, lang):
            return GuidanceCard(
                question=question,
                lang=lang,
                status="unknown",
                message=prompts.render("ask.unknown", lang),
            )
        company_hits: list[Hit] = []
        if workspace_id and self.retriever.count(workspace_id):
            found = self.retriever.search(
                question, kind="company", workspace=workspace_id, k=COMPANY_HITS * 3
            )
            company_hits = lexical_matches(found)[:COMPANY_HITS]
        card = self._extractive(question, lang, guide_hits[0], company_hits)
        if company_hits:
            card.company_heading = prompts.render(
                "ask.company_heading", lang, workspace=workspace_name or workspace_id
            )
        if self.llm is None:
            return card
        try:
            return self._synthesised(question, lang, guide_hits, company_hits, card)
        except LLMError:
            card.message = prompts.render("ask.llm_fallback", lang)
            return card

    # Without a model: the sections of the best guide, cited. --------------------------------
    def _extractive(
        self, question: str, lang: Lang, top: Hit, company_hits: Sequence[Hit]
    ) -> GuidanceCard:
        doc = documents_by_id()[top.chunk.doc_id]
        card = GuidanceCard(
            question=question,
            lang=lang,
            status="answered",
            title=to_lang_script(doc.title, lang),
        )
        for section in guide_sections(doc):
            citation = Citation(
                doc_id=doc.id, title=doc.title, source=doc.path, section=section.heading
            )
            points = [
                CardPoint(text=to_lang_script(item, lang), citations=[citation])
                for item in section.items
            ]
            setattr(card, section.key, points)
        card.company = [
            CardPoint(text=to_lang_script(h.chunk.text, lang), citations=[h.citation])
            for h in company_hits
        ]
        return card

    # With a model: written from the numbered passages only. ----------------------------------
    def _synthesised(
        self,
        question: str,
        lang: Lang,
        guide_hits: Sequence[Hit],
        company_hits: Sequence[Hit],
        fallback: GuidanceCard,
    ) -> GuidanceCard:
        assert self.llm is not None
        prompts = load_prompts()
        guidance = [h for h in guide_hits if h.chunk.section not in RETRIEVAL_ONLY_SECTIONS]
        hits = [*guidance[:5], *company_hits]
        passages = "\n".join(
            f"[{n}] ({h.chunk.title} · {h.chunk.section or h.chunk.doc_id}) {h.chunk.text}"
            for n, h in enumerate(hits, 1)
        )
        reply = self.llm.structured(
            [
                ChatMessage("system", prompts.render("ask.system", lang)),
                ChatMessage(
                    "user",
                    prompts.render("ask.request", lang, question=question, passages=passages),
                ),
            ],
            _LLMCard,
        )
        if not reply.relevant:
            return fallback

        def points(items: list[_LLMPoint]) -> list[CardPoint]:
            # A point that cites nothing we gave the model is dropped: it could be invented.
            kept = []
            for item in items:
                cited = [hits[n - 1].citation for n in item.cites if 1 <= n <= len(hits)]
                if cited and item.text.strip():
                    kept.append(CardPoint(text=to_lang_script(item.text, lang), citations=cited))
            return kept

        card = fallback.model_copy(deep=True)
        card.mode = "llm"
        for key in (*CARD_KEYS, "company"):
            written = points(getattr(reply, key))
            if written:
                setattr(card, key, written)
        return card

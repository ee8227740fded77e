"""Ask — the frontline helper: a question in, a short cited card out.

First the question is triaged (assistant/ask/triage.py): a frontline guide answers it, a
methodology document does, it is a service situation no guide covers, or it is not a
customer-service question. Then, with no LLM, the card is assembled from the chosen document
(extractive: every point is a sentence of it, cited to its section). With an LLM a guide card is
written from the retrieved passages only, each point citing them; if the model fails, the
extractive card is returned with a notice. The workspace's own rules (SOP and policy passages)
that match come first, marked as the company's; its records follow as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from assistant.ask.card import CardPoint, GuidanceCard, RelatedDoc
from assistant.ask.guides import (
    concept_parts,
    documents_by_id,
    general_principles,
    guide_sections,
    section_items,
)
from assistant.ask.relevance import company_documents, lexical_matches
from assistant.ask.triage import Decision, DocEvidence, Triage, decide, load_model
from assistant.domain.common import Lang
from assistant.domain.provenance import Citation
from assistant.embeddings import Embedder
from assistant.llm import ChatMessage, ChatProvider, LLMError
from assistant.prompts import load_prompts
from assistant.retrieval import Hit, Retriever
from assistant.retrieval.corpus import KnowledgeDoc
from assistant.text import detect_lang, to_lang_script

COMPANY_HITS = 3
COMPANY_DEPTH = 60  # records outnumber rules: look deep enough to find the rule
CARD_KEYS = ("do_now", "say", "avoid", "moment_of_truth")
GENERAL_PRINCIPLES = "practice-service-recovery"  # cited, marked general, when no guide covers it
MAX_POINTS = 5


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


def cited(doc: KnowledgeDoc, section: str, lang: Lang) -> Citation:
    """A citation as the reader sees it: title and section in the card's script."""
    return Citation(
        doc_id=doc.id,
        title=to_lang_script(doc.title, lang),
        source=doc.path,
        section=to_lang_script(section, lang),
    )


def points(items: Sequence[str], citation: Citation, lang: Lang) -> list[CardPoint]:
    return [CardPoint(text=to_lang_script(t, lang), citations=[citation]) for t in items]


class AskService:
    def __init__(
        self,
        retriever: Retriever,
        llm: ChatProvider | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.retriever = retriever
        self.llm = llm
        found = embedder or getattr(retriever, "embedder", None)
        if found is None:
            raise ValueError("Ask needs the embedder of its index to triage questions")
        self.triage = Triage(retriever, found)

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
        if not question:
            return GuidanceCard(
                question=question,
                lang=lang,
                outcome="off_topic",
                message=prompts.render("ask.empty", lang),
            )
        doc_lang = "en" if lang == "en" else "zh"
        model = load_model()
        if model is not None and model.embedder != self.triage.embedder.id:
            model = None
        decision = decide(self.triage.features(question, doc_lang), model)
        card = self._card(question, lang, doc_lang, decision)
        if decision.outcome != "off_topic" and workspace_id and self.retriever.count(workspace_id):
            self._add_company(card, question, workspace_id, workspace_name or workspace_id)
        if self.llm is None or decision.outcome != "guide" or decision.chosen is None:
            return card
        try:
            return self._synthesised(question, lang, list(decision.chosen.hits), card)
        except LLMError:
            card.message = prompts.render("ask.llm_fallback", lang)
            return card

    # The card, by outcome. ------------------------------------------------------------------
    def _card(self, question: str, lang: Lang, doc_lang: str, decision: Decision) -> GuidanceCard:
        prompts = load_prompts()
        card = GuidanceCard(question=question, lang=lang, outcome=decision.outcome)
        if decision.outcome == "off_topic":
            card.message = prompts.render("ask.off_topic", lang)
        elif decision.outcome == "not_covered":
            card.message = prompts.render("ask.not_covered", lang)
            doc = documents_by_id().get(f"{GENERAL_PRINCIPLES}-{doc_lang}")
            if doc is not None:
                card.title = to_lang_script(doc.title, lang)
                principles = general_principles(doc)
                if principles is not None:
                    heading, items = principles
                    card.general = points(items[:MAX_POINTS], cited(doc, heading, lang), lang)
        elif decision.chosen is not None:
            doc = self._doc(decision.chosen, doc_lang)
            card.title = to_lang_script(doc.title, lang)
            if decision.outcome == "guide":
                for part in guide_sections(doc):
                    setattr(
                        card,
                        part.key,
                        points(part.items, cited(doc, part.heading, lang), lang),
                    )
            else:
                self._concept(card, doc, decision.chosen, lang)
            card.also = [
                RelatedDoc(doc_id=d.id, title=to_lang_script(d.title, lang))
                for d in (self._doc(e, doc_lang) for e in decision.also)
            ]
        return card

    @staticmethod
    def _doc(evidence: DocEvidence, doc_lang: str) -> KnowledgeDoc:
        docs = documents_by_id()
        return docs.get(f"{evidence.stem}-{doc_lang}") or docs[evidence.hits[0].chunk.doc_id]

    @staticmethod
    def _concept(card: GuidanceCard, doc: KnowledgeDoc, evidence: DocEvidence, lang: Lang) -> None:
        intro, how, example = concept_parts(doc)
        if intro is not None:
            card.definition = points(
                section_items(intro.text)[:2], cited(doc, intro.heading, lang), lang
            )
        best = next(
            (h for h in evidence.hits if h.chunk.doc_id == doc.id and h.chunk.section), None
        )
        shown = {
            intro.heading if intro else "",
            how.heading if how else "",
            example.heading if example else "",
        }
        if best is not None and best.chunk.section not in shown:
            heading = best.chunk.section.split(" > ")[0]
            card.answer = points(
                section_items(best.chunk.text)[:MAX_POINTS], cited(doc, heading, lang), lang
            )
        if how is not None:
            card.how_to = points(
                section_items(how.text)[:MAX_POINTS], cited(doc, how.heading, lang), lang
            )
        if example is not None:
            card.example = points(
                section_items(example.text)[:2], cited(doc, example.heading, lang), lang
            )

    def _add_company(self, card: GuidanceCard, question: str, workspace_id: str, name: str) -> None:
        prompts = load_prompts()
        found = self.retriever.search(
            question, kind="company", workspace=workspace_id, k=COMPANY_DEPTH
        )
        rules = company_documents(question, found)[:2]
        records = lexical_matches(question, found)[:COMPANY_HITS]
        card.company_rules = [
            CardPoint(text=to_lang_script(h.chunk.text, card.lang), citations=[h.citation])
            for h in rules
        ]
        card.company = [
            CardPoint(text=to_lang_script(h.chunk.text, card.lang), citations=[h.citation])
            for h in records
        ]
        if rules:
            card.company_rules_heading = prompts.render(
                "ask.company_rule_heading", card.lang, workspace=name
            )
        if records:
            card.company_heading = prompts.render("ask.company_heading", card.lang, workspace=name)

    # With a model: written from the numbered passages only. ----------------------------------
    def _synthesised(
        self, question: str, lang: Lang, guide_hits: Sequence[Hit], fallback: GuidanceCard
    ) -> GuidanceCard:
        assert self.llm is not None
        prompts = load_prompts()
        hits: list[Hit] = list(guide_hits[:5])
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

        def written(items: list[_LLMPoint]) -> list[CardPoint]:
            # A point that cites nothing we gave the model is dropped: it could be invented.
            kept = []
            for item in items:
                refs = [hits[n - 1].citation for n in item.cites if 1 <= n <= len(hits)]
                if refs and item.text.strip():
                    kept.append(CardPoint(text=to_lang_script(item.text, lang), citations=refs))
            return kept

        card = fallback.model_copy(deep=True)
        card.mode = "llm"
        for key in CARD_KEYS:
            kept = written(getattr(reply, key))
            if kept:
                setattr(card, key, kept)
        return card

"""The shipped methodology corpus: complete, bilingual, well-formed."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.ask.guides import guide_sections
from assistant.retrieval.corpus import (
    CorpusError,
    corpus_hash,
    load_documents,
    methodology_chunks,
    parse_document,
)

STAGES = {"awareness", "consideration", "purchase", "use", "feedback", "all"}
CATEGORIES = {"first_contact", "purchase", "service", "after_sales", "feedback", "all"}
INDUSTRIES = {
    "general",
    "telecom",
    "retail",
    "restaurant",
    "banking",
    "insurance",
    "ecommerce",
    "hotel",
    "healthcare",
}
DOMAIN_CONCEPTS = [
    "concept-journey-map",
    "concept-service-map",
    "concept-service-blueprint",
    "concept-touchpoints",
    "concept-moments-of-truth",
    "concept-emotion-curve",
    "concept-pain-points-opportunities",
    "concept-build-steps",
    "concept-touchpoint-reshaping",
    "concept-feedback-mechanism",
    "concept-cx-evaluation",
    "model-em-framework",
    "model-cx-dimensions",
    "model-kano",
    "model-servqual",
    "model-nps",
    "model-csat-ces",
    "model-service-metrics",
    "model-impact-effort",
    "practice-service-recovery",
]


def test_at_least_80_documents_all_paired_across_languages() -> None:
    docs = {d.id: d for d in load_documents()}
    assert len(docs) >= 80
    for doc in docs.values():
        pair = docs[doc.meta["pair"]]
        assert pair.meta["pair"] == doc.id
        assert {doc.lang, pair.lang} == {"zh-Hans", "en"}
        assert doc.kind == pair.kind


def test_every_domain_concept_is_covered_in_both_languages() -> None:
    ids = {d.id for d in load_documents()}
    for stem in DOMAIN_CONCEPTS:
        assert {f"{stem}-zh", f"{stem}-en"} <= ids, stem


def test_at_least_20_frontline_guides_and_8_playbooks() -> None:
    kinds = Counter((d.kind, d.lang) for d in load_documents())
    assert kinds[("guide", "zh-Hans")] >= 20 and kinds[("guide", "en")] >= 20
    assert kinds[("playbook", "zh-Hans")] >= 8 and kinds[("playbook", "en")] >= 8


def test_front_matter_uses_the_shared_vocabulary() -> None:
    for doc in load_documents():
        assert set(doc.values("stage")) <= STAGES, doc.id
        assert set(doc.values("touchpoint_category")) <= CATEGORIES, doc.id
        assert set(doc.values("industry")) <= INDUSTRIES, doc.id
        assert doc.values("tags"), doc.id


def test_guides_have_the_four_card_sections_in_order() -> None:
    for doc in load_documents():
        if doc.kind == "guide":
            sections = guide_sections(doc)
            assert [s.key for s in sections] == ["do_now", "say", "avoid", "moment_of_truth"]
            assert all(s.items for s in sections), doc.id
            assert len(sections[0].items) >= 3, doc.id


def test_chunks_cite_document_and_heading() -> None:
    chunks = methodology_chunks()
    assert len({c.doc_id for c in chunks}) == len(load_documents())
    queue = [c for c in chunks if c.doc_id == "guide-long-queue-zh"]
    assert {"现在就做", "可以这样说", "不要这样做", "关键时刻"} <= {c.section for c in queue}
    assert all(c.source == "knowledge/guides/guide-long-queue-zh.md" for c in queue)
    assert corpus_hash(load_documents()) == corpus_hash(load_documents())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "no front matter"),
        ("---\nid: x\n---\nbody", "lacks title, lang, kind"),
        ("---\nid: x\ntitle: t\nlang: en\nkind: essay\n---\nbody", "kind must be concept"),
        ("---\n[unclosed\n---\nbody", "unreadable front matter"),
    ],
)
def test_malformed_documents_are_named(text: str, message: str) -> None:
    with pytest.raises(CorpusError) as caught:
        parse_document(text, "knowledge/x.md")
    assert "knowledge/x.md" in str(caught.value) and message in str(caught.value)

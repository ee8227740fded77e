"""Suggested actions stand on real recommendations (issue #10): the playbook's proven improvements
first, else an item of the methodology that prescribes — never a document's intro, a list of the
questions people ask, a row of a comparison table, a bare heading or a list number."""

from __future__ import annotations

import re
from functools import cache

import pytest

import knowledge
from assistant.domain import Action, Lang
from assistant.interview.methodology import (
    Methodology,
    is_recommendation,
    is_remedy_section,
    recommendation_items,
)
from assistant.interview.plan import PlanBuilder, plan_practice_citation
from assistant.interview.state import InterviewState
from assistant.playbooks import INDUSTRIES, load_playbook, playbook_lang
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.corpus import parse_document
from assistant.text.chunking import chunk_markdown
from assistant.text.script import to_lang_script
from tests.interview.test_plan_fixes import interview

# Pains managers name that no playbook lists, so the plan has to go to the methodology.
OFF_PLAYBOOK = {
    "zh-Hans": (
        "保安态度冷淡，不理人",
        "不知道审批进度",
        "客服电话打不通",
        "停车难找车位",
        "表格要填很多遍",
        "店员不懂产品",
    ),
    "en": (
        "The security guard is rude",
        "No idea where my application is",
        "The hotline is always busy",
        "Parking is hard to find",
        "Forms ask the same thing twice",
        "Staff don't know the product",
    ),
}


@cache
def section_text(source: str, section: str, lang: Lang) -> str:
    """The plain text of one section of a methodology document, in the session's script."""
    path = source.removeprefix("knowledge/")
    text = knowledge.root().joinpath(path).read_text(encoding="utf-8")
    doc = parse_document(text, source)
    body = "\n".join(c.text for c in chunk_markdown(doc.body) if c.heading == section)
    return to_lang_script(body.replace("**", ""), lang)


def check_suggested(action: Action, state: InterviewState) -> None:
    """The action's citation passage is a recommendation, and the action says what it says."""
    (citation,) = action.provenance.citations
    lang = state.lang
    if citation.doc_id.startswith("playbook-"):
        playbook = load_playbook(state.industry or "", playbook_lang(lang))
        assert (
            citation.doc_id == playbook.id
            and citation.section == playbook.citation("improvements").section
        )
        names = {to_lang_script(i.name, lang) for i in playbook.improvements}
        assert action.title in names, action.title
        return
    if citation == plan_practice_citation(lang):  # the cited root-cause step
        assert not action.description
        return
    assert is_remedy_section(citation.section), citation
    description = action.description
    assert is_recommendation(description), description
    assert "|" not in description and not re.search(r"[?？]$", description)
    assert description not in ("1.", "七个步骤", "Seven steps")
    assert description in section_text(citation.source, citation.section, lang)
    assert not action.title.rstrip().endswith(("?", "？", ":", "：", "1."))


@pytest.mark.parametrize("industry", INDUSTRIES)
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_suggested_action_cites_a_recommendation(
    industry: str, lang: str, retriever: KnowledgeIndex
) -> None:
    playbook = load_playbook(industry, playbook_lang(lang))
    stages = [s.name for s in playbook.stages[:3]]
    known = [(p.description, p.stage) for p in playbook.pains[:2] if p.stage in stages]
    pains = known + [(d, stages[i % 3]) for i, d in enumerate(OFF_PLAYBOOK[playbook_lang(lang)])]
    state = interview(lang, industry, stages, pains)
    PlanBuilder(Methodology(retriever)).ensure(state)
    actions = state.draft.plan.actions
    assert all(state.draft.actions_for(p.id) for p in state.draft.pain_points)
    for action in actions:
        assert action.provenance.source == "suggested"
        check_suggested(action, state)
    from_method = [
        a
        for a in actions
        if not a.provenance.citations[0].doc_id.startswith("playbook-")
        and a.provenance.citations[0] != plan_practice_citation(lang)
    ]
    assert from_method, "the methodology path was not exercised"


def test_no_industry_the_methodology_path_cites_recommendations(
    retriever: KnowledgeIndex,
) -> None:
    for lang in ("zh-Hans", "en"):
        state = interview(lang, None, ["A", "B", "C"], [(d, "A") for d in OFF_PLAYBOOK[lang]])
        PlanBuilder(Methodology(retriever)).ensure(state)
        for action in state.draft.plan.actions:
            check_suggested(action, state)


def test_what_is_not_a_recommendation() -> None:
    for text in (
        "1.",
        "七个步骤",
        "## Seven steps",
        "| What gets measured | Transactions, average handling time | First-contact resolution |",
        "- 办事手续太繁琐,怎么简化服务流程?",
        "- Opening an account takes 40 minutes. How do we get it to 20?",
        "**Train staff.**",
        "- 培训",
    ):
        assert not is_recommendation(text), text
    assert is_recommendation(
        "4. **自动化、数字化**:能让系统做的别让人做,能让客户线上办的别让他跑网点。"
    )
    assert is_recommendation(
        "- **Train staff.** Rehearse before launch and explain why things change."
    )
    for section in ("常见问法", "How people ask", "Side by side", "小例子", "Example", ""):
        assert not is_remedy_section(section), section
    assert is_remedy_section("七个步骤") and is_remedy_section("Making it happen")


def test_the_whole_corpus_yields_only_prescriptive_items() -> None:
    """Every item `recommendation_items` finds in any methodology section a plan may cite is a
    sentence that prescribes: no questions, no table rows, no bare numbers."""
    folder = knowledge.root().joinpath("methodology")
    checked = 0
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".md"):
            continue
        doc = parse_document(entry.read_text(encoding="utf-8"), entry.name)
        for chunk in chunk_markdown(doc.body):
            items = recommendation_items(chunk.text)
            if not is_remedy_section(chunk.heading):
                continue
            for item in items:
                checked += 1
                assert "|" not in item.text and not re.search(r"[?？]\W*$", item.text), item
                assert is_recommendation(item.text), item
                assert item.lead == "" or item.text.startswith(item.lead), item
            if chunk.heading.lower() in ("how people ask", "常见问法"):
                raise AssertionError("question lists are never a remedy section")
    assert checked > 100

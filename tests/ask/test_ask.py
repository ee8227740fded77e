"""Ask on the real default stack (e5 vectors + BM25): the card, its language, its citations,
company data, the LLM path and its fallback, and "I don't know"."""

from __future__ import annotations

import pytest

from assistant.ask import AskService, GuidanceCard
from assistant.embeddings.hash_backend import HashEmbedder
from assistant.llm import FakeChatProvider, LLMError
from assistant.retrieval import Chunk, KnowledgeIndex


def all_text(card: GuidanceCard) -> str:
    points = card.do_now + card.say + card.avoid + card.moment_of_truth + card.company
    return card.title + "".join(p.text for p in points)


def test_queue_question_gets_the_queue_guide_in_simplified(e5_index: KnowledgeIndex) -> None:
    card = AskService(e5_index).ask("顾客在营业厅排队40分钟很生气，我该怎么办？")
    assert card.status == "answered" and card.lang == "zh-Hans" and card.mode == "extractive"
    assert card.title == "排队太长、客户等得不耐烦"
    assert len(card.do_now) >= 3 and card.say and card.avoid and card.moment_of_truth
    assert any("等" in p.text for p in card.moment_of_truth)
    for section, heading in (
        (card.do_now, "现在就做"),
        (card.say, "可以这样说"),
        (card.avoid, "不要这样做"),
        (card.moment_of_truth, "关键时刻"),
    ):
        for point in section:
            assert [(c.doc_id, c.section) for c in point.citations] == [
                ("guide-long-queue-zh", heading)
            ]


def test_traditional_question_gets_a_traditional_card(e5_index: KnowledgeIndex) -> None:
    card = AskService(e5_index).ask("客戶說帳單多扣了錢，要我馬上退，怎麼處理？")
    assert card.status == "answered" and card.lang == "zh-Hant"
    assert card.sources()[0].doc_id == "guide-billing-dispute-zh"
    text = all_text(card)
    assert "帳單" in text or "賬單" in text
    assert "账单" not in text and "这" not in text  # no Simplified left


def test_english_question_gets_an_english_card(e5_index: KnowledgeIndex) -> None:
    card = AskService(e5_index).ask("An elderly man can't book a hospital appointment on the app")
    assert card.status == "answered" and card.lang == "en"
    assert card.sources()[0].doc_id.endswith("-en")
    assert "In Chinese" not in all_text(card)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in all_text(card))


@pytest.mark.parametrize(
    "question",
    [
        "今天天气怎么样",
        "股票明天会涨吗",
        "帮我写一首关于春天的诗",
        "How do I bake sourdough bread?",
        "What is the capital of France?",
        "今天晚餐吃什麼好",
    ],
)
def test_unrelated_questions_get_i_dont_know(e5_index: KnowledgeIndex, question: str) -> None:
    card = AskService(e5_index).ask(question)
    assert card.status == "unknown"
    assert not card.do_now and not card.sources()
    assert "不" in card.message or "not" in card.message


def test_company_data_is_added_with_row_citations(e5_index: KnowledgeIndex) -> None:
    rows = [
        "营业厅周六上午只开两个窗口，排队一个半小时",
        "宽带师傅上门迟到三小时",
        "App 查不到账单",
    ]
    e5_index.add_chunks(
        "acme",
        [
            Chunk(
                id=f"t:{n}",
                text=t,
                doc_id="complaints.csv",
                title="complaints.csv",
                source="complaints.csv",
                section=f"row {n + 1}",
                kind="company",
                doc_kind="data",
                source_id="t",
            )
            for n, t in enumerate(rows)
        ],
    )
    card = AskService(e5_index).ask(
        "营业厅排队太久客户发火了", workspace_id="acme", workspace_name="ACME 电信"
    )
    assert card.company and card.company[0].text == rows[0]
    assert card.company[0].citations[0].section == "row 1"
    assert "ACME 电信" in card.company_heading
    other = AskService(e5_index).ask("营业厅排队太久客户发火了", workspace_id="someone-else")
    assert other.company == []


def test_llm_card_keeps_only_points_that_cite_passages(e5_index: KnowledgeIndex) -> None:
    llm = FakeChatProvider(
        [
            {
                "relevant": True,
                "do_now": [
                    {"text": "先道歉，再告诉客户还要等多久", "cites": [1]},
                    {"text": "给客户发一百元购物卡", "cites": []},
                    {"text": "编造的规定", "cites": [99]},
                ],
                "say": [{"text": "让您久等了", "cites": [1, 2]}],
                "avoid": [],
                "moment_of_truth": [],
                "company": [],
            }
        ]
    )
    card = AskService(e5_index, llm).ask("营业厅排队太久客户很生气")
    assert card.mode == "llm"
    assert [p.text for p in card.do_now] == ["先道歉，再告诉客户还要等多久"]
    assert card.say[0].text == "让您久等了" and len(card.say[0].citations) == 2
    assert card.avoid  # sections the model left empty keep the guide's own points
    request = llm.calls[0].messages[-1].content
    assert "[1]" in request and "营业厅排队太久客户很生气" in request


def test_llm_failure_falls_back_to_the_guide_with_a_notice(e5_index: KnowledgeIndex) -> None:
    llm = FakeChatProvider([LLMError("timed out", kind="timeout")])
    card = AskService(e5_index, llm).ask("A customer is shouting at me about a late delivery")
    assert card.status == "answered" and card.mode == "extractive"
    assert "unavailable" in card.message
    assert card.do_now


def test_no_llm_call_when_nothing_is_relevant(e5_index: KnowledgeIndex) -> None:
    llm = FakeChatProvider([])
    assert AskService(e5_index, llm).ask("今天天气怎么样").status == "unknown"
    assert llm.calls == []


def test_works_on_the_lexical_embedder_too() -> None:
    from assistant.retrieval.memory_store import MemoryStore

    index = KnowledgeIndex(MemoryStore(), HashEmbedder())
    card = AskService(index).ask("退货退款要多久到账")
    assert card.status == "answered"
    assert card.sources()[0].doc_id == "guide-refund-return-zh"

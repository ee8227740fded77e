"""Ask on the real default stack (e5 vectors + BM25): the card, its language, its citations,
company data, the LLM path and its fallback, and "I don't know"."""

from __future__ import annotations

import pytest

from assistant.ask import AskService, GuidanceCard
from assistant.embeddings.hash_backend import HashEmbedder
from assistant.llm import FakeChatProvider, LLMError
from assistant.retrieval import Chunk, KnowledgeIndex


def company_chunk(chunk_id: str, text: str, file: str, section: str) -> Chunk:
    """A workspace passage as ingestion stores it: a file, and a row or a section of it."""
    return Chunk(
        id=chunk_id,
        text=text,
        doc_id=file,
        title=file,
        source=file,
        section=section,
        kind="company",
        doc_kind="data",
        source_id=chunk_id.split(":")[0],
    )


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
    card = AskService(e5_index).ask("這個月帳單突然多了三百塊，客人說要投訴")
    assert card.outcome == "guide" and card.lang == "zh-Hant"
    assert card.sources()[0].doc_id == "guide-billing-dispute-zh"
    text = all_text(card)
    assert "帳單" in text and "賬單" not in text
    assert "账单" not in text and "这" not in text  # no Simplified left
    # The citations too: title and section as the reader sees them.
    assert [(c.title, c.section) for c in card.sources()][:2] == [
        ("帳單上多了一筆看不懂的扣費", "現在就做"),
        ("帳單上多了一筆看不懂的扣費", "可以這樣說"),
    ]


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
def test_unrelated_questions_are_refused(e5_index: KnowledgeIndex, question: str) -> None:
    card = AskService(e5_index).ask(question)
    assert card.outcome == "off_topic" and card.status == "unknown"
    assert not card.do_now and not card.sources()
    assert "不是客户服务" in card.message or "not a customer-service" in card.message


def test_company_data_is_added_with_row_citations(e5_index: KnowledgeIndex) -> None:
    rows = [
        "营业厅周六上午只开两个窗口，排队一个半小时",
        "宽带师傅上门迟到三小时",
        "App 查不到账单",
    ]
    e5_index.add_chunks(
        "acme",
        [company_chunk(f"t:{n}", t, "complaints.csv", f"row {n + 1}") for n, t in enumerate(rows)],
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
    card = AskService(e5_index, llm).ask("A caller is swearing at me")
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
    assert card.outcome in ("guide", "not_covered")  # words alone: triage is rougher
    if card.outcome == "guide":
        assert card.sources()[0].doc_id.startswith("guide-")


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        ("外卖少送一份饮料，打电话来骂，我该怎么说？", "guide-wrong-item-zh"),
        ("客人说外卖送错了", "guide-wrong-item-zh"),
        ("A caller is swearing at me", "guide-angry-abusive-customer-en"),
        ("客人在櫃檯排隊排了四十分鐘很不爽，我要怎麼講？", "guide-long-queue-zh"),
        ("营业厅排队太久客户发火了", "guide-long-queue-zh"),
    ],
)
def test_the_guide_is_chosen_by_document(
    e5_index: KnowledgeIndex, question: str, guide: str
) -> None:
    card = AskService(e5_index).ask(question)
    assert card.outcome == "guide" and card.sources()[0].doc_id == guide
    assert all(c.section not in ("常见问法", "How people ask") for c in card.sources())


@pytest.mark.parametrize(
    "question",
    [
        "How do I back up our customer database in PostgreSQL?",
        "客户管理系统的数据库怎么备份？",
        "Write a poem about a customer.",
    ],
)
def test_questions_that_merely_mention_a_customer_are_refused(
    e5_index: KnowledgeIndex, question: str
) -> None:
    assert AskService(e5_index).ask(question).outcome == "off_topic"


def test_an_expired_coupon_is_not_covered(e5_index: KnowledgeIndex) -> None:
    card = AskService(e5_index).ask("顾客拿着过期的优惠券非要用")
    assert card.outcome == "not_covered" and "没有专门讲这种情况" in card.message
    assert card.general and card.general[0].citations[0].doc_id == "practice-service-recovery-zh"


def test_a_situation_no_guide_covers_gets_general_principles_marked_general(
    e5_index: KnowledgeIndex,
) -> None:
    card = AskService(e5_index).ask("Customer demands we match a competitor's price")
    assert card.outcome == "not_covered" and not card.do_now
    assert "None of our guides" in card.message and "supervisor" in card.message
    assert len(card.general) >= 3
    assert {c.doc_id for c in card.sources()} == {"practice-service-recovery-en"}


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("什么是MOT关键时刻？", "concept-moments-of-truth-zh"),
        ("KANO模型把客户需求分成哪几类", "model-kano-zh"),
        ("What is the line of visibility?", "concept-service-blueprint-en"),
        ("什麼是服務藍圖？", "concept-service-blueprint-zh"),
    ],
)
def test_methodology_questions_get_a_concept_card(
    e5_index: KnowledgeIndex, question: str, doc: str
) -> None:
    card = AskService(e5_index).ask(question)
    assert card.outcome == "concept" and card.status == "answered"
    assert card.definition and card.how_to  # what it is, how to use it at work
    assert {c.doc_id for c in card.sources()} == {doc}
    assert card.sources()[0].section == ""  # the definition is the opening paragraph
    if card.lang == "zh-Hant":
        assert card.title == "服務藍圖(Shostack)"


def test_the_company_rule_comes_first_and_records_stay_evidence(
    e5_index: KnowledgeIndex,
) -> None:
    sop = "排队等候超过30分钟的客户，值班经理须主动致歉，并可赠送一张20元话费券。"
    review = "营业厅排队一个半小时，太离谱了"
    e5_index.add_chunks(
        "telco",
        [
            company_chunk("s:0", sop, "门店服务规范.docx", "§ 排队等候"),
            company_chunk("r:0", review, "reviews.csv", "row 7"),
        ],
    )
    card = AskService(e5_index).ask(
        "营业厅排队太久客户发火了", workspace_id="telco", workspace_name="某电信"
    )
    keys = [k for k, _ in card.sections()]
    assert keys[0] == "ask_company_rule" and keys[-1] == "ask_company_records"
    assert card.company_rules[0].text == sop and "某电信" in card.company_rules_heading
    assert card.company[0].text == review


def test_an_unrelated_company_rule_is_not_put_under_the_card(e5_index: KnowledgeIndex) -> None:
    rule = "骑手超时二十分钟以上，客服要主动致歉并补偿。"
    e5_index.add_chunks("deliveries", [company_chunk("d:0", rule, "配送规范.md", "§ 配送规范")])
    card = AskService(e5_index).ask("顾客排队40分钟很生气，怎么办？", workspace_id="deliveries")
    assert card.company_rules == [] and card.company == []
    late = AskService(e5_index).ask("骑手送晚了，顾客很生气", workspace_id="deliveries")
    assert [p.text for p in late.company_rules] == [rule]

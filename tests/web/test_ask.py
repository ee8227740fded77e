"""Ask: a question in, the cited guidance card out — page, htmx partial and JSON API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant.llm import FakeChatProvider
from web.app import create_app

from .conftest import HX, SAMPLE_CSV, MakeServices, text_of

QUEUE = "顾客排队40分钟很生气，怎么办？"


def test_ask_page_returns_a_cited_card(client: TestClient) -> None:
    page = client.get("/ask", params={"q": QUEUE}).text
    card = page[page.index('id="card"') :]
    text = text_of(card)
    for heading in ("现在就做", "可以这样说", "不要这样做", "关键时刻", "出处"):
        assert heading in text, heading
    # Each point carries numbered citations that point to the sources list.
    refs = set(re.findall(r'<sup><a href="#source-(\d+)"', card))
    sources = set(re.findall(r'<li id="source-(\d+)">', card))
    assert refs and refs <= sources
    assert "knowledge/guides/" in card


def test_ask_with_htmx_returns_only_the_card(client: TestClient) -> None:
    response = client.get("/ask", params={"q": QUEUE}, headers=HX)
    assert response.text.lstrip().startswith('<section id="card"')
    assert "<html" not in response.text


def test_card_follows_the_question_language(client: TestClient) -> None:
    text = text_of(client.get("/ask", params={"q": "顧客排隊40分鐘很生氣，怎麼辦？"}).text)
    assert "現在就做" in text and "排隊" in text
    english = text_of(
        client.get(
            "/ask", params={"q": "A customer waited 40 minutes in the queue and is angry"}
        ).text
    )
    assert "Do now" in english and "What to say" in english


def test_unknown_question_says_so(client: TestClient) -> None:
    text = text_of(client.get("/ask", params={"q": "今天股票涨不涨"}).text)
    assert "不是客服问题" in text and "这不是客户服务" in text and "现在就做" not in text


def test_company_records_are_cited(client: TestClient) -> None:
    client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=[("files", ("waimai_sample.csv", SAMPLE_CSV.read_bytes(), "text/csv"))],
    )
    card = client.get(
        "/ask", params={"q": "外卖送餐太慢，顾客投诉送晚了一个小时怎么办", "workspace": "acme"}
    ).text
    assert "贵公司数据（acme）中的相关记录" in card
    assert "waimai_sample.csv" in card


def test_model_failure_falls_back_with_a_notice(make_services: MakeServices) -> None:
    client = TestClient(create_app(services=make_services(llm=FakeChatProvider([]))))
    card = client.get("/ask", params={"q": QUEUE}).text
    assert "语言模型暂时不可用" in card and "现在就做" in card


def test_ask_api(client: TestClient) -> None:
    body = client.post("/api/ask", json={"question": QUEUE}).json()
    assert body["status"] == "answered" and body["do_now"]
    assert body["do_now"][0]["citations"][0]["doc_id"]
    assert client.post("/api/ask", json={"question": ""}).status_code == 422


def test_the_workspace_is_remembered_and_its_rule_comes_first(client: TestClient) -> None:
    sop = (
        "# 门店服务规范\n\n## 排队等候\n\n外卖送餐超时超过30分钟的订单，店长须致电顾客致歉，"
        "并可赠送一张15元无门槛券。\n"
    )
    client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=[
            ("files", ("服务规范.md", sop.encode(), "text/markdown")),
            ("files", ("waimai_sample.csv", SAMPLE_CSV.read_bytes(), "text/csv")),
        ],
    )
    question = "外卖送餐太慢，顾客投诉送晚了一个小时怎么办"
    first = client.get("/ask", params={"q": question, "workspace": "acme"})
    assert first.cookies.get("cxcoach_ask_workspace") == "acme"
    page = client.get("/ask", params={"q": question}).text  # no workspace picked this time
    assert '<option value="acme" selected>' in page
    card = page[page.index('id="card"') :]
    assert "贵公司的规定（acme）" in card
    assert card.index("15元无门槛券") < card.index("现在就做")  # the company's rule first

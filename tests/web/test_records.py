"""The records page, its JSON API, the Knowledge page's links to it, and the evidence partial a
data-backed element shows: quotes as the customers wrote them, counts, links, missing files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.services.container import Services
from assistant.services.sources import delete_source
from assistant.text.script import glossary_violations, is_simplified_only
from tests.conftest import write_reviews
from web.i18n import Translator
from web.templating import build_environment

from .conftest import HX, SAMPLE_CSV, XSS_IMG, XSS_SCRIPT, text_of


def records_of(html: str) -> list[str]:
    return re.findall(r'<li class="record" data-ref="([^"]+)"', html)


@pytest.fixture
def waimai(services: Services) -> Services:
    services.ingest.ingest([SAMPLE_CSV], "外卖 华东")
    return services


def test_the_records_page_filters_by_file_and_words_and_pages(
    waimai: Services, client: TestClient, tmp_path: Path
) -> None:
    tickets = write_reviews(
        tmp_path / "tickets.csv", "骑手把汤洒了，客服说不能退款", "配送员态度很差"
    )
    waimai.ingest.ingest([tickets], "外卖 华东")

    first = client.get("/workspaces/外卖 华东/records")
    assert first.status_code == 200
    text = text_of(first.text)
    assert "“外卖 华东”的记录" in text and "第 1–50 条，共 202 条" in text
    assert "第 1 / 5 页" in text and "上一页" not in text
    assert records_of(first.text)[:2] == ["tickets.csv#row=1", "tickets.csv#row=2"]
    assert "骑手把汤洒了，客服说不能退款" in first.text
    assert 'href="/workspaces/%E5%A4%96%E5%8D%96%20%E5%8D%8E%E4%B8%9C/records?page=2"' in first.text

    last = client.get("/workspaces/外卖 华东/records", params={"page": "5"})
    assert "第 201–202 条，共 202 条" in text_of(last.text) and "下一页" not in last.text
    typed_wrong = client.get("/workspaces/外卖 华东/records", params={"page": "第二页"})
    assert typed_wrong.status_code == 200 and "第 1 / 5 页" in text_of(typed_wrong.text)

    one_file = client.get("/workspaces/外卖 华东/records", params={"source": "tickets.csv"})
    assert records_of(one_file.text) == ["tickets.csv#row=1", "tickets.csv#row=2"]
    assert '<option value="tickets.csv" selected>tickets.csv（2 条）</option>' in one_file.text

    late = client.get("/workspaces/外卖 华东/records", params={"q": "配送 慢"})
    assert records_of(late.text) == ["waimai_sample.csv#row=109"]
    assert "下雨天，<mark>配送</mark><mark>慢</mark>，可以理解" in late.text
    nothing = client.get("/workspaces/外卖 华东/records", params={"q": "银行贷款"})
    assert "没有符合筛选条件的记录。" in text_of(nothing.text) and not records_of(nothing.text)


def test_an_elements_references_list_their_records_and_say_which_are_gone(
    waimai: Services, client: TestClient, tmp_path: Path
) -> None:
    survey = write_reviews(tmp_path / "survey.csv", "等了一个小时")
    waimai.ingest.ingest([survey], "外卖 华东")
    workspace = waimai.db.workspaces.get_or_create("外卖 华东")
    source = next(s for s in waimai.db.sources.list(workspace.id) if s.filename == "survey.csv")
    delete_source(waimai.db, waimai.index, source.id)
    refs = ["waimai_sample.csv#row=3", "survey.csv#row=1", "waimai_sample.csv#row=1"]

    response = client.get("/workspaces/外卖 华东/records", params={"ref": refs})

    assert records_of(response.text) == ["waimai_sample.csv#row=3", "waimai_sample.csv#row=1"]
    text = text_of(response.text)
    assert "只显示一个元素引用的 3 条记录" in text
    assert "1 条引用不是这个工作区的记录" in text
    assert "survey.csv#row=1 找不到：这个文件已不在工作区（已删除或从未上传）" in text
    assert response.text.count('<input type="hidden" name="ref"') == 3  # kept while filtering

    only_list = client.get("/workspaces/外卖 华东/records", params={"ref": refs}, headers=HX)
    assert only_list.text.lstrip().startswith('<section id="records"')


def test_the_api_never_answers_with_another_workspaces_record(
    services: Services, client: TestClient, tmp_path: Path
) -> None:
    for name, review in [("north", "门店排队太久"), ("south", "南区的外卖包装破了")]:
        folder = tmp_path / name
        folder.mkdir()
        services.ingest.ingest([write_reviews(folder / "reviews.csv", review)], name)
    services.ingest.ingest(
        [write_reviews(tmp_path / "south" / "tickets.csv", "南区客服不回电")], "south"
    )

    north = client.get(
        "/api/workspaces/north/evidence",
        params={"ref": ["reviews.csv#row=1", "tickets.csv#row=1"]},
    ).json()
    assert [q["text"] for q in north["quotes"]] == ["门店排队太久"]
    assert [r["status"] for r in north["refs"]] == ["found", "source_missing"]
    assert north["count"] == 2 and north["missing"] == 1

    listed = client.get("/api/workspaces/north/records", params={"q": "南区"}).json()
    assert listed["total"] == 0 and listed["all_records"] == 1
    page = client.get("/workspaces/north/records", params={"ref": "tickets.csv#row=1"})
    assert "南区" not in page.text and "tickets.csv#row=1" in page.text

    south = client.get("/api/workspaces/south/records", params={"per_page": 1}).json()
    assert (south["total"], south["pages"], len(south["rows"])) == (2, 2, 1)
    assert south["rows"][0]["text"] == "南区的外卖包装破了"


def test_an_unknown_workspace_is_named_in_the_readers_language(client: TestClient) -> None:
    client.cookies.set("cxcoach_lang", "zh-Hant")
    page = client.get("/workspaces/不存在/records")
    assert page.status_code == 404 and "找不到工作區「不存在」" in text_of(page.text)
    api = client.get("/api/workspaces/不存在/records")
    assert api.status_code == 404 and api.json() == {"detail": "no workspace '不存在'"}


def test_the_knowledge_page_links_to_all_records_and_each_files(
    waimai: Services, client: TestClient
) -> None:
    html = client.get("/knowledge", params={"workspace": "外卖 华东"}).text
    base = "/workspaces/%E5%A4%96%E5%8D%96%20%E5%8D%8E%E4%B8%9C/records"
    assert f'<a class="btn small secondary" href="{base}">浏览全部 200 条记录</a>' in html
    assert f'href="{base}?source=waimai_sample.csv"' in html
    listed = client.get(base + "?source=waimai_sample.csv")
    assert "第 1–50 条，共 200 条" in text_of(listed.text)


@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_the_records_page_speaks_the_readers_language_around_the_customers_words(
    waimai: Services, client: TestClient, lang: str
) -> None:
    client.cookies.set("cxcoach_lang", lang)
    html = client.get(
        "/workspaces/外卖 华东/records",
        params={"q": "慢", "ref": ["waimai_sample.csv#row=41", "gone.csv#row=2"]},
    ).text
    words = {"zh-Hant": "第 1–1 筆，共 1 筆", "en": "1–1 of 1"}[lang]
    assert words in text_of(html)
    # The interface around the records: no Simplified character outside what customers wrote,
    # the workspace's name and the file names they chose (attributes read too: titles, labels).
    body = html[html.index("<body") :]
    body = re.sub(r'<p class="record-text">.*?</p>', "", body, flags=re.S)
    body = re.sub(r'(?:value|data-ref)="[^"]*"', "", body).replace("简体", "")
    body = body.replace("外卖 华东", "").replace("%E5%A4%96%E5%8D%96%20%E5%8D%8E%E4%B8%9C", "")
    visible = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)  # tags stay
    assert not [c for c in visible if is_simplified_only(c)], visible
    assert glossary_violations(text_of(visible)) == []  # the Taiwan wording: 紀錄, 檔案, 顧客
    if lang == "en":
        assert not re.search(r"[\u4e00-\u9fff]", text_of(visible).replace("繁體", ""))


def render_evidence(services: Services, lang: str, refs: list[str]) -> str:
    env = build_environment()
    evidence = services.evidence.evidence("外卖 华东", refs)
    return env.get_template("_evidence.html").render(evidence=evidence, t=Translator(lang))


def test_the_evidence_partial_shows_quotes_counts_links_and_what_is_missing(
    waimai: Services,
) -> None:
    result = waimai.analytics.analyze([SAMPLE_CSV], "外卖 华东")
    worst = max(result.touchpoints, key=lambda t: t.negative)
    refs = [*worst.negative_refs[:17], "waimai_old.csv#row=12"]

    html = render_evidence(waimai, "zh-Hans", refs)

    text = text_of(html)
    assert "顾客原话 18 条记录 其中 1 条找不到原文" in text
    evidence = waimai.evidence.evidence("外卖 华东", refs)
    assert len(evidence.quotes) == 3
    for quote in evidence.quotes:
        row = quote.locator.removeprefix("row ")
        assert f"<blockquote>{quote.text}</blockquote>" in html or quote.trimmed
        link = (
            "/workspaces/%E5%A4%96%E5%8D%96%20%E5%8D%8E%E4%B8%9C/records?ref=waimai_sample.csv"
            f"%23row%3D{row}"
        )
        assert f'<a href="{link}" title="查看这条记录">waimai_sample.csv · 第 {row} 行</a>' in html
    everything = re.search(r'<p class="evidence-links"><a [^>]*href="([^"]+)"', html)
    assert everything is not None and everything.group(1).count("ref=") == 18
    assert "&amp;ref=waimai_old.csv%23row%3D12" in everything.group(1)
    assert (
        '<li data-status="source_missing"><code>waimai_old.csv#row=12</code> <span '
        'class="evidence-status">找不到：这个文件已不在工作区（已删除或从未上传）</span></li>'
    ) in html

    hant = text_of(render_evidence(waimai, "zh-Hant", refs))
    assert "顧客原話 18 筆紀錄 其中 1 筆找不到原文" in hant
    assert evidence.quotes[0].text in hant  # the customer's words stay as written
    assert render_evidence(waimai, "en", refs).count("18 records") == 1
    env = build_environment()
    assert env.get_template("_evidence.html").render(evidence=None, t=Translator("en")) == ""


def test_a_record_with_markup_is_shown_as_text_even_where_it_matches(
    services: Services, client: TestClient, tmp_path: Path
) -> None:
    review = f"骑手说{XSS_SCRIPT}，然后{XSS_IMG}"
    services.ingest.ingest([write_reviews(tmp_path / "hostile.csv", review)], "acme")

    html = client.get("/workspaces/acme/records", params={"q": "script"}).text

    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert "骑手说&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    evidence = services.evidence.evidence("acme", ["hostile.csv#row=1"])
    rendered = (
        build_environment()
        .get_template("_evidence.html")
        .render(evidence=evidence, t=Translator("en"))
    )
    assert XSS_IMG not in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered

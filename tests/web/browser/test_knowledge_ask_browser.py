"""Frontline and data in the browser: upload a waimai sample (file picker and drag and drop),
see the per-file result and the source list, delete a source; ask a question and read the cited
card, also on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from ..conftest import SAMPLE_CSV
from .conftest import PHONE, LiveApp, shot

pytestmark = pytest.mark.browser

GUIDE = "# 配送规范\n\n骑手超时二十分钟以上，客服要主动致歉并补偿。\n"


def test_upload_files_see_results_and_delete_a_source(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url("/knowledge?workspace=waimai"))
    expect(page.get_by_role("heading", level=1)).to_have_text("公司数据")
    page.locator("#files").set_input_files(str(SAMPLE_CSV))
    expect(page.locator("#picked")).to_contain_text("waimai_sample.csv")
    page.get_by_role("button", name="上传到“waimai”").click()
    results = page.locator("#ingest-results")
    row = results.locator("tr", has_text="waimai_sample.csv")
    expect(row).to_contain_text("已导入", timeout=20_000)
    expect(row.locator("td.num")).to_have_text("200")
    expect(row).to_contain_text("文本 = review")
    sources = page.locator("#sources")
    expect(sources.locator("tr", has_text="waimai_sample.csv")).to_contain_text("200")
    shot(page, "10-knowledge-uploaded")

    # Drag and drop two files at once (a good one and an empty one) onto the drop area.
    transfer = page.evaluate_handle(
        """guide => {
          const data = new DataTransfer();
          data.items.add(new File([guide], '配送规范.md', {type: 'text/markdown'}));
          data.items.add(new File([''], 'empty.csv', {type: 'text/csv'}));
          return data;
        }""",
        GUIDE,
    )
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    expect(page.locator("#picked li")).to_have_count(2)
    page.get_by_role("button", name="上传到“waimai”").click()
    expect(results.locator("tr", has_text="配送规范.md")).to_contain_text("已导入", timeout=20_000)
    expect(results.locator("tr", has_text="empty.csv")).to_contain_text("失败")
    expect(sources.locator("tr", has_text="empty.csv")).to_contain_text("失败")
    expect(sources.locator("tbody tr")).to_have_count(3)

    sample = sources.locator("tr", has_text="waimai_sample.csv")
    sample.locator("details.menu > summary").click()
    sample.get_by_role("button", name="确认删除").click()
    expect(sources).to_contain_text("已删除“waimai_sample.csv”")
    expect(sources.locator("tbody tr")).to_have_count(2)
    shot(page, "11-knowledge-after-delete")


def test_ask_returns_a_cited_card(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url("/ask"))
    page.get_by_label("你遇到的情况").fill("顾客排队40分钟很生气，怎么办？")
    page.get_by_role("button", name="获取建议").click()
    card = page.locator("#card")
    expect(card).to_be_visible()
    for heading in ("现在就做", "可以这样说", "不要这样做", "关键时刻"):
        expect(card.get_by_role("heading", name=heading)).to_be_visible()
    citations = card.locator("sup a")
    expect(citations.first).to_be_visible()
    target = citations.first.get_attribute("href") or ""
    assert re.fullmatch(r"#source-\d+", target)
    expect(card.locator(target)).to_contain_text("knowledge/guides/")
    assert "q=" in page.url  # the answer has its own address (shareable, back button works)
    shot(page, "12-ask")


def test_ask_on_a_phone_is_large_and_readable(browser: Browser, live_app: LiveApp) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(live_app.url("/ask"))
    page.get_by_role("button", name="外卖送晚了，顾客打电话投诉饭菜凉了").click()
    expect(page.get_by_label("你遇到的情况")).to_have_value("外卖送晚了，顾客打电话投诉饭菜凉了")
    page.get_by_role("button", name="获取建议").click()
    card = page.locator("#card")
    expect(card.locator("li").first).to_be_visible()
    size = card.locator("li").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 17
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing overflows sideways
    card.scroll_into_view_if_needed()
    shot(page, "13-ask-phone", full=False)
    page.goto(live_app.url("/"))
    shot(page, "14-home-phone", full=False)
    context.close()


RULE = (
    "# 门店服务规范\n\n## 外卖超时\n\n外卖送餐超时超过30分钟的订单，店长须致电顾客致歉，"
    "并可赠送一张15元无门槛券。\n"
)


def test_on_a_phone_the_company_rule_comes_first_and_the_workspace_is_remembered(
    browser: Browser, live_app: LiveApp
) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(live_app.url("/knowledge?workspace=phone-shop"))
    transfer = page.evaluate_handle(
        """rule => {
          const data = new DataTransfer();
          data.items.add(new File([rule], '服务规范.md', {type: 'text/markdown'}));
          return data;
        }""",
        RULE,
    )
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    page.get_by_role("button", name="上传到“phone-shop”").click()
    expect(page.locator("#ingest-results")).to_contain_text("已导入", timeout=20_000)

    page.goto(live_app.url("/ask"))
    page.get_by_label("你遇到的情况").fill("外卖送晚了一个小时，顾客打电话来骂")
    page.locator("#ask-ws").select_option("phone-shop")
    page.get_by_role("button", name="获取建议").click()
    expect(page.locator("#card")).to_contain_text("15元无门槛券")

    # Next day: a new question, no workspace picked — the card still starts with the rule.
    page.goto(live_app.url("/ask"))
    expect(page.locator("#ask-ws")).to_have_value("phone-shop")
    page.get_by_label("你遇到的情况").fill("顾客说外卖超时了，饭都凉了")
    page.get_by_role("button", name="获取建议").click()
    card = page.locator("#card")
    rule = card.locator("[data-section=ask_company_rule]")
    expect(rule).to_contain_text("贵公司的规定（phone-shop）")
    expect(rule).to_contain_text("15元无门槛券")
    first = card.locator("section[data-section]").first
    expect(first).to_have_attribute("data-section", "ask_company_rule")
    rule.scroll_into_view_if_needed()
    expect(rule).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "13b-ask-phone-company-rule", full=False)
    context.close()

"""The records list in the browser: from the Knowledge page to a workspace's records, filtered as
one types (htmx swaps the list, the address follows), a page further, then in Traditional."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ..conftest import SAMPLE_CSV
from .conftest import PHONE, LiveApp, shot

pytestmark = pytest.mark.browser


def test_find_a_customers_words_in_the_records_list(page: Page, live_app: LiveApp) -> None:
    live_app.services.ingest.ingest([SAMPLE_CSV], "browser-records")
    page.goto(live_app.url("/knowledge?workspace=browser-records"))
    page.get_by_role("link", name="浏览全部 200 条记录").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("“browser-records”的记录")
    records = page.locator("#records")
    expect(records.locator(".records-count")).to_have_text("第 1–50 条，共 200 条")

    page.get_by_label("包含文字").fill("配送 慢")  # the list follows as one types
    expect(records.locator("li.record")).to_have_count(1)
    expect(records.locator("li.record mark").first).to_have_text("配送")
    expect(records.locator(".record-text")).to_contain_text("下雨天，配送慢，可以理解")
    # The address is the filtered list's: it can be bookmarked, sent, and goes back.
    expect(page).to_have_url(
        re.compile(r"/records\?source=&q=%E9%85%8D%E9%80%81(%20|\+)%E6%85%A2$")
    )
    shot(page, "40-records-filtered")

    page.get_by_role("link", name="清除筛选").click()
    page.get_by_role("link", name="下一页 →").click()
    expect(records.locator(".records-count")).to_have_text("第 51–100 条，共 200 条")
    expect(records.locator("li.record").first).to_have_attribute(
        "data-ref", "waimai_sample.csv#row=51"
    )

    page.get_by_role("button", name="繁體").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("「browser-records」的紀錄")
    expect(records.locator(".records-count")).to_have_text("第 51–100 筆，共 200 筆")
    page.set_viewport_size(PHONE)
    shot(page, "41-records-phone-zh-hant")

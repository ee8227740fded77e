"""Markup typed by a user (or written by a model) is shown literally on every page and never
runs: no dialog opens, and the text is visible as typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FilePayload, Page, expect

from ..conftest import XSS_IMG, XSS_SCRIPT
from .conftest import LiveApp, Watch, shot

pytestmark = pytest.mark.browser


def assert_literal(page: Page, *texts: str) -> None:
    for text in texts:  # waits for a page still loading (a click's navigation) to show it
        expect(page.locator("body")).to_contain_text(text)
    # Nothing the user typed became an element.
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:not([src])").count() == 0


def test_hostile_text_is_shown_escaped_everywhere(
    page: Page, live_app: LiveApp, watch: Watch
) -> None:
    page.goto(live_app.url("/"))
    page.get_by_label("工作区").fill(f"ws {XSS_IMG}")
    page.get_by_role("button", name="开始访谈").click()
    page.wait_for_url(re.compile(r"/sessions/[0-9a-f-]{36}$"))
    box = page.locator("#message")
    box.fill(f"我们是外卖平台 {XSS_SCRIPT}，想减少差评。范围从下单到评价。")
    box.press("Enter")
    expect(page.locator("#progress .count")).to_have_text("第 2/9 步")
    box.fill(f"上班族 {XSS_IMG}：午休点外卖")
    box.press("Enter")
    expect(page.locator("#progress .count")).to_have_text("第 3/9 步")
    page.get_by_role("button", name="全部采用").click()
    expect(page.locator("#progress .count")).to_have_text("第 4/9 步")
    assert_literal(page, XSS_SCRIPT, XSS_IMG)
    session_url = page.url

    # After a reload (rendered from the stored transcript) too.
    page.reload()
    assert_literal(page, XSS_SCRIPT, XSS_IMG)
    shot(page, "15-xss-interview", full=False)

    # The map: the goal as stored, then an inline edit with markup in it.
    page.locator("#map-panel").get_by_role("link", name="查看旅程图").click()
    assert_literal(page, XSS_SCRIPT)
    page.locator("a.stage-link").first.click()
    detail = page.locator("#detail")
    detail.get_by_role("link", name=re.compile("编辑")).click()
    detail.get_by_label("名称").fill(XSS_IMG)
    detail.get_by_role("button", name="保存为新版本").click()
    expect(detail).to_contain_text("已保存为第")
    assert_literal(page, XSS_IMG)
    page.reload()
    assert_literal(page, XSS_IMG, XSS_SCRIPT)
    shot(page, "16-xss-map")
    page.get_by_role("link", name="改进计划").first.click()
    assert_literal(page, XSS_IMG)  # the diff shows the new stage name

    page.goto(live_app.url("/sessions"))
    assert_literal(page, f"ws {XSS_IMG}")

    # A file whose name and records carry markup, then a question that finds those records.
    page.goto(live_app.url("/knowledge?workspace=hostile"))
    hostile_file: FilePayload = {
        "name": f"{XSS_IMG}.csv",
        "mimeType": "text/csv",
        "buffer": f"label,review\n0,{XSS_SCRIPT} 送餐太慢了，饭都凉了\n".encode(),
    }
    page.locator("#files").set_input_files(files=[hostile_file])
    page.get_by_role("button", name="上传到“hostile”").click()
    expect(page.locator("#ingest-results")).to_contain_text("已导入", timeout=20_000)
    assert_literal(page, f"{XSS_IMG}.csv")
    page.goto(live_app.url("/ask"))
    page.get_by_label("你遇到的情况").fill(f"送餐太慢饭都凉了，顾客投诉怎么办 {XSS_SCRIPT}")
    page.get_by_label("同时参考公司数据").select_option("hostile")
    page.get_by_role("button", name="获取建议").click()
    expect(page.locator("#card")).to_be_visible()
    assert_literal(page, XSS_SCRIPT)
    shot(page, "17-xss-ask")

    page.goto(session_url)
    assert_literal(page, XSS_SCRIPT)
    assert not watch.dialogs  # checked again by the fixture, for every page

"""A manager builds a journey map in the browser: typing answers, clicking suggestion chips,
back/skip/correct, watching the live map fill; then the map view (provenance, inline edit),
the plan view (matrix, history, diff) and an HTML export download."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PHONE, LiveApp, shot

pytestmark = pytest.mark.browser


def send(page: Page, text: str) -> None:
    """Type into the message box and press Enter, as a user does."""
    box = page.locator("#message")
    box.fill(text)
    box.press("Enter")


def step(page: Page, number: int) -> None:
    expect(page.locator("#progress .count")).to_have_text(f"第 {number}/9 步", timeout=15_000)


def accept_all(page: Page) -> None:
    before = page.locator("#transcript article").count()
    page.get_by_role("button", name="全部采用").click()
    expect(page.locator("#transcript article")).not_to_have_count(before, timeout=15_000)


def test_interview_builds_the_map_then_map_plan_and_export(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url("/"))
    expect(page.get_by_role("heading", name="绘制客户旅程图")).to_be_visible()
    shot(page, "01-home")
    page.get_by_label("工作区").fill("外卖事业部")
    page.get_by_role("button", name="开始访谈").click()
    page.wait_for_url(re.compile(r"/sessions/[0-9a-f-]{36}$"))
    step(page, 1)
    expect(page.locator("#transcript")).to_contain_text("这张客户旅程图要解决什么问题")
    expect(page.locator("#map-panel")).to_contain_text("随着你的回答")

    send(page, "我们是外卖平台，想把差评率从8%降到5%，尤其是配送慢和餐品洒漏。范围从下单到评价。")
    step(page, 2)
    expect(page.locator("#map-panel")).to_contain_text("把差评率从8%降到5%")
    expect(page.locator("#message")).to_be_focused()  # cleared and ready for the next answer
    send(page, "上班族：午休点外卖，时间紧")
    step(page, 3)

    # Suggestion chips: two ticked together and sent with one press, then the rest at once.
    chips = page.locator("#chips label.chip-pick")
    expect(chips.first).to_contain_text("浏览选餐")
    chips.nth(0).click()
    chips.nth(2).click()
    expect(chips.nth(0).locator("input")).to_be_checked()
    page.get_by_role("button", name="采用勾选的建议").click()
    expect(page.locator("#map-panel .panel-stage h3").first).to_have_text("1. 浏览选餐")
    expect(page.locator("#map-panel .panel-stage")).to_have_count(2)
    accept_all(page)
    step(page, 4)
    expect(page.locator("#map-panel .panel-stage")).to_have_count(6)

    # Back and skip.
    page.get_by_role("button", name="← 上一步").click()
    step(page, 3)
    page.get_by_role("button", name="跳过 →").click()
    step(page, 4)

    # Correct: an example goes into the message box, the user completes it.
    page.locator("details.correct > summary").click()
    page.get_by_role("button", name=re.compile("改名")).click()
    expect(page.locator("#message")).to_have_value("把第2个阶段改成")
    page.locator("#message").press("End")
    page.locator("#message").type("在线下单")
    page.locator("#message").press("Enter")
    expect(page.locator("#map-panel .panel-stage h3").nth(1)).to_have_text("2. 在线下单")

    while page.get_by_role("button", name="全部采用").count():
        accept_all(page)  # the touchpoints of each stage
    # Then the optional blueprint question: the front- and backstage of one touchpoint.
    expect(page.locator("#transcript")).to_contain_text("服务蓝图")
    send(page, "骑手配送：前台 骑手送餐上门；后台 调度系统派单")
    step(page, 5)
    expect(page.locator("#transcript")).to_contain_text("后台：调度系统派单")
    shot(page, "02-interview-touchpoints", full=False)
    send(page, "1：-1 犹豫\n骑手配送：-2 生气 “又晚了40分钟”\n其余：0")
    step(page, 6)
    expect(page.locator("#map-panel svg.chart")).to_be_visible()  # the emotion curve appears
    accept_all(page)  # pain points
    accept_all(page)  # moments of truth
    step(page, 7)
    accept_all(page)  # opportunities
    step(page, 8)
    send(page, "好")  # confirm the plan
    step(page, 9)
    send(page, "完成")
    expect(page.locator("#progress")).to_contain_text("已完成")
    expect(page.locator("#progress .pct")).to_have_text("100%")

    panel = page.locator("#map-panel")
    for text in ("浏览选餐", "在线下单", "骑手配送", "★", "配送超时"):
        expect(panel).to_contain_text(text)
    expect(panel.locator(".counts b").last).not_to_have_text("0")  # actions planned
    shot(page, "03-interview-finished", full=False)

    # The HTML export downloads as a file.
    panel.locator("details.menu > summary").click()
    with page.expect_download() as download_info:
        panel.get_by_role("menuitem", name="HTML 报告（可打印）").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".html")
    report = download.path().read_text(encoding="utf-8")
    assert "外卖" in report and "<svg" in report and "http" not in report.split("<body", 1)[1][:200]

    # Map view: click an element, see where it came from, edit it inline (a new version).
    panel.get_by_role("link", name="查看旅程图").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("外卖")
    expect(page.locator("tr.visibility")).to_contain_text("可视线")
    page.locator("a.el.tp", has_text="骑手配送").first.click()
    detail = page.locator("#detail")
    expect(detail).to_contain_text("助手建议")
    expect(detail).to_contain_text("餐饮行业手册")
    shot(page, "04-map-detail")
    detail.get_by_role("link", name=re.compile("编辑")).click()
    detail.get_by_label("名称").fill("骑手送餐上门")
    detail.get_by_role("button", name="保存为新版本").click()
    expect(detail).to_contain_text("已保存为第")
    expect(page.locator("#grid")).to_contain_text("骑手送餐上门")
    expect(detail).to_contain_text("团队提供")

    # Plan view: the impact/effort matrix, the actions, the history and the diff of the edit.
    page.get_by_role("link", name="改进计划").first.click()
    expect(page.locator("svg.matrix")).to_be_visible()
    expect(page.locator("table.actions-table tbody tr")).not_to_have_count(0)
    expect(page.locator("#history")).to_contain_text("手动编辑")
    expect(page.locator("#diff")).to_contain_text("骑手送餐上门")
    page.get_by_label("从").select_option("1")
    page.get_by_role("button", name="比较").click()
    expect(page.locator("#diff")).to_contain_text("第 1 版 → ")
    shot(page, "05-plan")

    # Sessions: the interview is listed and can be resumed.
    page.get_by_role("link", name="我的访谈").first.click()
    expect(page.locator("#session-list")).to_contain_text("外卖事业部")
    shot(page, "06-sessions")


def test_language_switch_changes_the_whole_interface(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url("/"))
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Build a journey map")).to_be_visible()
    expect(page.get_by_role("navigation")).to_contain_text("Knowledge")
    page.get_by_role("button", name="Start the interview").click()
    expect(page.locator("#progress .count")).to_have_text("Step 1 of 9")
    expect(page.locator("#transcript")).to_contain_text("What problem")  # the interview too
    shot(page, "07-interview-en", full=False)
    page.get_by_role("button", name="繁體").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator("#progress .count")).to_have_text("第 1/9 步")
    expect(page.get_by_role("navigation")).to_contain_text("公司資料")
    page.goto(live_app.url("/knowledge"))
    expect(page.get_by_role("heading", level=1)).to_have_text("公司資料")
    shot(page, "08-knowledge-zh-Hant")
    page.get_by_role("button", name="简体").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("公司数据")


def test_reply_streams_when_a_model_is_configured(page: Page, llm_app: LiveApp) -> None:
    page.goto(llm_app.url("/"))
    page.get_by_role("button", name="开始访谈").click()
    step(page, 1)
    # Count the pieces of text the stream inserts before the reply is laid out.
    page.evaluate(
        """() => {
          window.__pieces = 0;
          new MutationObserver(records => {
            for (const r of records) if (r.target.closest && r.target.closest('.streaming .text')) window.__pieces += r.addedNodes.length;
          }).observe(document.getElementById('transcript'), {childList: true, subtree: true});
        }"""
    )
    send(page, "我们是外卖平台，想把差评率从8%降到5%，范围从下单到评价。")
    step(page, 2)
    expect(page.locator("#transcript .streaming")).to_have_count(0)  # replaced by the reply
    expect(page.locator("#transcript .reply").last).to_contain_text("这张图为谁而画")
    assert page.evaluate("window.__pieces") > 3
    expect(page.locator("#map-panel")).to_contain_text("把差评率从8%降到5%")
    # The fake script has one answer: the next turn falls back to the guided engine, and says so.
    send(page, "上班族：午休点外卖")
    step(page, 3)
    expect(page.locator("#transcript .notice").last).to_be_visible()
    shot(page, "09-interview-streamed", full=False)


def test_interview_on_a_phone_keeps_the_step_in_view(browser: Browser, live_app: LiveApp) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(live_app.url("/"))
    page.get_by_role("button", name="开始访谈").click()
    step(page, 1)
    send(page, "我们是外卖平台，想减少差评，尤其是配送慢。范围从下单到评价。")
    step(page, 2)
    send(page, "上班族：午休点外卖")
    step(page, 3)
    accept_all(page)
    step(page, 4)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#map-panel").scroll_into_view_if_needed()
    expect(page.locator("#progress")).to_be_in_viewport()  # sticky: the step stays on screen
    expect(page.locator("#map-panel .panel-stage").first).to_be_visible()
    shot(page, "18-interview-phone", full=False)
    context.close()

"""Guard rails and sessions in Chromium: "Finish now" asks first and says what the map still
lacks (with htmx, and without JavaScript), finishing adds no words to the transcript; a copy is
confirmed on the session list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, LiveApp, shot
from .test_interview_browser import send, step

pytestmark = pytest.mark.browser

GOAL = "我们是外卖平台，想把差评率从8%降到5%，尤其是配送慢和餐品洒漏。范围从下单到评价。"
EMPTY = "还没有阶段、触点、情绪和痛点：现在结束，旅程图会是空的。"


def start(page: Page, live_app: LiveApp, workspace: str) -> None:
    page.goto(live_app.url("/"))
    page.get_by_label("工作区").fill(workspace)
    page.get_by_role("button", name="开始访谈").click()
    page.wait_for_url(re.compile(r"/sessions/[0-9a-f-]{36}$"))


def test_finish_now_asks_first_and_says_what_is_missing(page: Page, live_app: LiveApp) -> None:
    start(page, live_app, "护栏测试")
    send(page, GOAL)
    step(page, 2)
    send(page, "上班族：午休点外卖，时间紧")
    step(page, 3)
    users = page.locator("#transcript .msg.user")
    expect(users).to_have_count(2)

    finish = page.locator("#finish-now details.finish")
    confirm = finish.locator(".finish-confirm")
    expect(confirm).to_be_hidden()
    finish.locator("summary").click()
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("现在结束访谈？")
    expect(confirm.locator(".finish-message")).to_have_text(EMPTY)
    expect(confirm.locator(".finish-message")).to_be_in_viewport()
    shot(page, "10-finish-confirm", full=False)

    # "Keep going" closes the question: nothing finished, nothing said.
    confirm.get_by_role("link", name="继续访谈").click()
    expect(confirm).to_be_hidden()
    expect(page.locator("#progress .count")).to_have_text("第 3/9 步")

    # After a turn the question is current again: stages are no longer missing.
    page.get_by_role("button", name="全部采用").click()
    step(page, 4)
    finish = page.locator("#finish-now details.finish")
    finish.locator("summary").click()
    message = finish.locator(".finish-message")
    expect(message).to_have_text("还没有触点、情绪和痛点：现在结束，旅程图会是空的。")
    expect(users).to_have_count(3)  # the button stands for the user: "✓ 全部采用"

    finish.get_by_role("button", name="确认结束").click()
    expect(page.locator("#progress")).to_contain_text("已完成")
    expect(page.locator("#progress .pct")).to_have_text("100%")
    # No "完成" or "继续" in the user's name: only what was typed, and the chips' label.
    said = page.locator("#transcript .msg.user .bubble").all_inner_texts()
    assert (
        said[:2] == [GOAL, "上班族：午休点外卖，时间紧"] and "完成" not in said and len(said) == 3
    )
    expect(page.locator("#finish-now details")).to_have_count(0)
    shot(page, "11-finished-after-confirm", full=False)


def test_finish_now_without_javascript(browser: Browser, live_app: LiveApp) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        start(page, live_app, "无脚本")
        page.locator("#message").fill(GOAL)
        page.get_by_role("button", name="发送").click()
        expect(page.locator("#progress .count")).to_have_text("第 2/9 步")
        # The <details> step opens without a script; its form posts the confirmation.
        page.locator("#finish-now summary").click()
        message = page.locator("#finish-now .finish-message")
        expect(message).to_have_text(
            "还没有客户角色、阶段、触点、情绪和痛点：现在结束，旅程图会是空的。"
        )
        session_url = page.url
        # The confirmation page says the same (where a post without confirmation lands).
        page.goto(session_url + "/finish")
        expect(page.get_by_role("heading", level=1)).to_have_text("现在结束访谈？")
        expect(page.locator(".finish-message")).to_contain_text("还没有客户角色")
        shot(page, "12-finish-confirm-page")
        page.get_by_role("link", name="继续访谈").click()
        expect(page).to_have_url(session_url)
        page.locator("#finish-now summary").click()
        page.locator("#finish-now").get_by_role("button", name="确认结束").click()
        expect(page).to_have_url(session_url)
        expect(page.locator("#progress")).to_contain_text("已完成")
        expect(page.locator("#transcript .msg.user")).to_have_count(1)
    finally:
        context.close()


def test_a_copy_is_confirmed_and_titled_copy(page: Page, live_app: LiveApp) -> None:
    start(page, live_app, "复制测试")
    send(page, "我们是连锁酒店，想把入住办理时间从15分钟降到5分钟")
    step(page, 2)
    page.get_by_role("link", name="我的访谈").first.click()
    entry = page.locator(
        "article.session", has_text="我们是连锁酒店，想把入住办理时间从15分钟降到5分钟"
    )
    expect(entry).to_have_count(1)
    entry.get_by_role("button", name="复制一份").click()
    status = page.locator("#session-list .session-status")
    expect(status).to_have_text(
        "已复制为“我们是连锁酒店，想把入住办理时间从15分钟降到5分钟（副本）”，副本从原访谈停下的地方继续。"
    )
    expect(
        page.locator("article.session h2", has_text="入住办理时间从15分钟降到5分钟（副本）")
    ).to_have_count(1)
    shot(page, "13-sessions-copied", full=False)

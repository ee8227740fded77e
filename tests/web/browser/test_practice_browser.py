"""The practice tutor in Chromium: a trainer sets up a course; a trainee on a phone (zh-Hant)
role-plays an assigned scenario to its scorecard, takes a quiz question and reads their progress;
an English trainee maps a written case in the interview and compares it with the reference."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PHONE, LiveApp, shot

pytestmark = pytest.mark.browser

SCENARIO = "callback-broken-bank"
HANT_REPLIES = [
    "彭小姐，說好兩天回電結果讓您白等了一個多禮拜，換誰都會失望，是我們沒做到，真的很抱歉。",
    "我現在就幫您查工單、推進處理，今天下午四點前我親自回電給您，我叫小李。這樣可以嗎？",
    "那就這樣說定了，四點前我打給您，有事也可以直接找我小李。",
]


def sign_in(page: Page, live_app: LiveApp, name: str, workspace: str) -> None:
    page.goto(live_app.url("/practice"))
    page.locator("#trainee-name").fill(name)
    page.locator("#trainee-ws").fill(workspace)
    page.locator("form[action='/practice/trainee'] button[type=submit]").click()
    expect(page.locator(f"[data-trainee='{name}']")).to_be_visible()


def test_a_trainer_sets_up_a_course_and_a_trainee_practises_it_on_a_phone(
    browser: Browser, live_app: LiveApp
) -> None:
    desk = browser.new_context(viewport={"width": 1440, "height": 900})
    trainer = desk.new_page()
    sign_in(trainer, live_app, "陈老师", "academy")
    trainer.get_by_role("link", name="培训师：课程").click()
    trainer.locator("#course-name").fill("柜面服务一班")
    trainer.locator("#roster").fill("林小美\n王大明")
    # The 44 scenarios come folded by industry: the trainer opens banking to pick one.
    expect(trainer.locator("details.pick-group")).to_have_count(8)
    banking = trainer.locator("details.pick-group[data-industry=banking]")
    banking.locator("summary").click()
    banking.locator(f"input[name=scenario][value='{SCENARIO}']").check()
    trainer.locator("input[name=topic][value='kano']").check()
    trainer.get_by_role("button", name="保存课程").click()
    expect(trainer.locator("h1")).to_have_text("柜面服务一班")
    expect(trainer.locator("table.roster tbody tr")).to_have_count(2)
    course_url = trainer.url
    shot(trainer, "40-practice-course-new")

    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = phone.new_page()
    page.goto(live_app.url("/"))
    page.locator("form.lang-switch button[lang='zh-Hant']").click()
    sign_in(page, live_app, "林小美", "academy")
    assigned = page.locator(f"li[data-scenario='{SCENARIO}']")
    expect(assigned).to_contain_text("課程指定")
    assigned.get_by_role("button").click()
    expect(page.locator("article.customer").first).to_be_visible()
    expect(page.locator(".brief")).to_contain_text("你不能承諾的")
    for text in HANT_REPLIES:
        if page.locator("#scorecard").count():
            break
        before = page.locator("article.customer").count()
        page.locator("#reply").fill(text)
        page.get_by_role("button", name="送出").click()
        expect(page.locator("article.customer")).to_have_count(before + 1)
    scorecard = page.locator("#scorecard")
    expect(scorecard).to_be_visible()
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "calmed")
    expect(scorecard).to_contain_text("這個情境的關鍵時刻")
    total = int(scorecard.locator(".total").get_attribute("data-total") or "0")
    assert total >= 70
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # the scorecard table folds on a phone, nothing overflows
    shot(page, "41-practice-scorecard-phone")

    page.goto(live_app.url("/practice/quiz?topic=kano"))
    question = page.locator("pre.question")
    expect(question).to_be_visible()
    page.get_by_role("button", name="檢查").click()  # nothing typed: asked again, not graded
    expect(page.locator("#quiz")).to_contain_text("先寫一個答案")
    page.locator("#answer").fill("B")
    page.get_by_role("button", name="檢查").click()
    expect(page.locator("[data-correct]")).to_be_visible()
    expect(page.locator("#quiz")).to_contain_text("正確答案")

    page.goto(live_app.url("/practice/progress"))
    expect(page.locator("h1")).to_contain_text("林小美")
    expect(page.locator("table.skills tbody tr")).to_have_count(7)
    shot(page, "42-practice-progress-phone")

    trainer.goto(course_url)
    row = trainer.locator("tr[data-trainee='林小美']")
    expect(row).to_contain_text("1/1")
    with trainer.expect_download() as download:
        trainer.get_by_role("link", name="导出 CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    desk.close()
    phone.close()


def test_an_english_trainee_maps_a_case_and_compares_it(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url("/"))
    page.locator("form.lang-switch button[lang='en']").click()
    sign_in(page, live_app, "Amy", "academy-en")
    page.locator("#case").select_option("bank-branch")
    page.get_by_role("button", name="Start mapping").click()
    expect(page.locator(".case-body")).to_be_visible()
    exercise = page.url
    page.get_by_role("button", name="Compare with the reference").click()
    expect(page.locator("body")).to_contain_text("no map yet")
    page.goto(exercise)
    href = page.get_by_role("link", name="Open the interview").get_attribute("href") or ""
    assert re.fullmatch(r"/sessions/[0-9a-f-]{36}", href)
    page.goto(live_app.url(href))
    for text in (
        "Cut the average wait to open an account at our branches from 40 to 20 minutes.",
        "Office workers who come in at lunchtime",
        "Booking an appointment, taking a ticket, waiting, at the counter, leaving the branch",
    ):
        before = page.locator("#transcript article").count()
        box = page.locator("#message")
        box.fill(text)
        box.press("Enter")
        expect(page.locator("#transcript article")).not_to_have_count(before, timeout=15_000)
        expect(page.locator("#message")).to_be_enabled(timeout=15_000)
    page.goto(exercise)
    page.get_by_role("button", name="Compare with the reference").click()
    report = page.locator("#report")
    expect(report).to_be_visible()
    expect(report.locator("[data-kind='stages'] [data-found]").first).to_be_visible()
    expect(report.locator("[data-kind='pain_points'] [data-missed]").first).to_be_visible()
    shot(page, "43-practice-mapping-report")

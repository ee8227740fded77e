"""A Taiwanese manager in Chromium: the interface switched to 繁體, a feedback file analysed, a map
written in Simplified opened with its plan. What the browser renders (text and tooltips) is in
Traditional script and in the Taiwan glossary's words; screenshots in artifacts/web/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assistant.examples import load_example
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary_violations

from ..conftest import SAMPLE_CSV
from .conftest import LiveApp, shot

pytestmark = pytest.mark.browser

WORKSPACE = "browser-hant"


def rendered(page: Page) -> str:
    """The page's rendered text and tooltips, without the language switcher's own names."""
    return str(
        page.evaluate(
            """() => {
                const body = document.body.cloneNode(true);
                body.querySelectorAll('[lang="zh-Hans"], script, style, textarea')
                    .forEach((e) => e.remove());
                const tips = [...body.querySelectorAll('[title]')].map((e) => e.title);
                return body.innerText + ' ' + tips.join(' ');
            }"""
        )
    )


def assert_taiwan_traditional(page: Page) -> None:
    text = re.sub(r"\S*…", " ", rendered(page))  # the curve's shortened labels (客戶經…)
    assert not simplified_only_chars(text), simplified_only_chars(text)
    assert not glossary_violations(text), glossary_violations(text)


def test_a_zh_hant_manager_reads_traditional_in_taiwan_words(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url(f"/knowledge?workspace={WORKSPACE}"))
    page.get_by_role("button", name="繁體").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    page.locator("#analyze-files").set_input_files(str(SAMPLE_CSV))
    page.get_by_role("button", name=f"分析並儲存到「{WORKSPACE}」").click()
    analysis = page.locator("#analysis")
    expect(analysis.locator(".analysis-summary")).to_contain_text("200 筆紀錄", timeout=30_000)
    expect(analysis).to_contain_text("負面占比")
    assert_taiwan_traditional(page)
    shot(page, "90-zh-hant-analytics")

    workspace = live_app.services.db.workspaces.get_or_create(WORKSPACE)
    stored = live_app.services.db.maps.create(workspace.id, load_example("bank-loan.zh-Hans"))
    page.goto(live_app.url(f"/maps/{stored.id}"))
    expect(page.locator("h1")).to_contain_text("青禾銀行「禾悅貸」個人消費貸款顧客旅程圖")
    assert_taiwan_traditional(page)
    shot(page, "91-zh-hant-map")

    page.goto(live_app.url(f"/maps/{stored.id}/plan"))
    expect(page.locator("body")).to_contain_text("改善計畫")
    assert_taiwan_traditional(page)
    shot(page, "92-zh-hant-plan")

    # The report downloaded from the page is in Traditional too.
    page.locator("details.menu summary").first.click()
    with page.expect_download() as download:
        page.locator('a[data-format="md"]').first.click()
    report = download.value.path().read_text(encoding="utf-8")
    assert "改善計畫" in report and not simplified_only_chars(report)
    assert not glossary_violations(report)

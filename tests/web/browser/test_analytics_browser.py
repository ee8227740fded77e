"""Feedback analytics in the browser: pick a waimai sample and a bad file on the Knowledge page,
follow the progress, read the chart, the touchpoint table and the themes; name a column that
does not exist and be told; switch to English and read the same analysis."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..conftest import SAMPLE_CSV
from .conftest import LiveApp, shot

pytestmark = pytest.mark.browser


def test_analyse_a_feedback_file_and_read_the_results(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url("/knowledge?workspace=browser-analytics"))
    analysis = page.locator("#analysis")
    expect(analysis).to_contain_text("还没有分析结果")
    page.locator("#analyze-files").set_input_files(
        [
            {"name": SAMPLE_CSV.name, "mimeType": "text/csv", "buffer": SAMPLE_CSV.read_bytes()},
            {"name": "empty.csv", "mimeType": "text/csv", "buffer": b""},
        ]
    )
    expect(page.locator("#analyze-form ul.picked li")).to_have_count(2)
    page.get_by_role("button", name="分析并保存到“browser-analytics”").click()

    head = analysis.locator(".analysis-summary")
    expect(head).to_contain_text("分析了 2 个文件中的 200 条记录", timeout=30_000)
    expect(analysis.locator(".analysis-file[data-file='empty.csv']")).to_contain_text("文件是空的")
    expect(analysis.locator(".analysis-file[data-file='waimai_sample.csv']")).to_contain_text(
        "文本 = review"
    )
    chart = analysis.locator("svg.touchpoint-bars")
    expect(chart).to_be_visible()
    bars = chart.locator("g.touchpoint")
    stored = live_app.services.analytics.latest("browser-analytics")
    assert stored is not None
    expect(bars).to_have_count(len(stored.touchpoints))
    late = stored.touchpoint_named("送达时间")
    assert late is not None and late.negative_share is not None
    row = analysis.locator("tr[data-touchpoint='送达时间']")
    expect(row.locator("td.negative")).to_have_text(f"{late.negative_share * 100:.1f}%")
    expect(analysis.locator("ol.themes li.theme").first).to_contain_text("waimai_sample.csv#row=")
    shot(page, "20-analytics")

    # A column that does not exist: the reason is shown and the analysis above is kept.
    page.locator("#analyze-files").set_input_files(str(SAMPLE_CSV))
    page.locator("details.columns-override > summary").click()
    page.get_by_label("文本", exact=True).fill("评论内容")
    page.get_by_role("button", name="分析并保存到“browser-analytics”").click()
    expect(analysis.locator(".alert.warn")).to_contain_text(
        "之前保存的分析保持不变", timeout=30_000
    )
    expect(analysis).to_contain_text("找不到指定为“文本”的列“评论内容”")
    expect(head).to_contain_text("200 条记录")

    # The same analysis in English.
    page.get_by_role("button", name="EN").click()
    expect(page.locator("#analysis .analysis-summary")).to_contain_text(
        "200 records analysed from 2 file(s)"
    )
    expect(page.locator("#analysis")).to_contain_text("Negative share overall")
    shot(page, "21-analytics-en")

"""The touchpoint chart (SVG) and the analytics section of the HTML export."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from assistant.analytics.report import in_script, section_of
from assistant.examples import load_example
from assistant.exports import (
    AnalyticsSection,
    ThemeItem,
    TouchpointBar,
    export_diagnosis,
    touchpoint_chart_svg,
)
from assistant.exports.analytics_chart import BAR_BOTTOM, BAR_HEIGHT
from assistant.i18n.labels import labels_for
from tests.analytics.conftest import Analyze
from tests.analytics.test_metrics import NPS_FILE

SVG = "{http://www.w3.org/2000/svg}"
BARS = [
    TouchpointBar("送达时间", "配送上菜", 400, 0.62),
    TouchpointBar("打包封口", "商家备餐", 100, 0.5),
    TouchpointBar("口味温度分量", "收餐用餐", 200, 0.25),
    TouchpointBar("店内菜单", "浏览选餐", 0, None),
]


def rects(svg: str, kind: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [r for r in root.iter(f"{SVG}rect") if kind in (r.get("class") or "").split()]


def test_one_bar_pair_per_touchpoint_with_proportional_heights() -> None:
    svg = touchpoint_chart_svg(BARS, labels_for("zh-Hans"), standalone=True)
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "touchpoint"]
    assert [g.get("data-touchpoint") for g in groups] == [b.name for b in BARS]
    volumes = rects(svg, "volume")
    negatives = rects(svg, "negative")
    assert len(volumes) == len(negatives) == 4
    heights = [float(r.get("height", "")) for r in volumes]
    assert heights == [BAR_HEIGHT, BAR_HEIGHT / 4, BAR_HEIGHT / 2, 0.0]  # 400 : 100 : 200 : 0
    shares = [float(r.get("height", "")) for r in negatives]
    assert shares == pytest.approx([0.62 * BAR_HEIGHT, 0.5 * BAR_HEIGHT, 0.25 * BAR_HEIGHT, 0.0])
    for rect in volumes + negatives:  # bars stand on the axis
        assert float(rect.get("y", "")) + float(rect.get("height", "")) == pytest.approx(BAR_BOTTOM)
    assert [r.get("data-value") for r in volumes] == ["400", "100", "200", "0"]
    assert [r.get("data-value") for r in negatives] == ["0.6200", "0.5000", "0.2500", ""]
    # A share over a handful of records is drawn faint.
    assert [r.get("fill-opacity") for r in negatives] == [None, None, None, "0.35"]
    assert root.find(f"{SVG}title").text == "各触点的记录数与负面占比"  # type: ignore[union-attr]


def test_the_chart_is_deterministic_escaped_and_self_contained() -> None:
    hostile = [TouchpointBar('<script>alert("x")</script> & co', "s", 5, 0.2)]
    svg = touchpoint_chart_svg(hostile, labels_for("en"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; co" in svg
    assert svg == touchpoint_chart_svg(hostile, labels_for("en"))
    assert not re.search(r"(href|src)=|url\(|https?://(?!www\.w3\.org)", svg)
    assert "None recorded" in touchpoint_chart_svg([], labels_for("en"))


def test_the_html_export_gets_an_analytics_section(analyze: Analyze) -> None:
    result = analyze(NPS_FILE)
    section = section_of(result)
    assert section.records == 10 and section.negative_share == 0.4 and section.unassigned == 2
    assert [b.name for b in section.bars][:3] == ["外卖App菜单", "店内菜单", "排队等位"]
    diagnosis = load_example("bank-loan.zh-Hans")
    html = export_diagnosis(diagnosis, "html", analytics=section).content.decode()
    assert '<section id="analytics">' in html and "客户反馈数据分析" in html
    assert html.count('class="bar volume"') == len(result.touchpoints)
    assert "已分析记录：<b>10</b>" in html and "负面占比：<b>40.0%</b>" in html
    plain = export_diagnosis(diagnosis, "html").content.decode()
    assert '<section id="analytics">' not in plain


def test_the_analysis_follows_the_reports_script(analyze: Analyze) -> None:
    """A zh-Hant report (or page) shows the zh-Hans analysis in Traditional script; record
    references and file names stay as they are; English keeps the analysis as written."""
    result = analyze(NPS_FILE)
    hant = in_script(result, "zh-Hant")
    assert [t.name for t in hant.touchpoints][:3] == ["外賣App菜單", "店內菜單", "排隊等位"]
    assert hant.files == result.files and hant.workspace_id == result.workspace_id
    quotes = [q for t in hant.touchpoints for q in t.negative_quotes]
    assert quotes and all(q.ref.startswith(result.files[0].name + "#") for q in quotes)
    assert in_script(result, "en") is result
    diagnosis = load_example("bank-loan.zh-Hans")
    report = export_diagnosis(diagnosis, "html", "zh-Hant", analytics=section_of(result))
    html = report.content.decode()
    assert "排隊等位" in html and "排队等位" not in html


def test_theme_quotes_are_escaped_in_the_html() -> None:
    section = AnalyticsSection(
        bars=BARS,
        records=700,
        negative_share=0.5,
        unassigned=3,
        source="餐饮行业手册",
        themes=[ThemeItem("送餐慢、超时", 120, True, ["<b>太慢</b>", "等了两小时", "超时"])],
    )
    html = export_diagnosis(load_example("bank-loan.zh-Hans"), "html", "en", section).content
    text = html.decode()
    assert "&lt;b&gt;太慢&lt;/b&gt;" in text and "<b>太慢</b>" not in text
    assert "Top pain themes" in text and "≈" in text

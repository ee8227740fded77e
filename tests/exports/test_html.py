from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from importlib.resources import files

from assistant.domain import Diagnosis
from assistant.exports import export_diagnosis
from tests.exports.helpers import all_names

SCRIPT = "<script>alert(1)</script>"


def page(d: Diagnosis, lang: str | None = None) -> str:
    return export_diagnosis(d, "html", lang).content.decode("utf-8")  # type: ignore[arg-type]


class _Collector(HTMLParser):
    """Tags and text of the page, with html.parser's own entity decoding."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_contains_every_stage_touchpoint_pain_point_and_action(any_diagnosis: Diagnosis) -> None:
    text = "".join(parse(page(any_diagnosis)).text)
    for name in all_names(any_diagnosis):
        assert name in text, name


def test_no_external_references_and_no_scripts(any_diagnosis: Diagnosis) -> None:
    html = page(any_diagnosis)
    assert "http://" not in html and "https://" not in html
    assert "src=" not in html
    assert "<script" not in html.lower()
    assert "@import" not in html and "url(" not in html and "@font-face" not in html
    for tag, attrs in parse(html).tags:
        assert tag not in {"script", "link", "img", "iframe", "object", "embed"}
        href = attrs.get("href")
        assert href is None or href.startswith("#"), (tag, href)


def test_user_text_is_escaped(
    diagnosis: Diagnosis, with_script: Callable[[Diagnosis], Diagnosis]
) -> None:
    html = page(with_script(diagnosis))
    assert SCRIPT not in html
    assert "<script" not in html
    escaped = html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    # grid card + emotion lane + curve label and tooltip, quote in the emotion lane ...
    assert escaped >= 4
    assert SCRIPT in "".join(parse(html).text)  # shown to the reader as typed


def test_template_is_package_data_with_autoescape() -> None:
    template = files("assistant.exports").joinpath("templates/report.html.j2")
    source = template.read_text(encoding="utf-8")
    assert "|safe" not in source.replace(" ", "")
    assert "autoescape false" not in source


def test_grid_has_stage_columns_and_blueprint_lanes(diagnosis: Diagnosis) -> None:
    html = page(diagnosis)
    grid = html.split('<table class="grid">')[1].split("</table>")[0]
    header = grid.split("</thead>")[0]
    positions = [header.index(s.name) for s in diagnosis.map.stages]
    assert positions == sorted(positions)
    lanes = re.findall(r'<tr class="(lane lane-[a-z]+|visibility|internal)">', grid)
    assert lanes == [
        "lane lane-actions",
        "lane lane-touchpoints",
        "lane lane-front",
        "visibility",
        "lane lane-back",
        "internal",
        "lane lane-support",
        "lane lane-emotion",
        "lane lane-pain",
        "lane lane-opportunities",
        "lane lane-mot",
    ]
    assert "可视线" in grid and "内部互动线" in grid
    assert '<span class="mot-badge">★ 关键时刻</span>' in grid
    assert grid.count('class="tp-card') == 6


def test_support_lane_shows_the_support_processes_in_each_language(
    diagnosis: Diagnosis, diagnosis_hant: Diagnosis, diagnosis_en: Diagnosis
) -> None:
    for d, label, line, text in (
        (diagnosis, "支持流程", "内部互动线", "骑手调度平台与地图定位服务"),
        (diagnosis_hant, "支援流程", "內部互動線", "騎手排程平臺與地圖定位服務"),
        (diagnosis_en, "Support processes", "Line of internal interaction", "Rider dispatch"),
    ):
        grid = page(d).split('<table class="grid">')[1].split("</table>")[0]
        lane = grid.split('<tr class="lane lane-support">')[1].split("</tr>")[0]
        assert f'<th scope="row">{label}</th>' in lane
        assert text in lane
        assert line in grid


def test_a_map_without_support_processes_has_no_support_lane(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(mode="json", exclude_computed_fields=True)
    for touchpoint in data["map"]["touchpoints"]:
        touchpoint.pop("support", None)  # a map saved before the field existed
    grid = page(Diagnosis.model_validate(data)).split('<table class="grid">')[1]
    assert "lane-support" not in grid.split("</table>")[0]
    assert "内部互动线" not in grid


def test_charts_are_inline_svg(diagnosis: Diagnosis) -> None:
    html = page(diagnosis)
    assert html.count("<svg ") == 2
    assert html.count('data-touchpoint="') == 5
    assert html.count('data-action="') == 3
    assert "未记录情绪：在线客服咨询" in html


def test_severity_badges_and_plan_buckets(diagnosis: Diagnosis) -> None:
    html = page(diagnosis)
    assert '<span class="sev sev-5" title="严重程度 5/5">5 · 非常严重</span>' in html
    for bucket in ("快速见效", "重大项目", "填充任务"):
        assert f'">{bucket}</span><span class="hint">' in html
    assert "18% → 8%" in html and "本季度" in html and "必备型" in html


def test_provenance_marks_link_to_sources(diagnosis: Diagnosis) -> None:
    html = page(diagnosis)
    assert (
        '<a href="#note-1" title="来自公司数据：reviews_2024Q2.csv#row=42；tickets#TK-1183">'
        "◆1</a>" in html
    )
    assert 'id="note-1"' in html and 'id="note-2"' in html and 'id="note-3"' not in html


def test_language_and_print_style(diagnosis: Diagnosis, diagnosis_hant: Diagnosis) -> None:
    html = page(diagnosis)
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-Hans">')
    assert "@media print" in html and "@page" in html
    assert "PingFang SC" in html and "Microsoft YaHei" in html and "Noto Sans CJK" in html
    hant = page(diagnosis_hant)
    assert '<html lang="zh-Hant">' in hant
    assert "改善計畫" in hant and "可視線" in hant and "改进计划" not in hant
    english = page(diagnosis, "en")
    assert '<html lang="en">' in english and "Line of visibility" in english

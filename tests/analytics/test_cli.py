"""`cxcoach analyze`, the analytics section of `cxcoach export`, and `cxcoach bench analytics`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.examples import load_example
from assistant.services.container import Services
from assistant.settings import load_settings
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary_violations
from tests.analytics.test_metrics import NPS_FILE

runner = CliRunner()


@pytest.fixture(autouse=True)
def _hash_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCOACH_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("CXCOACH_INDEX_BACKEND", "memory")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.csv"
    path.write_text(NPS_FILE, encoding="utf-8")
    return path


def test_analyze_shows_the_mapping_the_report_and_writes_outputs(
    reviews: Path, tmp_path: Path
) -> None:
    out, chart = tmp_path / "result.json", tmp_path / "chart.svg"
    args = ["analyze", str(reviews), "-w", "shop", "--industry", "restaurant", "--json", str(out),
            "--svg", str(chart)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = result.output
    # In the interface language (CXCOACH_UI_LANG, zh-Hans by default), as the Knowledge page says it.
    assert (
        "reviews.csv: CSV, utf-8 — 文本 = 评价；评分（NPS、CSAT、星级） = NPS；日期 = 日期；"
        "渠道 = 渠道" in text
    )
    assert "shop · 分析了 1 个文件中的 10 条记录" in text
    assert "送达时间" in text and "33.3%" in text and "NPS +0" in text
    assert "未归入任何触点：2 (20.0%)" in text and "-50.0 个百分点" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["totals"]["analysed"] == 10 and data["overall"]["nps"] == 0.0
    assert data["unassigned"]["count"] == 2
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert svg.count('class="bar volume"') == len(data["touchpoints"])


def test_a_missing_column_is_a_clear_message_and_a_failure(reviews: Path) -> None:
    result = runner.invoke(app, ["analyze", str(reviews), "--text-column", "comment"])
    assert result.exit_code == 1
    assert "找不到指定为“文本”的列“comment”；文件中的列：日期, 渠道, NPS," in (
        result.output.replace("\n", "")
    )


def test_the_report_speaks_the_users_language(reviews: Path) -> None:
    args = ["analyze", str(reviews), "-w", "shop", "--industry", "restaurant", "--lang", "zh-Hant"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "shop · 分析了 1 個檔案中的 10 筆紀錄" in text
    assert "觸點來源：餐飲產業手冊" in text and "各觸點" in text and "各階段" in text
    assert "未歸入任何觸點：2 (20.0%)" in text and "負面占比" in text
    assert "送達時間" in text  # the touchpoints and records in Traditional script too
    # The file's own column names (评价) stay as the file spells them; everything else is
    # Traditional, in the Taiwan glossary's words.
    report = text[text.index("shop · ") :]
    assert not simplified_only_chars(report) and not glossary_violations(report)
    assert "records analysed" not in text and "Touchpoint" not in text


def test_bad_options_are_refused(reviews: Path) -> None:
    result = runner.invoke(app, ["analyze", str(reviews), "--industry", "bakery"])
    assert result.exit_code == 2 and "没有“bakery”这个行业" in result.output
    result = runner.invoke(app, ["analyze", str(reviews), "--lang", "fr"])
    assert result.exit_code == 2


def test_html_of_the_workspace_map_carries_the_analysis(reviews: Path, tmp_path: Path) -> None:
    services = Services(load_settings())
    workspace = services.db.workspaces.get_or_create("shop")
    stored = services.db.maps.create(workspace.id, load_example("bank-loan.zh-Hans"))
    services.close()
    html = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(reviews), "-w", "shop", "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "附分析部分" in result.output
    page = html.read_text(encoding="utf-8")
    assert '<section id="analytics">' in page and 'class="bar volume"' in page
    exported = runner.invoke(app, ["export", stored.id, "-f", "html"])
    assert exported.exit_code == 0
    assert '<section id="analytics">' in exported.stdout
    example = runner.invoke(app, ["export", "example:bank-loan.zh-Hans", "-f", "html"])
    assert '<section id="analytics">' not in example.stdout


def test_without_a_map_no_html_is_written_and_the_reason_is_given(
    reviews: Path, tmp_path: Path
) -> None:
    html = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(reviews), "-w", "fresh", "--html", str(html)])
    assert result.exit_code == 0
    assert "没有写出 HTML：工作区“fresh”还没有旅程图" in result.output.replace("\n", "")
    assert not html.exists()


def test_the_bench_command_is_registered() -> None:
    result = runner.invoke(app, ["bench", "analytics", "--help"])
    assert result.exit_code == 0
    assert "--million" in result.output and "--speed" in result.output

"""`cxcoach records`: a workspace's records in the terminal, as the records page lists them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app

SAMPLE = Path(__file__).resolve().parents[1] / "web" / "data" / "waimai_sample.csv"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The embedded Chroma under the temp data dir: what one command ingests, the next one reads.
    monkeypatch.setenv("CXCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CXCOACH_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("COLUMNS", "200")


def test_records_filtered_by_words_references_and_pages() -> None:
    ingested = runner.invoke(app, ["ingest", str(SAMPLE), "-w", "外卖"])
    assert ingested.exit_code == 0, ingested.output

    late = runner.invoke(app, ["records", "-w", "外卖", "--q", "配送 慢", "--lang", "zh-Hant"])
    assert late.exit_code == 0, late.output
    assert "「外卖」的紀錄：第 1–1 筆，共 1 筆" in late.output
    assert "waimai_sample.csv#row=109  正負面標籤=0" in late.output  # the role in words
    assert "下雨天，配送慢，可以理解，商家为什么不接电话！" in late.output  # as written

    refs = ["--ref", "waimai_sample.csv#row=3", "--ref", "gone.csv#row=1"]
    picked = runner.invoke(app, ["records", "-w", "外卖", *refs, "--lang", "en"])
    assert picked.exit_code == 0, picked.output
    assert "gone.csv#row=1  Not found: this file is no longer in the workspace" in picked.output
    assert 'Records in "外卖": 1–1 of 1' in picked.output
    assert "waimai_sample.csv#row=3  Positive/negative label=" in picked.output
    assert "分量还可以……就是有点没特色……下回不吃啦" in picked.output

    paged = runner.invoke(app, ["records", "-w", "外卖", "--per-page", "20", "--page", "2"])
    assert paged.exit_code == 0, paged.output
    assert "“外卖”的记录：第 21–40 条，共 200 条" in paged.output
    assert "下一页：--page 3" in paged.output
    assert paged.output.count("waimai_sample.csv#row=") == 20


def test_an_unknown_workspace_names_the_known_ones() -> None:
    runner.invoke(app, ["ingest", str(SAMPLE), "-w", "外卖"])
    result = runner.invoke(app, ["records", "-w", "银行", "--lang", "zh-Hans"])
    assert result.exit_code == 1
    assert "没有名为“银行”的工作区。已有：外卖" in result.output

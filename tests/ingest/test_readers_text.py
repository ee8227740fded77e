"""Markdown and plain text: sections, paragraph groups, page furniture, the noisy seed article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.ingest.readers import ReadError, read_file
from assistant.ingest.readers.cleanup import clean_text, is_page_number, strip_pinyin
from assistant.ingest.readers.paragraphs import MAX_RECORD_CHARS
from tests.ingest.conftest import SEED_ARTICLE, WriteText

MANUAL = """---
title: 客服手册
tags: [退款, 配送]
---

# 客服手册

本手册适用于所有门店。

## 退款流程

顾客申请退款后，2 小时内回电。

```
# 这不是标题，是代码里的注释
```

### 超时退款

超过 24 小时自动升级。

## 催单
### 话术

先道歉，再说明预计送达时间。
"""


def test_markdown_sections_with_heading_paths(write_text: WriteText) -> None:
    parsed = read_file(write_text("manual.md", MANUAL))
    assert parsed.format == "markdown" and parsed.encoding == "utf-8"
    assert [r.locator for r in parsed.records] == [
        "§ 客服手册",
        "§ 退款流程",
        "§ 退款流程 > 超时退款",
        "§ 催单 > 话术",
    ]
    refund = parsed.records[1].text
    assert refund.startswith("退款流程\n顾客申请退款后，2 小时内回电。")
    assert "# 这不是标题，是代码里的注释" in refund  # a fenced block stays in its section
    assert all("tags:" not in r.text for r in parsed.records)  # front matter dropped


def test_markdown_preamble_and_setext_headings(write_text: WriteText) -> None:
    text = "开头的说明。\n\n退款\n====\n\n三天内到账。\n\n---\n\n分隔线之后。\n"
    parsed = read_file(write_text("notes.markdown", text))
    assert [(r.locator, r.text) for r in parsed.records] == [
        ("§ (start)", "开头的说明。"),
        ("§ 退款", "退款\n三天内到账。\n\n---\n\n分隔线之后。"),
    ]


def test_markdown_without_headings_is_read_in_paragraphs(write_text: WriteText) -> None:
    parsed = read_file(write_text("plain.md", "第一段。\n\n第二段。\n"))
    assert [(r.locator, r.text) for r in parsed.records] == [
        ("paragraph 1", "第一段。\n\n第二段。")
    ]


def test_text_paragraph_groups_never_cut_a_sentence(write_text: WriteText) -> None:
    sentence = "顾客在门店排队四十分钟后离开了。"  # 16 characters
    paragraphs = [sentence * 30 for _ in range(6)]  # 480 characters each
    paragraphs.insert(3, sentence * 120)  # 1,920 characters: longer than a record
    parsed = read_file(write_text("notes.txt", "\n\n".join(paragraphs)))
    assert parsed.format == "text"
    assert all(len(r.text) <= MAX_RECORD_CHARS for r in parsed.records)
    assert all(r.text.startswith("顾客") and r.text.endswith("。") for r in parsed.records)
    assert "".join(r.text.replace("\n", "") for r in parsed.records) == "".join(paragraphs)
    assert [r.locator for r in parsed.records][:2] == ["paragraph 1", "paragraph 4"]


def test_text_whitespace_normalised(write_text: WriteText) -> None:
    text = "\u3000\u3000客 户 体 验\t很重要 。\r\n\r\n\r\n\r\nThe   NPS  is  12.\u200b\r\n"
    parsed = read_file(write_text("spaces.txt", text))
    assert parsed.records[0].text == "客户体验很重要。\n\nThe NPS is 12."


def test_page_numbers_and_running_headers_removed() -> None:
    pages = [
        f"季度服务报告 · 内部资料\n第{n}节：排队时长下降。\n门店反馈汇总。\n报告第 {n} 页\n{n}"
        for n in range(1, 5)
    ]
    cleaned = clean_text("\f".join(pages))
    assert "季度服务报告" not in cleaned and "报告第" not in cleaned
    assert "\n2\n" not in f"\n{cleaned}\n"
    # Sentences at a page's edge are content, even when every page has one like it.
    assert "第3节：排队时长下降。" in cleaned and cleaned.count("门店反馈汇总。") == 4
    assert is_page_number("Page 3 of 12") and is_page_number("第 3 页") and is_page_number("17")
    assert not is_page_number("3.5 星") and not is_page_number("2024年")


def test_repeated_lines_without_page_breaks_are_kept() -> None:
    """Without page breaks a repeated heading is content: only numbered page lines go."""
    text = "\n\n".join(["四、案例分析", "正文一。", "四、案例分析", "正文二。", "四、案例分析"])
    assert clean_text(text).count("四、案例分析") == 3


def test_pinyin_inserts_removed_but_plain_parentheses_kept() -> None:
    assert strip_pinyin("客戶體驗(yàn)與服務(wù)(ESG)(app)") == "客戶體驗與服務(ESG)(app)"


@pytest.fixture
def seed() -> Path:
    if not SEED_ARTICLE.is_file():
        pytest.skip("../shared/seeds is not beside the checkout")
    return SEED_ARTICLE


def test_noisy_scanned_article_as_text(seed: Path) -> None:
    parsed = read_file(seed)
    assert parsed.format == "text" and parsed.encoding == "utf-8"
    assert 8 <= len(parsed.records) <= 40
    assert all(len(r.text) <= MAX_RECORD_CHARS for r in parsed.records)
    text = "\n".join(r.text for r in parsed.records)
    # The running page header "客戶體驗(yàn)提升路徑-洞察及研究_第N頁(yè)" is gone, pages 1..5.
    assert "洞察及研究_第" not in text
    assert not any(is_page_number(line) for line in text.splitlines())
    # The Traditional Chinese text survives, without the pinyin inserts.
    for phrase in (
        "客戶體驗是指客戶在與企業互動過程中的整體感受和認知",
        "第一部分客戶體驗概念界定",
        "體驗管理框架是客戶體驗提升的核心",
        "品牌故事構建與傳播",
    ):
        assert phrase in text
    assert "(yàn)" not in text and "(wù)" not in text
    assert parsed.records[0].locator == "paragraph 1"


def test_noisy_scanned_article_as_markdown(seed: Path, tmp_path: Path) -> None:
    copy = tmp_path / "article.md"
    shutil.copy(seed, copy)
    parsed = read_file(copy)
    assert parsed.format == "markdown"

    def unindented(text: str) -> str:  # Markdown keeps indentation, which text drops
        return "\n".join(line.strip() for line in text.splitlines())

    as_text = read_file(seed).records
    assert [unindented(r.text) for r in parsed.records] == [r.text for r in as_text]


def test_text_that_is_json_is_read_as_json(write_text: WriteText) -> None:
    parsed = read_file(write_text("export.txt", '[{"comment": "太慢了"}, {"comment": "好吃"}]'))
    assert parsed.format == "json" and [r.text for r in parsed.records] == ["太慢了", "好吃"]


def test_text_starting_with_a_bracket_stays_text(write_text: WriteText) -> None:
    parsed = read_file(write_text("notes.txt", "[内部] 门店巡检记录：地面湿滑。"))
    assert parsed.format == "text" and parsed.records[0].text.startswith("[内部]")


def test_big5_text_file(write_text: WriteText) -> None:
    text = "客戶體驗提升路徑\n\n營業廳排隊時間過長，顧客抱怨很多。"
    parsed = read_file(write_text("big5.txt", text, "big5"))
    assert parsed.encoding == "big5" and parsed.records[0].text == text


def test_text_of_only_page_numbers_has_no_records(write_text: WriteText) -> None:
    with pytest.raises(ReadError, match="no text records found"):
        read_file(write_text("numbers.txt", "1\n\n2\n\n3\n"))

"""The Taiwan glossary (assistant/text/glossary.yaml): one wording for every zh-Hant output,
applied by the conversion every zh-Hant text goes through."""

from __future__ import annotations

import pytest

from assistant.prompts import load_prompts
from assistant.text.lang import simplified_only_chars
from assistant.text.script import (
    apply_glossary,
    glossary,
    glossary_violations,
    to_traditional,
    traditional_chars,
)


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("客户旅程诊断报告", "顧客旅程診斷報告"),
        ("顾客角色", "顧客角色"),
        ("改进计划和改善计划", "改善計畫和改善計畫"),
        ("下一季度的改进行动", "下一季度的改善行動"),
        ("电信运营商的营业厅", "電信業者的營業廳"),
        ("降低运营成本", "降低營運成本"),
        ("月账单多收了钱", "月帳單多收了錢"),
        ("去柜台签协议", "去櫃檯簽協議"),
        ("每周复盘，季度覆盘", "每週復盤，季度復盤"),
        ("收集反馈", "收集回饋"),
        ("线上渠道", "線上管道"),
        ("前台和后台", "前台和後台"),
        ("助手建议", "助理建議"),
        ("KANO 类型", "KANO 類型"),
        ("本季度、每季度", "本季、每季"),
        ("流程优化", "流程優化"),
        ("负面占比", "負面占比"),
        ("记录数", "紀錄數"),
    ],
)
def test_traditional_follows_the_glossary(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


@pytest.mark.parametrize(
    "kept",
    ["客户端闪退", "大客户部", "客户经理补件电话", "内部客户", "未记录情绪", "记录下来"],
)
def test_words_the_glossary_keeps_whole(kept: str) -> None:
    converted = to_traditional(kept)
    assert not glossary_violations(converted), converted
    assert "客戶" in converted or "記錄" in converted


def test_violations_are_the_forbidden_forms_outside_the_kept_words() -> None:
    text = "客戶端的客戶說改進計劃和賬單都不清楚，電信運營商要覆盤"
    assert glossary_violations(text) == ["客戶", "改進計劃", "計劃", "運營商", "運營", "賬", "覆盤"]
    assert glossary_violations(apply_glossary(text)) == []
    assert apply_glossary(text) == "客戶端的顧客說改善計畫和帳單都不清楚，電信業者要復盤"


def test_typed_traditional_stays_as_typed() -> None:
    # A zh-Hant user's own words are not reworded; text that came in Simplified is converted.
    assert traditional_chars("客戶說帳單有問題") == "客戶說帳單有問題"
    assert traditional_chars("客户说账单有问题") == "顧客說帳單有問題"


def test_the_glossary_is_consistent() -> None:
    terms = glossary()
    assert len(terms) >= 20
    for term in terms:
        assert term.use and term.forbidden, term
        assert not simplified_only_chars(term.use + "".join(term.forbidden)), term
        # The preferred form is no forbidden form of another entry (the order could undo it).
        assert not glossary_violations(term.use), term
        for word in term.keep:
            assert any(bad in word for bad in term.forbidden), (term.use, word)


def test_every_catalogue_string_in_traditional_follows_the_glossary() -> None:
    library = load_prompts()
    bad = {}
    for name in library.names():
        text = library.templates[name].text("zh-Hant")
        if found := glossary_violations(text):
            bad[name] = found
    assert not bad, bad

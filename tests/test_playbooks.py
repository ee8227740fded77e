"""Industry playbooks parse into typed structures, in both languages, consistently."""

from __future__ import annotations

import pytest

from assistant.playbooks import (
    INDUSTRIES,
    LEVELS,
    PlaybookError,
    all_playbooks,
    load_playbook,
    parse_playbook,
    playbook_lang,
)


@pytest.mark.parametrize("industry", INDUSTRIES)
@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_every_playbook_parses_completely(industry: str, lang: str) -> None:
    book = load_playbook(industry, lang)  # type: ignore[arg-type]
    assert book.industry == industry and book.lang == lang
    assert len(book.stages) >= 5
    assert [s.number for s in book.stages] == list(range(1, len(book.stages) + 1))
    stage_names = {s.name for s in book.stages}
    # Every stage has typical touchpoints, every pain point sits in a known stage and has at
    # least one proven improvement; levels are on the 1..5 scale.
    assert all(book.touchpoints_of(name) for name in stage_names)
    assert all(p.stage in stage_names and 1 <= p.severity <= 5 for p in book.pains)
    assert all(book.improvements_for(p.name) for p in book.pains)
    assert all(
        i.impact in LEVELS.values() and i.effort in LEVELS.values() for i in book.improvements
    )
    assert all(i.owner for i in book.improvements)
    assert book.moments and book.metrics
    assert all(t.mode in ("online", "offline") and t.channel and t.action for t in book.touchpoints)


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_the_two_languages_have_the_same_shape(industry: str) -> None:
    zh, en = load_playbook(industry, "zh-Hans"), load_playbook(industry, "en")
    assert len(zh.stages) == len(en.stages)
    assert len(zh.pains) == len(en.pains)
    assert len(zh.improvements) == len(en.improvements)
    assert [i.impact for i in zh.improvements] == [i.impact for i in en.improvements]
    assert [p.severity for p in zh.pains] == [p.severity for p in en.pains]


def test_banking_content_is_read_field_by_field() -> None:
    zh = load_playbook("banking", "zh-Hans")
    assert zh.stages[0].name == "咨询了解"
    assert zh.stages[0].description.startswith("了解贷款额度")
    first = zh.touchpoints_of("咨询了解")[0]
    assert (first.name, first.channel, first.mode) == ("贷款产品页", "手机银行App", "online")
    assert first.action == "看额度利率，试算月供"
    pain = next(p for p in zh.pains if p.name == "材料反复补交")
    assert (pain.stage, pain.severity) == ("申请提交", 5)
    fix = zh.improvements_for("材料反复补交")[0]
    assert (fix.name, fix.impact, fix.effort, fix.owner) == (
        "一次性材料清单与预审",
        4,
        2,
        "零售信贷部",
    )
    wait = next(m for m in zh.metrics if m.name == "网点平均等候时长")
    assert (wait.target, wait.unit) == (15.0, "分钟")

    en = load_playbook("banking", "en")
    fix_en = en.improvements_for("Repeated document requests")[0]
    assert (fix_en.impact, fix_en.effort, fix_en.owner) == (4, 2, "Retail lending")
    assert next(m for m in en.metrics if m.target is not None).unit == "minutes"


def test_citations_name_the_document_and_the_section() -> None:
    citation = load_playbook("telecom", "zh-Hans").citation("pains")
    assert citation.doc_id == "playbook-telecom-zh"
    assert citation.section == "常见痛点"
    assert citation.source == "knowledge/playbooks/playbook-telecom-zh.md"
    assert load_playbook("telecom", "en").citation("improvements").section == "Proven improvements"


def test_loading_is_cached_and_traditional_reads_simplified() -> None:
    assert load_playbook("hotel", "en") is load_playbook("hotel", "en")
    assert playbook_lang("zh-Hant") == "zh-Hans"
    assert len(all_playbooks()) == 2 * len(INDUSTRIES)
    with pytest.raises(KeyError):
        load_playbook("mining")


def test_fuzzy_matching_of_user_names() -> None:
    book = load_playbook("telecom", "zh-Hans")
    assert book.match_stage("入网办理") is not None  # exact
    assert book.match_stage("寬頻安裝") == book.stages[2]  # Taiwan wording of 宽带安装
    assert book.match_pain("营业厅里排队太久了") == book.pains[0]
    assert book.match_stage("火箭发射") is None


_BROKEN = """---
id: playbook-test-zh
title: 测试
lang: zh-Hans
kind: playbook
industry: [test]
---
## 典型阶段
1. 了解 — 看看
## 典型触点
### 了解
- 官网（网站，线上）：浏览
## 常见痛点
- 看不懂：说明太长（了解；严重程度 9）
## 关键时刻
- 官网：第一印象
## 行之有效的改进
- 精简：写短（看不懂；影响 高；投入 低；市场部）
## 常用指标
- NPS：常见 10–30
"""


def test_a_line_that_breaks_the_structure_is_reported_with_file_and_line() -> None:
    with pytest.raises(PlaybookError, match=r"broken\.md:\d+: not a pain point line"):
        parse_playbook(_BROKEN, "broken.md")
    fixed = parse_playbook(_BROKEN.replace("严重程度 9", "严重程度 3"), "ok.md")
    assert fixed.pains[0].severity == 3
    with pytest.raises(PlaybookError, match="missing sections metrics"):
        parse_playbook(_BROKEN.split("## 常用指标")[0], "short.md")

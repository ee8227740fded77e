from __future__ import annotations

from collections.abc import Callable

from assistant.domain import Diagnosis
from assistant.exports import export_diagnosis
from assistant.exports.markdown_export import md
from assistant.i18n.labels import labels_for
from tests.exports.helpers import all_names


def markdown(d: Diagnosis, lang: str | None = None) -> str:
    return export_diagnosis(d, "md", lang).content.decode("utf-8")  # type: ignore[arg-type]


def test_contains_every_stage_touchpoint_pain_point_and_action(any_diagnosis: Diagnosis) -> None:
    text = markdown(any_diagnosis)
    for name in all_names(any_diagnosis):
        assert md(name) in text, name


def test_sections_come_in_report_order(diagnosis: Diagnosis) -> None:
    text = markdown(diagnosis)
    order = [
        "目标与范围",
        "业务背景",
        "客户角色",
        "客户旅程",
        "机会点",
        "关键指标",
        "改进计划",
        "复盘机制",
        "来源说明",
    ]
    positions = [
        text.index(f"## {h}") if f"## {h}" in text else text.index(f"### {h}") for h in order
    ]
    assert positions == sorted(positions)
    stage_positions = [
        text.index(f"### {n}. {s.name}") for n, s in enumerate(diagnosis.map.stages, start=1)
    ]
    assert stage_positions == sorted(stage_positions)


def test_touchpoint_details_are_shown(diagnosis: Diagnosis) -> None:
    text = markdown(diagnosis)
    assert "#### 订单进度追踪 ★ 关键时刻" in text
    assert "- **渠道**：App · 线上 · 客户服务" in text
    assert "- **前台**：地图显示骑手位置" in text
    assert "- **后台**：调度系统给骑手派单" in text
    assert "- **支持流程**：骑手调度平台与地图定位服务" in text
    assert text.count("**支持流程**") == 1  # only where one is recorded
    assert "- **情绪**：**-2** 焦虑 — “骑手位置半天不动”" in text
    assert "- **情绪**：*未记录情绪*" in text  # the touchpoint without an emotion
    assert "**[严重程度 5/5 非常严重]** 配送超时且没有主动通知" in text


def test_plan_is_grouped_by_bucket_as_tables(diagnosis: Diagnosis) -> None:
    text = markdown(diagnosis)
    quick, major, fill = (text.index(f"### {b}") for b in ("快速见效", "重大项目", "填充任务"))
    assert quick < major < fill
    assert "### 重新考虑" not in text  # empty buckets are left out
    assert (
        "| # | 改进行动 | 对应痛点 | 影响 | 投入 | KANO 类型 | 负责部门 | 指标 基线 → 目标 | 周期 |"
        in text
    )
    row = next(line for line in text.splitlines() if "超时预警主动推送" in line and "|" in line)
    for cell in (
        "| 1 |",
        "配送超时且没有主动通知",
        "5/5",
        "2/5",
        "必备型",
        "产品部",
        "超时差评占比：18% → 8%",
        "30 天",
    ):
        assert cell in row
    assert "- **步骤**：实施 → 收集反馈 → 重新测量指标 → 更新旅程图 ↺" in text


def test_provenance_is_a_mark_with_footnotes(diagnosis: Diagnosis) -> None:
    text = markdown(diagnosis)
    assert "配送超时且没有主动通知 (触点：订单进度追踪) ◆[^1]" in text
    assert "在线客服排队时间长 (触点：在线客服咨询) ◇[^2]" in text
    assert "[^1]: ◆ 来自公司数据：reviews\\_2024Q2.csv\\#row=42；tickets\\#TK-1183" in text
    assert "[^2]: ◇ 助手建议：服务指标：平均等待时长 (knowledge/methodology/" in text
    # The same provenance twice (touchpoint t4 and pain point pp1) shares one footnote.
    assert text.count("[^1]:") == 1 and "[^3]" not in text


def test_traditional_report_uses_traditional_labels(diagnosis_hant: Diagnosis) -> None:
    text = markdown(diagnosis_hant)
    hant = labels_for("zh-Hant")
    for key in (
        "goal_scope",
        "journey",
        "pain_points",
        "plan",
        "review_loop",
        "sources",
        "bucket.quick_win",
        "bucket.major_project",
        "kano.must_be",
    ):
        assert hant[key] in text, key
    for simplified in ("改进计划", "痛点", "关键时刻", "目标与范围", "来源说明", "重大项目"):
        assert simplified not in text, simplified
    assert "訂單進度追蹤 ★ 關鍵時刻" in text
    assert "- **支援流程**：騎手排程平臺與地圖定位服務" in text


def test_english_labels_for_an_english_map(diagnosis_en: Diagnosis) -> None:
    text = markdown(diagnosis_en)
    assert "## Improvement plan" in text and "### Quick wins" in text
    assert "- **Support processes**: Rider dispatch platform and map location service" in text
    assert "- **Emotion**: **-2** anxious — “The rider has not moved for ages”" in text
    assert "痛点" not in text


def test_traditional_export_converts_script_but_english_does_not_translate(
    diagnosis: Diagnosis,
) -> None:
    text = markdown(diagnosis, "zh-Hant")
    assert "## 改善計畫" in text
    assert "超時預警主動推送" in text and "超时预警" not in text  # script, not translation
    english = markdown(diagnosis, "en")
    assert "## Improvement plan" in english
    assert "超时预警主动推送" in english  # the team's own words are never translated


def test_user_text_cannot_break_tables_or_inject_html(
    diagnosis: Diagnosis, with_script: Callable[[Diagnosis], Diagnosis]
) -> None:
    data = with_script(diagnosis).model_dump(exclude_computed_fields=True)
    data["plan"]["actions"][0]["title"] = "a | b\nc"
    text = markdown(Diagnosis.model_validate(data))
    assert "<script>" not in text
    assert "\\<script\\>alert(1)\\</script\\>" in text
    row = next(line for line in text.splitlines() if "a \\| b c" in line)
    assert row.count(" | ") == 8  # 9 cells: the escaped pipe does not add a ninth separator


def test_stage_level_pain_point_is_listed_under_its_stage(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(exclude_computed_fields=True)
    data["map"]["pain_points"].append(
        {"id": "pp4", "stage_id": "s4", "description": "餐品洒漏无人负责", "severity": 2}
    )
    text = markdown(Diagnosis.model_validate(data))
    last_stage = text.split("### 4. 收餐评价")[1].split("### 情绪曲线")[0]
    assert "- **[严重程度 2/5 较轻]** 餐品洒漏无人负责\n" in last_stage + "\n"

from __future__ import annotations

import csv
import io

from assistant.domain import Diagnosis
from assistant.exports import export_diagnosis

BOM = b"\xef\xbb\xbf"


def rows(d: Diagnosis, lang: str | None = None) -> list[list[str]]:
    content = export_diagnosis(d, "csv", lang).content  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_starts_with_bom_and_uses_crlf(diagnosis: Diagnosis) -> None:
    content = export_diagnosis(diagnosis, "csv").content
    assert content.startswith(BOM)
    assert not content[3:].startswith(BOM)
    assert content.split(b"\r\n")[0].decode("utf-8-sig").startswith("阶段,触点,渠道")


def test_one_row_per_touchpoint_in_journey_order(any_diagnosis: Diagnosis) -> None:
    header, *body = rows(any_diagnosis)
    assert len(header) == 15
    touchpoints = any_diagnosis.map.ordered_touchpoints()
    assert [r[1] for r in body] == [t.name for t in touchpoints]
    assert [r[0] for r in body] == [any_diagnosis.map.stage(t.stage_id).name for t in touchpoints]
    text = "\n".join(",".join(r) for r in body)
    for s in any_diagnosis.map.stages:
        assert s.name in text
    for p in any_diagnosis.map.pain_points:  # all fixture pain points sit at a touchpoint
        assert p.description in text


def test_header_is_in_the_export_language(diagnosis: Diagnosis) -> None:
    assert rows(diagnosis)[0] == [
        "阶段",
        "触点",
        "渠道",
        "线上/线下",
        "类别",
        "客户行动",
        "前台",
        "后台",
        "支持流程",
        "情绪分",
        "情绪描述",
        "客户原话",
        "关键时刻",
        "痛点",
        "来源",
    ]
    assert rows(diagnosis, "en")[0][:3] == ["Stage", "Touchpoint", "Channel"]
    assert rows(diagnosis, "zh-Hant")[0][:4] == ["階段", "觸點", "管道", "線上/線下"]


def test_cells_hold_the_touchpoint_details(diagnosis: Diagnosis) -> None:
    by_name = {r[1]: r for r in rows(diagnosis)[1:]}
    tracking = by_name["订单进度追踪"]
    assert tracking == [
        "等待配送",
        "订单进度追踪",
        "App",
        "线上",
        "客户服务",
        "反复查看骑手位置",
        "地图显示骑手位置",
        "调度系统给骑手派单",
        "骑手调度平台与地图定位服务",
        "-2",
        "焦虑",
        "骑手位置半天不动",
        "是",
        "配送超时且没有主动通知 (5/5 非常严重)",
        "来自公司数据：reviews_2024Q2.csv#row=42；tickets#TK-1183",
    ]
    chat = by_name["在线客服咨询"]
    assert chat[8] == ""  # no support process recorded
    assert chat[9:12] == ["", "", ""]  # no emotion recorded
    assert chat[13] == "在线客服排队时间长 (4/5 严重)"
    assert by_name["App 首页推荐"][12] == "否"


def test_commas_quotes_and_newlines_survive(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(exclude_computed_fields=True)
    data["map"]["touchpoints"][0]["name"] = 'Search, "filter"'
    data["map"]["touchpoints"][0]["emotion"]["quote"] = "line one\nline two, with comma"
    data["map"]["pain_points"].append(
        {
            "id": "pp4",
            "stage_id": "s3",
            "touchpoint_id": "t4",
            "description": "第二个痛点",
            "severity": 2,
        }
    )
    d = Diagnosis.model_validate(data)
    content = export_diagnosis(d, "csv").content.decode("utf-8-sig")
    assert '"Search, ""filter"""' in content
    parsed = list(csv.reader(io.StringIO(content, newline="")))
    assert len(parsed) == 1 + 6
    assert parsed[1][1] == 'Search, "filter"'
    assert parsed[1][11] == "line one\nline two, with comma"
    tracking = next(r for r in parsed if r[1] == "订单进度追踪")
    assert tracking[13] == "配送超时且没有主动通知 (5/5 非常严重)\n第二个痛点 (2/5 较轻)"


def test_formula_like_text_is_defused(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(exclude_computed_fields=True)
    data["map"]["touchpoints"][0]["name"] = '=HYPERLINK("x")'
    parsed = rows(Diagnosis.model_validate(data))
    assert parsed[1][1] == '\'=HYPERLINK("x")'
    assert parsed[4][9] == "-2" or parsed[4][9] == "-1"  # scores stay numbers

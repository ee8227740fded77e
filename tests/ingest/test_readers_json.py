"""JSON: cxcoach map exports, lists of objects, wrapped lists, JSON Lines, invalid JSON."""

from __future__ import annotations

import json

import pytest

from assistant.exports.json_export import render_json
from assistant.ingest.readers import ColumnMapping, ColumnOverrides, ReadError, read_file
from tests.ingest.conftest import REVIEWS, WriteText, tiny_diagnosis

OBJECTS = [
    {"id": n, "content": text, "rating": int(score), "date": date, "platform": channel}
    for n, (text, score, _, date, channel) in enumerate(REVIEWS, 1)
]


def test_cxcoach_map_records_per_element(write_text: WriteText) -> None:
    parsed = read_file(write_text("map.json", render_json(tiny_diagnosis())))
    assert parsed.format == "cxcoach-map" and parsed.mapping is None
    by_locator = {r.locator: r for r in parsed.records}
    assert list(by_locator) == [
        "map",
        "stage s1",
        "stage s2",
        "touchpoint t1",
        "touchpoint t3",
        "pain point p2",
        "action a1",
    ]
    touchpoint = by_locator["touchpoint t3"]
    assert "触点：骑手送达" in touchpoint.text
    assert "阶段：配送" in touchpoint.text
    assert "客户原话" not in touchpoint.text and "-1 着急「怎么还没到」" in touchpoint.text
    assert touchpoint.fields == {
        "touchpoint": "骑手送达",
        "stage": "配送",
        "channel": "骑手",
        "category": "客户服务",
    }
    pain = by_locator["pain point p2"]
    assert "痛点：高峰期送餐超时" in pain.text and "严重程度：4 严重" in pain.text
    assert pain.fields["touchpoint"] == "骑手送达"
    action = by_locator["action a1"]
    assert "改进行动：高峰期增派骑手" in action.text
    assert "对应痛点：高峰期送餐超时" in action.text and "超时率 18.0 → 8.0%" in action.text
    assert by_locator["map"].text.startswith("外卖配送旅程\n目标：降低配送差评率")


def test_a_touchpoints_support_processes_are_in_its_record(write_text: WriteText) -> None:
    data = json.loads(render_json(tiny_diagnosis()))
    data["map"]["touchpoints"][-1]["support"] = "骑手调度平台"
    parsed = read_file(write_text("map.json", json.dumps(data, ensure_ascii=False)))
    touchpoint = next(r for r in parsed.records if r.locator == "touchpoint t3")
    assert "支持流程：骑手调度平台" in touchpoint.text


def test_invalid_cxcoach_map(write_text: WriteText) -> None:
    data = json.loads(render_json(tiny_diagnosis()))
    data["map"]["pain_points"][0]["touchpoint_id"] = "t9"
    with pytest.raises(ReadError, match="cxcoach map export that does not validate: .*t9"):
        read_file(write_text("map.json", json.dumps(data, ensure_ascii=False)))


def test_list_of_objects_is_a_table(write_text: WriteText) -> None:
    parsed = read_file(write_text("reviews.json", json.dumps(OBJECTS, ensure_ascii=False)))
    assert parsed.format == "json" and parsed.encoding == "utf-8"
    assert parsed.mapping == ColumnMapping(
        text="content", score="rating", date="date", channel="platform"
    )
    assert [r.text for r in parsed.records] == [r[0] for r in REVIEWS]
    assert parsed.records[0].fields == {
        "id": "1",
        "score": "2",
        "date": "2024-03-01",
        "channel": "美团",
    }
    assert parsed.records[0].locator == "row 1"


def test_object_wrapping_the_list(write_text: WriteText) -> None:
    data = {"code": 0, "msg": "ok", "data": {"total": 4, "list": OBJECTS}}
    parsed = read_file(write_text("api.json", json.dumps(data, ensure_ascii=False)))
    assert len(parsed.records) == 4 and parsed.records[3].text == REVIEWS[3][0]


def test_nested_values_and_missing_keys(write_text: WriteText) -> None:
    data = [
        {"comment": "太慢", "tags": ["配送", "超时"], "extra": None},
        {"comment": "", "tags": []},
        {"comment": "好吃", "shop": {"name": "朝阳店"}},
    ]
    parsed = read_file(write_text("nested.json", json.dumps(data, ensure_ascii=False)))
    assert [r.text for r in parsed.records] == ["太慢", "好吃"]
    assert parsed.records[0].fields == {"tags": '["配送", "超时"]'}
    assert parsed.records[1].fields == {"shop": '{"name": "朝阳店"}'}

    assert parsed.skipped == [("row 2", "empty row")]  # [] and "" are both empty


def test_list_of_strings(write_text: WriteText) -> None:
    parsed = read_file(
        write_text("list.json", json.dumps(["很好", " ", "太咸"], ensure_ascii=False))
    )
    assert [(r.locator, r.text) for r in parsed.records] == [("item 1", "很好"), ("item 3", "太咸")]
    assert parsed.skipped == [("item 2", "empty text")]


def test_json_lines(write_text: WriteText) -> None:
    lines = [json.dumps(o, ensure_ascii=False) for o in OBJECTS[:2]]
    parsed = read_file(write_text("reviews.jsonl", lines[0] + "\n\n" + lines[1] + "\n"))
    assert [(r.locator, r.text) for r in parsed.records] == [
        ("line 1", REVIEWS[0][0]),
        ("line 3", REVIEWS[1][0]),
    ]
    assert parsed.mapping is not None and parsed.mapping.score == "rating"


def test_json_lines_without_the_extension(write_text: WriteText) -> None:
    text = "\n".join(json.dumps(o, ensure_ascii=False) for o in OBJECTS)
    parsed = read_file(write_text("reviews.json", text))
    assert len(parsed.records) == 4 and parsed.records[2].locator == "line 3"


def test_overrides_apply_to_json(write_text: WriteText) -> None:
    path = write_text("reviews.json", json.dumps(OBJECTS, ensure_ascii=False))
    parsed = read_file(path, columns=ColumnOverrides(channel="id"))
    assert parsed.mapping is not None and parsed.mapping.channel == "id"
    assert parsed.records[0].fields["channel"] == "1" and "platform" in parsed.records[0].fields


def test_invalid_json_names_line_and_column(write_text: WriteText) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_text("bad.json", '[\n  {"comment": "好"},\n  {"comment" "差"}\n]'))
    assert err.value.reason == "invalid JSON at line 3, column 14: Expecting ':' delimiter"


def test_invalid_json_lines_name_the_line(write_text: WriteText) -> None:
    with pytest.raises(ReadError, match="invalid JSON at line 2, column 2"):
        read_file(write_text("bad.jsonl", '{"comment": "好"}\n{oops}\n'))


def test_json_without_records(write_text: WriteText) -> None:
    with pytest.raises(ReadError, match="no records in JSON"):
        read_file(write_text("numbers.json", "[1, 2, 3]"))

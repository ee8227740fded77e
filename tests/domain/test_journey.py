"""The journey map's service-blueprint lanes: frontstage, backstage and support processes (below
Shostack's line of internal interaction), and maps saved before the support lane existed."""

from __future__ import annotations

import json

from assistant.domain import Diagnosis, Touchpoint, json_schema
from assistant.examples import load_example


def test_a_touchpoint_has_a_support_lane_empty_by_default() -> None:
    touchpoint = Touchpoint(
        id="tp-1",
        stage_id="s1",
        name="网点面签",
        backstage="客户经理在 CRM 中登记",
        support="信贷审批系统",
    )
    assert touchpoint.support == "信贷审批系统"
    assert Touchpoint(id="tp-2", stage_id="s1", name="热线").support == ""


def test_a_map_saved_without_support_processes_still_loads() -> None:
    data = load_example("bank-loan.zh-Hans").model_dump(mode="json", exclude_computed_fields=True)
    for touchpoint in data["map"]["touchpoints"]:
        touchpoint.pop("support")
    loaded = Diagnosis.model_validate(data)
    assert all(t.support == "" for t in loaded.map.touchpoints)
    assert loaded.map.touchpoints[0].backstage  # the other lanes as they were


def test_the_json_schema_describes_the_support_lane_as_optional() -> None:
    schema = json.loads(json.dumps(json_schema()))
    touchpoint = schema["$defs"]["Touchpoint"]
    assert touchpoint["properties"]["support"]["default"] == ""
    assert "line of internal interaction" in touchpoint["properties"]["support"]["description"]
    assert "support" not in touchpoint.get("required", [])

"""Map view, element provenance, inline edits as new versions, the plan, history and diffs,
exports — pages and JSON API, on the shipped bank-loan example stored as a map."""

from __future__ import annotations

import io
import json
import re
import zipfile
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from assistant.services.container import Services

from .conftest import HX, text_of


def test_map_view_shows_the_stage_by_lane_grid(client: TestClient, map_id: str) -> None:
    page = client.get(f"/maps/{map_id}").text
    text = text_of(page)
    assert "青禾银行「禾悦贷」个人消费贷款客户旅程图" in text
    for lane in (
        "客户行动",
        "触点与渠道",
        "前台",
        "可视线",
        "后台",
        "情绪",
        "痛点",
        "机会点",
        "关键时刻",
    ):
        assert f">{lane}<" in page or lane in text, lane
    assert "手机银行额度试算页" in text and "咨询" in text
    assert '<svg class="chart curve"' in page or "emotion" in page  # the SVG emotion curve
    assert re.search(r'class="sev sev-[45]"', page)  # pain points with severity
    assert "★" in page  # moments of truth
    # Every element opens its details in the side panel.
    assert f'hx-get="/maps/{map_id}/elements/touchpoint/tp-app-calc?version=1"' in page
    assert 'hx-target="#detail"' in page


def test_element_details_show_provenance_and_citation(client: TestClient, map_id: str) -> None:
    detail = client.get(
        f"/maps/{map_id}/elements/pain_point/pp-form-timeout?version=1", headers=HX
    ).text
    assert detail.startswith('\n<section id="detail"') or '<section id="detail"' in detail[:200]
    assert "来自公司数据" in detail and "app-funnel-2026Q3.csv#row=7" in detail
    assert "严重程度" in detail and "<html" not in detail
    suggested = client.get(f"/maps/{map_id}/elements/pain_point/pp-amount-gap", headers=HX).text
    assert "助手建议" in suggested and "知识依据" in suggested
    # Without htmx the same URL is the whole page with the panel filled in.
    full = client.get(f"/maps/{map_id}/elements/pain_point/pp-form-timeout").text
    assert "<html" in full and "app-funnel-2026Q3.csv#row=7" in full
    assert client.get(f"/maps/{map_id}/elements/stage/nope").status_code == 404
    assert client.get(f"/maps/{map_id}/elements/spaceship/x").status_code == 404


def test_inline_edit_saves_a_new_version(
    client: TestClient, map_id: str, services: Services
) -> None:
    form = client.get(f"/maps/{map_id}/elements/touchpoint/tp-hotline/edit", headers=HX).text
    assert 'name="emotion_score"' in form and 'name="moment_of_truth"' in form
    assert '<label for="f-name">' in form
    saved = client.post(
        f"/maps/{map_id}/elements/touchpoint/tp-hotline",
        data={"_form": "1", "name": "客服热线", "emotion_score": "-2", "emotion_label": "着急"},
        headers=HX,
    ).text
    assert "已保存为第 2 版" in saved
    assert re.search(r'id="grid"[^>]*hx-swap-oob="true"', saved) and "客服热线" in saved
    history = services.db.maps.history(map_id)
    assert [(v.version, v.author) for v in history] == [(1, "import"), (2, "edit")]
    edited = services.db.maps.get_version(map_id, 2).map
    touchpoint = next(t for t in edited.touchpoints if t.id == "tp-hotline")
    assert touchpoint.name == "客服热线" and touchpoint.emotion and touchpoint.emotion.score == -2
    assert touchpoint.moment_of_truth is False  # unticked checkbox
    assert touchpoint.provenance.source == "user"
    assert (
        services.db.maps.get_version(map_id, 1).map.touchpoints[1].name == "95xxx 客服热线个贷咨询"
    )


def test_invalid_edit_is_explained_and_saves_nothing(
    client: TestClient, map_id: str, services: Services
) -> None:
    response = client.post(
        f"/maps/{map_id}/elements/pain_point/pp-black-box",
        data={"_form": "1", "description": "", "severity": "9"},
        headers=HX,
    )
    assert response.status_code == 200
    assert "没有保存" in response.text and "severity" in response.text
    assert services.db.maps.get(map_id).latest_version == 1


def test_old_versions_are_read_only(client: TestClient, map_id: str) -> None:
    client.post(
        f"/maps/{map_id}/elements/stage/s-consult", data={"_form": "1", "name": "了解"}, headers=HX
    )
    old = client.get(f"/maps/{map_id}?version=1").text
    assert "第 1 版" in old and "只有最新版本可以编辑" in old
    assert "了解" in client.get(f"/maps/{map_id}").text


def test_plan_view_matrix_actions_history_and_diff(client: TestClient, map_id: str) -> None:
    client.post(
        f"/maps/{map_id}/elements/action/a-repay-care",
        data={"_form": "1", "owner_department": "零售信贷部", "kpi_target": "0.5"},
        headers=HX,
    )
    page = client.get(f"/maps/{map_id}/plan").text
    text = text_of(page)
    assert "影响/投入矩阵" in text and '<svg class="chart matrix"' in page
    assert "负责部门" in text and "指标 基线 → 目标" in text and "周期" in text
    assert "零售信贷部" in text and "1.6% → 0.5%" in text
    assert "版本历史" in text and "手动编辑" in text and "导入" in text
    # The default diff: the latest version against the one before.
    assert "第 1 版 → 第 2 版" in text and "零售信贷部" in page
    diff = client.get(f"/maps/{map_id}/diff?a=2&b=1", headers=HX).text
    assert "修改" in diff and "负责部门" in diff and "<html" not in diff


def test_map_and_version_api(client: TestClient, map_id: str) -> None:
    body = client.get(f"/api/maps/{map_id}").json()
    assert body["version"] == body["latest_version"] == 1
    assert body["diagnosis"]["map"]["stages"][0]["id"] == "s-consult"
    edited = client.patch(
        f"/api/maps/{map_id}/elements/touchpoint/tp-hotline",
        json={"values": {"emotion_score": 2, "moment_of_truth": True}},
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    versions = client.get(f"/api/maps/{map_id}/versions").json()
    assert [(v["version"], v["author"]) for v in versions] == [(1, "import"), (2, "edit")]
    diff = client.get(f"/api/maps/{map_id}/diff").json()
    (change,) = diff["elements"]
    assert change["kind"] == "touchpoint" and change["status"] == "changed"
    assert {c["field"] for c in change["changes"]} >= {"emotion.score", "moment_of_truth"}
    plan = client.get(f"/api/maps/{map_id}/plan?version=1").json()
    assert plan["version"] == 1 and plan["plan"]["actions"][0]["priority"]
    assert client.get(f"/api/maps/{map_id}/versions/1").json()["version"] == 1
    bad = client.patch(
        f"/api/maps/{map_id}/elements/pain_point/pp-black-box", json={"values": {"severity": 7}}
    )
    assert bad.status_code == 422
    assert client.get(f"/api/maps/{map_id}/versions/9").status_code == 404
    listed = client.get("/api/maps", params={"workspace": "acme"}).json()
    assert [m["id"] for m in listed] == [map_id]


@pytest.mark.parametrize(
    ("fmt", "media", "suffix", "marker"),
    [
        ("html", "text/html", ".html", b"<svg"),
        ("md", "text/markdown", ".md", b"## "),
        ("csv", "text/csv", ".csv", b"\xef\xbb\xbf"),
        ("json", "application/json", ".json", b'"stages"'),
        ("mermaid", "text/vnd.mermaid", ".mmd", b"journey"),
    ],
)
def test_map_exports(
    client: TestClient, map_id: str, fmt: str, media: str, suffix: str, marker: bytes
) -> None:
    response = client.get(f"/maps/{map_id}/export/{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert name.endswith(suffix) and "禾悦贷" in name
    assert marker in response.content


def test_zip_export_holds_every_format(client: TestClient, map_id: str) -> None:
    response = client.get(f"/api/maps/{map_id}/export/zip")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["csv", "html", "json", "md", "mmd"]


def test_export_in_another_language(client: TestClient, map_id: str) -> None:
    response = client.get(f"/api/maps/{map_id}/export/md?lang=en")
    assert "Customer journey diagnosis" in response.text
    assert client.get(f"/maps/{map_id}/export/pdf").status_code == 404


def test_session_export(client: TestClient) -> None:
    from .conftest import RESTAURANT_ZH, say, start_session

    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:5])
    exported = client.get(f"/sessions/{session_id}/export/json")
    diagnosis = json.loads(exported.content)
    assert (
        diagnosis["map"]["stages"] and diagnosis["map"]["context"]["product_or_service"] == "外卖"
    )
    report = client.get(f"/api/sessions/{session_id}/export/html")
    assert report.status_code == 200 and "外卖" in report.text

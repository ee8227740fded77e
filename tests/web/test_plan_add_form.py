"""The add-action form and the JSON API say every problem at once (web/routers/plans.py): a page
form refused lists them at its top and says each beside its field, in the reader's language,
keeping what was typed; the API answers 422 with `detail` (every problem) and `errors` (each with
its field); a single problem reads as before."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .conftest import HX, text_of


def field_error(page: str, name: str) -> str:
    match = re.search(
        rf'<div class="field field-{name} has-error">.*?<p class="field-error" id="new-new-{name}-error">(.*?)</p>',
        page,
        re.S,
    )
    assert match, name
    return match.group(1)


def test_the_add_form_marks_the_required_fields(client: TestClient, map_id: str) -> None:
    page = client.get(f"/maps/{map_id}/plan").text
    for name in ("title", "owner_department", "kpi_name", "kpi_target"):
        tag = re.search(rf'<input id="new-new-{name}"[^>]*>', page)
        assert tag and " required" in tag.group(0) and 'aria-required="true"' in tag.group(0)
        label = re.search(rf'<label for="new-new-{name}">(.*?)</label>', page)
        assert label and '<span class="req" aria-hidden="true">必填</span>' in label.group(1)
    description = re.search(r'<textarea id="new-new-description"[^>]*>', page)
    assert description and "required" not in description.group(0)


def test_a_refused_add_says_every_problem_beside_its_field(client: TestClient, map_id: str) -> None:
    client.cookies.set("cxcoach_lang", "zh-Hant")
    response = client.post(
        f"/maps/{map_id}/plan/actions",
        data={"title": "叫號簡訊", "_pains": "1", "kpi_target": "一半", "impact": "3"},
        headers=HX,
    )
    page = response.text
    summary = re.search(r'<div class="alert error form-problems".*?</div>', page, re.S)
    assert summary, page
    assert text_of(summary.group(0)).split() == [
        "沒有儲存",
        "有",
        "4",
        "處要修改，改好後再儲存：",
        "請至少選一個這項行動要解決的痛點。",
        "請填寫負責部門。",
        "請填寫衡量這項行動的指標。",
        "目標值要填一個數字。",
    ]
    assert 'href="#new-new-owner_department"' in summary.group(0)
    assert field_error(page, "owner_department") == "請填寫負責部門。"
    assert field_error(page, "kpi_name") == "請填寫衡量這項行動的指標。"
    assert field_error(page, "kpi_target") == "目標值要填一個數字。"
    assert 'id="new-new-pains-error">請至少選一個這項行動要解決的痛點。</p>' in page
    assert 'aria-invalid="true" aria-describedby="new-new-owner_department-error"' in page
    assert 'name="title" value="叫號簡訊"' in page and 'value="一半"' in page
    assert '<div class="field field-title">' in page  # no problem there
    assert len(client.get(f"/api/maps/{map_id}/versions").json()) == 1


def test_the_form_without_javascript_is_refused_whole(client: TestClient, map_id: str) -> None:
    response = client.post(f"/maps/{map_id}/plan/actions", data={"_pains": "1"})
    assert response.status_code == 422
    assert "<html" in response.text
    assert response.text.count('class="field-error"') == 5
    assert "有 5 处要改，改好后再保存：" in response.text


def test_the_api_returns_every_field_error(client: TestClient, map_id: str) -> None:
    base = f"/api/maps/{map_id}/plan/actions"
    refused = client.post(base, json={"values": {"title": "Online chat", "impact": 9}})
    assert refused.status_code == 422
    body = refused.json()
    assert [(e["field"], e["message"]) for e in body["errors"]] == [
        ("pain_point_ids", "Choose at least one pain point the action addresses."),
        ("owner_department", "Say which team owns the action."),
        ("kpi_name", "Name the KPI that measures the action."),
        ("kpi_target", "The target must be a number."),
        ("impact", "Impact must be a whole number from 1 to 5."),
    ]
    assert body["detail"] == " ".join(e["message"] for e in body["errors"])

    edit = client.patch(f"{base}/a-repay-care", json={"values": {"effort": 0, "kpi_target": "x"}})
    assert edit.status_code == 422
    assert [e["key"] for e in edit.json()["errors"]] == ["kpi_target", "effort"]

    single = client.patch(f"{base}/a-repay-care", json={"values": {"effort": 0}})
    assert single.json() == {
        "detail": "Effort must be a whole number from 1 to 5.",
        "errors": [
            {
                "field": "effort",
                "key": "effort",
                "message": "Effort must be a whole number from 1 to 5.",
            }
        ],
    }
    gone = client.delete(f"{base}/action-404")
    assert gone.status_code == 404 and gone.json()["errors"][0]["key"] == "not_found"
    assert len(client.get(f"/api/maps/{map_id}/versions").json()) == 1


def test_the_refusal_is_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    responses = paths["/api/maps/{map_id}/plan/actions"]["post"]["responses"]
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PlanRefusal"
    )

"""Whatever a user or a model typed is shown as text on every page: markup in an answer, an
edit, a file name, a record or a question is escaped, never run."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from assistant.services.container import Services

from .conftest import HX, XSS_IMG, XSS_SCRIPT, say, start_session

ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


def assert_escaped(html: str, *, expect: bool = True) -> None:
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert not re.search(r"<img[^>]+onerror", html, re.I)
    assert not re.search(r"<script>alert", html, re.I)
    if expect:
        assert any(e in html for e in ESCAPED)


@pytest.fixture
def hostile_session(client: TestClient, services: Services) -> tuple[str, str]:
    session_id = start_session(client)
    html = say(
        client,
        session_id,
        f"我们是外卖平台 {XSS_SCRIPT}，想减少差评。范围从下单到评价。",
        f"上班族 {XSS_IMG}：午休点外卖",
        "好",
    )
    assert_escaped(html)
    (record,) = services.db.maps.for_session(session_id)
    return session_id, record.id


def test_interview_and_its_map_escape_answers(
    client: TestClient, hostile_session: tuple[str, str]
) -> None:
    session_id, map_id = hostile_session
    shows_it = (
        f"/sessions/{session_id}",
        f"/maps/{map_id}",
        f"/maps/{map_id}/elements/goal/goal",
        f"/maps/{map_id}/elements/persona/persona-1/edit",
    )
    for url in (*shows_it, "/sessions", "/", f"/maps/{map_id}/plan"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.text, expect=url in shows_it)


def test_edits_and_exports_escape(client: TestClient, hostile_session: tuple[str, str]) -> None:
    _, map_id = hostile_session
    saved = client.post(
        f"/maps/{map_id}/elements/stage/stage-1",
        data={"_form": "1", "name": XSS_IMG, "description": XSS_SCRIPT},
        headers=HX,
    ).text
    assert_escaped(saved)
    assert_escaped(client.get(f"/maps/{map_id}").text)
    assert_escaped(client.get(f"/maps/{map_id}/plan").text)  # the diff shows old and new values
    assert_escaped(client.get(f"/maps/{map_id}/export/html").text)


def test_file_names_and_records_escape(client: TestClient) -> None:
    hostile = f"label,review\n0,{XSS_SCRIPT} 送餐太慢了\n0,{XSS_IMG} 送餐太慢，饭都凉了\n".encode()
    page = client.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files=[("files", (f"{XSS_IMG}.csv", hostile, "text/csv"))],
    ).text
    assert_escaped(page)
    assert_escaped(client.get("/knowledge?workspace=acme").text)
    card = client.get(
        "/ask", params={"q": f"送餐太慢顾客投诉怎么办 {XSS_SCRIPT}", "workspace": "acme"}
    ).text
    assert_escaped(card)


def test_workspace_names_escape(client: TestClient) -> None:
    response = client.post("/sessions", data={"workspace": XSS_IMG})
    assert_escaped(response.text, expect=False)
    assert_escaped(client.get("/sessions").text)
    assert_escaped(client.get("/knowledge", params={"workspace": XSS_IMG}).text)
    # A name with a slash would break the addresses of its pages and API: refused, and said so.
    refused = client.post("/sessions", data={"workspace": XSS_SCRIPT})
    assert refused.status_code == 422
    assert_escaped(refused.text)
    assert "a workspace name cannot contain" in refused.text

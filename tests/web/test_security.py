"""Web security (web/security.py): CSRF on every state-changing route, the API's Origin and
content-type rules, body and nesting limits, security headers on every kind of response, and
CSV exports that a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.examples import load_example
from assistant.exports.csv_safe import neutralise, safe_cell
from assistant.services.container import Services
from web.app import create_app
from web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SAFE_METHODS,
    Signer,
    json_too_deep,
    multipart_token,
)
from web.templating import CsrfFields, build_environment

from .conftest import HX, MakeServices, app_routes

ORIGIN = "http://testserver"  # the TestClient's own origin
EVIL = "https://evil.example"
HIDDEN = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')


class RawClient(TestClient):
    """Sends only what the test gives it: no CSRF token added (see conftest)."""

    sends_csrf_token = False


@pytest.fixture
def raw(services: Services) -> RawClient:
    return RawClient(create_app(services=services))


def token_of(client: TestClient) -> str:
    """The token a page gives the browser: the hidden field of its forms."""
    page = client.get("/").text
    match = HIDDEN.search(page)
    assert match, "no CSRF field on the home page"
    assert client.cookies.get(CSRF_COOKIE) == match.group(1)
    return match.group(1)


# Every state-changing route -------------------------------------------------------------------
def state_changing_routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route that is not GET/HEAD, however the routers are nested."""

    for route in app_routes(app):
        for method in sorted(getattr(route, "methods", None) or ()):
            if method not in SAFE_METHODS:
                yield method, re.sub(r"\{[^}]+\}", "x", route.path)


def test_every_state_changing_route_is_guarded(raw: RawClient) -> None:
    app = raw.app
    assert isinstance(app, FastAPI)
    routes = sorted(set(state_changing_routes(app)))
    # The enumeration sees the routers (a sanity check that it is not vacuous).
    assert ("POST", "/lang") in routes and ("DELETE", "/api/sessions/x") in routes
    assert len(routes) >= 20, routes
    token = token_of(raw)
    for method, path in routes:
        # A cross-site form post: another site's Origin, no token (the cookie rides along).
        foreign = raw.request(method, path, data={"a": "1"}, headers={"Origin": EVIL})
        assert foreign.status_code == 403, (method, path, foreign.text)
        # Even with the right token, another site's Origin is refused.
        forged = raw.request(
            method, path, data={CSRF_FIELD: token}, headers={"Origin": EVIL, CSRF_HEADER: token}
        )
        assert forged.status_code == 403, (method, path)
        if path.startswith("/api/"):
            # No Origin (a script): a form body is refused unless the route takes files.
            plain = raw.request(
                method, path, content=b"a=1", headers={"Content-Type": "text/plain"}
            )
            assert plain.status_code == 415, (method, path, plain.text)
        else:
            # Same origin, no token: refused too.
            missing = raw.request(method, path, data={"a": "1"}, headers={"Origin": ORIGIN})
            assert missing.status_code == 403, (method, path)
            wrong = raw.request(method, path, data={CSRF_FIELD: "x.y"}, headers=HX)
            assert wrong.status_code == 403, (method, path)


def test_refusal_is_a_localised_page_or_an_alert(raw: RawClient) -> None:
    raw.cookies.set("cxcoach_lang", "en")
    page = raw.post("/sessions", data={"workspace": "acme"})
    assert page.status_code == 403
    assert "Request refused" in page.text and "Reload the page" in page.text
    assert page.headers["content-type"].startswith("text/html")
    raw.cookies.set("cxcoach_lang", "zh-Hant")
    alert = raw.post("/sessions", data={"workspace": "acme"}, headers=HX)
    assert alert.status_code == 403 and alert.headers["HX-Retarget"] == "#flash"
    assert "請求被拒絕" in alert.text and "<html" not in alert.text
    # The refusal gives the browser a valid cookie: reloading the page is enough.
    assert Signer(b"").valid(raw.cookies.get(CSRF_COOKIE)) is False  # signed with the app's key
    assert raw.post("/sessions", data={CSRF_FIELD: token_of(raw), "workspace": "a"}).is_success


# With the token --------------------------------------------------------------------------------
def test_a_plain_form_post_with_the_hidden_field_works(raw: RawClient) -> None:
    token = token_of(raw)
    switched = raw.post(
        "/lang", data={CSRF_FIELD: token, "lang": "en", "next": "/"}, follow_redirects=False
    )
    assert switched.status_code == 303
    started = raw.post("/sessions", data={CSRF_FIELD: token, "workspace": "acme"})
    assert started.status_code == 200 and "/sessions/" in str(started.url)


def test_htmx_sends_the_header_and_multipart_carries_the_field_first(raw: RawClient) -> None:
    token = token_of(raw)
    # htmx: the token in the header from <body hx-headers>, no field.
    listed = raw.post("/sessions", data={"workspace": "acme"}, headers={**HX, CSRF_HEADER: token})
    assert listed.status_code in (200, 204) and "HX-Redirect" in listed.headers
    # A multipart upload without JavaScript: the field is the form's first part.
    upload = raw.post(
        "/knowledge/upload",
        data={CSRF_FIELD: token, "workspace": "acme"},
        files={"files": ("notes.txt", "退款要三天".encode())},
    )
    assert upload.status_code == 200, upload.text
    refused = raw.post(
        "/knowledge/upload",
        data={"workspace": "acme"},
        files={"files": ("notes.txt", "退款要三天".encode())},
    )
    assert refused.status_code == 403


def test_every_post_form_of_every_page_carries_the_token(client: TestClient) -> None:
    session = client.post("/sessions", data={"workspace": "acme"})
    pages = ["/", "/sessions", "/knowledge", "/ask", str(session.url.path)]
    token = client.cookies.get(CSRF_COOKIE)
    seen = 0
    for path in pages:
        html = client.get(path).text
        assert f'<meta name="csrf-token" content="{token}">' in html
        assert f"hx-headers='{{&#34;X-CSRF-Token&#34;: &#34;{token}&#34;}}'" in html or (
            f'"X-CSRF-Token": "{token}"' in html
        )
        for form in re.finditer(r"<form\b[^>]*>", html):
            if re.search(r'method="post"', form.group(0), re.I):
                seen += 1
                after = html[form.end() : form.end() + 200]
                assert after.startswith(f'<input type="hidden" name="csrf_token" value="{token}">')
    assert seen >= 5


def test_the_template_extension_adds_the_field_to_post_forms_only() -> None:
    source = (
        '<form method="get" action="/a">'
        '<form class="x" method="post" action="/s/{{ s.id }}" hx-post="/s/{{ s.id }}">'
        "<form method=POST data-x='a>b'>"
    )
    env = build_environment()
    assert any(isinstance(ext, CsrfFields) for ext in env.extensions.values())
    out = env.preprocess(source, "t.html")
    assert out.count("{{ csrf_field() }}") == 2
    assert '<form method="get" action="/a"><form' in out
    assert "data-x='a>b'>{{ csrf_field() }}" in out


def test_api_takes_same_origin_and_scripts_and_refuses_other_sites(raw: RawClient) -> None:
    body = {"workspace": "acme"}
    refused = raw.post("/api/sessions", json=body, headers={"Origin": EVIL})
    assert refused.status_code == 403 and "evil.example" in refused.json()["detail"]
    assert raw.post("/api/sessions", json=body, headers={"Origin": "null"}).status_code == 403
    other_port = raw.post("/api/sessions", json=body, headers={"Origin": "http://testserver:3000"})
    assert other_port.status_code == 403
    assert raw.post("/api/sessions", json=body, headers={"Origin": ORIGIN}).status_code == 201
    assert raw.post("/api/sessions", json=body).status_code == 201  # curl, scripts
    proxied = raw.post(
        "/api/sessions",
        json=body,
        headers={"Origin": "https://cx.example.com", "X-Forwarded-Host": "cx.example.com"},
    )
    assert proxied.status_code == 201


def test_api_accepts_json_only_except_on_upload_routes(raw: RawClient) -> None:
    form = raw.post("/api/sessions", data={"workspace": "acme"})
    assert form.status_code == 415 and "Content-Type" in form.json()["detail"]
    text = raw.post(
        "/api/ask", content=b'{"question": "x"}', headers={"Content-Type": "text/plain"}
    )
    assert text.status_code == 415
    blob = raw.post("/api/ask", content=b'{"question": "x"}', headers={"Content-Type": ""})
    assert blob.status_code == 415
    upload = raw.post(
        "/api/workspaces/acme/sources", files={"files": ("notes.txt", "退款要三天".encode())}
    )
    assert upload.status_code == 200, upload.text
    assert raw.delete("/api/sessions/nope").status_code == 404  # no body: nothing to check


# Limits ----------------------------------------------------------------------------------------
def test_body_over_the_limit_is_413(make_services: MakeServices) -> None:
    client = RawClient(create_app(services=make_services(max_body_kb=16)))
    big = {"question": "退" * 20_000}
    response = client.post("/api/ask", json=big)
    assert response.status_code == 413 and "16 KB" in response.json()["detail"]
    # Sent in chunks, without a declared length.
    data = json.dumps(big).encode()
    chunks = (data[i : i + 4096] for i in range(0, len(data), 4096))
    chunked = client.post("/api/ask", content=chunks, headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413
    # A page form: a localised page.
    client.cookies.set("cxcoach_lang", "en")
    token = token_of(client)
    page = client.post("/sessions", data={CSRF_FIELD: token, "workspace": "x" * 20_000})
    assert page.status_code == 413 and "at most 16 KB" in page.text
    assert client.post("/api/ask", json={"question": "退款"}).status_code == 200


def test_json_nested_too_deep_is_400(raw: RawClient) -> None:
    deep = {"question": "x", "extra": json.loads("[" * 40 + "]" * 40)}
    response = raw.post("/api/ask", json=deep)
    assert response.status_code == 400 and "32" in response.json()["detail"]
    huge = b'{"question": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = raw.post("/api/ask", content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    # Brackets inside strings are text, not nesting.
    fine = raw.post("/api/ask", json={"question": "[" * 100 + "退款要多久"})
    assert fine.status_code == 200


def test_depth_and_multipart_helpers() -> None:
    assert not json_too_deep(b'{"a": {"b": [1, 2, {"c": "[[[[[["}]}}', 4)
    assert json_too_deep(b'{"a": {"b": [1, 2, {"c": 1}]}}', 3)
    assert not json_too_deep(b'"\\"[[[[["', 1)
    body = (
        b'--XyZ\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\nabc.def\r\n'
        b'--XyZ\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n1,2'
    )
    assert multipart_token(body, "multipart/form-data; boundary=XyZ") == "abc.def"
    assert multipart_token(body, "multipart/form-data") is None


def test_a_planted_cookie_is_not_accepted(raw: RawClient) -> None:
    # Another port of localhost can set a cookie for this host: unsigned, it counts for nothing.
    raw.cookies.set(CSRF_COOKIE, "planted.token")
    refused = raw.post(
        "/sessions", data={CSRF_FIELD: "planted.token"}, headers={CSRF_HEADER: "planted.token"}
    )
    assert refused.status_code == 403
    assert Signer(b"k").valid(Signer(b"k").new()) and not Signer(b"k").valid(Signer(b"j").new())


def test_the_cookie_is_httponly_and_samesite(raw: RawClient) -> None:
    cookie = raw.get("/").headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "set-cookie" not in raw.get("/").headers  # set once, then kept
    assert "set-cookie" not in RawClient(raw.app).get("/api/sessions").headers


def test_the_token_survives_a_restart(make_services: MakeServices) -> None:
    services = make_services()
    first = RawClient(create_app(services=services))
    token = token_of(first)
    second = RawClient(create_app(services=services))  # same data dir: same signing key
    second.cookies.set(CSRF_COOKIE, token)
    started = second.post("/sessions", data={CSRF_FIELD: token, "workspace": "acme"})
    assert started.status_code == 200


# Headers ---------------------------------------------------------------------------------------
def assert_security_headers(headers: Any, *, csp: bool = True) -> None:
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    if csp:
        assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_security_headers_on_every_kind_of_response(services: Services) -> None:
    app = create_app(services=services)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    client = RawClient(app, raise_server_exceptions=False)
    responses = {
        "page": client.get("/"),
        "api": client.get("/api/sessions"),
        "static": client.get("/static/app.css"),
        "404 page": client.get("/sessions/nope"),
        "404 api": client.get("/api/sessions/nope"),
        "403": client.post("/sessions", data={"workspace": "acme"}),
        "415": client.post("/api/ask", content=b"x", headers={"Content-Type": "text/plain"}),
        "500": client.get("/boom"),
    }
    assert responses["500"].status_code == 500
    for name, response in responses.items():
        try:
            assert_security_headers(response.headers)
        except (AssertionError, KeyError) as exc:
            raise AssertionError(f"{name}: {dict(response.headers)}") from exc
    assert_security_headers(client.get("/docs").headers, csp=False)


# CSV -------------------------------------------------------------------------------------------
def test_csv_export_neutralises_formulas(client: TestClient, services: Services) -> None:
    workspace = services.db.workspaces.get_or_create("acme")
    record = services.db.maps.create(
        workspace.id, load_example("bank-loan.zh-Hans"), note="example", author="import"
    )
    edited = client.post(
        f"/maps/{record.id}/elements/touchpoint/tp-hotline",
        data={"name": "=SUM(A1)", "channel": "@cmd", "customer_action": "+1 打电话"},
        headers=HX,
    )
    assert edited.status_code == 200, edited.text
    exported = client.get(f"/api/maps/{record.id}/export/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"), newline="")))
    hotline = next(r for r in rows if "SUM(A1)" in r[1])
    assert hotline[1:3] == ["'=SUM(A1)", "'@cmd"] and hotline[5] == "'+1 打电话"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    # Negative emotion scores stay numbers (found by the header: the lanes before it grow).
    score = rows[0].index("情绪分")
    assert "-2" in [row[score] for row in rows[1:]]


def test_safe_cell_rules() -> None:
    assert neutralise("=1+1") == "'=1+1" and neutralise("-2 生气") == "'-2 生气"
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"
    assert neutralise("正常") == "正常" and neutralise("") == ""
    assert safe_cell(-2) == -2 and safe_cell(-1.5) == -1.5
    assert safe_cell(None) == "" and safe_cell(True) == "True"

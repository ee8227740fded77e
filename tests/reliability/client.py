"""Talking to the app as its pages and scripts do, over any httpx client (a live server's, or
FastAPI's TestClient): the CSRF token a page gets, htmx and plain form posts, JSON calls, event
streams; and what makes an answer bad (a 500, a traceback, no message)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

from tests.reliability.server import TRACEBACK
from tests.web.conftest import sse_events as parse_sse
from web.security import CSRF_COOKIE, CSRF_HEADER

HX = {"HX-Request": "true"}
CSRF_FIELD_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: httpx.Client) -> str:
    """The token a page hands the browser: the cookie set by the first page it shows (also the
    hidden field of its forms)."""
    token = client.cookies.get(CSRF_COOKIE)
    if not token:
        page = client.get("/")
        token = client.cookies.get(CSRF_COOKIE)
        field = CSRF_FIELD_RE.search(page.text)
        assert token and field and field.group(1) == token, "the home page gave no CSRF token"
    return str(token)


def page_post(
    client: httpx.Client,
    url: str,
    *,
    htmx: bool = False,
    data: Mapping[str, Any] | None = None,
    files: Any = None,
    headers: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """A form post as a page sends it: htmx with the X-CSRF-Token header, a plain form with the
    hidden csrf_token field."""
    token = csrf_token(client)
    sent = dict(headers or {})
    fields = dict(data or {})
    if htmx:
        sent |= HX | {CSRF_HEADER: token}
    else:
        fields = {"csrf_token": token, **fields}
    return client.post(url, data=fields, files=files, headers=sent, **kwargs)


def sse_events(client: httpx.Client, url: str, timeout: float = 60.0) -> list[tuple[str, str]]:
    """The (event, data) pairs of an event stream, until it ends or `timeout` runs out."""
    found: list[tuple[str, str]] = []
    with client.stream("GET", url, timeout=timeout) as response:
        for event, data in parse_sse(response.iter_lines()):
            found.append((event, data))
            if event == "done":
                break
    return found


def visible(text: str) -> str:
    """Markup dropped, entities decoded, whitespace collapsed: what a reader sees."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


# What makes an answer bad ----------------------------------------------------------------------
def server_error(response: httpx.Response) -> str | None:
    """'HTTP 500' (any 5xx but the 503 of an unavailable language model), or None."""
    if response.status_code >= 500 and response.status_code != 503:
        return f"HTTP {response.status_code}"
    if "Internal Server Error" in response.text:
        return "'Internal Server Error' in the body"
    return None


def shows_traceback(text: str) -> bool:
    return TRACEBACK in text or 'File "/' in text


def message_of(response: httpx.Response) -> str:
    """What the answer tells the user: the JSON detail or file reasons, or the page's alert."""
    kind = response.headers.get("content-type", "")
    if "json" in kind:
        try:
            body = response.json()
        except json.JSONDecodeError:
            return ""
        return json_message(body)
    if "html" in kind:
        found = re.findall(
            r'<(?:p|div|td|li|span)[^>]*class="[^"]*(?:alert|notice|reason|error|flash)[^"]*"'
            r"[^>]*>(.*?)</(?:p|div|td|li|span)>",
            response.text,
            re.S,
        )
        return " ".join(visible(f) for f in found) or visible(response.text)[:300]
    return response.text[:300]


def json_message(body: Any) -> str:
    if isinstance(body, dict):
        if "detail" in body:
            detail = body["detail"]
            return detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
        if "results" in body:
            return "; ".join(
                f"{r.get('name')}: {r.get('status')} {r.get('reason', '')}".strip()
                for r in body["results"]
            )
        if "files" in body:  # an analysis: each file's report
            return "; ".join(
                f"{f.get('name')}: {f.get('reason') or f.get('rows', '')}" for f in body["files"]
            )
    return json.dumps(body, ensure_ascii=False)[:300]

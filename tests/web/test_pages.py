"""Home, the language switcher, error pages, offline assets and security headers."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.llm import ChatProvider, LLMError
from assistant.retrieval import KnowledgeIndex
from assistant.services.container import Services
from assistant.settings import Settings
from web.app import STATIC_DIR, create_app
from web.i18n import LANG_COOKIE

from .conftest import HX, text_of


def test_home_offers_the_three_modes(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "绘制客户旅程图" in text and "问一问某个触点怎么处理" in text
    assert 'action="/sessions"' in page.text and 'action="/ask"' in page.text
    assert 'href="/practice"' in page.text and "练一练" in text  # the tutor for courses
    # Industries to skip the question, in the interface language.
    assert '<option value="restaurant">餐饮</option>' in page.text


def test_language_switch_sets_a_cookie_and_returns_to_the_page(client: TestClient) -> None:
    response = client.post("/lang", data={"lang": "en", "next": "/ask?q=x"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ask?q=x"
    assert f"{LANG_COOKIE}=en" in response.headers["set-cookie"]
    page = client.get("/")
    assert '<html lang="en">' in page.text
    assert "Build a journey map" in page.text and "绘制客户旅程图" not in page.text
    client.post("/lang", data={"lang": "zh-Hant", "next": "/"})
    hant = client.get("/").text
    assert '<html lang="zh-Hant">' in hant
    assert "繪製顧客旅程圖" in hant and "公司資料" in hant


def test_language_switch_never_redirects_off_site(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil"):
        response = client.post("/lang", data={"lang": "en", "next": target}, follow_redirects=False)
        assert response.headers["location"] == "/"


def test_unknown_language_falls_back_to_the_default(client: TestClient) -> None:
    client.cookies.set(LANG_COOKIE, "fr")
    assert '<html lang="zh-Hans">' in client.get("/").text


def test_not_found_is_a_page_in_the_interface_language(client: TestClient) -> None:
    for url in ("/sessions/no-such-session", "/maps/no-such-map", "/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404
        assert "没有找到" in response.text and 'href="/"' in response.text
    api = client.get("/api/sessions/no-such-session")
    assert api.status_code == 404 and "not found" in api.json()["detail"]


def test_errors_inside_htmx_go_to_the_alert_area(client: TestClient) -> None:
    response = client.post("/sessions/missing/turns", data={"message": "hi"}, headers=HX)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#flash"
    assert 'class="alert error"' in response.text and "<html" not in response.text


def test_pages_use_no_external_urls(client: TestClient) -> None:
    """Offline first: no CDN, no web font, no external script, style or image anywhere."""
    for url in ("/", "/sessions", "/knowledge", "/ask", "/docs"):
        html = client.get(url).text
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not ref.startswith(("http:", "https:", "//")), (url, ref)
    css = (STATIC_DIR / "app.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(http" not in css and "@font-face" not in css


def test_vendored_htmx_and_sse_extension_are_served(client: TestClient) -> None:
    htmx = client.get("/static/vendor/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text
    sse = client.get("/static/vendor/sse.min.js")
    assert sse.status_code == 200 and "sse-connect" in sse.text
    base = client.get("/").text
    assert "/static/vendor/htmx.min.js" in base and "/static/vendor/sse.min.js" in base


def test_openapi_lists_the_json_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/sessions",
        "/api/sessions/{session_id}/turns",
        "/api/maps/{map_id}",
        "/api/maps/{map_id}/plan",
        "/api/maps/{map_id}/versions",
        "/api/maps/{map_id}/diff",
        "/api/maps/{map_id}/export/{fmt}",
        "/api/workspaces/{workspace}/sources",
        "/api/ask",
    ):
        assert path in paths, path
    assert not any(p.startswith(("/sessions", "/maps", "/knowledge")) for p in paths)
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_templates_never_mark_text_safe() -> None:
    templates = Path(STATIC_DIR).parent / "templates"
    for template in templates.glob("*.html"):
        assert "|safe" not in template.read_text(encoding="utf-8").replace(" ", ""), template


class _NoModelServices(Services):
    """A configured model that cannot be built (a missing extra, a bad setting)."""

    @cached_property
    def llm(self) -> ChatProvider | None:
        raise LLMError("openai: the langchain-openai extra is missing", kind="config")


def test_llm_that_cannot_be_built_shows_the_llm_unavailable_page(
    settings: Settings, shared_index: KnowledgeIndex
) -> None:
    services = _NoModelServices(settings, index=shared_index)
    client = TestClient(create_app(services=services))
    response = client.post("/sessions", data={"workspace": "acme"})
    assert response.status_code == 503
    assert "语言模型暂时不可用" in response.text and "extra is missing" in response.text
    assert "cxcoach doctor" in response.text
    services.close()

"""A Traditional-Chinese user reads Traditional, in Taiwan's words, on every page and in every
export: the app's GET routes are walked (a workspace with an analysis, a finished interview with
its map and plan, a shipped Simplified map, practice attempts and a course) with the zh-Hant
interface, and each page's visible text and each export is checked for Simplified-only characters
and for the forms the Taiwan glossary (assistant/text/glossary.yaml) forbids."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.examples import load_example
from assistant.exports import DOWNLOADS
from assistant.services.container import Services
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary, to_traditional
from tests.web.test_practice import GOOD_HANT, SCENARIO
from web.app import create_app

from .conftest import HX, RESTAURANT_ZH, SAMPLE_CSV, say, start_session

# What a Taiwanese manager types: the restaurant interview of conftest, in Traditional.
RESTAURANT_HANT = [to_traditional(message) for message in RESTAURANT_ZH]
# Streams (server-sent events) and downloads that are data, not pages.
NOT_PAGES = ("/stream", "/healthz", "/roster.csv", "/favicon.ico", "/docs", "/openapi.json")
_ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label|alt|data-too-big)="([^"]*)"')


def visible(html: str) -> str:
    """What a reader sees or hears: text outside scripts and styles, and the attributes read out."""
    body = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    # The language switcher names 简体 in its own script (an element marked lang="zh-Hans"); an
    # edit form holds the map's stored text as it is, to be edited in its own script.
    body = re.sub(r"<textarea\b[^>]*>.*?</textarea>", " ", body, flags=re.S)
    body = re.sub(r'<(\w+)\b[^>]*\blang="zh-Hans"[^>]*>.*?</\1>', " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return " ".join([text, *_ATTRIBUTES.findall(body)])


def problems(text: str) -> list[str]:
    """Each Simplified-only character and forbidden form, with the words around it. A label the
    emotion curve cuts short (客戶經… for 客戶經理) is checked whole where it is written out."""
    text = re.sub(r"[^\s>]*…", "", re.sub(r"\s+", " ", text))
    found = [m for c in simplified_only_chars(text) for m in list(re.finditer(c, text))[:1]]
    for term in glossary():
        found += [m for m in term.pattern.finditer(text) if not (term.keep and m.group("keep"))]
    return [text[max(0, m.start() - 12) : m.end() + 12] for m in found]


@dataclass
class Seeded:
    """The ids a route's path parameters are filled with."""

    params: dict[str, list[str]] = field(default_factory=dict)


def page_routes(app: Any) -> list[str]:
    """Every GET route of the app that renders a page (not the JSON API, streams, files)."""
    paths: list[str] = []
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for ctx in contexts() if callable(contexts) else [route]:
            if "GET" in (getattr(ctx, "methods", None) or ()) and not ctx.path.startswith("/api"):
                paths.append(ctx.path)
    return [p for p in dict.fromkeys(paths) if not p.endswith(NOT_PAGES) and p != "/docs"]


@pytest.fixture
def hant(services: Services) -> tuple[TestClient, Seeded]:
    client = TestClient(create_app(services=services))
    client.cookies.set("cxcoach_lang", "zh-Hant")
    seeded = Seeded()
    # The workspace's feedback analysis (a Simplified export, as a mainland platform gives it).
    response = client.post(
        "/knowledge/analyze",
        data={"workspace": "acme"},
        files=[("files", ("waimai.csv", SAMPLE_CSV.read_bytes(), "text/csv"))],
    )
    assert response.status_code == 200, response.text
    # A finished interview, typed in Traditional, and its map.
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_HANT)
    maps = services.db.maps.for_session(session_id)
    assert maps, "the finished interview has a map"
    interview_map = maps[0].id
    # A map written in Simplified, read by a zh-Hant user.
    workspace = services.db.workspaces.get_or_create("acme")
    example = services.db.maps.create(workspace.id, load_example("bank-loan.zh-Hans"))
    # Practice: a role-play, a mapping exercise and a course.
    client.post("/practice/trainee", data={"name": "小王", "workspace": "acme"})
    started = client.post("/practice/roleplays", data={"scenario": SCENARIO})
    roleplay = str(started.url).rsplit("/", 1)[1]
    for text in GOOD_HANT:
        client.post(f"/practice/roleplays/{roleplay}/replies", data={"text": text}, headers=HX)
    mapping = str(client.post("/practice/mappings", data={"case": "bank-branch"}).url)
    course = client.post(
        "/practice/courses", data={"name": "第一線服務一班", "roster": "小王", "scenario": SCENARIO}
    )
    seeded.params = {
        "session_id": [session_id],
        "map_id": [interview_map, example.id],
        "attempt_id": [roleplay],
        "mappings/{attempt_id}": [mapping.rsplit("/", 1)[1]],
        "course_id": [str(course.url).rsplit("/", 1)[1]],
        "workspace": ["acme"],
        "fmt": list(DOWNLOADS),
    }
    return client, seeded


def urls(path: str, seeded: Seeded, client: TestClient) -> list[str]:
    """`path` with its parameters filled in every seeded way (map elements from the map page)."""
    names = re.findall(r"{(\w+)}", path)
    if {"kind", "element_id"} <= set(names):
        found = []
        for map_id in seeded.params["map_id"]:
            page = client.get(f"/maps/{map_id}").text
            elements = dict(re.findall(r'data-element="(\w+):([^"]+)"', page))  # one per kind
            base = path.replace("{map_id}", map_id)
            for kind, element in elements.items():
                found.append(base.replace("{kind}", kind).replace("{element_id}", element))
        return found
    # A parameter's values, or those seeded for it on this kind of path (an attempt is a
    # role-play on /roleplays/ and a mapping exercise on /mappings/).
    values = {n: next((v for k, v in seeded.params.items() if "/" in k and f"{k}" in path),
                      seeded.params.get(n)) for n in names}  # fmt: skip
    missing = [n for n, v in values.items() if v is None]
    assert not missing, f"{path}: seed a value for {missing} in this test"
    filled = [path]
    for name in names:
        filled = [u.replace(f"{{{name}}}", v) for u in filled for v in values[name] or []]
    if path.endswith("/diff"):  # the first version against the latest
        filled = [f"{u}?a=1&b={latest(client, u.split('/')[2])}" for u in filled]
    return filled


def latest(client: TestClient, map_id: str) -> int:
    return max(v["version"] for v in client.get(f"/api/maps/{map_id}/versions").json())


def export_texts(response: Any) -> list[tuple[str, str]]:
    if response.headers["content-type"].startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return [(n, archive.read(n).decode("utf-8-sig")) for n in archive.namelist()]
    return [("", response.content.decode("utf-8-sig"))]


def test_every_page_and_export_reads_traditional_in_taiwan_words(
    hant: tuple[TestClient, Seeded],
) -> None:
    client, seeded = hant
    routes = page_routes(client.app)
    assert {"/", "/knowledge", "/maps/{map_id}", "/maps/{map_id}/plan", "/practice"} <= set(routes)
    bad: dict[str, Any] = {}
    checked = 0
    for path in routes:
        for url in urls(path, seeded, client):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            checked += 1
            if "/export/" in url:
                for name, text in export_texts(response):
                    if name.endswith(".json") or url.endswith("/json"):
                        continue  # the data as stored, for programs
                    if found := problems(text):
                        bad[f"{url} {name}"] = found
                continue
            assert '<html lang="zh-Hant">' in response.text, url
            if found := problems(visible(response.text)):
                bad[url] = found
    assert checked >= 30
    # What was checked is what a reader meets: the analysis, and a Simplified map converted.
    knowledge = visible(client.get("/knowledge?workspace=acme").text)
    assert "「acme」的回饋分析" in knowledge and "負面占比" in knowledge
    example = seeded.params["map_id"][1]
    assert "青禾銀行「禾悅貸」個人消費貸款顧客旅程圖" in visible(
        client.get(f"/maps/{example}").text
    )
    report = client.get(f"/maps/{example}/export/md").content.decode()
    assert "改善計畫" in report and "青禾銀行" in report
    assert not bad, "\n".join(f"{url}: {found}" for url, found in bad.items())


def test_error_pages_read_traditional(hant: tuple[TestClient, Seeded]) -> None:
    client, _ = hant
    for url, says in (
        ("/maps/doesnotexist", "找不到旅程圖「doesnotexist」"),
        ("/sessions/doesnotexist", "找不到訪談「doesnotexist」"),
        ("/maps/doesnotexist/export/pdf", "沒有找到"),
    ):
        response = client.get(url)
        assert response.status_code == 404
        text = visible(response.text)
        assert says in text and not problems(text), (url, problems(text))

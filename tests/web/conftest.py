"""Web fixtures: the app built by its factory over fast offline services (memory index, hash
embedder, temp data dir), the methodology corpus indexed once for the whole run.

Every TestClient here sends the CSRF token the way the app's pages do (`X-CSRF-Token`, from the
cookie a page set: `_send_csrf_token`), so a test posts to a page route as a user would; a client
with `sends_csrf_token = False` sends only what the test gives it (tests/web/test_security.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.embeddings.hash_backend import HashEmbedder
from assistant.examples import load_example
from assistant.llm import ChatProvider
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.memory_store import MemoryStore
from assistant.services.container import Services
from assistant.settings import Settings
from web.app import create_app
from web.security import CSRF_COOKIE, CSRF_HEADER, SAFE_METHODS

DATA = Path(__file__).parent / "data"
SAMPLE_CSV = DATA / "waimai_sample.csv"
HX = {"HX-Request": "true"}

# A short zh-Hans interview that reaches the end (restaurant / food delivery): typed answers,
# suggestion numbers and "accept all" — what a user does with the chips.
RESTAURANT_ZH = [
    "我们是外卖平台，想把差评率从8%降到5%，尤其是配送慢和餐品洒漏。范围从下单到评价。",
    "上班族：午休点外卖，时间紧",
    "1,2,3,4,5",
    *["好"] * 6,
    "1：-1 犹豫\n骑手配送：-2 生气 “又晚了40分钟”\n其余：0",
    "好",
    "好",
    "好",
    "好",
    "好",
]

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

MakeServices = Callable[..., Services]

_plain_request = TestClient.request


def _request_like_a_page(self: TestClient, method: str, url: Any, **kwargs: Any) -> Any:
    """TestClient.request, with the CSRF header on a state-changing request (the cookie comes
    from a first page view when the client has none yet)."""
    headers = kwargs.get("headers")
    if (
        method.upper() not in SAFE_METHODS
        and getattr(self, "sends_csrf_token", True)
        and (headers is None or isinstance(headers, Mapping))
    ):
        if CSRF_COOKIE not in self.cookies:
            _plain_request(self, "GET", "/healthz")
        kwargs["headers"] = {CSRF_HEADER: self.cookies.get(CSRF_COOKIE, ""), **(headers or {})}
    return _plain_request(self, method, url, **kwargs)


@pytest.fixture(autouse=True)
def _send_csrf_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TestClient, "request", _request_like_a_page)


@pytest.fixture(scope="session")
def shared_index() -> KnowledgeIndex:
    index = KnowledgeIndex(MemoryStore(), HashEmbedder())
    index.ensure_methodology()
    return index


@pytest.fixture
def make_services(settings: Settings, shared_index: KnowledgeIndex) -> Iterator[MakeServices]:
    made: list[Services] = []

    def make(llm: ChatProvider | None = None, **overrides: object) -> Services:
        chosen = settings.model_copy(update=overrides) if overrides else settings
        services = Services(chosen, llm=llm, index=shared_index)
        made.append(services)
        return services

    yield make
    for services in made:
        services.close()


@pytest.fixture
def services(make_services: MakeServices) -> Services:
    return make_services()


@pytest.fixture
def client(services: Services) -> TestClient:
    return TestClient(create_app(services=services))


def start_session(client: TestClient, industry: str = "") -> str:
    response = client.post("/sessions", data={"workspace": "acme", "industry": industry})
    assert response.status_code == 200, response.text  # followed the redirect
    match = re.search(r"/sessions/([0-9a-f-]{36})$", str(response.url))
    assert match, response.url
    return match.group(1)


def say(client: TestClient, session_id: str, *messages: str) -> str:
    """Post each message as htmx does; the last response's HTML."""
    text = ""
    for message in messages:
        response = client.post(
            f"/sessions/{session_id}/turns", data={"message": message}, headers=HX
        )
        assert response.status_code == 200, response.text
        text = response.text
    return text


def text_of(html: str) -> str:
    """The visible text, roughly: tags dropped, whitespace collapsed (entities kept)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def sse_events(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(event, data) pairs of a server-sent event stream as they arrive, data lines joined."""
    event, data = "", []
    for line in lines:
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
        elif not line and event:
            yield event, "\n".join(data)
            event, data = "", []


def example_map(services: Services, example: str, workspace: str = "acme") -> str:
    """The id of a shipped example map imported into `workspace`."""
    owner = services.db.workspaces.get_or_create(workspace)
    record = services.db.maps.create(
        owner.id, load_example(example), note="example", author="import"
    )
    return record.id


@pytest.fixture
def map_id(services: Services) -> str:
    """The bank-loan example map (zh-Hans) in workspace acme."""
    return example_map(services, "bank-loan.zh-Hans")


def app_routes(app: FastAPI) -> Iterator[Any]:
    """Every route of the app, however the routers are nested."""

    def walk(routes: list[Any]) -> Iterator[Any]:
        for route in routes:
            if hasattr(route, "effective_route_contexts"):  # FastAPI's included routers
                yield from route.effective_route_contexts()
            elif hasattr(route, "routes") and not hasattr(route, "methods"):
                yield from walk(route.routes)
            else:
                yield route

    return walk(list(app.routes))

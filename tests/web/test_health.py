from __future__ import annotations

from fastapi.testclient import TestClient

from assistant import __version__
from assistant.settings import Settings
from web.app import create_app


def test_healthz_reports_version_and_mode(settings: Settings) -> None:
    client = TestClient(create_app(settings))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__, "llm_mode": "none"}


def test_openapi_is_published(settings: Settings) -> None:
    client = TestClient(create_app(settings))
    assert "/healthz" in client.get("/openapi.json").json()["paths"]

"""App factory: tests and `cxcoach serve` build the app the same way, with their own settings."""

from __future__ import annotations

from fastapi import FastAPI

from assistant import __version__
from assistant.services.container import Services
from assistant.settings import Settings, load_settings
from web.routers import health


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    services = services or Services(settings or load_settings())
    app = FastAPI(title="cxcoach", version=__version__, docs_url="/docs")
    app.state.services = services
    app.include_router(health.router)
    return app

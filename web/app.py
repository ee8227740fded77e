"""App factory: tests and `cxcoach serve` build the app the same way, with their own settings.

Pages (HTML, htmx) and the JSON API (`/api/…`, OpenAPI at `/docs`) sit side by side, one router
module per resource, both thin over the same services as the CLI.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from assistant import __version__
from assistant.services.container import Services
from assistant.settings import Settings, load_settings
from web.errors import UploadTooLarge, register_error_handlers, too_large
from web.jobs import Jobs
from web.routers import (
    analytics,
    ask,
    exports,
    health,
    ingest,
    maps,
    pages,
    plans,
    practice,
    records,
    sessions,
    turns,
    versions,
)
from web.security import RequestGuard, SecurityHeaders, load_secret
from web.templating import build_templates, static_url
from web.uploads import MAX_FILES, remove_stale_uploads

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
STREAM_WORKERS = 8


class CxcoachApp(FastAPI):
    """FastAPI with the security headers outside everything, Starlette's own 500 page included
    (web/security.py)."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def _warm_up(services: Services, ready: threading.Event, jobs: Jobs) -> None:
    """Build (or open) the methodology index now, so the first question does not wait for it.

    The first start with the bundled e5 model embeds the whole corpus (minutes on a small
    laptop); pages say so while `ready` is unset. Later starts open the stored index at once.
    """
    try:
        services.index.ensure_methodology()
        services.interview  # noqa: B018 - opened here rather than by two first requests at once
    except Exception:  # noqa: BLE001 - the request that needs it will report the problem
        log.exception("warming up failed")
    finally:
        ready.set()
    _recover(services, jobs)


def _recover(services: Services, jobs: Jobs) -> None:
    """Work a stopped process left: its jobs fail visibly with nothing half-written, and the
    messages it had accepted get their replies (assistant/services/turns.py)."""
    try:
        failed = jobs.recover(services.ingest)
        resumed = services.turns.recover()
        if failed or resumed:
            log.info("recovered: %d interrupted jobs failed, %d turns resumed", failed, resumed)
    except Exception:  # noqa: BLE001 - recovery is retried at the next start
        log.exception("recovering interrupted work failed")


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    owned = services is None
    services = services or Services(settings or load_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        remove_stale_uploads(services.settings.data_dir)
        threading.Thread(
            target=_warm_up, args=(services, app.state.index_ready, app.state.jobs), daemon=True
        ).start()
        yield
        app.state.executor.shutdown(wait=False, cancel_futures=True)
        app.state.jobs.shutdown()
        if owned:
            services.close()

    app = CxcoachApp(
        title="cxcoach",
        version=__version__,
        summary="Guided customer-experience diagnosis: journey maps and improvement plans.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.templates = build_templates()
    app.state.index_ready = threading.Event()
    if "index" in services.__dict__:  # handed in already built (tests, a shared index)
        app.state.index_ready.set()
    app.state.jobs = Jobs(services.db)
    app.state.executor = ThreadPoolExecutor(STREAM_WORKERS, thread_name_prefix="cxcoach-turn")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    routers = (
        health,
        pages,
        sessions,
        turns,
        maps,
        plans,
        versions,
        exports,
        ingest,
        analytics,
        ask,
        practice,
        records,
    )
    for module in routers:
        for name in ("router", "api"):
            if hasattr(module, name):
                app.include_router(getattr(module, name))
    register_error_handlers(app)
    for error, handler in practice.HANDLERS.items():
        app.add_exception_handler(error, handler)
    _add_docs(app)

    @app.middleware("http")
    async def refuse_oversized_uploads(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """A body over what MAX_FILES files at the limit can be is refused before it is read:
        the JSON API's upload routes would otherwise parse it all to disk first."""
        declared = request.headers.get("content-length", "")
        limit_mb = services.settings.max_upload_mb
        if request.method == "POST" and declared.isdigit():
            if int(declared) > (limit_mb << 20) * MAX_FILES:
                return await too_large(request, UploadTooLarge(limit_mb))
        return await call_next(request)

    # Outermost of the app's own middleware: CSRF and body limits for every route, present and
    # future (web/security.py); security headers: CxcoachApp.
    app.add_middleware(
        RequestGuard,
        secret=load_secret(services.settings.data_dir),
        max_body_bytes=services.settings.max_body_kb << 10,
        max_json_depth=services.settings.max_json_depth,
    )
    return app


def _add_docs(app: FastAPI) -> None:
    """OpenAPI at /docs, with Swagger UI served from web/static (no CDN)."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="cxcoach API",
            swagger_js_url=static_url("vendor/swagger-ui/swagger-ui-bundle.js"),
            swagger_css_url=static_url("vendor/swagger-ui/swagger-ui.css"),
            swagger_favicon_url=static_url("favicon.svg"),
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse(static_url("favicon.svg"), status_code=301)

"""Error states a user can meet, each with a page (or, inside an htmx request, a message in the
page's alert area) and, under `/api/`, JSON: not found (404), upload too big (413), the language
model unavailable (503). The refusals of `web/security.py` (403 cross-site, 413 body too large,
400 JSON too deep, 415 not JSON) are rendered here too."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.interview.graph import SessionNotStarted
from assistant.llm import LLMError
from assistant.storage import InvalidName, NotFound
from assistant.storage.work import Busy
from web.deps import Page, get_lang, get_services, is_htmx

log = logging.getLogger(__name__)


class UploadTooLarge(Exception):
    """A request body over the upload limit (the limit in MB is `limit_mb`)."""

    def __init__(self, limit_mb: int) -> None:
        super().__init__(f"upload larger than {limit_mb} MB")
        self.limit_mb = limit_mb


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request, status: int, title_key: str, text: str, detail: str = ""
) -> Response:
    if is_api(request):
        return JSONResponse({"detail": detail or text}, status_code=status)
    page = Page(request, get_services(request), get_lang(request))
    context = {"status": status, "title": page.t(title_key), "text": text, "detail": detail}
    if is_htmx(request):
        # htmx swaps error responses (see the htmx-config meta in base.html): into the alert area.
        headers = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
        return page.render(
            "error.html", context, blocks=["flash"], status_code=status, headers=headers
        )
    return page.render("error.html", context, status_code=status)


def translate(request: Request, key: str, **variables: object) -> str:
    return Page(request, get_services(request), get_lang(request)).t(key, **variables)


# What a missing thing is called on a page (NotFound.what → a UI string).
NOT_FOUND_KINDS = (
    "workspace", "session", "map", "version", "source", "trainee", "attempt", "course"
)  # fmt: skip


def not_found_detail(request: Request, exc: Exception) -> str:
    """Which thing is missing, in the reader's language ("找不到旅程图“x”。"): said from what
    the error names (`NotFound.what`, `.ident`). The English message is for the API and logs;
    a page shows only what it can say in the reader's language."""
    what, ident = getattr(exc, "what", ""), getattr(exc, "ident", "")
    if what in NOT_FOUND_KINDS and ident:
        kind = translate(request, f"not_found_kind_{what}")
        return translate(request, "error_not_found_what", what=kind, ident=ident)
    return ""


async def not_found(request: Request, exc: Exception) -> Response:
    text = translate(request, "error_not_found_text")
    if is_api(request):
        return error_response(request, 404, "error_not_found_title", text, str(exc))
    detail = not_found_detail(request, exc)
    return error_response(request, 404, "error_not_found_title", text, detail)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return await not_found(request, exc)
    if is_api(request):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    text = translate(request, "error_generic_text")
    return error_response(request, exc.status_code, "error_generic_title", text, str(exc.detail))


async def llm_unavailable(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LLMError)
    log.warning("language model unavailable: %r", exc)
    text = translate(request, "error_llm_text")
    return error_response(request, 503, "error_llm_title", text, exc.message)


async def invalid_name(request: Request, exc: Exception) -> Response:
    text = translate(request, "error_generic_text")
    return error_response(request, 422, "error_generic_title", text, str(exc))


async def too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UploadTooLarge)
    text = translate(request, "error_too_large_text", limit=exc.limit_mb)
    return error_response(request, 413, "error_too_large_title", text)


async def busy(request: Request, exc: Exception) -> Response:
    """A turn waited too long for the one before it (another worker's); its message is kept."""
    text = translate(request, "error_busy_text")
    return error_response(request, 503, "error_busy_title", text)


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(SessionNotStarted, not_found)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(LLMError, llm_unavailable)
    app.add_exception_handler(UploadTooLarge, too_large)
    app.add_exception_handler(InvalidName, invalid_name)
    app.add_exception_handler(Busy, busy)

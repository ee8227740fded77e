"""Home, and the language switcher (a cookie, then back to the page the user was on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.interview.say import Say
from assistant.playbooks import INDUSTRIES
from assistant.services.sessions import list_sessions
from web.deps import PageDep
from web.i18n import LANG_COOKIE, LANG_COOKIE_MAX_AGE, pick_lang
from web.routers.sessions import DEFAULT_WORKSPACE

router = APIRouter(tags=["pages"], include_in_schema=False)

RECENT = 5


@router.get("/", response_class=HTMLResponse)
def home(page: PageDep) -> HTMLResponse:
    db = page.services.db
    say = Say(page.lang)
    context = {
        "recent": list_sessions(db)[:RECENT],
        "workspaces": [w.name for w in db.workspaces.list()] or [DEFAULT_WORKSPACE],
        "industries": [(key, say(f"industry_{key}")) for key in INDUSTRIES],
    }
    return page.render("home.html", context)


def _local(url: str) -> str:
    """Only a path on this site: never send the user elsewhere (`//host`, `https://…`)."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/"


@router.post("/lang")
def switch_language(
    page: PageDep, lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    chosen = pick_lang(lang, page.lang)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE, chosen, max_age=LANG_COOKIE_MAX_AGE, samesite="lax", httponly=True
    )
    return response

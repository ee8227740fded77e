"""Interview sessions: start, list, resume, duplicate, delete, finish (pages and JSON API), all
through `SessionService` (assistant/services/sessions.py), as the CLI does.

"Finish now" is confirmed first, saying what the map still lacks: on the interview page a
<details> step beside the button (swapped after every turn, so it is current), on its own page
(`GET /sessions/{id}/finish`) without JavaScript, and on the API a `confirm: true` in the body
(without it: 409 with what is missing; `GET /api/sessions/{id}/finish` says it beforehand)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Response, status
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import Lang
from assistant.interview.say import Say
from assistant.interview.service import TurnResult
from assistant.interview.steps import STEP_IDS
from assistant.playbooks import INDUSTRIES
from assistant.services.sessions import DEFAULT_WORKSPACE as DEFAULT_WORKSPACE
from assistant.services.sessions import (
    MAP_PARTS,
    FinishCheck,
    MapPart,
    SessionSummary,
)
from assistant.storage import NotFound
from web.deps import Page, PageDep, ServicesDep
from web.views.interview import interview_context

CONFIRMED = "yes"  # the value of the confirmation form's `confirm` field

router = APIRouter(prefix="/sessions", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/sessions", tags=["sessions"])


# Shared with the other routers -----------------------------------------------------------------
def redirect(url: str, page: Page) -> Response:
    """After a form post: htmx follows HX-Redirect, a plain browser the 303."""
    if page.htmx:
        return Response(status_code=status.HTTP_204_NO_CONTENT, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)


def render_interview(page: Page, session_id: str) -> HTMLResponse:
    interview = page.services.interview
    result = interview.current(session_id)
    transcript = interview.state(session_id).transcript
    context = interview_context(result, page.lang, transcript)
    return page.render("interview.html", context)


def session_list_response(page: Page, status_text: str = "") -> HTMLResponse:
    say = Say(page.lang)
    context = {
        "sessions": page.services.sessions.list(),
        "step_titles": {step: say(f"step_{step}") for step in STEP_IDS},
        "status_text": status_text,
    }
    return page.render("sessions.html", context, blocks=["session_list"] if page.htmx else None)


def _copied_text(page: Page, session_id: str) -> str:
    try:
        copy = page.services.sessions.get(session_id)
    except NotFound:
        return ""  # a stale link: the copy was deleted since
    return page.t("session_copied", title=copy.title_in(page.lang))


# Pages -----------------------------------------------------------------------------------------
@router.get("", response_class=HTMLResponse)
def sessions_page(page: PageDep, copied: str = "") -> HTMLResponse:
    """The list; `copied` (a session id, after a copy without JavaScript) confirms the copy."""
    return session_list_response(page, _copied_text(page, copied) if copied else "")


@router.post("")
def start_session(
    page: PageDep,
    workspace: Annotated[str, Form()] = DEFAULT_WORKSPACE,
    industry: Annotated[str, Form()] = "",
) -> Response:
    chosen = industry if industry in INDUSTRIES else None
    result = page.services.sessions.start(workspace, lang=page.lang, industry=chosen)
    return redirect(f"/sessions/{result.session_id}", page)


@router.get("/{session_id}", response_class=HTMLResponse)
def interview_page(session_id: str, page: PageDep) -> HTMLResponse:
    return render_interview(page, session_id)


@router.post("/{session_id}/duplicate")
def duplicate(session_id: str, page: PageDep) -> Response:
    copy = page.services.sessions.duplicate(session_id, lang=page.lang)
    if page.htmx:
        return session_list_response(page, page.t("session_copied", title=copy.title_in(page.lang)))
    return redirect(f"/sessions?copied={copy.session.id}", page)


@router.post("/{session_id}/delete")
def delete(session_id: str, page: PageDep) -> Response:
    deleted = page.services.sessions.delete(session_id)
    if page.htmx:
        text = page.t("session_deleted", title=deleted.title_in(page.lang))
        return session_list_response(page, text)
    return redirect("/sessions", page)


def finish_confirmation(page: Page, session_id: str) -> HTMLResponse:
    """The confirmation step of "Finish now": what the map still lacks, and the button that
    finishes anyway. A page of its own, or its block alone for htmx."""
    check = page.services.sessions.finish_check(session_id, page.lang)
    context = {"session_id": session_id, "check": check}
    return page.render(
        "session_finish.html", context, blocks=["finish_confirm"] if page.htmx else None
    )


@router.get("/{session_id}/finish", response_class=HTMLResponse)
def finish_page(session_id: str, page: PageDep) -> HTMLResponse:
    return finish_confirmation(page, session_id)


@router.post("/{session_id}/finish")
def finish(session_id: str, page: PageDep, confirm: Annotated[str, Form()] = "") -> Response:
    """Finishes only when confirmed (`confirm=yes`, the confirmation's button); otherwise the
    confirmation is shown."""
    if confirm != CONFIRMED:
        if page.htmx:
            return finish_confirmation(page, session_id)
        return RedirectResponse(
            f"/sessions/{session_id}/finish", status_code=status.HTTP_303_SEE_OTHER
        )
    page.services.sessions.finish(session_id)
    return redirect(f"/sessions/{session_id}", page)


# JSON API ----------------------------------------------------------------------------------------
class SessionOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    workspace_id: str
    workspace: str
    title: str
    lang: Lang
    status: Literal["active", "finished"]
    step: str
    created_at: datetime
    updated_at: datetime
    map_id: str | None = None
    map_version: int | None = None

    @classmethod
    def of(cls, summary: SessionSummary) -> SessionOut:
        session, found = summary.session, summary.map
        return cls(
            id=session.id,
            workspace_id=session.workspace_id,
            workspace=summary.workspace.name,
            title=summary.title,
            lang=session.lang,
            status=session.status,
            step=session.step,
            created_at=session.created_at,
            updated_at=session.updated_at,
            map_id=found.id if found else None,
            map_version=found.latest_version if found else None,
        )


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str = Field(DEFAULT_WORKSPACE, min_length=1)
    lang: Lang | None = None
    industry: str | None = Field(None, description=f"One of {', '.join(INDUSTRIES)}")


class FinishCheckOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str
    finished: bool = Field(description="Already finished: nothing to confirm")
    missing: list[MapPart] = Field(description=f"Parts still empty, of {', '.join(MAP_PARTS)}")
    empty: bool = Field(description="No touchpoints and no pain points: the map would be empty")
    message: str = Field(description="What to tell the user, in `lang`")

    @classmethod
    def of(cls, check: FinishCheck) -> FinishCheckOut:
        return cls(
            session_id=check.session_id,
            finished=check.finished,
            missing=check.missing,
            empty=check.empty,
            message=check.message,
        )


class FinishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: bool = Field(
        False, description="True once the user has seen what is missing and still wants to finish"
    )
    lang: Lang | None = Field(None, description="The language of the message if not confirmed")


@api.get("", response_model=list[SessionOut])
def api_list(services: ServicesDep, workspace: str | None = None) -> list[SessionOut]:
    """Sessions, most recently changed first; `workspace` (a name) narrows the list."""
    workspace_id = None
    if workspace is not None:
        known = {w.name: w.id for w in services.db.workspaces.list()}
        if workspace not in known:
            return []
        workspace_id = known[workspace]
    return [SessionOut.of(s) for s in services.sessions.list(workspace_id)]


@api.post("", response_model=TurnResult, status_code=status.HTTP_201_CREATED)
def api_start(body: StartIn, services: ServicesDep) -> TurnResult:
    """Start an interview: the first question, and the session's id."""
    if body.industry is not None and body.industry not in INDUSTRIES:
        raise HTTPException(422, f"unknown industry; one of {', '.join(INDUSTRIES)}")
    return services.sessions.start(body.workspace, lang=body.lang, industry=body.industry)


@api.get("/{session_id}", response_model=TurnResult)
def api_current(session_id: str, services: ServicesDep) -> TurnResult:
    """Where the interview stands: the last reply, the progress, the map so far."""
    return services.interview.current(session_id)


@api.post("/{session_id}/duplicate", response_model=SessionOut, status_code=201)
def api_duplicate(session_id: str, services: ServicesDep, lang: Lang | None = None) -> SessionOut:
    """A copy that resumes where the original stands; its title says "copy" in `lang` (the
    session's language by default)."""
    return SessionOut.of(services.sessions.duplicate(session_id, lang=lang))


@api.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def api_delete(session_id: str, services: ServicesDep) -> Response:
    """Delete the session, its maps with every version, and its interview checkpoint."""
    services.sessions.delete(session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.get("/{session_id}/finish", response_model=FinishCheckOut)
def api_finish_check(
    session_id: str, services: ServicesDep, lang: Lang | None = None
) -> FinishCheckOut:
    """What finishing now would leave missing (the confirmation to show before finishing)."""
    return FinishCheckOut.of(services.sessions.finish_check(session_id, lang))


@api.post(
    "/{session_id}/finish",
    response_model=TurnResult,
    responses={409: {"description": "Not confirmed: `detail` is the check, with the message"}},
)
def api_finish(session_id: str, services: ServicesDep, body: FinishIn | None = None) -> TurnResult:
    """Finish now, once confirmed (`{"confirm": true}`): the plan is made from what the map holds
    and confirmed, the final version saved. Unconfirmed: 409 with what is still missing."""
    given = body or FinishIn()
    if not given.confirm:
        check = services.sessions.finish_check(session_id, given.lang)
        if not check.finished:
            detail = FinishCheckOut.of(check).model_dump()
            raise HTTPException(status.HTTP_409_CONFLICT, detail)
    return services.sessions.finish(session_id)

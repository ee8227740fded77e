"""Interview sessions: start, list, resume, duplicate, delete, finish (pages and JSON API)."""

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
from assistant.services.sessions import SessionSummary, duplicate_session, list_sessions
from assistant.storage import NotFound
from web.deps import Page, PageDep, ServicesDep
from web.views.interview import interview_context

DEFAULT_WORKSPACE = "default"

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


def session_list_response(page: Page) -> HTMLResponse:
    say = Say(page.lang)
    context = {
        "sessions": list_sessions(page.services.db),
        "step_titles": {step: say(f"step_{step}") for step in STEP_IDS},
    }
    return page.render("sessions.html", context, blocks=["session_list"] if page.htmx else None)


# Pages -----------------------------------------------------------------------------------------
@router.get("", response_class=HTMLResponse)
def sessions_page(page: PageDep) -> HTMLResponse:
    return session_list_response(page)


@router.post("")
def start_session(
    page: PageDep,
    workspace: Annotated[str, Form()] = DEFAULT_WORKSPACE,
    industry: Annotated[str, Form()] = "",
) -> Response:
    chosen = industry if industry in INDUSTRIES else None
    result = page.services.interview.start(
        workspace.strip() or DEFAULT_WORKSPACE, lang=page.lang, industry=chosen
    )
    return redirect(f"/sessions/{result.session_id}", page)


@router.get("/{session_id}", response_class=HTMLResponse)
def interview_page(session_id: str, page: PageDep) -> HTMLResponse:
    return render_interview(page, session_id)


@router.post("/{session_id}/duplicate")
def duplicate(session_id: str, page: PageDep) -> Response:
    services = page.services
    duplicate_session(services.db, services.interview, session_id)
    return session_list_response(page) if page.htmx else redirect("/sessions", page)


@router.post("/{session_id}/delete")
def delete(session_id: str, page: PageDep) -> Response:
    page.services.db.sessions.delete(session_id)
    return session_list_response(page) if page.htmx else redirect("/sessions", page)


@router.post("/{session_id}/finish")
def finish(session_id: str, page: PageDep) -> Response:
    page.services.interview.finish(session_id)
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


def _summary(services: ServicesDep, session_id: str) -> SessionSummary:
    for summary in list_sessions(services.db):
        if summary.session.id == session_id:
            return summary
    raise NotFound(f"session '{session_id}' not found")


@api.get("", response_model=list[SessionOut])
def api_list(services: ServicesDep, workspace: str | None = None) -> list[SessionOut]:
    """Sessions, most recently changed first; `workspace` (a name) narrows the list."""
    workspace_id = None
    if workspace is not None:
        known = {w.name: w.id for w in services.db.workspaces.list()}
        if workspace not in known:
            return []
        workspace_id = known[workspace]
    return [SessionOut.of(s) for s in list_sessions(services.db, workspace_id)]


@api.post("", response_model=TurnResult, status_code=status.HTTP_201_CREATED)
def api_start(body: StartIn, services: ServicesDep) -> TurnResult:
    """Start an interview: the first question, and the session's id."""
    if body.industry is not None and body.industry not in INDUSTRIES:
        raise HTTPException(422, f"unknown industry; one of {', '.join(INDUSTRIES)}")
    return services.interview.start(body.workspace, lang=body.lang, industry=body.industry)


@api.get("/{session_id}", response_model=TurnResult)
def api_current(session_id: str, services: ServicesDep) -> TurnResult:
    """Where the interview stands: the last reply, the progress, the map so far."""
    return services.interview.current(session_id)


@api.post("/{session_id}/duplicate", response_model=SessionOut, status_code=201)
def api_duplicate(session_id: str, services: ServicesDep) -> SessionOut:
    copy = duplicate_session(services.db, services.interview, session_id)
    return SessionOut.of(_summary(services, copy.id))


@api.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def api_delete(session_id: str, services: ServicesDep) -> Response:
    services.db.sessions.delete(session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.post("/{session_id}/finish", response_model=TurnResult)
def api_finish(session_id: str, services: ServicesDep) -> TurnResult:
    """Finish now: the plan is completed and confirmed, the final version saved."""
    return services.interview.finish(session_id)

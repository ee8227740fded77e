"""Ask — the frontline helper: a question in, a short cited guidance card out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Cookie
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.ask.card import GuidanceCard
from assistant.i18n.labels import labels_for
from assistant.services.container import Services
from web.deps import PageDep, ServicesDep
from web.i18n import Translator

router = APIRouter(prefix="/ask", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/ask", tags=["ask"])

MAX_QUESTION = 2000


def ask(services: Services, question: str, workspace: str | None) -> GuidanceCard:
    workspace_id = None
    if workspace:
        workspace_id = {w.name: w.id for w in services.db.workspaces.list()}.get(workspace)
    return services.ask.ask(
        question[:MAX_QUESTION], workspace_id=workspace_id, workspace_name=workspace or ""
    )


def card_context(card: GuidanceCard | None) -> dict[str, Any]:
    """The card with its sources numbered in order of first use, as the CLI prints them."""
    if card is None:
        return {"card": None, "sources": [], "numbers": {}, "sections": [], "ct": None, "CL": None}
    sources = card.sources()
    numbers = {(c.doc_id, c.section): n for n, c in enumerate(sources, 1)}
    # The card is written in the question's language; its headings (and their colons: "You
    # asked: " in English, "你的问题：" in Chinese) follow it.
    return {
        "card": card,
        "sources": sources,
        "numbers": numbers,
        "sections": card.sections(),
        "ct": Translator(card.lang),
        "CL": labels_for(card.lang),
    }


WORKSPACE_COOKIE = "cxcoach_ask_workspace"


@router.get("", response_class=HTMLResponse)
def ask_page(
    page: PageDep,
    q: str = "",
    workspace: str | None = None,
    remembered: Annotated[str, Cookie(alias=WORKSPACE_COOKIE)] = "",
) -> HTMLResponse:
    """The workspace chosen last time is remembered (a cookie): staff see their company's
    rules without picking it on every question."""
    question = q.strip()
    names = [w.name for w in page.services.db.workspaces.list()]
    chosen = workspace if workspace is not None else remembered
    if chosen not in names:
        chosen = names[0] if workspace is None and len(names) == 1 else ""
    card = ask(page.services, question, chosen) if question else None
    context = {
        "question": question,
        "workspace": chosen,
        "workspaces": names,
        **card_context(card),
    }
    response = page.render("ask.html", context, blocks=["card"] if page.htmx and question else None)
    if workspace is not None:
        response.set_cookie(
            WORKSPACE_COOKIE, workspace, max_age=365 * 86400, samesite="lax", httponly=True
        )
    return response


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    workspace: str | None = Field(None, description="Add this workspace's own records (a name)")


@api.post("", response_model=GuidanceCard)
def api_ask(body: AskIn, services: ServicesDep) -> GuidanceCard:
    """What to do now, what to say, what to avoid, the moment of truth — each point cited."""
    return ask(services, body.question, body.workspace)

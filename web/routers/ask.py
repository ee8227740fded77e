"""Ask — the frontline helper: a question in, a short cited guidance card out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.ask.card import GuidanceCard
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
        return {"card": None, "sources": [], "numbers": {}, "sections": [], "ct": None}
    sources = card.sources()
    numbers = {(c.doc_id, c.section): n for n, c in enumerate(sources, 1)}
    sections = [
        ("ask_do_now", card.do_now),
        ("ask_say", card.say),
        ("ask_avoid", card.avoid),
        ("ask_moment_of_truth", card.moment_of_truth),
    ]
    # The card is written in the question's language; its headings follow it.
    return {
        "card": card,
        "sources": sources,
        "numbers": numbers,
        "sections": [(key, points) for key, points in sections if points],
        "ct": Translator(card.lang),
    }


@router.get("", response_class=HTMLResponse)
def ask_page(page: PageDep, q: str = "", workspace: str = "") -> HTMLResponse:
    question = q.strip()
    card = ask(page.services, question, workspace) if question else None
    context = {
        "question": question,
        "workspace": workspace,
        "workspaces": [w.name for w in page.services.db.workspaces.list()],
        **card_context(card),
    }
    return page.render("ask.html", context, blocks=["card"] if page.htmx and question else None)


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    workspace: str | None = Field(None, description="Add this workspace's own records (a name)")


@api.post("", response_model=GuidanceCard)
def api_ask(body: AskIn, services: ServicesDep) -> GuidanceCard:
    """What to do now, what to say, what to avoid, the moment of truth — each point cited."""
    return ask(services, body.question, body.workspace)

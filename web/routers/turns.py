"""One turn of the interview: the user's message in, the reply out.

Without a language model the reply comes back whole in the response to the post. With one, the
post answers at once with the user's message and a placeholder connected to an event stream;
the stream runs the turn (keeping the connection alive while the model thinks), sends the reply
text piece by piece (`chunk`), then the laid-out reply with the progress, the chips and the map
panel swapped out of band (`done`).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from concurrent.futures import TimeoutError as FuturesTimeout
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Form, Response, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.interview.graph import SessionNotStarted
from assistant.interview.service import TurnResult
from assistant.interview.state import CommandAction, TypedCommand
from assistant.llm import LLMError
from assistant.storage import NotFound
from assistant.storage.work import Busy
from web.deps import Page, PageDep, ServicesDep
from web.errors import not_found_detail
from web.routers.sessions import redirect
from web.streaming import KEEPALIVE_S, SSE_HEADERS, keepalive, paced, pieces, sse
from web.views.interview import interview_context

router = APIRouter(prefix="/sessions", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/sessions", tags=["turns"])

TURN_BLOCKS = ["reply", "progress", "chips", "map_panel", "finish"]


def typed_command(command: str, choices: list[int]) -> TypedCommand | None:
    """A button's command from the form; None for a typed message (or an unknown command)."""
    if command not in get_args(CommandAction):
        return None
    return TypedCommand.model_validate({"action": command, "choices": choices})


@router.post("/{session_id}/turns")
def post_turn(
    session_id: str,
    page: PageDep,
    message: Annotated[str, Form()] = "",
    command: Annotated[str, Form()] = "",
    choices: Annotated[list[int] | None, Form()] = None,
) -> Response:
    services = page.services
    message = message.strip()
    services.db.sessions.get(session_id)  # 404 before anything else
    typed = typed_command(command, choices or [])
    if typed is not None:  # a button: no model needed, answered at once
        result = services.turns.submit(session_id, "", typed)
        if not page.htmx:
            return redirect(f"/sessions/{session_id}", page)
        done = interview_context(result, page.lang) | {"user_message": result.said, "oob": True}
        return page.render("interview.html", done, blocks=["user_message", *TURN_BLOCKS])
    if not message:
        return (
            Response(status_code=status.HTTP_204_NO_CONTENT)
            if page.htmx
            else redirect(f"/sessions/{session_id}", page)
        )
    if page.htmx and services.llm is not None:
        turn_id = services.turns.accept(session_id, message)
        context: dict[str, Any] = {
            "session_id": session_id,
            "turn_id": turn_id,
            "user_message": message,
            "chips": [],
            "oob": True,
        }
        return page.render("interview.html", context, blocks=["user_message", "stream", "chips"])
    result = services.turns.submit(session_id, message)
    if not page.htmx:
        return redirect(f"/sessions/{session_id}", page)
    context = interview_context(result, page.lang) | {"user_message": message, "oob": True}
    return page.render("interview.html", context, blocks=["user_message", *TURN_BLOCKS])


@router.get("/{session_id}/turns/{turn_id}/stream")
def stream_turn(session_id: str, turn_id: str, page: PageDep) -> StreamingResponse:
    """Run the accepted turn (any worker can: it is stored) and stream its reply. A reconnect,
    or a turn another worker already ran, shows the session as it stands."""
    executor: Executor = page.request.app.state.executor
    services = page.services

    def events() -> Iterator[str]:
        try:
            future = executor.submit(services.turns.run, session_id, turn_id)
            while True:
                try:
                    result = future.result(timeout=KEEPALIVE_S)
                    break
                except FuturesTimeout:
                    yield keepalive()
            context = interview_context(result, page.lang) | {"oob": True}
            for piece in paced(pieces(context["reply"].streamed_text)):
                yield sse("chunk", piece)
            yield sse("done", page.fragment("interview.html", TURN_BLOCKS, context))
        except (NotFound, SessionNotStarted, LLMError, Busy) as exc:
            yield sse("done", _error_fragment(page, exc))

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)


def _error_fragment(page: Page, exc: Exception) -> str:
    if isinstance(exc, LLMError):
        title, text, detail = "error_llm_title", page.t("error_llm_text"), exc.message
    elif isinstance(exc, Busy):
        title, text, detail = "error_busy_title", page.t("error_busy_text"), ""
    else:
        title, text = "error_not_found_title", page.t("error_not_found_text")
        detail = not_found_detail(page.request, exc)
    context = {"status": 0, "title": page.t(title), "text": text, "detail": detail}
    return page.fragment("error.html", ["flash"], context)


class TurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field("", description="What the user says, e.g. an answer or 'back'")
    command: TypedCommand | None = Field(
        None, description="A button instead of words: back, skip, next, accept, choose (chips)…"
    )

    @model_validator(mode="after")
    def _something(self) -> TurnIn:
        if not self.message.strip() and self.command is None:
            raise ValueError("send a message or a command")
        return self


@api.post("/{session_id}/turns", response_model=TurnResult)
def api_turn(session_id: str, body: TurnIn, services: ServicesDep) -> TurnResult:
    """Answer the current question, correct the map in words, or send a typed command."""
    return services.turns.submit(session_id, body.message, body.command)

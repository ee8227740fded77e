"""The interview as a persistent LangGraph: one node that waits for the user with `interrupt()`,
handles the message, and loops; checkpointed after every turn (SQLite, or PostgreSQL with a PostgreSQL database).

Why this shape: the user's turn is the only thing the graph waits for, so a single looping node
is the whole state machine (the nine steps live in the engine, where they are plain, testable
Python). The thread id is the session id; `durability="sync"` writes the checkpoint before
`invoke` returns, so a reply the user has seen is always on disk, and any process with the same
checkpoint file resumes the session. The graph state holds the interview as JSON only.

A node that raises would leave its resume value pending in the checkpoint and every later turn
would replay it; the handler is therefore wrapped so that a turn always completes (the engine's
`recover` answers with the map unchanged and a notice).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.graph import START, StateGraph
from langgraph.types import Command, interrupt

from assistant.interview.checkpoints import open_checkpoints
from assistant.interview.state import InterviewState, TurnInput

TurnHandler = Callable[[InterviewState, TurnInput], InterviewState]
ErrorHandler = Callable[[InterviewState, str, BaseException], InterviewState]

NODE = "converse"


class GraphState(TypedDict):
    interview: dict[str, Any]


class SessionNotStarted(KeyError):
    """No checkpoint for this session id: it was never started with this checkpoint file."""


def _config(session_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": session_id}}


class InterviewGraph:
    def __init__(self, handle: TurnHandler, recover: ErrorHandler, checkpoints: Path | str) -> None:
        """`checkpoints`: a SQLite file, or a `postgresql://` connection string (checkpoints.py)."""
        self._checkpoints = open_checkpoints(checkpoints)
        self._lock = threading.Lock()

        def converse(state: GraphState) -> GraphState:
            given = interrupt({"awaiting": "user"})
            turn = (
                TurnInput.model_validate(given)
                if isinstance(given, dict)
                else TurnInput(message=str(given))
            )
            current = InterviewState.model_validate(state["interview"])
            try:
                updated = handle(current, turn)
            except Exception as exc:  # noqa: BLE001 - see the module docstring
                updated = recover(current, turn.message, exc)
            if turn.turn_id:
                updated = updated.model_copy(update={"last_turn_id": turn.turn_id})
            return {"interview": updated.dump()}

        builder = StateGraph(GraphState)
        builder.add_node(NODE, converse)
        builder.add_edge(START, NODE)
        builder.add_edge(NODE, NODE)
        self._graph = builder.compile(checkpointer=self._checkpoints.saver)

    def start(self, state: InterviewState) -> InterviewState:
        """Checkpoint a new session (its opening reply included) and wait for the user."""
        result = self._graph.invoke(
            {"interview": state.dump()}, _config(state.session_id), durability="sync"
        )
        return InterviewState.model_validate(result["interview"])

    def resume(self, session_id: str, turn: TurnInput) -> InterviewState:
        """Hand the user's turn to the waiting session; returns the state after the turn."""
        if not self.exists(session_id):
            raise SessionNotStarted(session_id)
        command: Command[Any] = Command(
            resume=turn.model_dump(mode="json", exclude_computed_fields=True)
        )
        result = self._graph.invoke(command, _config(session_id), durability="sync")
        return InterviewState.model_validate(result["interview"])

    def load(self, session_id: str) -> InterviewState:
        snapshot = self._graph.get_state(_config(session_id))
        if not snapshot.values:
            raise SessionNotStarted(session_id)
        return InterviewState.model_validate(snapshot.values["interview"])

    def exists(self, session_id: str) -> bool:
        return bool(self._graph.get_state(_config(session_id)).values)

    def delete(self, session_id: str) -> None:
        """Remove every checkpoint of the session (a deleted session leaves nothing behind)."""
        self._checkpoints.saver.delete_thread(session_id)

    def close(self) -> None:
        with self._lock:
            self._checkpoints.close()

"""Scripted replies that record every call: a real mode for tests and offline demos.

Unlike a monkeypatch, the fake goes through the same structured-output code as real providers,
so a test that scripts an invalid reply exercises the real retry path.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from assistant.llm.base import (
    ChatMessage,
    LLMError,
    LLMErrorKind,
    T,
    require_text,
    to_llm_error,
)
from assistant.llm.structured import structured_call

# A reply is text, JSON data (sent as its JSON text) or an exception to raise in place of a reply.
FakeReply = str | dict[str, Any] | list[Any] | BaseException

# In a script file, {"$llm_error": "timeout"} stands for a failure, so CLI demos can show the
# fallback to the guided engine. The "$" keeps it apart from any real JSON reply.
SCRIPT_ERROR_KEY = "$llm_error"


@dataclass(frozen=True, slots=True)
class FakeCall:
    messages: tuple[ChatMessage, ...]
    schema: str | None  # the pydantic model's name for structured calls
    timeout: float | None


class FakeChatProvider:
    """Pops one scripted reply per model call; LLMError(kind="exhausted") when none is left."""

    def __init__(self, replies: Iterable[FakeReply] = (), *, max_retries: int = 2) -> None:
        self.name = "fake"
        self.max_retries = max_retries
        self.calls: list[FakeCall] = []
        self._replies: deque[FakeReply] = deque(replies)

    @classmethod
    def from_file(cls, path: Path, *, max_retries: int = 2) -> FakeChatProvider:
        """Load a script: a JSON list whose items are strings, JSON values or error markers."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LLMError(f"fake script {path}: cannot read it ({exc})", kind="config") from exc
        if not isinstance(data, list):
            raise LLMError(f"fake script {path}: expected a JSON list of replies", kind="config")
        return cls([_script_item(item, path) for item in data], max_retries=max_retries)

    def add(self, *replies: FakeReply) -> None:
        """Queue more replies after the ones already scripted."""
        self._replies.extend(replies)

    @property
    def remaining(self) -> int:
        return len(self._replies)

    def complete(self, messages: Sequence[ChatMessage], *, timeout: float | None = None) -> str:
        return require_text(self._reply(messages, None, timeout), provider=self.name)

    def structured(
        self, messages: Sequence[ChatMessage], schema: type[T], *, timeout: float | None = None
    ) -> T:
        return structured_call(
            lambda attempt: self._reply(attempt, schema.__name__, timeout),
            messages,
            schema,
            max_retries=self.max_retries,
            provider=self.name,
        )

    def _reply(
        self, messages: Sequence[ChatMessage], schema: str | None, timeout: float | None
    ) -> str:
        self.calls.append(FakeCall(tuple(messages), schema, timeout))
        if not self._replies:
            raise LLMError("fake script exhausted", kind="exhausted")
        reply = self._replies.popleft()
        if isinstance(reply, LLMError):
            raise reply
        if isinstance(reply, BaseException):
            # Scripted raw exceptions (TimeoutError, ConnectionError) get the same mapping as a
            # real provider's, so the fake honours the "only LLMError escapes" contract.
            raise to_llm_error(reply, provider=self.name) from reply
        return reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)


def _script_item(item: Any, path: Path) -> FakeReply:
    if isinstance(item, dict) and SCRIPT_ERROR_KEY in item:
        kind = item[SCRIPT_ERROR_KEY]
        if kind not in get_args(LLMErrorKind):
            choices = ", ".join(get_args(LLMErrorKind))
            raise LLMError(
                f"fake script {path}: unknown {SCRIPT_ERROR_KEY} {kind!r} (one of: {choices})",
                kind="config",
            )
        return LLMError(str(item.get("message", f"fake: scripted {kind}")), kind=kind)
    if isinstance(item, str | dict | list):
        return item
    raise LLMError(
        f"fake script {path}: each reply must be a string, object or list (got {item!r})",
        kind="config",
    )

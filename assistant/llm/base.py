"""What the rest of cxcoach sees of a language model: messages in, text or a pydantic model out.

Every failure is an `LLMError` with a `kind`, so callers need one `except` to fall back to the
deterministic guided engine, whatever the provider and whatever went wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

Role = Literal["system", "user", "assistant"]
LLMErrorKind = Literal["timeout", "unavailable", "invalid_output", "exhausted", "config"]

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Role
    content: str


class LLMError(Exception):
    """A model call that did not produce a usable answer; `kind` says why, the message says what.

    Kinds: `timeout` (no answer in time), `unavailable` (network or provider error),
    `invalid_output` (the reply never validated), `exhausted` (a fake script ran out),
    `config` (a setting or an optional extra is missing: retrying cannot help).
    """

    def __init__(self, message: str, *, kind: LLMErrorKind) -> None:
        super().__init__(message)
        self.kind: LLMErrorKind = kind
        self.message = message

    def __repr__(self) -> str:
        return f"LLMError(kind={self.kind!r}, message={self.message!r})"


@runtime_checkable
class ChatProvider(Protocol):
    """A chat model.

    `timeout` bounds each request to the model, in seconds; None means the configured default.
    A structured call makes up to 1 + max_retries requests when replies fail validation.
    """

    name: str

    def complete(self, messages: Sequence[ChatMessage], *, timeout: float | None = None) -> str:
        """The model's reply as text."""
        ...

    def structured(
        self, messages: Sequence[ChatMessage], schema: type[T], *, timeout: float | None = None
    ) -> T:
        """The model's reply parsed and validated into `schema`."""
        ...


# Status codes that mean the configuration is wrong (key, model name, URL), not that the service
# is down: the message tells the user what to fix instead of suggesting a retry.
_CONFIG_STATUS = {
    401: "the API key was refused",
    403: "access denied",
    404: "model or URL not found",
}


def to_llm_error(exc: BaseException, *, provider: str) -> LLMError:
    """Map any exception raised while talking to a model to an LLMError.

    Classified by class names along the MRO and the `__cause__` chain so this module needs no
    provider SDK: openai/anthropic `APITimeoutError`, httpx `ReadTimeout`, builtin `TimeoutError`
    all contain "Timeout"; SDK status errors carry `status_code`.
    """
    if isinstance(exc, LLMError):
        return exc
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    for link in chain:
        if any("timeout" in cls.__name__.lower() for cls in type(link).__mro__):
            return LLMError(f"{provider}: no answer in time ({detail})", kind="timeout")
    for link in chain:
        status = getattr(link, "status_code", None)
        if isinstance(status, int) and status in _CONFIG_STATUS:
            reason = _CONFIG_STATUS[status]
            return LLMError(
                f"{provider}: HTTP {status}, {reason}; check CXCOACH_LLM_MODEL, "
                f"CXCOACH_LLM_BASE_URL and CXCOACH_LLM_API_KEY ({detail})",
                kind="config",
            )
        if isinstance(status, int):
            return LLMError(f"{provider}: HTTP {status} ({detail})", kind="unavailable")
    return LLMError(f"{provider}: call failed ({detail})", kind="unavailable")


def require_text(reply: str, *, provider: str) -> str:
    """A plain reply, refused when blank: an empty answer is as useless to callers as no answer."""
    if not reply.strip():
        raise LLMError(f"{provider}: the model sent an empty reply", kind="invalid_output")
    return reply

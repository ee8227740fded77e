import httpx
import pytest

from assistant.llm import ChatMessage, LLMError
from assistant.llm.base import require_text, to_llm_error


class StatusError(Exception):
    def __init__(self, status_code: int) -> None:
        super().__init__(f"status {status_code}")
        self.status_code = status_code


def test_chat_messages_are_frozen_values() -> None:
    message = ChatMessage("user", "hi")
    assert message == ChatMessage("user", "hi")
    with pytest.raises(AttributeError):
        message.content = "changed"  # type: ignore[misc]


def test_an_llm_error_carries_kind_and_message() -> None:
    error = LLMError("openai: no answer in time", kind="timeout")
    assert (error.kind, error.message, str(error)) == (
        "timeout",
        "openai: no answer in time",
        "openai: no answer in time",
    )
    assert repr(error) == "LLMError(kind='timeout', message='openai: no answer in time')"


def test_timeouts_are_recognised_by_class_name_even_when_wrapped() -> None:
    try:
        try:
            raise httpx.ReadTimeout("read timed out")
        except httpx.ReadTimeout as inner:
            raise RuntimeError("request failed") from inner
    except RuntimeError as outer:
        error = to_llm_error(outer, provider="p")

    assert error.kind == "timeout"
    assert error.message == "p: no answer in time (RuntimeError: request failed)"
    assert to_llm_error(TimeoutError(), provider="p").kind == "timeout"


@pytest.mark.parametrize(
    ("status", "kind", "text"),
    [
        (401, "config", "the API key was refused"),
        (404, "config", "model or URL not found"),
        (429, "unavailable", "HTTP 429"),
        (503, "unavailable", "HTTP 503"),
    ],
)
def test_http_status_decides_between_config_and_unavailable(
    status: int, kind: str, text: str
) -> None:
    error = to_llm_error(StatusError(status), provider="openai:x")
    assert error.kind == kind
    assert text in error.message
    assert error.message.startswith("openai:x: ")


def test_anything_else_is_unavailable_and_an_llm_error_passes_through() -> None:
    assert to_llm_error(OSError("refused"), provider="p").message == (
        "p: call failed (OSError: refused)"
    )
    original = LLMError("x", kind="config")
    assert to_llm_error(original, provider="p") is original


def test_blank_text_is_refused() -> None:
    assert require_text(" ok ", provider="p") == " ok "
    with pytest.raises(LLMError, match="empty reply"):
        require_text("\n", provider="p")

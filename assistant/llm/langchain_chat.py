"""Chat models through LangChain: the only module of cxcoach that imports it for chat.

One function builds the model (`build_chat_model`, via `init_chat_model`); `LangChainChatProvider`
wraps it as a ChatProvider and turns every provider, network or timeout error into an LLMError.
The provider SDK's own retries are off (`max_retries=0`): a retry on timeout would double the wait
before the guided engine takes over, and invalid output is retried by structured.py instead.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from assistant.llm.base import ChatMessage, LLMError, T, require_text, to_llm_error
from assistant.llm.structured import structured_call

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

LangChainMode = Literal["openai", "ollama", "anthropic"]

# mode -> (module that must be importable, the pip extra of cxcoach that installs it)
_INTEGRATIONS: dict[LangChainMode, tuple[str, str]] = {
    "openai": ("langchain_openai", ""),  # a core dependency
    "ollama": ("langchain_ollama", "ollama"),
    "anthropic": ("langchain_anthropic", "anthropic"),
}

# OpenAI-compatible local servers (vLLM, LM Studio, llama.cpp server) ignore the key, but the
# OpenAI client refuses to start without one.
_PLACEHOLDER_KEY = "not-needed"


def require_integration(mode: LangChainMode) -> None:
    """Fail early, naming the extra to install, when the mode's LangChain package is missing."""
    module, extra = _INTEGRATIONS[mode]
    if importlib.util.find_spec(module) is None:
        hint = f"pip install 'cxcoach[{extra}]'" if extra else "reinstall cxcoach"
        raise LLMError(
            f"llm_mode '{mode}' needs the Python package {module.replace('_', '-')}: {hint}",
            kind="config",
        )


def build_chat_model(
    mode: LangChainMode, *, model: str, base_url: str, api_key: str, timeout: float
) -> BaseChatModel:
    """The one place a LangChain chat model is made. Raises LLMError(kind="config")."""
    require_integration(mode)
    from langchain.chat_models import init_chat_model

    kwargs: dict[str, Any] = {}
    if base_url:
        kwargs["base_url"] = base_url
    if mode == "ollama":
        # ChatOllama has no timeout or retry fields; its httpx client takes the timeout.
        kwargs["client_kwargs"] = {"timeout": timeout}
    else:
        kwargs.update(timeout=timeout, max_retries=0)
        key = api_key or (_PLACEHOLDER_KEY if mode == "openai" and base_url else "")
        if key:
            kwargs["api_key"] = key
    try:
        chat_model: BaseChatModel = init_chat_model(model, model_provider=mode, **kwargs)
    except Exception as exc:  # missing key, bad parameter: nothing a retry would fix
        raise LLMError(
            f"{mode}: cannot set up model {model!r}: {exc} (check CXCOACH_LLM_MODEL, "
            "CXCOACH_LLM_BASE_URL and CXCOACH_LLM_API_KEY)",
            kind="config",
        ) from exc
    return chat_model


def to_langchain_messages(messages: Sequence[ChatMessage]) -> list[BaseMessage]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


class LangChainChatProvider:
    """openai (any OpenAI-compatible URL), ollama or anthropic, as a ChatProvider."""

    def __init__(
        self,
        mode: LangChainMode,
        *,
        model: str,
        base_url: str = "",
        api_key: str = "",
        timeout: float = 60.0,
        max_retries: int = 2,
    ) -> None:
        self.name = f"{mode}:{model}"
        self.mode: LangChainMode = mode
        self.model = model
        self.default_timeout = timeout
        self.max_retries = max_retries
        self._base_url = base_url
        self._api_key = api_key
        # Timeouts are fixed when a client is made, so one model per timeout value; built here
        # for the default so configuration errors show at start-up, not at the first question.
        self._models: dict[float, BaseChatModel] = {}
        self._lock = threading.Lock()
        self._model_for(timeout)

    def complete(self, messages: Sequence[ChatMessage], *, timeout: float | None = None) -> str:
        return require_text(self._send(messages, timeout), provider=self.name)

    def structured(
        self, messages: Sequence[ChatMessage], schema: type[T], *, timeout: float | None = None
    ) -> T:
        return structured_call(
            lambda attempt: self._send(attempt, timeout),
            messages,
            schema,
            max_retries=self.max_retries,
            provider=self.name,
        )

    def _send(self, messages: Sequence[ChatMessage], timeout: float | None) -> str:
        chat_model = self._model_for(timeout or self.default_timeout)
        try:
            reply = chat_model.invoke(to_langchain_messages(messages))
        except Exception as exc:
            raise to_llm_error(exc, provider=self.name) from exc
        return reply.text

    def _model_for(self, timeout: float) -> BaseChatModel:
        with self._lock:
            if timeout not in self._models:
                self._models[timeout] = build_chat_model(
                    self.mode,
                    model=self.model,
                    base_url=self._base_url,
                    api_key=self._api_key,
                    timeout=timeout,
                )
            return self._models[timeout]

"""The one place where `llm_mode` picks a provider; each provider module is imported only when
its mode is chosen, so LangChain or llama.cpp load only for the users who asked for them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.llm.base import ChatProvider

if TYPE_CHECKING:
    from assistant.settings import Settings

_DEFAULT_ENDPOINT = {
    "openai": "the OpenAI API",
    "ollama": "http://localhost:11434 (Ollama default)",
    "anthropic": "the Anthropic API",
}
_EXTRA_MODULE = {"ollama": "langchain_ollama", "anthropic": "langchain_anthropic"}


def build_provider(settings: Settings) -> ChatProvider | None:
    """The configured chat provider, or None for mode "none" (the deterministic guided engine).

    Raises LLMError(kind="config") when the mode cannot work (missing extra, unreadable script).
    """
    mode = settings.llm_mode
    if mode == "none":
        return None
    if mode == "fake":
        from assistant.llm.fake import FakeChatProvider

        if settings.llm_fake_script is not None:
            return FakeChatProvider.from_file(
                settings.llm_fake_script, max_retries=settings.llm_max_retries
            )
        return FakeChatProvider(max_retries=settings.llm_max_retries)
    if mode == "llamacpp":
        from assistant.llm.llamacpp import LlamaCppProvider

        return LlamaCppProvider(
            settings.llm_model,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )
    # What is left (openai, ollama, anthropic) goes through LangChain; mypy checks that list.
    from assistant.llm.langchain_chat import LangChainChatProvider

    return LangChainChatProvider(
        mode,
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key.get_secret_value(),
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
    )


def describe_provider(settings: Settings) -> str:
    """One line for `cxcoach doctor`: what would answer, where, and with which key (masked)."""
    mode = settings.llm_mode
    if mode == "none":
        return "none: deterministic guided engine, no language model"
    if mode == "fake":
        script = settings.llm_fake_script
        return f"fake: scripted replies from {script}" if script else "fake: empty script"
    if mode == "llamacpp":
        path = Path(settings.llm_model).expanduser()
        size = f"{path.stat().st_size / 1e9:.1f} GB" if path.is_file() else "file missing"
        text = f"llamacpp: {path} ({size})"
        if importlib.util.find_spec("llama_cpp") is None:
            text += " - llama-cpp-python not installed: pip install 'cxcoach[llamacpp]'"
        return text
    where = settings.llm_base_url or _DEFAULT_ENDPOINT[mode]
    text = f"{mode}: {settings.llm_model} at {where}"
    if mode != "ollama":  # Ollama takes no key
        text += f" (key {mask_secret(settings.llm_api_key.get_secret_value())})"
    module = _EXTRA_MODULE.get(mode)
    if module and importlib.util.find_spec(module) is None:
        text += f" - {module.replace('_', '-')} not installed: pip install 'cxcoach[{mode}]'"
    return text


def mask_secret(secret: str) -> str:
    """'****abcd': enough to tell keys apart, too little to use. Short keys show nothing."""
    if not secret:
        return "not set"
    return f"****{secret[-4:]}" if len(secret) >= 12 else "****"

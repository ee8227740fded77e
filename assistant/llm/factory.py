"""The one place where `llm_mode` picks a provider; each provider module is imported only when
its mode is chosen, so LangChain or llama.cpp load only for the users who asked for them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.llm.base import ChatProvider

if TYPE_CHECKING:
    from assistant.domain import Lang
    from assistant.settings import Settings

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


def describe_provider(settings: Settings, lang: Lang = "en") -> str:
    """One line for `cxcoach doctor`: what would answer, where, and with which key (masked), in
    `lang` (prompts/ui.doctor.yaml)."""
    from assistant.i18n import Translator

    t = Translator(lang)
    mode = settings.llm_mode
    if mode == "none":
        return t("llm_provider_none")
    if mode == "fake":
        script = settings.llm_fake_script
        return (
            t("llm_provider_fake", script=str(script)) if script else t("llm_provider_fake_empty")
        )
    if mode == "llamacpp":
        path = Path(settings.llm_model).expanduser()
        size = (
            f"{path.stat().st_size / 1e9:.1f} GB"
            if path.is_file()
            else t("llm_provider_file_missing")
        )
        text = t("llm_provider_llamacpp", path=str(path), size=size)
        if importlib.util.find_spec("llama_cpp") is None:
            missing = t("llm_provider_not_installed", package="llama-cpp-python", extra="llamacpp")
            text += f" - {missing}"
        return text
    where = settings.llm_base_url or t(f"llm_endpoint_{mode}")  # openai, ollama, anthropic
    if mode == "ollama":  # Ollama takes no key
        text = t("llm_provider_remote_keyless", mode=mode, model=settings.llm_model, where=where)
    else:
        secret = settings.llm_api_key.get_secret_value()
        key = mask_secret(secret) if secret else t("llm_key_not_set")
        text = t("llm_provider_remote", mode=mode, model=settings.llm_model, where=where, key=key)
    module = _EXTRA_MODULE.get(mode)
    if module and importlib.util.find_spec(module) is None:
        missing = t("llm_provider_not_installed", package=module.replace("_", "-"), extra=mode)
        text += f" - {missing}"
    return text


def mask_secret(secret: str) -> str:
    """'****abcd': enough to tell keys apart, too little to use. Short keys show nothing."""
    if not secret:
        return "not set"
    return f"****{secret[-4:]}" if len(secret) >= 12 else "****"

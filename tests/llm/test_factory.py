import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.llm import FakeChatProvider, LLMError, build_provider, describe_provider
from assistant.llm.factory import mask_secret
from assistant.llm.langchain_chat import LangChainChatProvider
from assistant.settings import Settings

MakeSettings = Callable[..., Settings]


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def test_mode_none_builds_nothing(make_settings: MakeSettings) -> None:
    assert build_provider(make_settings()) is None
    assert describe_provider(make_settings()).startswith("none: deterministic guided engine")


def test_mode_fake_without_a_script_is_an_empty_fake(make_settings: MakeSettings) -> None:
    chat = build_provider(make_settings(llm_mode="fake", llm_max_retries=4))

    assert isinstance(chat, FakeChatProvider)
    assert (chat.remaining, chat.max_retries) == (0, 4)


def test_mode_fake_reads_the_script_file(make_settings: MakeSettings, tmp_path: Path) -> None:
    script = tmp_path / "demo.json"
    script.write_text(json.dumps(["scripted hello"]), encoding="utf-8")
    settings = make_settings(llm_mode="fake", llm_fake_script=script)

    chat = build_provider(settings)

    assert chat is not None
    assert chat.complete([]) == "scripted hello"
    assert describe_provider(settings) == f"fake: scripted replies from {script}"


def test_mode_openai_builds_the_langchain_provider(make_settings: MakeSettings) -> None:
    settings = make_settings(
        llm_mode="openai",
        llm_model="deepseek-chat",
        llm_base_url="https://api.deepseek.com",
        llm_api_key="sk-0123456789abcdef",
        llm_timeout=12,
        llm_max_retries=1,
    )

    chat = build_provider(settings)

    assert isinstance(chat, LangChainChatProvider)
    assert (chat.name, chat.default_timeout, chat.max_retries) == ("openai:deepseek-chat", 12, 1)


@pytest.mark.parametrize("mode", ["ollama", "anthropic"])
def test_a_missing_extra_is_a_config_error_naming_it(
    mode: str, make_settings: MakeSettings
) -> None:
    if installed(f"langchain_{mode}"):
        pytest.skip(f"langchain-{mode} is installed here")
    settings = make_settings(llm_mode=mode, llm_model="some-model", llm_api_key="sk-ant-123")

    with pytest.raises(LLMError) as caught:
        build_provider(settings)

    assert caught.value.kind == "config"
    assert f"pip install 'cxcoach[{mode}]'" in str(caught.value)
    assert f"langchain-{mode}" in str(caught.value)
    assert f"pip install 'cxcoach[{mode}]'" in describe_provider(settings)


def test_llamacpp_without_the_extra_is_a_config_error(
    make_settings: MakeSettings, tmp_path: Path
) -> None:
    if installed("llama_cpp"):
        pytest.skip("llama-cpp-python is installed here")
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF")
    settings = make_settings(llm_mode="llamacpp", llm_model=str(gguf))

    with pytest.raises(LLMError) as caught:
        build_provider(settings)

    assert caught.value.kind == "config"
    assert "pip install 'cxcoach[llamacpp]'" in str(caught.value)
    described = describe_provider(settings)
    assert described.startswith(f"llamacpp: {gguf} (0.0 GB)")
    assert "cxcoach[llamacpp]" in described


def test_mode_llamacpp_builds_the_local_provider_without_loading_it(
    make_settings: MakeSettings, tmp_path: Path
) -> None:
    if not installed("llama_cpp"):
        pytest.skip("llama-cpp-python is not installed here")
    from assistant.llm.llamacpp import LlamaCppProvider

    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"not really a model: it is only loaded at the first call")
    settings = make_settings(llm_mode="llamacpp", llm_model=str(gguf), llm_timeout=30)

    chat = build_provider(settings)

    assert isinstance(chat, LlamaCppProvider)
    assert (chat.name, chat.default_timeout) == ("llamacpp:tiny.gguf", 30)


def test_describe_masks_the_key(make_settings: MakeSettings) -> None:
    secret = "sk-live-0123456789abcd"
    settings = make_settings(
        llm_mode="openai",
        llm_model="deepseek-chat",
        llm_base_url="https://api.deepseek.com",
        llm_api_key=secret,
    )

    text = describe_provider(settings)

    assert text == "openai: deepseek-chat at https://api.deepseek.com (key ****abcd)"
    assert secret not in text


def test_describe_names_default_endpoints(make_settings: MakeSettings) -> None:
    openai = make_settings(llm_mode="openai", llm_model="gpt-4o-mini")
    assert describe_provider(openai) == "openai: gpt-4o-mini at the OpenAI API (key not set)"
    ollama = make_settings(llm_mode="ollama", llm_model="qwen2.5:7b")
    assert describe_provider(ollama).startswith(
        "ollama: qwen2.5:7b at http://localhost:11434 (Ollama default)"
    )


@pytest.mark.parametrize(
    ("secret", "masked"),
    [("", "not set"), ("short-key", "****"), ("sk-0123456789wxyz", "****wxyz")],
)
def test_mask_secret(secret: str, masked: str) -> None:
    assert mask_secret(secret) == masked

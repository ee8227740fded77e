"""The openai adapter against a real HTTP server on 127.0.0.1 speaking the OpenAI chat API."""

import time
from collections.abc import Callable
from typing import Any

import pytest

from assistant.domain import PainPoint
from assistant.llm import ChatMessage, ChatProvider, LLMError, build_provider
from assistant.llm.langchain_chat import LangChainChatProvider
from assistant.settings import Settings
from tests.llm.openai_stub import OpenAIStub

ASK = [ChatMessage("system", "You are a CX coach."), ChatMessage("user", "银行排队的痛点?")]
PAIN_JSON = '{"id": "p1", "stage_id": "s1", "description": "排队太久", "severity": 4}'


def provider(stub: OpenAIStub, **options: Any) -> LangChainChatProvider:
    options = {"model": "deepseek-chat", "api_key": "sk-test-0123456789abcd", **options}
    return LangChainChatProvider("openai", base_url=stub.base_url, **options)


def test_complete_sends_the_conversation_and_returns_the_text(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("排队时间长是主要痛点。")

    text = provider(openai_stub).complete(ASK)

    assert text == "排队时间长是主要痛点。"
    (request,) = openai_stub.requests
    assert request["model"] == "deepseek-chat"
    assert request["messages"] == [
        {"role": "system", "content": "You are a CX coach."},
        {"role": "user", "content": "银行排队的痛点?"},
    ]
    assert openai_stub.headers[0]["authorization"] == "Bearer sk-test-0123456789abcd"


def test_a_local_server_needs_no_key(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("hi")
    assert provider(openai_stub, api_key="").complete(ASK) == "hi"
    assert openai_stub.headers[0]["authorization"] == "Bearer not-needed"


def test_structured_parses_a_fenced_reply(openai_stub: OpenAIStub) -> None:
    openai_stub.reply(f"Here it is:\n```json\n{PAIN_JSON}\n```")

    pain = provider(openai_stub).structured(ASK, PainPoint)

    assert (pain.id, pain.severity) == ("p1", 4)
    system = openai_stub.requests[0]["messages"][0]
    assert system["role"] == "system"
    assert system["content"].startswith("You are a CX coach.\n\n")
    assert '"severity":{"description":"1 minor .. 5 critical"' in system["content"]


def test_structured_retries_over_http_with_the_validation_error(openai_stub: OpenAIStub) -> None:
    openai_stub.reply(PAIN_JSON.replace('"severity": 4', '"severity": 9'))
    openai_stub.reply(PAIN_JSON)

    pain = provider(openai_stub).structured(ASK, PainPoint)

    assert pain.severity == 4
    retry = openai_stub.requests[1]["messages"]
    assert retry[-2]["role"] == "assistant"
    assert '"severity": 9' in retry[-2]["content"]
    assert "severity: Input should be less than or equal to 5" in retry[-1]["content"]


def test_a_slow_server_is_a_timeout(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("too late", delay=3)
    chat = provider(openai_stub, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        chat.complete(ASK)

    assert caught.value.kind == "timeout"
    assert "no answer in time" in str(caught.value)
    assert time.monotonic() - started < 2.5  # the SDK did not retry behind our back


def test_a_per_call_timeout_overrides_the_default(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("too late", delay=3)
    with pytest.raises(LLMError) as caught:
        provider(openai_stub, timeout=60).complete(ASK, timeout=0.5)
    assert caught.value.kind == "timeout"


def test_a_server_error_is_unavailable_and_not_retried_by_the_sdk(
    openai_stub: OpenAIStub,
) -> None:
    openai_stub.reply("internal failure", status=500)
    openai_stub.reply("should not be asked")

    with pytest.raises(LLMError) as caught:
        provider(openai_stub).complete(ASK)

    assert caught.value.kind == "unavailable"
    assert "HTTP 500" in str(caught.value)
    assert len(openai_stub.requests) == 1


def test_a_refused_key_is_a_config_error(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("Incorrect API key provided", status=401)

    with pytest.raises(LLMError) as caught:
        provider(openai_stub).structured(ASK, PainPoint)

    assert caught.value.kind == "config"
    assert "CXCOACH_LLM_API_KEY" in str(caught.value)


def test_nobody_listening_is_unavailable() -> None:
    chat = LangChainChatProvider("openai", model="m", base_url="http://127.0.0.1:9/v1", timeout=2)
    with pytest.raises(LLMError) as caught:
        chat.complete(ASK)
    assert caught.value.kind == "unavailable"


def test_the_factory_builds_a_working_openai_provider(
    openai_stub: OpenAIStub, make_settings: Callable[..., Settings]
) -> None:
    openai_stub.reply("来自 stub 的回答")
    settings = make_settings(
        llm_mode="openai", llm_model="qwen-plus", llm_base_url=openai_stub.base_url
    )

    chat = build_provider(settings)

    assert isinstance(chat, ChatProvider)
    assert chat.name == "openai:qwen-plus"
    assert chat.complete(ASK) == "来自 stub 的回答"
    assert openai_stub.requests[0]["model"] == "qwen-plus"

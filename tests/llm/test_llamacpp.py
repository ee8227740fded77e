"""llama.cpp: the missing-extra error always; a real GGUF model only when CXCOACH_TEST_LLM_GGUF
points at one (see ../shared/tools/local-llm.sh)."""

import importlib.util
import os
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from assistant.llm import ChatMessage, LLMError

GGUF = os.environ.get("CXCOACH_TEST_LLM_GGUF", "")
needs_model = pytest.mark.skipif(
    not (GGUF and Path(GGUF).is_file()), reason="set CXCOACH_TEST_LLM_GGUF to a .gguf file"
)


class Sentiment(BaseModel):
    label: str = Field(description="positive, neutral or negative")
    score: int = Field(ge=-2, le=2, description="-2 very negative .. +2 very positive")


def test_the_provider_refuses_to_start_without_llama_cpp(tmp_path: Path) -> None:
    if importlib.util.find_spec("llama_cpp") is not None:
        pytest.skip("llama-cpp-python is installed here")
    from assistant.llm.llamacpp import LlamaCppProvider

    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    with pytest.raises(LLMError) as caught:
        LlamaCppProvider(gguf)
    assert caught.value.kind == "config"
    assert "pip install 'cxcoach[llamacpp]'" in str(caught.value)


@pytest.mark.llm
@needs_model
def test_a_real_model_completes_and_fills_a_pydantic_model() -> None:
    from assistant.llm.llamacpp import LlamaCppProvider

    chat = LlamaCppProvider(GGUF, timeout=180, max_retries=1)
    assert chat.name == f"llamacpp:{Path(GGUF).name}"

    text = chat.complete(
        [ChatMessage("user", "Reply with one short English sentence about customer service.")]
    )
    assert text.strip()

    result = chat.structured(
        [
            ChatMessage("system", "You rate customer feedback."),
            ChatMessage("user", "Feedback: 等了两个小时还没人接电话，太失望了。"),
        ],
        Sentiment,
    )
    assert isinstance(result, Sentiment)
    assert Sentiment.model_validate(result.model_dump()) == result
    assert result.score <= 0  # two hours on hold is not good news


@pytest.mark.llm
@needs_model
def test_a_real_model_stops_at_the_deadline() -> None:
    from assistant.llm.llamacpp import LlamaCppProvider

    chat = LlamaCppProvider(GGUF, timeout=180)
    chat.complete([ChatMessage("user", "Say hi.")])  # load the model outside the timed call
    with pytest.raises(LLMError) as caught:
        chat.complete(
            [ChatMessage("user", "Write a 2000-word essay on customer journeys.")], timeout=2
        )
    assert caught.value.kind == "timeout"

"""Fixtures for the LLM layer: isolated settings and a local OpenAI-compatible HTTP stub."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from assistant.settings import Settings
from tests.llm.openai_stub import OpenAIStub, serve_openai_stub


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CXCOACH_* variable from the developer's shell leaks in; no proxy sees stub traffic."""
    for name in list(os.environ):
        if name.startswith("CXCOACH_") and name != "CXCOACH_TEST_LLM_GGUF":
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    def make(**values: Any) -> Settings:
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    with serve_openai_stub() as stub:
        yield stub

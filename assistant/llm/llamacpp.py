"""A local GGUF model through llama-cpp-python (the optional extra `cxcoach[llamacpp]`).

Structured calls constrain decoding with the JSON Schema (llama.cpp turns it into a grammar):
small local models otherwise drift into prose or invent fields. The model is loaded once per
process and shared, because loading costs seconds and each copy costs gigabytes of RAM.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.llm.base import ChatMessage, LLMError, T, require_text, to_llm_error
from assistant.llm.structured import structured_call

DEFAULT_N_CTX = 4096
INSTALL_HINT = "pip install 'cxcoach[llamacpp]'"


@dataclass
class _LoadedModel:
    llama: Any  # llama_cpp.Llama; Any because the extra may be absent when type-checking
    # One generation at a time: a llama.cpp context is not safe to share between threads.
    lock: threading.Lock = field(default_factory=threading.Lock)


_loaded: dict[tuple[str, int, int], _LoadedModel] = {}
_loading = threading.Lock()


def require_llama_cpp() -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        raise LLMError(
            f"llm_mode 'llamacpp' needs llama-cpp-python: {INSTALL_HINT} "
            "(it compiles llama.cpp from source: several minutes)",
            kind="config",
        )


def load_model(path: Path, *, n_ctx: int, n_threads: int) -> _LoadedModel:
    """The shared model for this file and context size, loaded on first use."""
    key = (str(path.resolve()), n_ctx, n_threads)
    with _loading:
        if key not in _loaded:
            require_llama_cpp()
            from llama_cpp import Llama

            try:
                llama = Llama(model_path=key[0], n_ctx=n_ctx, n_threads=n_threads, verbose=False)
            except Exception as exc:  # a missing or corrupt file will not load on retry either
                raise LLMError(f"llamacpp: cannot load {path} ({exc})", kind="config") from exc
            _loaded[key] = _LoadedModel(llama)
        return _loaded[key]


class LlamaCppProvider:
    """A ChatProvider over a local GGUF file. The model loads at the first call, not here."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        timeout: float = 60.0,
        max_retries: int = 2,
        n_ctx: int = DEFAULT_N_CTX,
        n_threads: int | None = None,
    ) -> None:
        require_llama_cpp()
        self.model_path = Path(model_path).expanduser()
        if not self.model_path.is_file():
            raise LLMError(f"llamacpp: no GGUF file at {self.model_path}", kind="config")
        self.name = f"llamacpp:{self.model_path.name}"
        self.default_timeout = timeout
        self.max_retries = max_retries
        self.n_ctx = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 1

    def complete(self, messages: Sequence[ChatMessage], *, timeout: float | None = None) -> str:
        return require_text(self._generate(messages, timeout, None), provider=self.name)

    def structured(
        self, messages: Sequence[ChatMessage], schema: type[T], *, timeout: float | None = None
    ) -> T:
        response_format = {"type": "json_object", "schema": schema.model_json_schema()}
        return structured_call(
            lambda attempt: self._generate(attempt, timeout, response_format),
            messages,
            schema,
            max_retries=self.max_retries,
            provider=self.name,
        )

    def _generate(
        self,
        messages: Sequence[ChatMessage],
        timeout: float | None,
        response_format: dict[str, Any] | None,
    ) -> str:
        seconds = timeout or self.default_timeout
        deadline = time.monotonic() + seconds
        model = load_model(self.model_path, n_ctx=self.n_ctx, n_threads=self.n_threads)
        if not model.lock.acquire(timeout=seconds):
            raise LLMError(f"{self.name}: model busy for {seconds:g} s", kind="timeout")
        try:
            return self._stream_until(model.llama, messages, response_format, deadline, seconds)
        finally:
            model.lock.release()

    def _stream_until(
        self,
        llama: Any,
        messages: Sequence[ChatMessage],
        response_format: dict[str, Any] | None,
        deadline: float,
        seconds: float,
    ) -> str:
        # Streaming is how the deadline is kept: llama-cpp-python has no timeout, and an exception
        # raised in a logits processor is swallowed by its ctypes callback. Closing the stream
        # stops generation; the prompt itself is read before the first chunk and cannot be cut.
        parts: list[str] = []
        try:
            stream = llama.create_chat_completion(
                messages=[{"role": m.role, "content": m.content} for m in messages],
                response_format=response_format,
                stream=True,
            )
            try:
                for chunk in stream:
                    parts.append(chunk["choices"][0]["delta"].get("content") or "")
                    if time.monotonic() > deadline:
                        raise LLMError(f"{self.name}: no answer in {seconds:g} s", kind="timeout")
            finally:
                stream.close()
        except LLMError:
            raise
        except Exception as exc:
            raise to_llm_error(exc, provider=self.name) from exc
        return "".join(parts)

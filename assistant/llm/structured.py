"""Structured output shared by every provider: ask for JSON, extract it, validate it, retry.

Asking in plain text (schema in the system message) works on every OpenAI-compatible server,
Ollama and Anthropic alike; provider-native JSON modes differ too much between DeepSeek, DashScope,
vLLM and LM Studio to rely on. llama.cpp adds grammar-constrained decoding on top (see llamacpp.py),
and the same validation and retries still apply there because a schema cannot express cross-field
rules such as "every plan action points at an existing pain point".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ValidationError

from assistant.domain.errors import describe_validation_error
from assistant.llm.base import ChatMessage, LLMError, T

# Prompt text proper will move to /prompts with the other templates. Kept short on purpose: every
# token is paid on each structured call, and small local models follow short orders best.
STRUCTURED_INSTRUCTION = (
    "Reply with one JSON object that validates against this JSON Schema. "
    "No prose, no Markdown.\nJSON Schema: {schema}"
)
RETRY_INSTRUCTION = (
    "Your reply was rejected:\n{error}\nReply again with only the corrected JSON object."
)

# A long list of validation errors would crowd the context of a small model; the first few are
# enough to steer the next attempt.
MAX_ERROR_LINES = 12

Send = Callable[[Sequence[ChatMessage]], str]

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
# Reasoning models (DeepSeek-R1, Qwen3) may think aloud before answering; braces in there are noise.
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)


def schema_text(schema: type[BaseModel]) -> str:
    """The model's JSON Schema, compact: it goes into the prompt and costs tokens."""
    return json.dumps(schema.model_json_schema(), ensure_ascii=False, separators=(",", ":"))


def with_schema_instruction(
    messages: Sequence[ChatMessage], schema: type[BaseModel]
) -> list[ChatMessage]:
    """The messages with the JSON instruction in the system message.

    Merged into an existing leading system message rather than added as a second one: Anthropic
    and many local chat templates accept only one system message, at the start.
    """
    instruction = STRUCTURED_INSTRUCTION.format(schema=schema_text(schema))
    if messages and messages[0].role == "system":
        first = ChatMessage("system", f"{messages[0].content}\n\n{instruction}")
        return [first, *messages[1:]]
    return [ChatMessage("system", instruction), *messages]


def extract_json_text(reply: str) -> str:
    """The first JSON object in a reply, tolerating ```json fences and prose around it.

    Raises ValueError saying what was wrong, in words the model can act on.
    """
    text = _THINK.sub("", reply).strip()
    candidates = [m.group(1).strip() for m in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        start = candidate.find("{")
        while start != -1:
            try:
                _, end = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError:
                start = candidate.find("{", start + 1)
                continue
            return candidate[start:end]
    if not text:
        raise ValueError("the reply was empty; a JSON object was expected")
    raise ValueError("no valid JSON object found in the reply")


def parse_reply(reply: str, schema: type[T]) -> T:
    """Extract and validate; raises ValueError with one line per problem."""
    json_text = extract_json_text(reply)
    try:
        return schema.model_validate_json(json_text)
    except ValidationError as exc:
        lines = describe_validation_error(exc).splitlines()
        if len(lines) > MAX_ERROR_LINES:
            lines = [*lines[:MAX_ERROR_LINES], f"... and {len(lines) - MAX_ERROR_LINES} more"]
        raise ValueError("\n".join(lines)) from None


def structured_call(
    send: Send,
    messages: Sequence[ChatMessage],
    schema: type[T],
    *,
    max_retries: int,
    provider: str,
) -> T:
    """Ask through `send` until the reply validates, at most 1 + max_retries times.

    Each retry shows the model its rejected reply and the reasons. Only the latest failed attempt
    is kept, so the context does not grow with every retry. Errors raised by `send` (timeouts,
    network) propagate at once: retrying them is the transport's business, not ours.
    """
    base = with_schema_instruction(messages, schema)
    attempt_messages: list[ChatMessage] = base
    error = ""
    for _ in range(max_retries + 1):
        reply = send(attempt_messages)
        try:
            return parse_reply(reply, schema)
        except ValueError as exc:
            error = str(exc)
        attempt_messages = [
            *base,
            ChatMessage("assistant", reply),
            ChatMessage("user", RETRY_INSTRUCTION.format(error=error)),
        ]
    raise LLMError(
        f"{provider}: reply did not match {schema.__name__} after {max_retries + 1} attempts; "
        f"last problem: {error}",
        kind="invalid_output",
    )

"""Language-model providers behind one small Protocol.

`build_provider(settings)` picks one by `llm_mode`; callers use `ChatProvider.complete` and
`.structured` and treat any `LLMError` as "fall back to the guided engine". Provider classes for
LangChain and llama.cpp are not re-exported here, so importing this package stays cheap.
"""

from assistant.llm.base import ChatMessage, ChatProvider, LLMError, LLMErrorKind, Role
from assistant.llm.factory import build_provider, describe_provider
from assistant.llm.fake import FakeCall, FakeChatProvider, FakeReply
from assistant.llm.structured import STRUCTURED_INSTRUCTION, extract_json_text, parse_reply

__all__ = [
    "STRUCTURED_INSTRUCTION",
    "ChatMessage",
    "ChatProvider",
    "FakeCall",
    "FakeChatProvider",
    "FakeReply",
    "LLMError",
    "LLMErrorKind",
    "Role",
    "build_provider",
    "describe_provider",
    "extract_json_text",
    "parse_reply",
]

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from assistant.llm import ChatMessage, ChatProvider, FakeCall, FakeChatProvider, LLMError

HELLO = [ChatMessage("system", "You are a CX coach."), ChatMessage("user", "你好")]


class Answer(BaseModel):
    text: str


def test_replies_come_back_in_order_and_json_values_are_dumped() -> None:
    fake = FakeChatProvider(["first", {"text": "第二"}, [1, 2]])

    assert fake.complete(HELLO) == "first"
    assert json.loads(fake.complete(HELLO)) == {"text": "第二"}
    assert fake.complete(HELLO) == "[1, 2]"
    assert fake.remaining == 0


def test_every_call_is_recorded_with_messages_schema_and_timeout() -> None:
    fake = FakeChatProvider(["plain", '{"text": "hi"}'])

    fake.complete(HELLO, timeout=5)
    fake.structured(HELLO, Answer)

    plain, structured = fake.calls
    assert plain == FakeCall(messages=tuple(HELLO), schema=None, timeout=5)
    assert structured.schema == "Answer"
    assert structured.messages[-1] == ChatMessage("user", "你好")
    assert '"text"' in structured.messages[0].content  # the schema went into the system message


def test_an_empty_queue_raises_exhausted_and_still_records_the_call() -> None:
    fake = FakeChatProvider(["only one"])
    fake.complete(HELLO)

    with pytest.raises(LLMError) as caught:
        fake.complete(HELLO)

    assert caught.value.kind == "exhausted"
    assert str(caught.value) == "fake script exhausted"
    assert len(fake.calls) == 2


def test_structured_on_an_empty_script_is_exhausted_not_invalid() -> None:
    with pytest.raises(LLMError) as caught:
        FakeChatProvider().structured(HELLO, Answer)
    assert caught.value.kind == "exhausted"


def test_a_scripted_llm_error_is_raised_as_is_then_the_queue_goes_on() -> None:
    timeout = LLMError("fake: scripted timeout", kind="timeout")
    fake = FakeChatProvider([timeout, "after the timeout"])

    with pytest.raises(LLMError) as caught:
        fake.complete(HELLO)

    assert caught.value is timeout
    assert fake.complete(HELLO) == "after the timeout"


@pytest.mark.parametrize(
    ("raised", "kind"),
    [(TimeoutError("slow"), "timeout"), (ConnectionError("refused"), "unavailable")],
)
def test_scripted_plain_exceptions_surface_as_llm_errors(raised: Exception, kind: str) -> None:
    fake = FakeChatProvider([raised])

    with pytest.raises(LLMError) as caught:
        fake.complete(HELLO)

    assert caught.value.kind == kind
    assert caught.value.__cause__ is raised


def test_add_queues_more_replies() -> None:
    fake = FakeChatProvider(["a"])
    fake.add("b", {"text": "c"})
    assert [fake.complete(HELLO) for _ in range(3)] == ["a", "b", '{"text": "c"}']


def test_a_blank_plain_reply_is_invalid_output() -> None:
    with pytest.raises(LLMError) as caught:
        FakeChatProvider(["  "]).complete(HELLO)
    assert caught.value.kind == "invalid_output"


def test_the_fake_is_a_chat_provider() -> None:
    assert isinstance(FakeChatProvider(), ChatProvider)


def test_a_script_file_holds_text_json_and_error_markers(tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps(
            ["欢迎", {"text": "结构化"}, {"$llm_error": "timeout", "message": "demo: slow"}]
        ),
        encoding="utf-8",
    )
    fake = FakeChatProvider.from_file(script, max_retries=0)

    assert fake.complete(HELLO) == "欢迎"
    assert fake.structured(HELLO, Answer) == Answer(text="结构化")
    with pytest.raises(LLMError) as caught:
        fake.complete(HELLO)
    assert (caught.value.kind, str(caught.value)) == ("timeout", "demo: slow")
    assert fake.max_retries == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", "cannot read it"),
        ('{"a": 1}', "expected a JSON list"),
        ('[{"$llm_error": "boom"}]', "unknown $llm_error 'boom'"),
        ("[42]", "each reply must be a string, object or list"),
    ],
)
def test_a_bad_script_file_is_a_config_error(tmp_path: Path, content: str, expected: str) -> None:
    script = tmp_path / "script.json"
    script.write_text(content, encoding="utf-8")

    with pytest.raises(LLMError) as caught:
        FakeChatProvider.from_file(script)

    assert caught.value.kind == "config"
    assert expected in str(caught.value)
    assert str(script) in str(caught.value)


def test_a_missing_script_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(LLMError) as caught:
        FakeChatProvider.from_file(tmp_path / "nope.json")
    assert caught.value.kind == "config"

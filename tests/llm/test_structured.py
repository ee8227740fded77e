import pytest
from pydantic import BaseModel, Field

from assistant.domain import PainPoint
from assistant.llm import ChatMessage, FakeChatProvider, LLMError, extract_json_text, parse_reply
from assistant.llm.structured import RETRY_INSTRUCTION, with_schema_instruction

ASK = [ChatMessage("user", "列出一个痛点")]
PAIN = {"id": "p1", "stage_id": "s1", "description": "排队太久", "severity": 4}


class Score(BaseModel):
    label: str
    value: int = Field(ge=1, le=5)


@pytest.mark.parametrize(
    "reply",
    [
        '{"label": "ok", "value": 3}',
        '```json\n{"label": "ok", "value": 3}\n```',
        '```\n{"label": "ok", "value": 3}\n```',
        'Sure! Here is the JSON:\n```json\n{"label": "ok", "value": 3}\n```\nHope it helps.',
        'Here you go: {"label": "ok", "value": 3} -- done',
        'Use {placeholders} like {this}. Answer: {"label": "ok", "value": 3}',
        '<think>maybe {"label": "no"}?</think>\n{"label": "ok", "value": 3}',
    ],
)
def test_the_json_object_is_found_around_fences_and_prose(reply: str) -> None:
    assert parse_reply(reply, Score) == Score(label="ok", value=3)


def test_nested_objects_are_extracted_whole() -> None:
    reply = 'Result: {"a": {"b": [1, {"c": "}"}]}} trailing'
    assert extract_json_text(reply) == '{"a": {"b": [1, {"c": "}"}]}}'


@pytest.mark.parametrize(
    ("reply", "message"),
    [("I cannot do that.", "no valid JSON object"), ("   ", "the reply was empty")],
)
def test_a_reply_without_json_says_so(reply: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        extract_json_text(reply)


def test_validation_problems_name_the_field() -> None:
    with pytest.raises(ValueError) as caught:
        parse_reply('{"label": "ok", "value": 9}', Score)
    assert str(caught.value).startswith("value: ")
    assert "less than or equal to 5" in str(caught.value)


def test_the_schema_joins_an_existing_system_message() -> None:
    messages = [ChatMessage("system", "You are a CX coach."), *ASK]

    sent = with_schema_instruction(messages, Score)

    assert [m.role for m in sent] == ["system", "user"]
    assert sent[0].content.startswith("You are a CX coach.\n\n")
    assert '"value":{"maximum":5,"minimum":1' in sent[0].content
    assert sent[1] == ASK[0]


def test_the_schema_becomes_the_system_message_when_there_is_none() -> None:
    sent = with_schema_instruction(ASK, Score)
    assert [m.role for m in sent] == ["system", "user"]
    assert "JSON Schema" in sent[0].content


def test_a_domain_model_is_parsed_and_validated() -> None:
    fake = FakeChatProvider([{**PAIN, "provenance": {"source": "user"}}])

    pain = fake.structured(ASK, PainPoint)

    assert (pain.id, pain.severity, pain.description) == ("p1", 4, "排队太久")


def test_invalid_json_is_retried_with_the_error_and_then_succeeds() -> None:
    fake = FakeChatProvider(["Sorry, here it is: {id: p1}", PAIN])

    pain = fake.structured(ASK, PainPoint)

    assert pain.description == "排队太久"
    first, second = fake.calls
    assert second.messages[: len(first.messages)] == first.messages
    rejected, correction = second.messages[-2:]
    assert rejected == ChatMessage("assistant", "Sorry, here it is: {id: p1}")
    assert correction.role == "user"
    assert "no valid JSON object found in the reply" in correction.content
    assert correction.content == RETRY_INSTRUCTION.format(
        error="no valid JSON object found in the reply"
    )


def test_a_validation_error_is_fed_back_with_the_field_path() -> None:
    fake = FakeChatProvider([{**PAIN, "severity": 7}, PAIN])

    fake.structured(ASK, PainPoint)

    correction = fake.calls[1].messages[-1].content
    assert "severity: Input should be less than or equal to 5" in correction


def test_only_the_latest_failed_attempt_is_kept() -> None:
    fake = FakeChatProvider(["bad one", "bad two", PAIN])

    fake.structured(ASK, PainPoint)

    third = fake.calls[2].messages
    assert len(third) == len(fake.calls[1].messages)
    assert third[-2] == ChatMessage("assistant", "bad two")
    assert all(m.content != "bad one" for m in third)


def test_output_that_never_validates_is_invalid_output_after_the_retries() -> None:
    fake = FakeChatProvider(["no", {"severity": 0}, "```json\n{}\n```", PAIN], max_retries=2)

    with pytest.raises(LLMError) as caught:
        fake.structured(ASK, PainPoint)

    assert caught.value.kind == "invalid_output"
    assert "PainPoint after 3 attempts" in str(caught.value)
    assert "id: Field required" in str(caught.value)
    assert len(fake.calls) == 3
    assert fake.remaining == 1  # the good reply was never asked for


def test_no_retries_means_one_attempt() -> None:
    fake = FakeChatProvider(["no", PAIN], max_retries=0)
    with pytest.raises(LLMError):
        fake.structured(ASK, PainPoint)
    assert len(fake.calls) == 1


def test_a_transport_error_is_not_retried() -> None:
    fake = FakeChatProvider([LLMError("slow", kind="timeout"), PAIN])

    with pytest.raises(LLMError) as caught:
        fake.structured(ASK, PainPoint)

    assert caught.value.kind == "timeout"
    assert len(fake.calls) == 1

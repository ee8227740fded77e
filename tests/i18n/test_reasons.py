"""What is wrong with a value, said from pydantic's error type in the reader's language
(assistant/i18n/reasons.py): settings, edits, files that are not a diagnosis, CLI values."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, Field, ValidationError

from assistant.domain import Lang
from assistant.i18n import Translator
from assistant.i18n.reasons import validation_lines, validation_reason


class Form(BaseModel):
    severity: int = Field(ge=1, le=5)
    horizon: Literal["quick_win", "mid_term", "long_term"]
    owner: str = Field(min_length=1, max_length=8)
    share: float
    urgent: bool


def problems(**values: object) -> list[dict[str, object]]:
    with pytest.raises(ValidationError) as refused:
        Form.model_validate(values)
    return [dict(e) for e in refused.value.errors()]


SAID = {
    "zh-Hans": ["severity: 应不大于 5", "horizon: 只能是 'quick_win'、'mid_term'、'long_term'",
                "owner: 最多 8 个字符", "share: 应为数字（例如 1.5）",
                "urgent: 应为 true 或 false（也可写 1/0、yes/no）"],
    "zh-Hant": ["severity: 應不大於 5", "owner: 最多 8 個字元", "share: 應為數字（例如 1.5）"],
    "en": ["severity: should be 5 or less", "owner: should have at most 8 characters",
           "share: should be a number (e.g. 1.5)", "urgent: should be true or false"],
}  # fmt: skip


@pytest.mark.parametrize("lang", list(SAID))
def test_each_problem_is_said_in_the_readers_language_with_its_field(lang: Lang) -> None:
    errors = problems(severity=9, horizon="someday", owner="客服部门全体同事一起", share="half",
                      urgent="maybe")  # fmt: skip
    lines = validation_lines(Translator(lang), errors)
    assert len(lines) == 5
    for said in SAID[lang]:
        assert any(said in line for line in lines), (said, lines)
    assert not any("Input should" in line or "String should" in line for line in lines)


def test_a_missing_field_and_a_type_without_words_keep_a_reason() -> None:
    t = Translator("zh-Hans")
    missing = problems(horizon="mid_term", owner="店长", share=1, urgent=True)
    assert validation_lines(t, missing) == ["severity: 必填，但没有给出"]
    odd = {"type": "some_future_type", "loc": ("x",), "msg": "Something pydantic said"}
    assert validation_reason(t, odd) == "Something pydantic said"  # its English, never a crash
    no_context = {"type": "greater_than_equal", "loc": ("x",), "msg": "Input should be >= 1"}
    assert validation_reason(t, no_context) == "Input should be >= 1"  # words need the bound

"""Vocabulary shared by every part of the domain model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["zh-Hans", "zh-Hant", "en"]
LANGS: tuple[Lang, ...] = ("zh-Hans", "zh-Hant", "en")


def as_lang(text: str) -> Lang | None:
    """`text` as a Lang if it names one exactly (a CLI option, a form field), else None."""
    return next((lang for lang in LANGS if lang == text), None)


TouchpointCategory = Literal["first_contact", "purchase", "service", "after_sales", "feedback"]
TOUCHPOINT_CATEGORIES: tuple[TouchpointCategory, ...] = (
    "first_contact",
    "purchase",
    "service",
    "after_sales",
    "feedback",
)

ChannelMode = Literal["online", "offline"]


class DomainModel(BaseModel):
    """Base for every domain object: unknown fields are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)

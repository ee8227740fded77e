"""Vocabulary shared by every part of the domain model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["zh-Hans", "zh-Hant", "en"]
LANGS: tuple[Lang, ...] = ("zh-Hans", "zh-Hant", "en")

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

"""Rendering the interview's templates (prompts/interview.yaml) in the session's language.

Template text comes in the session's script from the prompt library. Values are passed as they
are: what the user typed stays as typed, and content written in Simplified (playbooks, citation
titles) goes through `script()` first, so a Traditional-script user reads Traditional throughout.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.domain import Lang
from assistant.prompts import PromptLibrary, load_prompts
from assistant.text.script import to_lang_script


class Say:
    def __init__(self, lang: Lang, prompts: PromptLibrary | None = None) -> None:
        self.lang: Lang = lang
        self.prompts = prompts or load_prompts()

    def __call__(self, template: str, /, **variables: Any) -> str:
        return self.prompts.render(f"interview.{template}", self.lang, **variables)

    def has(self, template: str) -> bool:
        """Whether the interview has a template of that name (per-industry examples are optional)."""
        return f"interview.{template}" in self.prompts.templates

    def script(self, text: str) -> str:
        """Content (a playbook name, a citation title) in the session's script."""
        return to_lang_script(text, self.lang)

    def join(self, items: Iterable[str]) -> str:
        return (", " if self.lang == "en" else "、").join(items)

    def join_clauses(self, items: Iterable[str]) -> str:
        return ("; " if self.lang == "en" else "；").join(items)


def signed(score: int) -> str:
    """An emotion score as people write it: +1, 0, −2."""
    return f"+{score}" if score > 0 else str(score)


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def unit_suffix(unit: str, lang: Lang) -> str:
    """A unit as written after a number: "15%", "15分钟", "15 minutes"."""
    if not unit or unit == "%" or lang != "en":
        return unit
    return f" {unit}"

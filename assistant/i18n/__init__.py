"""The interface's words: the UI catalogue (`prompts/ui*.yaml`) for every surface — the web app's
pages, the command line's messages, the analytics report — in zh-Hans, zh-Hant and English.

zh-Hant strings not written out in a catalogue are converted from zh-Hans with
`assistant.text.script.to_traditional` (OpenCC's Taiwan phrasing, then the Taiwan glossary).
"""

from __future__ import annotations

from typing import Any

from assistant.domain.common import Lang
from assistant.prompts import PromptLibrary, load_prompts

PREFIX = "ui."


class Translator:
    """`t("nav_home")` → the UI string in this language; a missing key fails loudly."""

    def __init__(self, lang: Lang, prompts: PromptLibrary | None = None) -> None:
        self.lang: Lang = lang
        self._prompts = prompts or load_prompts()

    def __call__(self, key: str, /, **variables: Any) -> str:
        return self._prompts.render(PREFIX + key, self.lang, **variables)


__all__ = ["PREFIX", "Translator"]

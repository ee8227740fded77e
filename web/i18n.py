"""The interface language: chosen with the switcher (a cookie), else the configured default.

Every string the web app shows lives in `prompts/ui.yaml` (zh-Hans and en written out; zh-Hant
written out where OpenCC's Taiwan conversion would read oddly, converted otherwise). The map's
own field names come from the export labels (`assistant/exports/labels.py`), so a report and the
screen call things the same.
"""

from __future__ import annotations

from typing import Any

from assistant.domain import LANGS, Lang
from assistant.prompts import PromptLibrary, load_prompts

LANG_COOKIE = "cxcoach_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
PREFIX = "ui."


def pick_lang(requested: str | None, default: Lang) -> Lang:
    """`requested` if it names a supported language, else `default`."""
    for lang in LANGS:
        if requested == lang:
            return lang
    return default


def ui_keys(prompts: PromptLibrary | None = None) -> list[str]:
    """Every UI string key (without the `ui.` prefix)."""
    library = prompts or load_prompts()
    return [name.removeprefix(PREFIX) for name in library.names() if name.startswith(PREFIX)]


class Translator:
    """`t("nav_home")` → the UI string in this language; a missing key fails loudly."""

    def __init__(self, lang: Lang, prompts: PromptLibrary | None = None) -> None:
        self.lang: Lang = lang
        self._prompts = prompts or load_prompts()

    def __call__(self, key: str, /, **variables: Any) -> str:
        return self._prompts.render(PREFIX + key, self.lang, **variables)

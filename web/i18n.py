"""The interface language: chosen with the switcher (a cookie), else the configured default.

Every string the web app shows lives in the UI catalogue `prompts/ui*.yaml` (zh-Hans and en
written out; zh-Hant written out where the Taiwan conversion would read oddly, converted
otherwise), rendered by `assistant.i18n.Translator`. The map's own field names come from
`assistant/i18n/labels.py`, so a report, the screen and the command line call things the same.
"""

from __future__ import annotations

from assistant.domain import LANGS, Lang
from assistant.i18n import PREFIX, Translator
from assistant.prompts import PromptLibrary, load_prompts

LANG_COOKIE = "cxcoach_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
__all__ = ["LANG_COOKIE", "LANG_COOKIE_MAX_AGE", "PREFIX", "Translator", "pick_lang", "ui_keys"]


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

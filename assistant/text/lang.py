"""Which language and script a message is written in, so replies follow the user."""

from __future__ import annotations

import re

from assistant.domain.common import Lang
from assistant.text.script import _converter

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _changed(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b, strict=False) if x != y)


def detect_lang(text: str, default: Lang = "zh-Hans") -> Lang:
    """zh-Hant, zh-Hans or en. Text with no signal (numbers, 'ok') keeps `default`.

    Chinese wins when it carries at least as much text as the Latin words do. The script is decided by
    characters that exist in only one script: those OpenCC changes when converting each way.
    """
    han = "".join(_CJK.findall(text))
    latin_chars = sum(len(w) for w in _LATIN_WORD.findall(text))
    if not han:
        # "ok", "back", "skip" say nothing about the language; a sentence does.
        return "en" if latin_chars >= 8 else default
    if latin_chars > 4 * len(han):  # an English sentence quoting a Chinese term
        return "en"
    traditional_only = _changed(han, str(_converter("t2s").convert(han)))
    simplified_only = _changed(han, str(_converter("s2t").convert(han)))
    if traditional_only > simplified_only:
        return "zh-Hant"
    if simplified_only > traditional_only:
        return "zh-Hans"
    return default if default != "en" else "zh-Hans"


def simplified_only_chars(text: str) -> list[str]:
    """Han characters of `text` that exist only in Simplified script: what a zh-Hant page must
    not show (see `script.is_simplified_only`)."""
    from assistant.text.script import is_simplified_only

    return [c for c in dict.fromkeys(_CJK.findall(text)) if is_simplified_only(c)]

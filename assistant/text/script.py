"""Conversion between Simplified and Traditional Chinese (OpenCC).

Matching folds everything to Simplified; zh-Hant users read text converted with Taiwan phrasing
(`s2twp`: 软件→軟體, 网络→網路), which is what most Traditional-script users expect.
"""

from __future__ import annotations

from functools import cache

import opencc

from assistant.domain.common import Lang


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text)) if text else text


def to_traditional(text: str) -> str:
    return str(_converter("s2twp").convert(text)) if text else text


def to_lang_script(text: str, lang: Lang) -> str:
    """Render zh text in the script `lang` asks for; English and zh-Hans text pass through."""
    return to_traditional(text) if lang == "zh-Hant" else text

"""Conversion between Simplified and Traditional Chinese (OpenCC).

Matching folds everything to Simplified; zh-Hant users read text converted with Taiwan phrasing
(`s2twp`: 软件→軟體, 网络→網路), which is what most Traditional-script users expect.
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import cache, lru_cache
from typing import Any

import opencc

from assistant.domain.common import Lang


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text)) if text else text


# s2twp reads some everyday service words as computing terms (菜单 → 選單 "software menu",
# 窗口 → 視窗 "GUI window", 程序 → 程式 "program") and keeps 质量 as 質量 ("mass"). In service
# text they are mostly a menu of dishes or services, a service counter, a procedure and quality;
# where the words around them say otherwise (语音菜单, 弹出窗口, 应用程序, 质量守恒) OpenCC's
# reading is kept.
_SERVICE_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?<!语音)(?<!下拉)(?<!导航)(?<!系统)(?<!功能)(?<!右键)(?<!开始)菜单", "菜單"),
    (r"(?<!弹出)(?<!浏览器)(?<!对话)(?<!聊天)窗口", "窗口"),
    (r"(?<!应用)(?<!小)(?<!计算机)(?<!电脑)(?<!源)程序(?!员|设计|代码|包)", "程序"),
    (r"质量(?!守恒|数)", "品質"),
)
_PROTECTED = re.compile("|".join(f"(?P<w{i}>{p})" for i, (p, _) in enumerate(_SERVICE_WORDS)))


# Where s2twp's Taiwan phrasing reads wrong in service text: computing terms (許可權 for a staff
# permission, 除錯 for adjusting an installation), an old variant (瞭解), the accounting form of 账
# (帳單 is the everyday bill), 签 read as a lot (籤) in 签协议, and the variant 覆盘 for 复盘.
_TAIWAN_FIXES: tuple[tuple[str, str], ...] = (
    ("許可權", "權限"), ("除錯", "調試"), ("瞭解", "了解"), ("賬單", "帳單"), ("賬戶", "帳戶"),
    ("賬號", "帳號"), ("對賬", "對帳"), ("籤協議", "簽協議"), ("籤合同", "簽合同"),
    ("籤字", "簽字"), ("覆盤", "復盤"), ("算賬", "算帳"), ("記賬", "記帳"),
    # Taiwan writes 帳 for every money account (結帳, 到帳, 轉帳, 出帳); 賬 reads as mainland.
    ("賬", "帳"),
)  # fmt: skip


def to_traditional(text: str) -> str:
    if not text:
        return text
    convert = _converter("s2twp").convert
    parts, last = [], 0
    for match in _PROTECTED.finditer(text):
        word = _SERVICE_WORDS[int(str(match.lastgroup)[1:])][1]
        parts += [convert(text[last : match.start()]), word]
        last = match.end()
    parts.append(convert(text[last:]))
    converted = "".join(str(p) for p in parts)
    for wrong, right in _TAIWAN_FIXES:
        converted = converted.replace(wrong, right)
    return converted


def to_lang_script(text: str, lang: Lang) -> str:
    """Render zh text in the script `lang` asks for; English and zh-Hans text pass through."""
    return to_traditional(text) if lang == "zh-Hant" else text


# Characters OpenCC would change to Traditional that Traditional text uses as they are (櫃台,
# 皇后, 里長, 干擾, 茶几, 記下了…): on their own they do not make a text Simplified.
ALSO_TRADITIONAL = frozenset(
    "了台后里干几松周系志制范谷丑卷咸姜于余征冲采面只么划准霉"
)  # 划算, 划船, 核准, 批准, 發霉: Taiwan writes them so


@lru_cache(maxsize=8192)
def is_simplified_only(char: str) -> bool:
    """A Han character that exists only in Simplified script."""
    if char in ALSO_TRADITIONAL or not "\u3400" <= char <= "\u9fff":
        return False
    return to_simplified(char) == char and str(_converter("s2tw").convert(char)) != char


def traditional_chars(text: str) -> str:
    """`text` for a zh-Hant reader: Simplified text (a citation title, a playbook line) is
    converted; text already in Traditional script, as a user typed it, is left exactly as it is."""
    return to_traditional(text) if any(is_simplified_only(c) for c in text) else text


def traditional_tree(value: Any, keep: Set[str] = frozenset()) -> Any:
    """`traditional_chars` over every string of JSON-like data, except under the keys in `keep`."""
    return _convert(value, traditional_chars, keep)


def convert_tree(value: Any, lang: Lang, keep: Set[str] = frozenset()) -> Any:
    """Every string in JSON-like data (dicts, lists) in the Chinese script `lang` asks for — to
    Traditional for zh-Hant, to Simplified otherwise — except under the keys in `keep`
    (identifiers, references, enumerations)."""
    convert = to_traditional if lang == "zh-Hant" else to_simplified
    return _convert(value, convert, keep)


def _convert(value: Any, convert: Any, keep: Set[str]) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [_convert(v, convert, keep) for v in value]
    if isinstance(value, dict):
        return {k: v if k in keep else _convert(v, convert, keep) for k, v in value.items()}
    return value

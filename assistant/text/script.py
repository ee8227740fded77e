"""Conversion between Simplified and Traditional Chinese (OpenCC).

Matching folds everything to Simplified; zh-Hant users read text converted with Taiwan phrasing
(`s2twp`: 软件→軟體, 网络→網路), which is what most Traditional-script users expect, then worded
by the one Taiwan glossary (`glossary.yaml`: 顧客, 改善計畫, 帳單, 電信業者…). `to_traditional` is
the conversion every zh-Hant output goes through.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

import opencc

from assistant.domain.common import Lang
from assistant.text.yaml_text import load_yaml


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


@dataclass(frozen=True)
class Term:
    """One glossary entry: the Taiwan form `use`, the forms it replaces, the words kept whole."""

    use: str
    forbidden: tuple[str, ...]
    keep: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        keep = "|".join(map(re.escape, sorted(self.keep, key=len, reverse=True)))
        bad = "|".join(map(re.escape, sorted(self.forbidden, key=len, reverse=True)))
        return re.compile(f"(?P<keep>{keep})|{bad}" if keep else bad)

    def apply(self, text: str) -> str:
        return self.pattern.sub(
            lambda m: m.group("keep") or self.use if self.keep else self.use, text
        )


@cache
def glossary() -> tuple[Term, ...]:
    """The Taiwan glossary (`glossary.yaml`), in the order it is applied."""
    raw = load_yaml(resources.files(__package__).joinpath("glossary.yaml").read_text("utf-8"))
    return tuple(Term(e["use"], tuple(e["not"]), tuple(e.get("keep", ()))) for e in raw)


def apply_glossary(text: str) -> str:
    """Traditional text worded as the Taiwan glossary says (顧客, 改善計畫, 帳單, 電信業者…)."""
    for term in glossary():
        text = term.apply(text)
    return text


def glossary_violations(text: str) -> list[str]:
    """The forms the glossary forbids that `text` contains (outside the words it keeps)."""
    found = []
    for term in glossary():
        found += [
            m.group() for m in term.pattern.finditer(text) if not (term.keep and m.group("keep"))
        ]
    return list(dict.fromkeys(found))


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
    return apply_glossary("".join(str(p) for p in parts))


def to_lang_script(text: str, lang: Lang) -> str:
    """Render zh text in the script `lang` asks for; English and zh-Hans text pass through."""
    return to_traditional(text) if lang == "zh-Hant" else text


# Characters OpenCC would change to Traditional that Traditional text uses as they are (櫃台,
# 皇后, 里長, 干擾, 茶几, 記下了…): on their own they do not make a text Simplified.
ALSO_TRADITIONAL = frozenset(
    "了台后里干几松周系志制范谷丑卷咸姜于余征冲采面只么划准霉占"
)  # 划算, 划船, 核准, 批准, 發霉, 占比: Taiwan writes them so


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

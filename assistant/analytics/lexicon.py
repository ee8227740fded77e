"""The bilingual topic lexicon (lexicon.yaml): what a record talks about, by keyword patterns.

Patterns run on `fold(text)`: NFKC (fullwidth punctuation and digits become ASCII), Traditional
folded to Simplified with OpenCC, lower case — so one Simplified pattern serves zh-Hans, zh-Hant
and English records alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from assistant.text.script import to_simplified
from assistant.text.yaml_text import load_yaml

LEXICON_FILE = "lexicon.yaml"


_LATIN = re.compile(r"[a-z]")


def has_latin(folded: str) -> bool:
    return _LATIN.search(folded) is not None


def fold(text: str) -> str:
    """The form every pattern is matched against."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Issue:
    """A complaint inside a topic ("送餐慢、超时"), counted on negative records only."""

    id: str
    label_zh: str
    label_en: str
    pattern: re.Pattern[str]

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


@dataclass(frozen=True)
class Topic:
    id: str
    label_zh: str
    label_en: str
    anchors: tuple[str, ...]
    examples: tuple[str, ...]
    pattern: re.Pattern[str] | None  # the patterns with Chinese in them
    latin: re.Pattern[str] | None  # the all-ASCII (English) ones: run only on text with letters
    exclude: re.Pattern[str] | None
    issues: tuple[Issue, ...]

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def matches(self, folded: str, latin: bool | None = None) -> bool:
        """A pattern matches somewhere no exclusion covers. `latin`: whether the text has ASCII
        letters (computed when not given); English patterns are skipped when it has none, which
        halves the cost on Chinese text (a leading \\b defeats the regex engine's prefix scan)."""
        if latin is None:
            latin = has_latin(folded)
        patterns = [p for p in (self.pattern, self.latin if latin else None) if p is not None]
        blocked = [m.span() for m in self.exclude.finditer(folded)] if self.exclude else []
        if not blocked:
            return any(p.search(folded) is not None for p in patterns)
        return any(
            not any(start < end_b and start_b < end for start_b, end_b in blocked)
            for p in patterns
            for start, end in (m.span() for m in p.finditer(folded))
        )

    def issues_in(self, folded: str) -> list[Issue]:
        return [issue for issue in self.issues if issue.pattern.search(folded)]


class LexiconError(ValueError):
    """lexicon.yaml does not have the expected structure or a pattern does not compile."""


def _compile(patterns: Any, where: str) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise LexiconError(f"{where}: patterns must be a list of strings")
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error as exc:
        raise LexiconError(f"{where}: {exc}") from None


def _split(patterns: Any, where: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(Chinese patterns, English patterns), each compiled into one alternation."""
    if not isinstance(patterns, list) or not patterns:
        raise LexiconError(f"{where}: patterns must be a non-empty list of strings")
    chinese = [p for p in patterns if not str(p).isascii()]
    english = [p for p in patterns if str(p).isascii()]
    return (
        _compile(chinese, where) if chinese else None,
        _compile(english, where) if english else None,
    )


def _label(raw: Any, where: str) -> tuple[str, str]:
    if not isinstance(raw, dict) or not raw.get("zh") or not raw.get("en"):
        raise LexiconError(f"{where}: label needs zh and en")
    return str(raw["zh"]), str(raw["en"])


@dataclass(frozen=True)
class Lexicon:
    topics: tuple[Topic, ...]
    generic_examples: tuple[str, ...]  # records that name no touchpoint ("很好", "Never again")

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def issue(self, key: str) -> Issue:
        """An issue by "topic.issue" key."""
        topic_id, _, issue_id = key.partition(".")
        return next(i for i in self.topic(topic_id).issues if i.id == issue_id)


def parse_lexicon(data: Any) -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise LexiconError("lexicon: a top-level 'topics' list is required")
    topics = []
    seen: set[str] = set()
    for raw in data["topics"]:
        topic_id = str(raw.get("id", ""))
        if not topic_id or topic_id in seen:
            raise LexiconError(f"lexicon: missing or repeated topic id {topic_id!r}")
        seen.add(topic_id)
        zh, en = _label(raw.get("label"), topic_id)
        issues = tuple(
            Issue(str(i["id"]), *_label(i.get("label"), f"{topic_id}.{i.get('id')}"),
                  _compile(i.get("patterns"), f"{topic_id}.{i.get('id')}"))
            for i in raw.get("issues", [])
        )  # fmt: skip
        exclude = raw.get("exclude")
        chinese, english = _split(raw.get("patterns"), topic_id)
        topics.append(
            Topic(
                id=topic_id,
                label_zh=zh,
                label_en=en,
                anchors=tuple(str(a) for a in raw.get("anchors", [])),
                examples=tuple(str(e) for e in raw.get("examples", [])),
                pattern=chinese,
                latin=english,
                exclude=_compile(exclude, f"{topic_id} exclude") if exclude else None,
                issues=issues,
            )
        )
    generic = tuple(str(e) for e in data.get("generic_examples", []))
    return Lexicon(tuple(topics), generic)


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon, parsed once per process."""
    text = resources.files("assistant.analytics").joinpath(LEXICON_FILE).read_text("utf-8")
    return parse_lexicon(load_yaml(text))

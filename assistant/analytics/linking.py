"""Which touchpoint of a taxonomy each lexicon topic stands for.

A topic's anchors are looked for in every touchpoint: in its name (strong) or in its channel and
customer action (weak); among matches, earlier anchors win. A topic links to the one touchpoint
that scores best, so a record is never counted twice for one topic. Touchpoints of a company's
own map that no topic anchors by name (a map's "会员积分") are also tagged on the words of their
name that are specific enough to mean it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import jieba

from assistant.analytics.lexicon import Topic, fold
from assistant.analytics.taxonomy import Taxonomy, TouchpointTarget

NAME_WEIGHT = 3.0
DETAIL_WEIGHT = 1.0

# Words of touchpoint names too general to tag a record on their own.
GENERIC_NAME_WORDS = frozenset(
    """服务 办理 客户 顾客 用户 线上 线下 在线 门店 商家 平台 渠道 时间 过程 环节 体验 管理 中心 系统
    信息 流程 支持 处理 沟通 咨询 app 页面 阶段 接触 触点 售后 售前 交付 使用 购买 选择 确认
    service online offline customer process stage touchpoint experience center centre support the
    and of for with""".split()
)


@dataclass(frozen=True)
class TopicLinks:
    """topic id → touchpoint id, and the name keywords of touchpoints no topic covers."""

    by_topic: dict[str, str]
    name_keywords: dict[str, re.Pattern[str]]

    def topics_of(self, touchpoint_id: str) -> list[str]:
        return [t for t, tp in self.by_topic.items() if tp == touchpoint_id]


def _contains(haystack: str, anchor: str) -> bool:
    needle = fold(anchor)
    if needle.isascii():  # a word start, also right after a Chinese character ("外卖app菜单")
        return re.search(rf"(?<![a-z0-9]){re.escape(needle)}", haystack) is not None
    return needle in haystack


def anchor_score(topic: Topic, touchpoint: TouchpointTarget) -> float:
    """How strongly the touchpoint is the topic's: 0 when no anchor occurs in it."""
    name = fold(touchpoint.name)
    detail = fold(f"{touchpoint.channel} {touchpoint.action}")
    count = len(topic.anchors)
    best = 0.0
    for index, anchor in enumerate(topic.anchors):
        bonus = (count - index) / (count + 1)  # in (0, 1): never lifts a detail over a name match
        if _contains(name, anchor):
            best = max(best, NAME_WEIGHT + bonus)
        elif _contains(detail, anchor):
            best = max(best, DETAIL_WEIGHT + bonus)
    return best


def name_keywords(name: str) -> list[str]:
    """The specific words of a touchpoint name: jieba words of two or more characters (English
    words of four or more letters) that are not generic."""
    words = []
    for word in jieba.lcut(fold(name)):
        word = word.strip()
        if word in GENERIC_NAME_WORDS or not word:
            continue
        if (word.isascii() and len(word) >= 4 and word.isalpha()) or (
            not word.isascii() and len(word) >= 2
        ):
            words.append(word)
    return words


def link_topics(
    taxonomy: Taxonomy, topics: Sequence[Topic], *, name_fallback: bool | None = None
) -> TopicLinks:
    """Links for this taxonomy. Name keywords are a fallback for a company's own map (default:
    on for maps); a playbook's touchpoints are what the lexicon was written for."""
    if name_fallback is None:
        name_fallback = taxonomy.source == "map"
    by_topic: dict[str, str] = {}
    named: set[str] = set()  # touchpoints a topic anchors by name, not just by channel or action
    for topic in topics:
        scored = [(anchor_score(topic, t), -i, t.id) for i, t in enumerate(taxonomy.touchpoints)]
        best = max(scored, default=(0.0, 0, ""))
        if best[0] > 0:
            by_topic[topic.id] = best[2]
        if best[0] >= NAME_WEIGHT:
            named.add(best[2])
    keywords: dict[str, re.Pattern[str]] = {}
    for touchpoint in taxonomy.touchpoints if name_fallback else ():
        if touchpoint.id in named:
            continue
        words = name_keywords(touchpoint.name)
        if words:
            alternatives = "|".join(
                rf"(?<![a-z0-9]){re.escape(w)}" if w.isascii() else re.escape(w)
                for w in sorted(set(words), key=len, reverse=True)
            )
            keywords[touchpoint.id] = re.compile(alternatives)
    return TopicLinks(by_topic, keywords)

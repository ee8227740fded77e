"""Touchpoint tagging: the lexicon in three scripts, linking to any map, the semantic fallback, and
its quality on the hand-labelled waimai sample."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from assistant.analytics.evaluation import read_tagging_sample, tagging_score
from assistant.analytics.lexicon import fold, load_lexicon
from assistant.analytics.linking import link_topics, name_keywords
from assistant.analytics.tagger import Tagger
from assistant.analytics.taxonomy import (
    StageTarget,
    Taxonomy,
    TouchpointTarget,
    taxonomy_from_playbook,
)
from assistant.embeddings import normalise
from assistant.playbooks import load_playbook
from tests.analytics.conftest import TAGGING_SAMPLE


def names(tagger: Tagger, text: str) -> set[str]:
    tags = tagger.tag([text], [fold(text)])[0]
    return {tagger.taxonomy.touchpoint(t).name for t in tags.touchpoints}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("送餐太慢了，等了两个小时", {"送达时间"}),
        ("汤洒了一袋子，连筷子都没给", {"打包封口"}),
        ("饭菜都凉了，分量也少", {"口味温度分量"}),
        ("点的鱼香肉丝送成了宫保鸡丁", {"核对餐品"}),
        ("骑手态度很差，让我自己下楼取", {"骑手配送"}),
        ("备注不要辣，结果还是放了辣椒", {"下单备注"}),
        ("打电话给商家一直没人接，申请退款也不给退", {"在线客服", "退款申请"}),
        ("太贵了，不值这个价", {"在线支付"}),
        ("好极了", set()),
    ],
)
def test_simplified_chinese(lexical_tagger: Tagger, text: str, expected: set[str]) -> None:
    assert names(lexical_tagger, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("送餐太慢了，等了兩個小時，飯菜都涼了", {"送达时间", "口味温度分量"}),
        ("外送員態度很差，湯灑了一袋子", {"骑手配送", "打包封口"}),
        ("薯條倒扣在袋子裏", {"打包封口"}),
        ("訂單少送了一份飲料", {"核对餐品"}),
    ],
)
def test_traditional_chinese_is_folded(
    lexical_tagger: Tagger, text: str, expected: set[str]
) -> None:
    assert names(lexical_tagger, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The delivery was late and the food was cold", {"送达时间", "口味温度分量"}),
        ("The rider was rude and the soup spilled everywhere", {"骑手配送", "打包封口"}),
        ("Way too expensive, and an item was missing from my order", {"在线支付", "核对餐品"}),
        ("I asked for a refund but customer service never answered", {"退款申请", "在线客服"}),
        ("Great!", set()),
    ],
)
def test_english(lexical_tagger: Tagger, text: str, expected: set[str]) -> None:
    assert names(lexical_tagger, text) == expected


def test_each_restaurant_topic_links_to_its_playbook_touchpoint() -> None:
    taxonomy = taxonomy_from_playbook(load_playbook("restaurant"))
    links = link_topics(taxonomy, load_lexicon().topics)
    linked = {topic: taxonomy.touchpoint(tp).name for topic, tp in links.by_topic.items()}
    assert linked["delivery_time"] == linked["waiting"] == "送达时间"
    assert linked["courier"] == "骑手配送"
    assert linked["packaging"] == "打包封口"
    assert linked["food"] == "口味温度分量"
    assert linked["order_accuracy"] == "核对餐品"
    assert linked["kitchen"] == "商家出餐"
    assert linked["price_payment"] == "在线支付"
    assert linked["customer_service"] == "在线客服"
    assert linked["refund"] == "退款申请"
    english = taxonomy_from_playbook(load_playbook("restaurant", "en"))
    links = link_topics(english, load_lexicon().topics)
    linked = {topic: english.touchpoint(tp).name for topic, tp in links.by_topic.items()}
    assert linked["waiting"] == "Delivery time" and linked["courier"] == "Rider delivery"


def custom_map() -> Taxonomy:
    """A company's own map: one touchpoint the lexicon knows (配送), one it does not (会员积分)."""
    return Taxonomy(
        source="map",
        title="外卖店",
        ref="map m1 v3",
        lang="zh-Hans",
        stages=(StageTarget("s1", "下单"), StageTarget("s2", "收货")),
        touchpoints=(
            TouchpointTarget("t1", "会员积分", "s1", "App", "领积分、兑换优惠券"),
            TouchpointTarget("t2", "配送", "s2", "骑手", "骑手送餐上门"),
        ),
    )


def test_a_maps_own_touchpoints_are_tagged_by_topic_and_by_name() -> None:
    tagger = Tagger(custom_map(), load_lexicon(), None)
    assert tagger.links.by_topic["courier"] == "t2"
    assert name_keywords("会员积分") == ["会员", "积分"]
    assert names(tagger, "积分怎么又清零了") == {"会员积分"}
    assert names(tagger, "骑手送错了地方") == {"配送"}
    assert names(tagger, "很好") == set()


class PrototypeEmbedder:
    """Vectors chosen by keyword, so the fallback's geometry is known: records and prototypes
    about delivery point one way, generic praise another."""

    id = "fake:prototypes"
    dim = 3

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = []
        for text in texts:
            if "e-bike" in text or "配送" in text or "骑手" in text:
                rows.append([1.0, 0.0, 0.1])
            elif "积分" in text or "会员" in text or "points" in text:
                rows.append([0.0, 1.0, 0.1])
            elif "maybe" in text:
                rows.append([0.45, 0.0, 0.5])  # as close to generic as to delivery
            else:
                rows.append([0.0, 0.0, 1.0])
        return normalise(np.asarray(rows, dtype=np.float32))


def test_semantic_fallback_takes_only_clear_winners() -> None:
    tagger = Tagger(custom_map(), load_lexicon(), PrototypeEmbedder())
    texts = ["the one on the e-bike, wow", "maybe so", "so so"]
    tags = tagger.tag(texts, [fold(t) for t in texts])
    assert tags[0].touchpoints == ("t2",) and tags[0].semantic
    assert tags[1].touchpoints == () and tags[2].touchpoints == ()  # too close to generic
    lexical = tagger.tag(["骑手送错了地方"], [fold("骑手送错了地方")])[0]
    assert lexical.touchpoints == ("t2",) and not lexical.semantic


def test_precision_and_recall_on_the_hand_labelled_test_split(lexical_tagger: Tagger) -> None:
    """The quality targets of the issue, lexicon only (the e5 fallback is measured by the bench).
    The test split was labelled before the tagger existed and not used to tune it."""
    reviews = [r for r in read_tagging_sample(TAGGING_SAMPLE) if r.split == "test"]
    assert len(reviews) == 300
    score = tagging_score(lexical_tagger, reviews)
    assert score.precision >= 0.85
    assert score.recall >= 0.75


def test_the_sample_is_labelled_with_playbook_touchpoints() -> None:
    reviews = read_tagging_sample(TAGGING_SAMPLE)
    playbook = {t.name for t in load_playbook("restaurant").touchpoints}
    assert len(reviews) >= 300 and {r.split for r in reviews} == {"dev", "test"}
    assert all(r.touchpoints <= playbook for r in reviews)
    assert len({r.row for r in reviews}) == len(reviews)

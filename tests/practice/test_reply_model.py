"""The `cause` model (`reply_model`): it overrules the rubric on "explain" only where it is sure —
a cause in words no cue holds is met, a cue heard in a reply that tells no cause is not — and never
lifts blame. Wordings written for these tests (none of them is in a labelled set)."""

from __future__ import annotations

import pytest

from assistant.practice.reply_model import KINDS, NGRAMS, load_model, ngrams
from assistant.practice.scenarios import Scenario, load_scenarios
from assistant.practice.scoring import matching_text, score_reply


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _chance(reply: str, lang: str) -> float:
    model = load_model("cause")
    assert model is not None
    return model.probability(matching_text(reply, lang))


def test_a_cause_in_words_no_cue_holds_is_read_as_told(library: dict[str, Scenario]) -> None:
    reply = (
        "冯先生，是我们排房的时候把您的房间排给了上午退房晚的客人，保洁一点才进去，"
        "这是我们的安排没做好，两点前一定给您"
    )
    model = load_model("cause")
    assert model is not None and _chance(reply, "zh-Hans") >= model.threshold
    explain = score_reply(library["vip-room-not-ready-hotel-zh"], reply, "zh-Hans").result(
        "explain"
    )
    assert explain.status == "met"
    assert explain.sentence == reply  # the sentence it reads as explaining is shown


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("promo-sold-out-retail-zh", "zh-Hans", "阿姨不好意思，这款特价的已经没有了，您看看别的吧"),
        ("queue-checkout-supermarket-zh", "zh-Hant", "週末人本來就多，大家都在排喔"),
    ],
)
def test_a_status_or_a_busy_day_is_not_read_as_a_cause(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    model = load_model("cause")
    assert model is not None and _chance(reply, lang) <= model.floor
    assert score_reply(library[situation], reply, lang).result("explain").status == "missed"


def test_where_the_model_is_unsure_the_rubric_decides(library: dict[str, Scenario]) -> None:
    # new facts the customer could not know (the wait, in minutes): the rubric hears them
    reply = "目前前面还有十一位，还要二十分钟上下。"
    model = load_model("cause")
    assert model is not None and model.floor < _chance(reply, "zh-Hans") < model.threshold
    explain = score_reply(library["queue-anger-bank-zh"], reply, "zh-Hans").result("explain")
    assert explain.status == "met"


def test_a_short_reply_is_vetoed_only_where_the_model_is_surer(
    library: dict[str, Scenario],
) -> None:
    # a plain cause in a short reply: few n-grams to go on, the rubric's cue stands
    reply = "不好意思，因为下雨骑手路上摔了一跤，所以晚了。"
    model = load_model("cause")
    assert model is not None and model.short_floor < _chance(reply, "zh-Hans") <= model.floor
    explain = score_reply(library["late-takeaway-restaurant-zh"], reply, "zh-Hans").result(
        "explain"
    )
    assert explain.status == "met"


def test_blame_stays_broken_however_sure_the_model_is(library: dict[str, Scenario]) -> None:
    reply = "包裹晚到是因为快递那边派送不及时，跟我们关系不大，那天分拣机也坏了半天"
    explain = score_reply(library["late-gift-ecommerce-zh"], reply, "zh-Hans").result("explain")
    assert explain.status == "broken"


def test_both_models_are_shipped_small_and_read_the_reply_as_trained() -> None:
    for kind in KINDS:
        model = load_model(kind)
        assert model is not None, kind
        assert 0.0 <= model.floor < 0.5 <= model.threshold < 1, kind
        assert len(model.idf) == len(model.coef) <= 10_000, kind
        assert model.lengths == NGRAMS[kind], kind
        text = matching_text("上一位客人退房晚了，保洁刚进去打扫。" * 3, "zh-Hans")
        assert 0.0 < model.probability(text) < 1.0, kind  # its speed: `cxcoach eval tutor`


def test_single_characters_are_read_in_chinese_only() -> None:
    grams = list(ngrams("晚了 OK", 1, 2))
    assert {"晚", "了", " 晚", "晚了", "了 "} <= set(grams)
    assert {"o", "k", " "}.isdisjoint(grams)  # a lone letter or space means nothing
    assert " o" in grams and "ok" in grams

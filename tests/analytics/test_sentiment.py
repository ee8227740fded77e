"""Offline sentiment: clear examples in three scripts, values from labels and scores, and the
held-out accuracy on waimai_10k."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.analytics.evaluation import sentiment_scores
from assistant.analytics.lexicon import fold
from assistant.analytics.sentiment import ChineseSentiment, english_score, load_sentiment
from assistant.analytics.sentiment_training import accuracy, fit, split_of
from assistant.analytics.values import ScoreScale, detect_scale, parse_label, parse_score
from tests.analytics.conftest import WAIMAI, needs_waimai


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("送餐太慢了，等了两个小时，饭都凉了，再也不点了", "negative"),
        ("太难吃了，分量还少", "negative"),
        ("很好吃，送餐也快，下次还点", "positive"),
        ("味道不错，小哥态度很好，赞", "positive"),
        ("送餐太慢了，飯菜都涼了，差評", "negative"),
        ("很好吃，外送小哥很客氣，讚", "positive"),
        ("The food was cold and the rider was rude", "negative"),
        ("Delicious and fast, great service", "positive"),
        ("Not good at all", "negative"),
    ],
)
def test_clear_examples(text: str, polarity: str) -> None:
    assert load_sentiment().predict(fold(text)).polarity == polarity


def test_english_without_signal_is_neutral() -> None:
    prediction = load_sentiment().predict(fold("I ordered at noon."))
    assert prediction.polarity == "neutral" and prediction.positive == 0.5
    assert english_score("not bad") == 1 and english_score("never late, very friendly") == 2


def test_labels_scores_and_scales() -> None:
    assert [parse_label(v) for v in ("1", "0", "正面", "負面", "neg", "中性", "maybe")] == [
        "positive", "negative", "positive", "negative", "negative", "neutral", None,
    ]  # fmt: skip
    assert [parse_score(v) for v in ("4", "４.5", "五星", "3星", "★★★★☆", "4分", "n/a", "")] == [
        4.0, 4.5, 5.0, 3.0, 4.0, 4.0, None, None,
    ]  # fmt: skip
    assert detect_scale("NPS", [3, 5]).kind == "nps"
    assert detect_scale("满意度", [1, 2, 5]).kind == "five"
    assert detect_scale("score", [0, 7, 10]).kind == "nps"
    assert detect_scale("points", [10, 80]).kind == "hundred"
    nps, five = ScoreScale("nps", 0, 10), ScoreScale("five", 1, 5)
    assert [nps.polarity(s) for s in (6, 7, 8, 9)] == ["negative", "neutral", "neutral", "positive"]
    assert [five.polarity(s) for s in (2, 3, 4)] == ["negative", "neutral", "positive"]


def test_the_split_is_by_text_and_stable() -> None:
    assert split_of("好吃") == split_of("好吃")
    splits = [split_of(f"review {i}") for i in range(2000)]
    assert 0.15 < splits.count("test") / 2000 < 0.25


def test_fitting_learns_from_examples() -> None:
    texts = ["好吃", "很好吃", "太好吃了", "难吃", "很难吃", "太难吃了"] * 5
    labels = [1, 1, 1, 0, 0, 0] * 5
    model = fit(texts, labels)
    assert accuracy(model, list(zip(texts, labels, strict=True))) == 1.0
    restored = ChineseSentiment.from_tsv(model.to_tsv(["a header line"]))
    assert restored.probability(fold("好吃")) == pytest.approx(
        model.probability(fold("好吃")), 1e-3
    )


@needs_waimai
def test_held_out_accuracy_on_waimai(tmp_path: Path) -> None:
    """The shipped model was fitted on the train and validation splits only; the test split
    (about 20 %, by text hash) is the honest figure."""
    scores = {s.split: s for s in sentiment_scores(load_sentiment(), WAIMAI)}
    held_out = scores["test"]
    assert held_out.records > 2000
    assert held_out.accuracy >= 0.85
    assert held_out.negative_recall >= 0.85 and held_out.positive_recall >= 0.7

"""Offline sentiment for records that carry no label and no score.

Chinese (Simplified or Traditional, folded to Simplified): a logistic regression over character
unigrams and bigrams, trained on the train split of waimai_10k (see sentiment_training.py, which
also says how the held-out test split is kept out) and shipped as `sentiment_zh.txt` (tab-separated gram and weight).
Text without Chinese characters: a small English lexicon with negation, since the Chinese model
has never seen an English word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat
from typing import Literal

Polarity = Literal["positive", "negative", "neutral"]
WEIGHTS_FILE = "sentiment_zh.txt"  # tab-separated; .txt so the wheel ships it (package-data)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def features(folded: str) -> set[str]:
    """Character unigrams and bigrams of folded text, digits collapsed ("2小时" ~ "3小时")."""
    text = _SPACE.sub("", _DIGITS.sub("0", folded))
    grams = set(text)
    grams.update(text[i : i + 2] for i in range(len(text) - 1))
    return grams


@dataclass(frozen=True)
class Prediction:
    polarity: Polarity
    positive: float  # probability of positive, 0..1


class ChineseSentiment:
    """Logistic regression over `features`."""

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias

    def probability(self, folded: str) -> float:
        grams = features(folded)
        score = self.bias + sum(map(self.weights.get, grams, repeat(0.0, len(grams))))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def to_tsv(self, header: Iterable[str] = ()) -> str:
        lines = [f"# {line}" for line in header]
        lines.append(f"__bias__\t{self.bias:.6f}")
        ordered = sorted(self.weights.items(), key=lambda item: (-abs(item[1]), item[0]))
        lines.extend(f"{gram}\t{weight:.5f}" for gram, weight in ordered)
        return "\n".join(lines) + "\n"

    @classmethod
    def from_tsv(cls, text: str) -> ChineseSentiment:
        weights: dict[str, float] = {}
        bias = 0.0
        for line in text.splitlines():
            if not line or line.startswith("# "):
                continue
            gram, _, value = line.rpartition("\t")
            if gram == "__bias__":
                bias = float(value)
            else:
                weights[gram] = float(value)
        return cls(weights, bias)


# English: words and negators, matched on whole lower-case words.
_EN_POSITIVE = frozenset(
    """good great excellent amazing awesome fantastic perfect love loved lovely tasty delicious
    yummy fresh fast quick quickly friendly polite helpful kind nice recommend recommended best
    happy satisfied pleasant fine clean hot warm generous thanks thank enjoyed enjoy wonderful
    reliable prompt smooth easy efficient professional""".split()
)
_EN_NEGATIVE = frozenset(
    """bad terrible awful horrible worst poor slow late cold rude disgusting bland stale soggy
    greasy salty dirty wrong missing broken spilled spilt leaked expensive overpriced
    disappointed disappointing unhelpful complaint complain refund hate hated inedible raw
    burnt undercooked delay delayed waited waiting useless nasty mess ignored lost damaged
    crash crashes unacceptable""".split()
)
_EN_NEGATORS = frozenset("not no never n't isn't wasn't didn't don't doesn't hardly".split())
_EN_NEGATIVE_PHRASES = ("never again", "never ordering", "waste of money", "took forever")
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def english_score(folded: str) -> int:
    """Positive minus negative words, a word after a negator counting the other way."""
    score = -sum(phrase in folded for phrase in _EN_NEGATIVE_PHRASES)
    words = _EN_WORD.findall(folded)
    for i, word in enumerate(words):
        value = 1 if word in _EN_POSITIVE else -1 if word in _EN_NEGATIVE else 0
        if value and any(w in _EN_NEGATORS or w.endswith("n't") for w in words[max(0, i - 2) : i]):
            value = -value
        score += value
    return score


class SentimentModel:
    """Chinese model for text with Chinese characters, English lexicon for the rest."""

    def __init__(self, chinese: ChineseSentiment) -> None:
        self.chinese = chinese

    def predict(self, folded: str) -> Prediction:
        if _CJK.search(folded):
            p = self.chinese.probability(folded)
            return Prediction("positive" if p >= 0.5 else "negative", p)
        score = english_score(folded)
        if score == 0:
            return Prediction("neutral", 0.5)
        p = 1.0 / (1.0 + math.exp(-1.5 * score))
        return Prediction("positive" if score > 0 else "negative", p)


@cache
def load_sentiment() -> SentimentModel:
    text = resources.files("assistant.analytics").joinpath(WEIGHTS_FILE).read_text("utf-8")
    return SentimentModel(ChineseSentiment.from_tsv(text))

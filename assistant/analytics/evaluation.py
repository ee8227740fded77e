"""Quality measures of analytics on labelled data: sentiment accuracy on the held-out split of
waimai_10k and touchpoint tagging against the hand-labelled sample (tests/analytics/)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.analytics.lexicon import fold
from assistant.analytics.sentiment import SentimentModel
from assistant.analytics.sentiment_training import by_split, read_labelled
from assistant.analytics.tagger import Tagger


@dataclass(frozen=True)
class SentimentScore:
    split: str
    records: int
    accuracy: float
    negative_recall: float
    positive_recall: float


def sentiment_scores(model: SentimentModel, waimai: Path) -> list[SentimentScore]:
    """Accuracy per split; `test` was never used for fitting or choosing anything."""
    scores = []
    for split, pairs in by_split(read_labelled(waimai)).items():
        right = Counter[int]()
        totals = Counter[int]()
        for text, label in pairs:
            predicted = model.predict(fold(text)).polarity == "positive"
            totals[label] += 1
            right[label] += int(predicted == bool(label))
        n = sum(totals.values())
        scores.append(
            SentimentScore(
                split=split,
                records=n,
                accuracy=round(sum(right.values()) / n, 4) if n else 0.0,
                negative_recall=round(right[0] / totals[0], 4) if totals[0] else 0.0,
                positive_recall=round(right[1] / totals[1], 4) if totals[1] else 0.0,
            )
        )
    return scores


@dataclass(frozen=True)
class LabelledReview:
    row: str
    split: str
    text: str
    touchpoints: frozenset[str]


def read_tagging_sample(path: Path) -> list[LabelledReview]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            LabelledReview(
                row=r["row"],
                split=r["split"],
                text=r["review"],
                touchpoints=frozenset(t for t in r["touchpoints"].split("|") if t),
            )
            for r in csv.DictReader(handle)
        ]


@dataclass
class TaggingScore:
    reviews: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    per_touchpoint: dict[str, list[int]] = field(default_factory=dict)  # name → [tp, fp, fn]
    misses: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 0.0


def tagging_score(tagger: Tagger, reviews: Sequence[LabelledReview]) -> TaggingScore:
    """Micro-averaged precision and recall of touchpoint names, with per-touchpoint counts."""
    names = {t.id: t.name for t in tagger.taxonomy.touchpoints}
    texts = [r.text for r in reviews]
    tags = tagger.tag(texts, [fold(t) for t in texts])
    score = TaggingScore(reviews=len(reviews))
    for review, tag in zip(reviews, tags, strict=True):
        predicted = {names[t] for t in tag.touchpoints}
        gold = set(review.touchpoints)
        score.true_positive += len(predicted & gold)
        score.false_positive += len(predicted - gold)
        score.false_negative += len(gold - predicted)
        for name in predicted | gold:
            counts = score.per_touchpoint.setdefault(name, [0, 0, 0])
            counts[0] += name in predicted and name in gold
            counts[1] += name in predicted and name not in gold
            counts[2] += name in gold and name not in predicted
        if predicted != gold:
            score.misses.append(
                (review.row, review.text, sorted(predicted - gold), sorted(gold - predicted))
            )
    return score

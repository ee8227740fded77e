"""How the shipped Chinese sentiment model was made, reproducibly (numpy only).

Data: waimai_10k.csv (label 1 positive, 0 negative). Each review goes to one split by the SHA-1
of its text, so the split never depends on row order: digit 0–1 of the hash mod 10 → `test`
(about 20 %), 2 → `validation`, 3–9 → `train`. The test split is never used for fitting or for
choosing anything; `cxcoach bench analytics` reports accuracy on it.

Choices made on the validation split (model fitted on train only): character unigrams and
bigrams seen in at least MIN_COUNT training reviews (1–3 grams and bigrams-only were no better),
logistic regression with L2 = 1e-3 (3e-5 … 1e-2 tried; validation accuracy 0.88–0.90), Adam,
ITERATIONS full-batch steps. The shipped weights are then fitted on train + validation with the
same settings.

    .venv/bin/python -m assistant.analytics.sentiment_training ../shared/data/waimai_10k.csv
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from assistant.analytics.lexicon import fold
from assistant.analytics.sentiment import WEIGHTS_FILE, ChineseSentiment, features

Split = Literal["train", "validation", "test"]

MIN_COUNT = 2
L2 = 1e-3
ITERATIONS = 300
LEARNING_RATE = 0.05
PRUNE_BELOW = 1e-3  # weights smaller than this change no prediction; left out of the file


def split_of(text: str) -> Split:
    bucket = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 10
    return "test" if bucket < 2 else "validation" if bucket == 2 else "train"


def read_labelled(path: Path) -> list[tuple[str, int]]:
    """(review, label) pairs of a waimai-style CSV with columns label, review."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            (row["review"], int(row["label"]))
            for row in csv.DictReader(handle)
            if row.get("review", "").strip() and row.get("label", "").strip() in ("0", "1")
        ]


def fit(texts: Sequence[str], labels: Sequence[int]) -> ChineseSentiment:
    """Logistic regression on binary gram features, by full-batch Adam."""
    grams = [features(fold(t)) for t in texts]
    counts: Counter[str] = Counter(g for doc in grams for g in doc)
    vocab = {g: i for i, g in enumerate(sorted(g for g, c in counts.items() if c >= MIN_COUNT))}
    index: list[int] = []
    doc_of: list[int] = []
    for d, doc in enumerate(grams):
        ids = sorted(vocab[g] for g in doc if g in vocab)
        index.extend(ids)
        doc_of.extend([d] * len(ids))
    cols = np.asarray(index, dtype=np.int64)
    rows = np.asarray(doc_of, dtype=np.int64)
    y = np.asarray(labels, dtype=np.float64)
    n, size = len(texts), len(vocab)
    weights, bias = np.zeros(size), 0.0
    m_w, v_w, m_b, v_b = np.zeros(size), np.zeros(size), 0.0, 0.0
    for step in range(1, ITERATIONS + 1):
        scores = np.bincount(rows, weights=weights[cols], minlength=n) + bias
        error = 1.0 / (1.0 + np.exp(-scores)) - y
        grad_w = np.bincount(cols, weights=error[rows], minlength=size) / n + L2 * weights
        grad_b = float(error.mean())
        m_w, v_w = 0.9 * m_w + 0.1 * grad_w, 0.999 * v_w + 0.001 * grad_w**2
        m_b, v_b = 0.9 * m_b + 0.1 * grad_b, 0.999 * v_b + 0.001 * grad_b**2
        correction = np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        weights -= LEARNING_RATE * correction * m_w / (np.sqrt(v_w) + 1e-8)
        bias -= LEARNING_RATE * correction * m_b / (np.sqrt(v_b) + 1e-8)
    kept = {g: float(weights[i]) for g, i in vocab.items() if abs(weights[i]) >= PRUNE_BELOW}
    return ChineseSentiment(kept, float(bias))


def accuracy(model: ChineseSentiment, pairs: Sequence[tuple[str, int]]) -> float:
    if not pairs:
        return 0.0
    right = sum((model.probability(fold(t)) >= 0.5) == bool(label) for t, label in pairs)
    return right / len(pairs)


def by_split(pairs: Sequence[tuple[str, int]]) -> dict[Split, list[tuple[str, int]]]:
    groups: dict[Split, list[tuple[str, int]]] = {"train": [], "validation": [], "test": []}
    for text, label in pairs:
        groups[split_of(text)].append((text, label))
    return groups


def train(path: Path) -> tuple[ChineseSentiment, dict[str, float]]:
    """The shipped model: validation accuracy of a train-only fit, then a train + validation fit."""
    groups = by_split(read_labelled(path))
    probe = fit(*_columns(groups["train"]))
    report = {
        "train": len(groups["train"]),
        "validation": len(groups["validation"]),
        "test (held out, not used)": len(groups["test"]),
        "validation accuracy (train-only fit)": round(accuracy(probe, groups["validation"]), 4),
    }
    final = fit(*_columns(groups["train"] + groups["validation"]))
    return final, report


def _columns(pairs: Sequence[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [t for t, _ in pairs], [label for _, label in pairs]


def weights_path() -> Path:
    return Path(__file__).with_name(WEIGHTS_FILE)


def main(argv: Sequence[str]) -> int:  # pragma: no cover - a maintenance command
    if len(argv) != 1:
        print(__doc__)
        return 2
    model, report = train(Path(argv[0]))
    header = [
        "cxcoach Chinese sentiment: logistic regression over character 1-2 grams",
        f"trained by assistant/analytics/sentiment_training.py on {Path(argv[0]).name}",
        *(f"{key}: {value}" for key, value in report.items()),
    ]
    weights_path().write_text(model.to_tsv(header), encoding="utf-8")
    for line in header:
        print(line)
    print(f"wrote {weights_path()} ({len(model.weights)} weights)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))

"""A small learned check for blame the lexicon's patterns do not hold: character n-gram logistic
regression over a whole trainee reply, shipped as `knowledge/practice/blame_model.json`.

The rubric (`scoring`) hears blame by its cue words and by the structure of a sentence
(`blame_structure` in the lexicon); wordings no pattern holds ("到账慢得看您那边银行", "the
standard is down to them") are what this model is for. It reads the reply as the rubric matches it
(zh folded to Simplified with 您 read as 你; en lower case with contractions spelt out), takes the
character 2-4-grams inside each word (`char_wb`, as scikit-learn's `TfidfVectorizer` does),
weights them tf-idf (sublinear tf, l2 norm) and scores them with the shipped coefficients: pure
Python, no network, microseconds a reply. Only a probability at or over `threshold` counts, a
point chosen on leave-scenario-out folds of the development set where the model almost never
calls a reply without blame blaming (`scoring` still lets a reply that owns the failure off).

`python -m assistant.practice.blame_model` retrains it from the development files named in
`TRAINING_FILES` (never the held-out set) and the scenarios' model handling (replies that blame
nobody), with scikit-learn, which the tutor itself does not need.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import knowledge

MODEL = ("practice", "blame_model.json")
# The development files the model is trained on (explicitly: never `tutor_holdout.yaml`, nor any
# other file beside them).
TRAINING_FILES = (
    "tutor_set.yaml",
    "tutor_set_explain_remedy.yaml",
    "tutor_set_explain_remedy_2.yaml",
)
NGRAMS = (2, 4)
MAX_FEATURES = 6000
THRESHOLD = 0.6
_SPACES = re.compile(r"\s\s+")


def ngrams(text: str, low: int = NGRAMS[0], high: int = NGRAMS[1]) -> Iterator[str]:
    """Character n-grams inside each word padded with a space (scikit-learn's `char_wb`)."""
    text = _SPACES.sub(" ", text.lower())
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            yield padded[offset : offset + n]
            while offset + n < len(padded):
                offset += 1
                yield padded[offset : offset + n]
            if offset == 0:  # the word is shorter than n: once is enough
                break


@dataclass(frozen=True)
class BlameModel:
    idf: dict[str, float]
    coef: dict[str, float]
    intercept: float
    threshold: float = THRESHOLD

    def probability(self, text: str) -> float:
        """How likely the reply (as the rubric matches it) puts the blame on someone."""
        counts = Counter(g for g in ngrams(text) if g in self.idf)
        if not counts:
            return 1 / (1 + math.exp(-self.intercept))
        values = {g: (1 + math.log(n)) * self.idf[g] for g, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        z = self.intercept + sum(v * self.coef.get(g, 0.0) for g, v in values.items()) / norm
        return 1 / (1 + math.exp(-z))

    def blames(self, text: str) -> bool:
        return self.probability(text) >= self.threshold


def _path() -> Path:
    path = knowledge.root()
    for part in MODEL:
        path = path.joinpath(part)
    return Path(str(path))


@cache
def load_model() -> BlameModel | None:
    """The shipped model, read once (None when the file is not there)."""
    path = _path()
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return BlameModel(
        idf={g: float(v) for g, v in data["idf"].items()},
        coef={g: float(v) for g, v in data["coef"].items()},
        intercept=float(data["intercept"]),
        threshold=float(data.get("threshold", THRESHOLD)),
    )


def fit(texts: Sequence[str], labels: Sequence[bool]) -> BlameModel:
    """Train on replies as the rubric matches them (needs scikit-learn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        min_df=2,
        sublinear_tf=True,
        max_features=MAX_FEATURES,
    )
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    classifier.fit(matrix, list(labels))
    names = vectorizer.get_feature_names_out()
    return BlameModel(
        idf={str(g): round(float(v), 5) for g, v in zip(names, vectorizer.idf_, strict=True)},
        coef={str(g): round(float(v), 5) for g, v in zip(names, classifier.coef_[0], strict=True)},
        intercept=float(classifier.intercept_[0]),
    )


def training_data(
    sets: Path, files: Sequence[str] = TRAINING_FILES
) -> tuple[list[str], list[bool]]:
    """The replies labelled for "explain" in the development `files` (as the rubric matches
    them), and whether each is broken (blame instead of a cause); and every scenario's model
    handling turn, which blames nobody (a cause told plainly that names a third party or the
    system: "您小区附近道路施工，把光缆挖断了")."""
    from assistant.practice.evaluation import _load
    from assistant.practice.scenarios import load_scenarios
    from assistant.practice.scoring import matching_text

    texts: list[str] = []
    labels: list[bool] = []
    for scenario in load_scenarios().values():
        for turn in scenario.model_handling:
            texts.append(matching_text(turn.text, "en" if scenario.lang == "en" else "zh-Hans"))
            labels.append(False)
    for name in files:
        for item in _load(sets / name, "replies"):
            expected = item["labels"].get("explain")
            if expected is None:
                continue
            texts.append(matching_text(item["reply"], item["lang"]))
            labels.append(expected == "broken")
    return texts, labels


def save(model: BlameModel, path: Path) -> None:
    data = {
        "about": "cxcoach practice: blame check, char 2-4-gram tf-idf logistic regression "
        "(assistant/practice/blame_model.py), trained on the development set",
        "threshold": model.threshold,
        "intercept": round(model.intercept, 6),
        "idf": model.idf,
        "coef": model.coef,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def main() -> None:
    texts, labels = training_data(Path("tests/practice"))
    model = fit(texts, labels)
    save(model, _path())
    print(f"{len(texts)} replies ({sum(labels)} blaming), {len(model.idf)} n-grams: {_path()}")


if __name__ == "__main__":
    main()

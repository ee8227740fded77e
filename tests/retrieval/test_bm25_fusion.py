from __future__ import annotations

from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.fusion import Fusion, score_fusion
from assistant.text import tokenize

DOCS = ["配送很慢，骑手迟到一个小时", "味道很好，分量足", "客服态度差，退款很慢", "配送员态度好"]


def test_bm25_ranks_matching_documents_and_ignores_the_rest() -> None:
    index = BM25Index([tokenize(d) for d in DOCS])
    ranked = index.top("配送慢", 10)
    assert [i for i, _ in ranked][:1] == [0]
    assert {i for i, _ in ranked} == {0, 2, 3}  # 慢 in 2, 配送 in 3; 1 matches nothing
    assert all(score > 0 for _, score in ranked)


def test_bm25_rare_words_weigh_more() -> None:
    index = BM25Index([tokenize(d) for d in DOCS])
    scores = index.scores("态度 退款")
    assert scores[2] > scores[3] > 0  # 退款 is rarer than 态度


def test_bm25_empty_query_and_empty_index() -> None:
    assert BM25Index([tokenize(d) for d in DOCS]).top("的了吗", 5) == []
    assert BM25Index([]).top("配送", 5) == []


def test_score_fusion_rewards_agreement_and_keeps_margins() -> None:
    bm25 = [("a", 9.0), ("b", 8.0), ("c", 1.0)]
    vector = [("b", 0.90), ("c", 0.85), ("d", 0.80)]
    fused = dict(score_fusion(bm25, vector, Fusion(vector_weight=0.5, document_weight=0)))
    assert max(fused, key=fused.__getitem__) == "b"  # near the top of both lists
    assert fused["b"] == 8 / 9 + 0.5 * 1.0
    assert fused["d"] == 0.0  # the worst vector match of the candidates, no words in common
    assert fused["c"] < fused["a"]  # a weak word match is not lifted by a middling vector one


def test_one_list_alone_keeps_its_order() -> None:
    assert [c for c, _ in score_fusion([], [("x", 0.7), ("y", 0.9)])] == ["y", "x"]
    assert [c for c, _ in score_fusion([("x", 2.0), ("y", 3.0)], [])] == ["y", "x"]


def test_a_document_found_by_both_methods_through_different_passages_rises() -> None:
    bm25 = [("d1#0", 10.0), ("d2#0", 9.5)]
    vector = [("d2#3", 0.92), ("d1#1", 0.80), ("d3#0", 0.79)]
    fused = score_fusion(bm25, vector, Fusion(0.5, 2.0), document_of=lambda c: c.split("#")[0])
    assert fused[0][0] == "d2#0"  # d2: both methods; d1: words only

from __future__ import annotations

from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.fusion import reciprocal_rank_fusion
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


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "d"]], k=60)
    order = [item for item, _ in fused]
    assert order[0] == "b"  # 2nd and 1st beats 1st and absent
    assert set(order) == {"a", "b", "c", "d"}
    assert fused[0][1] == 1 / 62 + 1 / 61

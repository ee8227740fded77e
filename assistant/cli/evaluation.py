"""Printing evaluations and benchmarks; the measuring lives in the services.

Developer tool: its output stays English on purpose (figures for the people who tune the
assistant, not for users), so its strings are not in the message catalogue (prompts/ui*.yaml).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from assistant.embeddings import build_embedder
from assistant.retrieval import build_index
from assistant.retrieval.evaluation import evaluate, load_queries, split, tune_fusion
from assistant.retrieval.fusion import DEFAULT_FUSION
from assistant.settings import Settings

console = Console()


def run_retrieval_eval(settings: Settings, path: Path, show_misses: bool, tune: bool) -> None:
    if not path.is_file():
        console.print(
            f"[red]No query set at {path} (run from the repository root, or pass --queries)"
        )
        raise typer.Exit(2)
    queries, _ = load_queries(path)
    tune_half, test_half = split(queries)
    # Query vectors are not cached here, so latency is what a new question costs.
    index = build_index(settings, build_embedder(settings, cache_queries=False))
    with console.status("building the methodology index (first run only)…"):
        index.ensure_methodology()
    if tune:
        table = Table(title=f"fusion on the tune half ({len(tune_half)} queries), best first")
        for column in ("vector weight", "document weight", "recall@1", "recall@5", "MRR"):
            table.add_column(column, justify="right")
        for fusion, r in tune_fusion(index, tune_half):
            table.add_row(
                f"{fusion.vector_weight:g}",
                f"{fusion.document_weight:g}",
                f"{r.recall_at_1:.3f}",
                f"{r.recall_at_5:.3f}",
                f"{r.mrr:.3f}",
            )
        console.print(table)
        console.print(f"in use: {DEFAULT_FUSION} (assistant/retrieval/fusion.py)")
    for name, part in (("held-out test half", test_half), ("whole set", queries)):
        results = evaluate(index, part)
        table = Table(
            title=f"retrieval, {name}: {len(part)} labelled queries ({settings.embedding_backend})"
        )
        for column in ("method", "recall@1", "recall@5", "MRR", "p50 ms", "p95 ms"):
            table.add_column(column, justify="right" if column != "method" else "left")
        for r in results:
            table.add_row(
                r.method,
                f"{r.recall_at_1:.3f}",
                f"{r.recall_at_5:.3f}",
                f"{r.mrr:.3f}",
                f"{r.p50_ms:.1f}",
                f"{r.p95_ms:.1f}",
            )
        console.print(table)
    if show_misses:
        for r in evaluate(index, queries):
            for q in r.misses:
                console.print(f"  {r.method} missed: {q}", highlight=False)


def run_retrieval_bench(settings: Settings, path: Path, chunks: int, repeats: int) -> None:
    import tempfile

    from rich.progress import Progress

    from assistant.retrieval.benchmark import read_texts, run_benchmark
    from assistant.retrieval.chroma_store import ChromaStore, connect

    if not path.is_file():
        console.print(f"[red]No file at {path}: pass --file with a CSV of reviews")
        raise typer.Exit(2)
    texts = read_texts(path, chunks)
    embedder = build_embedder(settings, cache_queries=False)
    with tempfile.TemporaryDirectory() as tmp, Progress(console=console) as progress:
        task = progress.add_task(f"indexing {len(texts):,} chunks", total=len(texts))
        result = run_benchmark(
            ChromaStore(connect(Path(tmp))),
            embedder,
            texts,
            repeats,
            lambda done, total: progress.update(task, completed=done),
        )
    table = Table(title=f"warm query latency, {result.chunks:,} company chunks in embedded Chroma")
    for column in ("method", "queries", "p50 ms", "p95 ms"):
        table.add_column(column, justify="right" if column != "method" else "left")
    for row in result.rows:
        table.add_row(row.method, str(row.queries), f"{row.p50_ms:.1f}", f"{row.p95_ms:.1f}")
    console.print(table)
    bm25 = next(r for r in result.rows if r.method == "bm25")
    hybrid = next(r for r in result.rows if r.method == "hybrid")
    console.print(
        f"indexing took {result.index_seconds:.1f} s (vectors cached by content: a second run "
        f"re-embeds nothing); hybrid p95 is {hybrid.p95_ms / max(bm25.p95_ms, 1e-9):.1f}× BM25's"
    )

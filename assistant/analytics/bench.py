"""`cxcoach bench analytics`: sentiment accuracy, tagging precision/recall, speed and memory.

Speed runs go through the real service with the real default embedder (multilingual e5) and an
embedding cache of their own in a temp folder: the first run is cold (nothing cached), the second
warm. Each run is a child process, so its peak memory (max RSS) is its own.

Developer tool: its output stays English on purpose (figures for the people who tune the
assistant, not for users), so its strings are not in the message catalogue (prompts/ui*.yaml).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from assistant.analytics.evaluation import (
    read_tagging_sample,
    sentiment_scores,
    tagging_score,
)
from assistant.analytics.lexicon import load_lexicon
from assistant.analytics.sentiment import load_sentiment
from assistant.analytics.synthetic import write_feedback
from assistant.analytics.tagger import Tagger
from assistant.analytics.taxonomy import taxonomy_from_playbook
from assistant.embeddings import Embedder
from assistant.playbooks import load_playbook

TARGET_ACCURACY = 0.85
TARGET_PRECISION = 0.85
TARGET_RECALL = 0.75
TARGET_WARM_SECONDS = 60.0


def print_sentiment(console: Console, waimai: Path) -> None:
    table = Table(title="Sentiment on waimai_10k (labels as ground truth)", header_style="bold")
    for column in ("split", "records", "accuracy", "negative recall", "positive recall", "note"):
        table.add_column(column)
    notes = {
        "test": "held out: never used for fitting or tuning",
        "validation": "used to choose the settings",
        "train": "fitted on",
    }
    scores = sentiment_scores(load_sentiment(), waimai)
    for score in scores:
        table.add_row(score.split, f"{score.records:,}", f"{score.accuracy:.4f}",
                      f"{score.negative_recall:.4f}", f"{score.positive_recall:.4f}",
                      notes[score.split])  # fmt: skip
    console.print(table)
    held_out = next(s for s in scores if s.split == "test")
    verdict = "meets" if held_out.accuracy >= TARGET_ACCURACY else "MISSES"
    console.print(
        f"held-out accuracy {held_out.accuracy:.4f} {verdict} the target {TARGET_ACCURACY}",
        highlight=False,
    )


def print_tagging(console: Console, sample: Path, embedder: Embedder | None) -> None:
    reviews = read_tagging_sample(sample)
    taxonomy = taxonomy_from_playbook(load_playbook("restaurant"))
    setups: list[tuple[str, Embedder | None]] = [("lexicon only", None)]
    if embedder is not None:
        setups.append(("lexicon + e5 fallback (default)", embedder))
    table = Table(title=f"Touchpoint tagging on {sample.name}", header_style="bold")
    for column in ("tagger", "split", "reviews", "precision", "recall"):
        table.add_column(column)
    chosen = None
    for name, model in setups:
        tagger = Tagger(taxonomy, load_lexicon(), model)
        for split in ("test", "dev", "all"):
            subset = [r for r in reviews if split == "all" or r.split == split]
            score = tagging_score(tagger, subset)
            table.add_row(name, split, str(score.reviews), f"{score.precision:.3f}",
                          f"{score.recall:.3f}")  # fmt: skip
            if split == "test":
                chosen = (name, score)
    console.print(table)
    assert chosen is not None
    name, score = chosen
    per = Table(title=f"Per touchpoint, test split, {name}", header_style="bold")
    for column in ("touchpoint", "true +", "false +", "false −"):
        per.add_column(column)
    for touchpoint, (tp, fp, fn) in sorted(score.per_touchpoint.items(), key=lambda x: -sum(x[1])):
        per.add_row(touchpoint, str(tp), str(fp), str(fn))
    console.print(per)
    ok = score.precision >= TARGET_PRECISION and score.recall >= TARGET_RECALL
    console.print(
        f"test split: precision {score.precision:.3f}, recall {score.recall:.3f} — "
        f"{'meets' if ok else 'MISSES'} the targets {TARGET_PRECISION} / {TARGET_RECALL}",
        highlight=False,
    )


def run_child(file: Path, cache: Path, folder: Path, semantic: bool = True) -> dict[str, Any]:
    """One analysis in a fresh process; its figures as a dict."""
    command = [sys.executable, "-m", "assistant.analytics.bench_child", str(file), str(cache),
               str(folder)] + ([] if semantic else ["--lexical"])  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark run failed:\n{done.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _line(console: Console, label: str, figures: dict[str, Any]) -> None:
    console.print(
        f"{label}: {figures['seconds']:.1f} s · {figures['rows']:,} rows · "
        f"{figures['rows'] / figures['seconds']:,.0f} rows/s · {figures['embedded']:,} texts "
        f"embedded · peak RSS {figures['max_rss_mb']:.0f} MB · tagged {figures['tagged']:,}",
        highlight=False,
    )


def print_speed(
    console: Console, waimai: Path, rows: int, million: bool, keep: Path | None = None
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="cxcoach-bench-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    data = write_feedback(waimai, folder / f"feedback-{rows}.csv", rows)
    cache = folder / "embeddings.sqlite"
    console.print(
        f"{rows:,} rows (waimai repeated, lightly varied, dated, no label: sentiment from the "
        f"model) in {data} — embedding cache {cache}",
        highlight=False,
    )
    cold = run_child(data, cache, folder / "cold")
    _line(console, "cold cache", cold)
    warm = run_child(data, cache, folder / "warm")
    _line(console, "warm cache", warm)
    verdict = "meets" if warm["seconds"] <= TARGET_WARM_SECONDS else "MISSES"
    console.print(f"warm run {verdict} the {TARGET_WARM_SECONDS:.0f} s target", highlight=False)
    if million:
        big = write_feedback(waimai, folder / "feedback-1000000.csv", 1_000_000, distinct=rows)
        console.print(
            f"1,000,000 rows (the {rows:,} texts above under other dates, so the cache is warm)",
            highlight=False,
        )
        _line(console, "1M rows", run_child(big, cache, folder / "million"))

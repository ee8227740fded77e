"""`cxcoach ask` printing and `cxcoach eval ask`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.ask import GuidanceCard
from assistant.settings import Settings

console = Console()


def print_card(card: GuidanceCard) -> None:
    from assistant.prompts import load_prompts

    ui = load_prompts()
    if card.message:
        console.print(f"[yellow]{card.message}[/yellow]")
    if card.title:
        console.print(f"[bold]{card.title}[/bold]")
    sources = card.sources()
    number = {(c.doc_id, c.section): n for n, c in enumerate(sources, 1)}
    for key, points in card.sections():
        if key == "ask_company_rule":
            label = card.company_rules_heading
        elif key == "ask_company_records":
            label = card.company_heading
        else:
            label = ui.render(f"ui.{key}", card.lang)
        console.print(f"\n[bold cyan]{label}[/bold cyan]")
        # A grid, so that a long point wraps under itself: Chinese has no spaces to wrap at, and
        # a whole point would otherwise jump to the line below its bullet. Text, not markup: a
        # guide's own brackets are printed as written.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for point in points:
            refs = "".join(f"[{number[(c.doc_id, c.section)]}]" for c in point.citations)
            grid.add_row("  •", Text.assemble(point.text, " ", (refs, "dim")))
        console.print(grid)
    if card.also:
        titles = " · ".join(a.title for a in card.also)
        colon = "：" if card.lang.startswith("zh") else ": "  # the labels' colon, without them
        console.print(f"\n[dim]{ui.render('ui.ask_also', card.lang)}{colon}{titles}[/dim]")
    if sources:
        console.print()
    for n, c in enumerate(sources, 1):
        where = f" · {c.section}" if c.section else ""
        console.print(f"[dim][{n}] {c.title}{where} — {c.source}[/dim]", highlight=False)


def remembered_workspace(settings: Settings, given: str | None) -> str:
    """The workspace for this question: the one given (then remembered in the data dir's
    cli.json for the next questions; '' forgets it), else the one remembered."""
    import json

    path = settings.data_dir / "cli.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    if given is None:
        return str(saved.get("ask_workspace", ""))
    saved["ask_workspace"] = given
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    return given


def run_ask_eval(
    settings: Settings, path: Path, fit: bool, show_misses: bool, tune_only: bool = False
) -> None:
    """Fit (optionally) on the tune half, then print the figures of the held-out half and of the
    tune half. Misses are listed for the tune half only: the held-out questions are not for
    studying (looking at them while adjusting Ask would make its figures meaningless);
    `tune_only` skips the held-out half altogether, for working on Ask."""
    # A developer tool (`cxcoach eval ask`): English figures, not in the message catalogue.
    from assistant.ask.evaluation import evaluate, load_questions, summary
    from assistant.ask.evaluation import fit as fit_models
    from assistant.ask.service import AskService
    from assistant.ask.triage import Triage, load_model
    from assistant.embeddings import build_embedder
    from assistant.retrieval import build_index

    if not path.is_file():
        console.print(f"[red]No question set at {path} (run from the repository root)")
        raise typer.Exit(2)
    questions = load_questions(path)
    index = build_index(settings, build_embedder(settings, cache_queries=False))
    with console.status("opening the knowledge base…"):
        index.ensure_methodology()
    if fit:
        tune = [q for q in questions if q.split == "tune"]
        with console.status(f"fitting on {len(tune)} tune questions…"):
            fit_models(Triage(index, index.embedder), tune)
        load_model.cache_clear()
        console.print("wrote prompts/exemplars/ask-model.json")
    service = AskService(index)
    for split in ("tune",) if tune_only else ("test", "tune"):
        part = [q for q in questions if q.split == split]
        scores = evaluate(service, part)
        name = "held-out test half" if split == "test" else "tune half (fitted on)"
        table = Table(title=f"Ask, {name}: {len(part)} questions ({settings.embedding_backend})")
        for column in ("figure", "value", "target"):
            table.add_column(column, justify="left" if column == "figure" else "right")
        for row in summary(scores):
            table.add_row(*row)
        console.print(table)
        if show_misses and split == "tune":
            for miss in scores.misses:
                console.print(f"  missed: {miss}", highlight=False)

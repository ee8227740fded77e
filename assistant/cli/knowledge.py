"""`cxcoach ingest`, `cxcoach ask` and `cxcoach eval retrieval`: the knowledge base from the terminal."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from assistant.ingest import FileResult, IngestProgress, IngestSummary
from assistant.ingest.readers import ColumnOverrides
from assistant.services.container import Services

console = Console()


class RichIngestProgress(IngestProgress):
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[Path, TaskID] = {}

    def file_started(self, path: Path, chunks: int) -> None:
        self.tasks[path] = self.progress.add_task(path.name, total=max(chunks, 1))

    def chunks_done(self, path: Path, done: int, total: int) -> None:
        self.progress.update(self.tasks[path], completed=done)

    def file_finished(self, result: FileResult) -> None:
        colour = {"added": "green", "replaced": "green", "unchanged": "cyan", "failed": "red"}
        detail = result.reason if result.status == "failed" else f"{result.records:,} records"
        self.progress.console.print(
            f"[{colour[result.status]}]{result.status:<9}[/] {result.path} — {detail}",
            highlight=False,
        )


def print_summary(summary: IngestSummary) -> None:
    table = Table(title=f"workspace {summary.workspace}", show_edge=False)
    for column in ("file", "result", "records", "skipped", "format", "columns / reason"):
        table.add_column(column)
    for r in summary.results:
        detail = r.reason or ", ".join(f"{k}={v}" for k, v in r.columns.items())
        fmt = f"{r.format} {r.encoding or ''}".strip()
        table.add_row(
            Path(r.path).name, r.status, f"{r.records:,}", f"{len(r.skipped):,}", fmt, detail
        )
    console.print(table)
    for r in summary.results:
        for locator, reason in r.skipped[:5]:
            console.print(f"  skipped {Path(r.path).name} {locator}: {reason}", highlight=False)
        if len(r.skipped) > 5:
            console.print(f"  … and {len(r.skipped) - 5:,} more skipped in {Path(r.path).name}")
    console.print(
        f"{summary.records_added:,} records added · {summary.records_skipped:,} skipped · "
        f"{summary.count('unchanged')} file(s) unchanged · {summary.count('failed')} failed",
        highlight=False,
    )


def ingest_command(
    services: Services,
    paths: list[Path],
    workspace: str,
    columns: ColumnOverrides | None,
) -> IngestSummary:
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        summary = services.ingest.ingest(
            paths, workspace, columns=columns, progress=RichIngestProgress(progress)
        )
    print_summary(summary)
    return summary


def column_overrides(
    text: str | None,
    score: str | None,
    label: str | None,
    date: str | None,
    channel: str | None,
    touchpoint: str | None,
    category: str | None,
) -> ColumnOverrides | None:
    given = {
        "text": text,
        "score": score,
        "label": label,
        "date": date,
        "channel": channel,
        "touchpoint": touchpoint,
        "category": category,
    }
    return ColumnOverrides(**given) if any(given.values()) else None

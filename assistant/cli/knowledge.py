"""`cxcoach ingest`, `cxcoach ask` and `cxcoach eval retrieval`: the knowledge base from the terminal."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from assistant.i18n import Translator
from assistant.i18n.labels import labels_for
from assistant.i18n.reasons import locator, names_file, read_reason, skip_reason
from assistant.ingest import FileResult, IngestProgress, IngestSummary
from assistant.ingest.readers import ColumnOverrides
from assistant.services.container import Services

console = Console()


class RichIngestProgress(IngestProgress):
    def __init__(self, progress: Progress, t: Translator) -> None:
        self.progress = progress
        self.t = t
        self.tasks: dict[Path, TaskID] = {}

    def file_started(self, path: Path, chunks: int) -> None:
        self.tasks[path] = self.progress.add_task(path.name, total=max(chunks, 1))

    def chunks_done(self, path: Path, done: int, total: int) -> None:
        self.progress.update(self.tasks[path], completed=done)

    def file_finished(self, result: FileResult) -> None:
        colour = {"added": "green", "replaced": "green", "unchanged": "cyan", "failed": "red"}
        status, detail = self.t("file_" + result.status), result_detail(result, self.t)
        if result.status == "failed" and names_file(result.reason_params):
            line = f"{status} {detail}"  # the reason names the file itself
        else:
            line = f"{status} {result.path} — {detail}"
        self.progress.console.print(
            line, style=colour[result.status], highlight=False, markup=False
        )


def result_detail(result: FileResult, t: Translator) -> str:
    """Why a file failed, or how many records it gave, in the reader's language."""
    if result.status == "failed":
        return read_reason(t, result.reason_code, result.reason_params, result.reason)
    return t("cli_records", n=f"{result.records:,}")


def print_summary(summary: IngestSummary, t: Translator) -> None:
    L = labels_for(t.lang)
    table = Table(title=t("cli_ingest_workspace", workspace=summary.workspace), show_edge=False)
    for key in ("file", "result", "records", "skipped", "format", "columns"):
        table.add_column(t(f"cli_ingest_col_{key}"))
    for r in summary.results:
        detail = (
            result_detail(r, t)
            if r.status == "failed"
            else L["list_sep"].join(f"{t('column_role_' + k)} = {v}" for k, v in r.columns.items())
        )
        fmt = f"{r.format} {r.encoding or ''}".strip()
        table.add_row(
            Path(r.path).name,
            t(f"file_{r.status}"),
            f"{r.records:,}",
            f"{len(r.skipped):,}",
            fmt,
            escape(detail),
        )
    console.print(table)
    for r in summary.results:
        name = Path(r.path).name
        for where, reason in r.skipped[:5]:
            skipped = t(
                "cli_skipped", file=name, where=locator(t, where), reason=skip_reason(t, reason)
            )
            console.print(skipped, highlight=False, markup=False)
        if len(r.skipped) > 5:
            more = t("cli_skipped_more", n=f"{len(r.skipped) - 5:,}", file=name)
            console.print(more, highlight=False, markup=False)
    totals = t(
        "cli_ingest_totals",
        added=f"{summary.records_added:,}",
        skipped=f"{summary.records_skipped:,}",
        unchanged=summary.count("unchanged"),
        failed=summary.count("failed"),
    )
    console.print(totals, highlight=False, markup=False)


def ingest_command(
    services: Services,
    paths: list[Path],
    workspace: str,
    columns: ColumnOverrides | None,
) -> IngestSummary:
    t = Translator(services.settings.ui_lang)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        summary = services.ingest.ingest(
            paths, workspace, columns=columns, progress=RichIngestProgress(progress, t)
        )
    print_summary(summary, t)
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

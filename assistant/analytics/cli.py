"""`cxcoach analyze`, for assistant/cli/main.py.

The command shows the detected column mapping of each file before its rows are read, a progress
bar while they stream, then the report; `--json`, `--svg` and `--html` write the outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from assistant.analytics.pipeline import AnalysisOptions
from assistant.analytics.report import mapping_text, render, section_of
from assistant.analytics.result import AnalysisResult, FileReport
from assistant.analytics.selection import current_map
from assistant.analytics.service import AnalyticsError
from assistant.domain import Lang
from assistant.exports import (
    export_diagnosis,
    touchpoint_chart_svg,
)
from assistant.i18n import Translator
from assistant.i18n.labels import labels_for
from assistant.ingest.readers import ColumnOverrides
from assistant.services.container import Services


class RichAnalysisProgress:
    """Progress of an analysis: rows read per file, with their rate."""

    def __init__(self, progress: Progress, t: Translator) -> None:
        self.progress = progress
        self.t = t
        self.task: TaskID | None = None

    def file_started(self, name: str, number: int, count: int) -> None:
        if self.task is not None:
            self.progress.stop_task(self.task)
        label = f"{name} ({number}/{count})" if count > 1 else name
        self.task = self.progress.add_task(label, total=None, rows=0)

    def file_opened(self, report: FileReport) -> None:
        self.progress.console.print(
            mapping_text(report, self.t), style="cyan", highlight=False, markup=False
        )

    def rows_done(self, rows: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, rows)

    def phase(self, description: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, description=self.t(f"analysis_phase_{description}"))


class RowRateColumn(ProgressColumn):
    def __init__(self, t: Translator) -> None:
        super().__init__()
        self.t = t

    def render(self, task: Task) -> Text:
        speed = self.t("cli_rows_per_second", n=f"{task.speed:,.0f}") if task.speed else ""
        return Text(speed, style="dim")


def _progress(console: Console, t: Translator) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn(t("analysis_rows_read", n="{task.completed:,.0f}")),
        RowRateColumn(t),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def write_html(services: Services, result: AnalysisResult, lang: Lang, path: Path) -> str:
    """The workspace's current map exported as HTML with the analytics section; a message."""
    t = Translator(lang)
    found = current_map(services.db, result.workspace_id)
    if found is None:
        return t("cli_analysis_no_map", workspace=result.workspace)
    journey, map_id, version = found
    diagnosis, _ = services.db.maps.latest(map_id)
    exported = export_diagnosis(diagnosis, "html", lang, analytics=section_of(result))
    path.write_bytes(exported.content)
    return t("cli_analysis_html_written", path=str(path), title=journey.title, version=version)


def analyze_command(
    services: Services,
    paths: Sequence[Path],
    workspace: str,
    columns: ColumnOverrides | None,
    *,
    industry: str | None,
    lang: Lang,
    json_path: Path | None,
    svg_path: Path | None,
    html_path: Path | None,
    keep_duplicates: bool,
    semantic: bool,
    console: Console,
) -> AnalysisResult:
    t = Translator(lang)
    options = AnalysisOptions(columns=columns, keep_duplicates=keep_duplicates, lang=lang)
    with _progress(console, t) as progress:
        result = services.analytics.analyze(
            list(paths),
            workspace,
            options=options,
            industry=industry,
            semantic=semantic,
            progress=RichAnalysisProgress(progress, t),
        )
    render(result, console, lang)
    if json_path is not None:
        json_path.write_text(result.model_dump_json(indent=2), encoding="utf-8")
        console.print(t("cli_wrote", path=str(json_path)), highlight=False, markup=False)
    if svg_path is not None:
        bars = section_of(result).bars
        svg = touchpoint_chart_svg(bars, labels_for(lang), standalone=True)
        svg_path.write_text(svg, encoding="utf-8")
        console.print(t("cli_wrote", path=str(svg_path)), highlight=False, markup=False)
    if html_path is not None and result.totals.analysed:
        console.print(write_html(services, result, lang, html_path), highlight=False, markup=False)
    return result


__all__ = ["AnalyticsError", "analyze_command", "write_html"]

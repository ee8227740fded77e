"""An analysis for people: the terminal report (Rich) and the report section of the HTML export."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from assistant.analytics.result import AnalysisResult, FileReport, GroupMetrics
from assistant.domain import Lang
from assistant.exports import AnalyticsSection, ThemeItem, TouchpointBar
from assistant.exports.analytics_chart import percent
from assistant.text import convert_tree

# Problems counted per file, as the summary names them.
PROBLEMS: tuple[tuple[str, str], ...] = (
    ("empty_text", "empty or whitespace-only text (not analysed)"),
    ("duplicates", "duplicate rows (identical in every column)"),
    ("bad_scores", "scores that are not numbers (text analysed, score ignored)"),
    ("out_of_range_scores", "scores outside the scale (ignored)"),
    ("bad_labels", "labels not recognised (sentiment from the score or the model)"),
    ("bad_dates", "dates not recognised (left out of the trend)"),
)


def change(pp: float | None) -> str:
    return "" if pp is None else f"{pp:+.1f} pp"


def score_text(metrics: GroupMetrics) -> str:
    parts = []
    if metrics.average_score is not None:
        parts.append(f"avg {metrics.average_score:g}")
    if metrics.nps is not None:
        parts.append(f"NPS {metrics.nps:+g}")
    if metrics.csat is not None:
        parts.append(f"CSAT {metrics.csat:g}%")
    return " · ".join(parts)


def mapping_text(report: FileReport) -> str:
    """ "reviews.csv: CSV, utf-8 — text=review, label=label" (what was detected, shown before the
    rows are read so a wrong guess can be corrected with the column options)."""
    roles = ", ".join(f"{role}={column}" for role, column in report.mapping.items()) or "none"
    header = f" ({report.header_note})" if report.header_note else ""
    return f"{report.name}: {report.format.upper()}, {report.encoding} — {roles}{header}"


def problem_lines(report: FileReport) -> list[str]:
    lines = []
    for key, what in PROBLEMS:
        count = getattr(report, key)
        if count:
            where = report.examples.get(key, [])
            example = f" (e.g. {', '.join(where)})" if where else ""
            lines.append(f"{count:,} {what}{example}")
    return lines


def render(result: AnalysisResult, console: Console) -> None:
    t = result.totals
    console.print(
        f"[bold]{result.workspace}[/bold] · {t.analysed:,} records analysed from {t.files} "
        f"file(s) · touchpoints from {result.taxonomy.how_chosen}",
        highlight=False,
    )
    for report in result.files:
        if report.error:
            console.print(f"[red]{report.name}: {report.error}[/red]", highlight=False)
        for line in [*report.notes, *problem_lines(report)]:
            console.print(f"  [yellow]{report.name}: {line}[/yellow]", highlight=False)
    if not t.analysed:
        return
    sources = {"label": t.sentiment_from_label, "score": t.sentiment_from_score,
               "model": t.sentiment_from_model}  # fmt: skip
    used = ", ".join(f"{k} {v:,}" for k, v in sources.items() if v)
    scale = f" · score scale {result.score_scale}" if result.score_scale else ""
    console.print(f"sentiment from: {used}{scale}", highlight=False)

    overall = result.overall
    scores = overall.scored > 0
    trends = overall.trend is not None
    table = Table(title="Touchpoints", header_style="bold")
    table.add_column("Stage")
    table.add_column("Touchpoint", overflow="fold")
    table.add_column("Records", justify="right")
    table.add_column("Share", justify="right")
    table.add_column("Negative", justify="right")
    if scores:
        table.add_column("Score")
    if trends:
        table.add_column("Change", justify="right")
    table.add_column("Main issue", overflow="fold")

    def row(metrics: GroupMetrics, stage: str, name: str, issue: str, style: str = "") -> None:
        cells = [stage, name, f"{metrics.volume:,}", percent(metrics.share_of_records),
                 percent(metrics.negative_share)]  # fmt: skip
        if scores:
            cells.append(score_text(metrics))
        if trends:
            cells.append(change(metrics.trend.change_pp if metrics.trend else None))
        table.add_row(*cells, issue, style=style)

    for tp in result.touchpoints:
        issue = f"{tp.issues[0].label} ({tp.issues[0].count:,})" if tp.issues else ""
        row(tp, tp.stage, tp.name, issue, "dim" if tp.volume == 0 else "")
    row(overall, "", "[bold]all records[/bold]", "")
    console.print(table)

    stages = Table(title="Stages", header_style="bold")
    for column in ("Stage", "Records", "Negative", "Score", "Change"):
        stages.add_column(column, justify="left" if column == "Stage" else "right")
    for stage in result.stages:
        trend = stage.trend.change_pp if stage.trend else None
        stages.add_row(stage.name, f"{stage.volume:,}", percent(stage.negative_share),
                       score_text(stage), change(trend))  # fmt: skip
    console.print(stages)

    if overall.trend and len(overall.trend.periods) > 1:
        periods = ", ".join(
            f"{p.label} {percent(p.negative_share)} ({p.volume:,})" for p in overall.trend.periods
        )
        console.print(f"negative share by {overall.trend.granularity}: {periods}", highlight=False)

    if result.themes:
        console.print("[bold]Top pain themes[/bold] (clustered negative records)")
        for n, theme in enumerate(result.themes, start=1):
            approx = "≈" if theme.estimated else ""
            where = f" · {theme.touchpoint}" if theme.touchpoint else ""
            console.print(f" {n}. {theme.label} — {approx}{theme.size:,}{where}", highlight=False)
            for quote in theme.quotes:
                console.print(f"    “{quote.text}”  [dim]{quote.ref}[/dim]", highlight=False)

    un = result.unassigned
    console.print(
        f"[bold]Not about any touchpoint[/bold]: {un.count:,} ({percent(un.share)}), e.g.",
        highlight=False,
    )
    for quote in un.samples[:5]:
        console.print(f"    “{quote.text}”  [dim]{quote.ref}[/dim]", highlight=False)


def section_of(result: AnalysisResult) -> AnalyticsSection:
    """The HTML report's view of an analysis."""
    return AnalyticsSection(
        bars=[
            TouchpointBar(tp.name, tp.stage, tp.volume, tp.negative_share)
            for tp in result.touchpoints
        ],
        records=result.totals.analysed,
        negative_share=result.overall.negative_share,
        unassigned=result.unassigned.count,
        source=result.taxonomy.title,
        files=[f.name for f in result.files if f.analysed],
        themes=[
            ThemeItem(t.label, t.size, t.estimated, [q.text for q in t.quotes])
            for t in result.themes
        ],
        created=result.created_at.date().isoformat(),
    )


# What stays as it is when an analysis is shown in the other Chinese script: file names, record
# references and identifiers.
_KEEP = frozenset(
    {
        "files",
        "ref",
        "negative_refs",
        "workspace",
        "workspace_id",
        "id",
        "stage_id",
        "lang",
        "source",
        "industry",
        "created_at",
    }  # fmt: skip
)


def in_script(result: AnalysisResult, lang: Lang) -> AnalysisResult:
    """The analysis with its Chinese text (touchpoints, issues, themes, quotes) in the script of
    `lang`; unchanged for English."""
    if lang == "en":
        return result
    data = convert_tree(result.model_dump(mode="json"), lang, keep=_KEEP)
    return AnalysisResult.model_validate(data)

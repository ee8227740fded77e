"""An analysis for people: the terminal report (Rich), the words the Knowledge page shares with
it, and the report section of the HTML export.

Every word comes from the UI catalogue (`analysis_*`, `problem_*`, `column_role_*` in
prompts/ui*.yaml) in the reader's language: the terminal and the page say the same things.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.analytics.result import AnalysisResult, FileReport, GroupMetrics
from assistant.domain import Lang
from assistant.exports import AnalyticsSection, ThemeItem, TouchpointBar
from assistant.exports.analytics_chart import percent
from assistant.i18n import Translator
from assistant.i18n.labels import labels_for
from assistant.i18n.reasons import locator, names_file, read_reason
from assistant.ingest.readers.model import ROLES
from assistant.interview.say import Say
from assistant.text import convert_tree

# Problems counted per file (`FileReport` fields), said by `problem_<key>` in the catalogue.
PROBLEMS: tuple[str, ...] = (
    "empty_text", "duplicates", "bad_scores", "out_of_range_scores", "bad_labels", "bad_dates"
)  # fmt: skip


# How the pipeline marks a file it re-encoded to UTF-8 before reading (FileReport.encoding).
REENCODED = " (re-encoded)"
# How the readers name the columns of a file without a header row (ColumnMapping.header).
SYNTHESISED = re.compile(r"^synthesised (col1\.\.col\d+)$")


def change(pp: float | None, t: Translator) -> str:
    """A change in percentage points: "-50.0 pp", "-50.0 个百分点"."""
    return "" if pp is None else t("analysis_change_pp", pp=f"{pp:+.1f}")


def score_text(metrics: GroupMetrics) -> str:
    parts = []
    if metrics.average_score is not None:
        parts.append(f"{metrics.average_score:g}")
    if metrics.nps is not None:
        parts.append(f"NPS {metrics.nps:+g}")
    if metrics.csat is not None:
        parts.append(f"CSAT {metrics.csat:g}%")
    return " · ".join(parts)


def space(t: Translator) -> str:
    """Between a sentence and a bracketed remark: none before Chinese full-width brackets."""
    return "" if t.lang.startswith("zh") else " "


def columns_text(report: FileReport, t: Translator) -> list[tuple[str, str]]:
    """(the role in words, the column) of each column the file's records were read from."""
    return [
        (t(f"column_role_{role}"), column)
        for role, column in report.mapping.items()
        if role in ROLES
    ]


def mapping_text(report: FileReport, t: Translator) -> str:
    """ "reviews.csv: CSV, utf-8 — Text = review; Score = NPS" (what was detected, shown before
    the rows are read so a wrong guess can be corrected with the column options)."""
    labels = labels_for(t.lang)
    roles = labels["list_sep"].join(
        f"{role} = {column}" for role, column in columns_text(report, t)
    )
    note = report.header_note
    if synthesised := SYNTHESISED.match(note):  # the reader's English note, in the reader's words
        note = t("analysis_synthesised_columns", names=synthesised.group(1))
    header = f" ({t('analysis_no_header', note=note)})" if note else ""
    encoding = encoding_text(report, t)
    return f"{report.name}: {report.format.upper()}, {encoding} — {roles or '—'}{header}"


def encoding_text(report: FileReport, t: Translator) -> str:
    """The encoding the file was read in, "(re-encoded)" said in the reader's words."""
    if report.encoding.endswith(REENCODED):  # the pipeline's English marker
        return t("analysis_reencoded", encoding=report.encoding.removesuffix(REENCODED))
    return report.encoding


def note_lines(report: FileReport, t: Translator) -> list[str]:
    """What the reader should know about how a file was read: its mix of encodings in the
    reader's words, then the notes of analyses stored before those were figures."""
    lines = []
    if mix := report.encoding_mix:
        parts = [
            t("analysis_lines_in", n=f"{n:,}", codec=codec)
            for codec, n in sorted(mix.others.items())
        ]
        if mix.replaced:
            parts.append(t("analysis_lines_replaced", n=f"{mix.replaced:,}"))
        joined = (", " if t.lang == "en" else "、").join(parts)
        lines.append(t("analysis_mixed_encodings", primary=mix.primary, parts=joined))
    return [*lines, *report.notes]


def problem_lines(report: FileReport, t: Translator) -> list[str]:
    """The problems counted in a file, each with where it happened first."""
    lines = []
    for key in PROBLEMS:
        count = getattr(report, key)
        if count:
            text = t(f"problem_{key}", n=f"{count:,}")
            where = report.examples.get(key, [])
            if where:
                places = ", ".join(locator(t, w) for w in where)
                text += space(t) + t("problem_examples", where=places)
            lines.append(text)
    return lines


def error_text(report: FileReport, t: Translator) -> str:
    """Why the file could not be read (or stopped being readable), in the reader's language."""
    if not report.error:
        return ""
    text = read_reason(t, report.error_code, report.error_params, report.error)
    if report.error_code and report.rows:
        text += space(t) + t("read_error_after_rows", rows=f"{report.rows:,}")
    return text


def source_text(result: AnalysisResult, t: Translator) -> str:
    """Where the touchpoints came from: the workspace's map or an industry playbook."""
    taxonomy = result.taxonomy
    if taxonomy.source == "map":
        return t("analysis_from_map", title=taxonomy.title)
    industry = Say(t.lang)(f"industry_{taxonomy.industry}") if taxonomy.industry else taxonomy.title
    key = "analysis_from_playbook_guessed" if taxonomy.guessed else "analysis_from_playbook"
    return t(key, industry=industry)


def sentiment_text(result: AnalysisResult, t: Translator) -> str:
    """Which records got their sentiment from where: "label 200; score 5"."""
    totals = result.totals
    counts = (
        ("label", totals.sentiment_from_label),
        ("score", totals.sentiment_from_score),
        ("model", totals.sentiment_from_model),
    )
    parts = [t(f"sentiment_from_{key}", n=f"{n:,}") for key, n in counts if n]
    return labels_for(t.lang)["list_sep"].join(parts)


def render(result: AnalysisResult, console: Console, lang: Lang) -> None:
    """The analysis in the terminal, in `lang` (its text in the script of `lang`)."""
    result = in_script(result, lang)
    t, L = Translator(lang), labels_for(lang)

    def say(text: str, style: str = "") -> None:
        console.print(f"[{style}]{escape(text)}[/{style}]" if style else text,
                      highlight=False, markup=bool(style))  # fmt: skip

    totals = result.totals
    summary = t("analysis_summary", records=f"{totals.analysed:,}", files=totals.files,
                date=result.created_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    say(f"{result.workspace} · {summary}", "bold")
    say(t("analysis_touchpoints_source") + L["colon"] + source_text(result, t))
    for report in result.files:
        if report.error:  # the input limits' reasons name the file themselves
            error = error_text(report, t)
            say(error if names_file(report.error_params) else f"{report.name}: {error}", "red")
        for line in [*note_lines(report, t), *problem_lines(report, t)]:
            say(f"  {report.name}: {line}", "yellow")
    if not totals.analysed:
        return
    scale = (
        f" · {t('analysis_score_scale')}{L['colon']}{result.score_scale}"
        if result.score_scale
        else ""
    )
    say(t("analysis_sentiment") + L["colon"] + sentiment_text(result, t) + scale)

    overall = result.overall
    scores = overall.scored > 0
    trends = overall.trend is not None
    table = Table(title=t("analysis_by_touchpoint"), header_style="bold")
    table.add_column(L["stage"])
    table.add_column(L["touchpoint"], overflow="fold")
    table.add_column(t("records"), justify="right")
    table.add_column(t("analysis_share"), justify="right")
    table.add_column(L["negative_share"], justify="right")
    if scores:
        table.add_column(t("analysis_score"))
    if trends:
        table.add_column(t("analysis_change"), justify="right")
    table.add_column(t("analysis_main_issues"), overflow="fold")

    def row(metrics: GroupMetrics, stage: str, name: str, issue: str, style: str = "") -> None:
        cells = [escape(stage), name, f"{metrics.volume:,}", percent(metrics.share_of_records),
                 percent(metrics.negative_share)]  # fmt: skip
        if scores:
            cells.append(score_text(metrics))
        if trends:
            cells.append(change(metrics.trend.change_pp if metrics.trend else None, t))
        table.add_row(*cells, escape(issue), style=style)

    for tp in result.touchpoints:
        issue = f"{tp.issues[0].label} ({tp.issues[0].count:,})" if tp.issues else ""
        row(tp, tp.stage, escape(tp.name), issue, "dim" if tp.volume == 0 else "")
    row(overall, "", f"[bold]{escape(t('analysis_all_records'))}[/bold]", "")
    console.print(table)

    stages = Table(title=t("analysis_by_stage"), header_style="bold")
    stages.add_column(L["stage"])
    for column in (t("records"), L["negative_share"], t("analysis_score"), t("analysis_change")):
        stages.add_column(column, justify="right")
    for stage in result.stages:
        trend = stage.trend.change_pp if stage.trend else None
        stages.add_row(escape(stage.name), f"{stage.volume:,}", percent(stage.negative_share),
                       score_text(stage), change(trend, t))  # fmt: skip
    console.print(stages)

    if overall.trend and len(overall.trend.periods) > 1:
        periods = L["list_sep"].join(
            f"{p.label} {percent(p.negative_share)} ({p.volume:,})" for p in overall.trend.periods
        )
        say(t(f"analysis_trend_{overall.trend.granularity}") + L["colon"] + periods)

    if result.themes:
        say(t("analysis_themes"), "bold")
        for n, theme in enumerate(result.themes, start=1):
            approx = "≈" if theme.estimated else ""
            where = f" · {theme.touchpoint}" if theme.touchpoint else ""
            say(f" {n}. {theme.label} — {approx}{theme.size:,}{where}")
            for quote in theme.quotes:
                console.print(f"    “{escape(quote.text)}”  [dim]{escape(quote.ref)}[/dim]",
                              highlight=False)  # fmt: skip

    un = result.unassigned
    say(t("analysis_unassigned") + L["colon"] + f"{un.count:,} ({percent(un.share)})", "bold")
    for quote in un.samples[:5]:
        console.print(
            f"    “{escape(quote.text)}”  [dim]{escape(quote.ref)}[/dim]", highlight=False
        )


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

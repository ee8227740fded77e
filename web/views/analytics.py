"""The Knowledge page's analytics section: an analysis as the page shows it, in the page's language.

The analysis keeps its own language (the touchpoint names come from the map or playbook it was
tagged against); a Chinese page shows its text in the page's script. Labels, counts and the
problems found in each file are worded from the UI catalogue by `assistant.analytics.report`, which
the terminal report uses too; reader errors keep the wording of the readers (as on the upload results).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from assistant.analytics.report import change as change_text
from assistant.analytics.report import (
    columns_text,
    encoding_text,
    error_text,
    in_script,
    note_lines,
    problem_lines,
    section_of,
    sentiment_text,
    source_text,
)
from assistant.analytics.report import score_text as scores
from assistant.analytics.result import AnalysisResult, FileReport
from assistant.domain import Lang
from assistant.exports import touchpoint_chart_svg
from assistant.exports.analytics_chart import percent
from assistant.i18n.labels import Labels
from web.i18n import Translator

__all__ = [
    "AnalysisView",
    "FileView",
    "analysis_view",
    "change",
    "percent",
    "failed_view",
    "scores",
]


@dataclass(frozen=True)
class FileView:
    name: str
    read_as: str  # "CSV · utf-8"
    columns: list[tuple[str, str]]  # (role, in words; column)
    header_note: str
    counts: str  # "1,200 rows, 1,180 analysed"
    problems: list[str]
    notes: list[str]
    error: str


@dataclass(frozen=True)
class AnalysisView:
    result: AnalysisResult  # in the page's script
    chart: Markup
    source: str  # where the touchpoints came from, in words
    sentiment: str  # which records got their sentiment from where
    files: list[FileView] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.result.totals.analysed == 0


@pass_context
def change(context: Context, pp: float | None) -> str:
    """A change in percentage points, in the page's language (the template's `t`)."""
    return change_text(pp, context["t"])


def file_view(report: FileReport, t: Translator) -> FileView:
    read_as = " · ".join(p for p in (report.format.upper(), encoding_text(report, t)) if p)
    return FileView(
        name=report.name,
        read_as=read_as,
        columns=columns_text(report, t),
        header_note=report.header_note,
        counts=t("analysis_file_rows", rows=f"{report.rows:,}", analysed=f"{report.analysed:,}"),
        problems=problem_lines(report, t),
        notes=note_lines(report, t),
        error=error_text(report, t),
    )


def analysis_view(
    result: AnalysisResult, lang: Lang, t: Translator, labels: Labels
) -> AnalysisView:
    shown = in_script(result, lang)
    chart = touchpoint_chart_svg(section_of(shown).bars, labels)  # escapes every text it draws
    return AnalysisView(
        result=shown,
        chart=Markup(chart),
        source=source_text(shown, t),
        sentiment=sentiment_text(shown, t),
        files=[file_view(f, t) for f in shown.files],
    )


def failed_view(report: FileReport, t: Translator) -> FileView:
    """A file that could not be analysed at all."""
    return file_view(report, t)

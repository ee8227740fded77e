"""The Knowledge page's analytics section: an analysis as the page shows it, in the page's language.

The analysis keeps its own language (the touchpoint names come from the map or playbook it was
tagged against); a Chinese page shows its text in the page's script. Labels, counts and the
problems found in each file are worded from `prompts/ui.yaml`; reader errors keep the wording of
the readers (as on the upload results).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from assistant.analytics.report import PROBLEMS, change, in_script, section_of
from assistant.analytics.result import AnalysisResult, FileReport, GroupMetrics
from assistant.domain import Lang
from assistant.exports import touchpoint_chart_svg
from assistant.exports.analytics_chart import percent
from assistant.exports.labels import Labels
from assistant.ingest.readers.model import ROLES
from assistant.interview.say import Say
from web.i18n import Translator
from web.views.reasons import locator, read_reason

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


def scores(metrics: GroupMetrics) -> str:
    parts = []
    if metrics.average_score is not None:
        parts.append(f"{metrics.average_score:g}")
    if metrics.nps is not None:
        parts.append(f"NPS {metrics.nps:+g}")
    if metrics.csat is not None:
        parts.append(f"CSAT {metrics.csat:g}%")
    return " · ".join(parts)


def file_view(report: FileReport, t: Translator) -> FileView:
    problems = []
    for key, _ in PROBLEMS:
        count = getattr(report, key)
        if count:
            text = t(f"problem_{key}", n=f"{count:,}")
            where = report.examples.get(key, [])
            if where:
                places = ", ".join(locator(t, w) for w in where)
                text += space(t) + t("problem_examples", where=places)
            problems.append(text)
    read_as = " · ".join(p for p in (report.format.upper(), report.encoding) if p)
    return FileView(
        name=report.name,
        read_as=read_as,
        columns=[
            (t(f"column_role_{role}"), column)
            for role, column in report.mapping.items()
            if role in ROLES
        ],
        header_note=report.header_note,
        counts=t("analysis_file_rows", rows=f"{report.rows:,}", analysed=f"{report.analysed:,}"),
        problems=problems,
        notes=list(report.notes),
        error=error_text(report, t),
    )


def error_text(report: FileReport, t: Translator) -> str:
    """Why the file could not be read (or stopped being readable), in the page's language."""
    if not report.error:
        return ""
    text = read_reason(t, report.error_code, report.error_params, report.error)
    if report.error_code and report.rows:
        text += space(t) + t("read_error_after_rows", rows=f"{report.rows:,}")
    return text


def space(t: Translator) -> str:
    """Between a sentence and a bracketed remark: none before Chinese full-width brackets."""
    return "" if t.lang.startswith("zh") else " "


def source_text(result: AnalysisResult, t: Translator, lang: Lang) -> str:
    taxonomy = result.taxonomy
    if taxonomy.source == "map":
        return t("analysis_from_map", title=taxonomy.title)
    industry = Say(lang)(f"industry_{taxonomy.industry}") if taxonomy.industry else taxonomy.title
    key = "analysis_from_playbook_guessed" if taxonomy.guessed else "analysis_from_playbook"
    return t(key, industry=industry)


def sentiment_text(result: AnalysisResult, t: Translator, labels: Labels) -> str:
    totals = result.totals
    counts = (
        ("label", totals.sentiment_from_label),
        ("score", totals.sentiment_from_score),
        ("model", totals.sentiment_from_model),
    )
    parts = [t(f"sentiment_from_{key}", n=f"{n:,}") for key, n in counts if n]
    return labels["list_sep"].join(parts)


def analysis_view(
    result: AnalysisResult, lang: Lang, t: Translator, labels: Labels
) -> AnalysisView:
    shown = in_script(result, lang)
    chart = touchpoint_chart_svg(section_of(shown).bars, labels)  # escapes every text it draws
    return AnalysisView(
        result=shown,
        chart=Markup(chart),
        source=source_text(shown, t, lang),
        sentiment=sentiment_text(shown, t, labels),
        files=[file_view(f, t) for f in shown.files],
    )


def failed_view(report: FileReport, t: Translator) -> FileView:
    """A file that could not be analysed at all."""
    return file_view(report, t)

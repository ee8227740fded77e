"""Exports of a diagnosis (journey map + improvement plan): JSON, Markdown, CSV, Mermaid, HTML.

One entry point, `export_diagnosis`, used by the CLI and the web app alike. Text formats are in
the map's language unless `lang` says otherwise (zh-Hans, zh-Hant or en); the map's own content
is never translated, only the report's labels — but between Simplified and Traditional Chinese
the content is converted too (OpenCC), since that is script, not translation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

from assistant.domain import Diagnosis, Lang
from assistant.exports.analytics_chart import (
    AnalyticsSection,
    ThemeItem,
    TouchpointBar,
    section_in_script,
    touchpoint_chart_svg,
)
from assistant.exports.common import resolve_lang
from assistant.exports.csv_export import render_csv
from assistant.exports.html_export import render_html
from assistant.exports.json_export import render_json
from assistant.exports.markdown_export import render_markdown
from assistant.exports.mermaid_export import render_mermaid
from assistant.text.script import convert_tree

ExportFormat = Literal["json", "md", "csv", "mermaid", "html"]
FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)

MEDIA_TYPES: dict[ExportFormat, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "mermaid": "text/vnd.mermaid; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
EXTENSIONS: dict[ExportFormat, str] = {
    "json": ".json",
    "md": ".md",
    "csv": ".csv",
    "mermaid": ".mmd",
    "html": ".html",
}
FALLBACK_STEM = "journey-map"
# Device names Windows refuses as file names, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)}
MAX_STEM = 80


@dataclass(frozen=True)
class ExportResult:
    content: bytes
    media_type: str
    filename: str


_UNSAFE = re.compile(r"[^\w\-.]+")  # \w keeps CJK letters and digits
_DASHES = re.compile(r"-{2,}")


def safe_stem(title: str) -> str:
    """A file name stem from a map title: CJK and letters kept, separators and specials → '-'.

    No path separators, no leading dots (hidden files, '..'), at most MAX_STEM characters.
    """
    text = unicodedata.normalize("NFKC", title)
    stem = _DASHES.sub("-", _UNSAFE.sub("-", text)).strip("-._")[:MAX_STEM].rstrip("-._")
    if stem.upper() in _RESERVED:
        stem = f"{stem}-{FALLBACK_STEM}"
    return stem or FALLBACK_STEM


# Identifiers and enumerations: never converted between scripts.
_KEEP = frozenset(
    {
        "id",
        "stage_id",
        "touchpoint_id",
        "pain_point_ids",
        "doc_id",
        "source",
        "refs",
        "lang",
        "kano",
        "horizon",
        "mode",
        "category",
        "priority",
        "cadence",
        "steps",
    }
)


def in_script(diagnosis: Diagnosis, lang: Lang) -> Diagnosis:
    """The diagnosis with its Chinese text in the script `lang` asks for (unchanged otherwise)."""
    source = diagnosis.map.lang
    if lang == source or "en" in (lang, source):
        return diagnosis
    data = convert_tree(diagnosis.model_dump(mode="json"), lang, keep=_KEEP)
    data["map"]["lang"] = lang
    return Diagnosis.model_validate(data)


def export_diagnosis(
    diagnosis: Diagnosis,
    fmt: ExportFormat,
    lang: Lang | None = None,
    analytics: AnalyticsSection | None = None,
) -> ExportResult:
    """Render `diagnosis` as `fmt`. The file name is the map title made safe; when `lang`
    differs from the map's language the name says so (`title.en.md`), so exports of one map in
    several languages do not overwrite each other. `analytics` (the workspace's feedback
    analysis) adds a section with its chart to the HTML report; other formats ignore it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chosen = resolve_lang(diagnosis.map, lang)
    stem = safe_stem(diagnosis.map.title)
    if fmt != "json" and chosen != diagnosis.map.lang:
        stem = f"{stem}.{chosen}"
    diagnosis = in_script(diagnosis, chosen) if fmt != "json" else diagnosis
    if fmt == "json":
        content = render_json(diagnosis).encode("utf-8")
    elif fmt == "md":
        content = render_markdown(diagnosis, chosen).encode("utf-8")
    elif fmt == "csv":
        content = render_csv(diagnosis, chosen)
    elif fmt == "mermaid":
        content = render_mermaid(diagnosis, chosen).encode("utf-8")
    else:
        section = section_in_script(analytics, chosen) if analytics else None
        content = render_html(diagnosis, chosen, section).encode("utf-8")
    return ExportResult(content, MEDIA_TYPES[fmt], stem + EXTENSIONS[fmt])


__all__ = [
    "EXTENSIONS",
    "AnalyticsSection",
    "ThemeItem",
    "TouchpointBar",
    "touchpoint_chart_svg",
    "FORMATS",
    "MEDIA_TYPES",
    "ExportFormat",
    "ExportResult",
    "export_diagnosis",
    "in_script",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_mermaid",
    "safe_stem",
]

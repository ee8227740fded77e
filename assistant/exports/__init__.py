"""Exports of a diagnosis (journey map + improvement plan): HTML, Markdown, CSV, JSON, Mermaid, or
all of them in a zip — the formats are listed once, in `registry.py`.

One entry point, `export_diagnosis`, used by the CLI and the web app alike. Text formats are in
the map's language unless `lang` says otherwise (zh-Hans, zh-Hant or en); the map's own content
is never translated, only the report's labels — but between Simplified and Traditional Chinese
the content is converted too (OpenCC), since that is script, not translation.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from assistant.domain import Diagnosis, Lang
from assistant.exports.analytics_chart import (
    AnalyticsSection,
    ThemeItem,
    TouchpointBar,
    touchpoint_chart_svg,
)
from assistant.exports.common import resolve_lang
from assistant.exports.csv_export import render_csv
from assistant.exports.html_export import render_html
from assistant.exports.json_export import render_json
from assistant.exports.markdown_export import render_markdown
from assistant.exports.mermaid_export import render_mermaid
from assistant.exports.registry import (
    BUNDLE,
    DOWNLOADS,
    EXTENSIONS,
    FORMATS,
    MEDIA_TYPES,
    REGISTRY,
    DownloadFormat,
    ExportFormat,
    Format,
)
from assistant.text.script import convert_tree, traditional_tree

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
    if lang == source == "zh-Hant":
        # Typed Traditional stays as typed; what came in Simplified (a citation's title from the
        # methodology, a playbook line) is converted.
        data = traditional_tree(diagnosis.model_dump(mode="json"), keep=_KEEP)
        return Diagnosis.model_validate(data)
    if lang == source or "en" in (lang, source):
        return diagnosis
    data = convert_tree(diagnosis.model_dump(mode="json"), lang, keep=_KEEP)
    data["map"]["lang"] = lang
    return Diagnosis.model_validate(data)


def export_diagnosis(
    diagnosis: Diagnosis,
    fmt: DownloadFormat,
    lang: Lang | None = None,
    analytics: AnalyticsSection | None = None,
) -> ExportResult:
    """Render `diagnosis` as `fmt` (a name of the registry, or `zip` for all of them in one
    archive). The file name is the map title made safe; when `lang` differs from the map's
    language the name says so (`title.en.md`), so exports of one map in several languages do not
    overwrite each other. `analytics` (the workspace's feedback analysis) adds a section with its
    chart to the HTML report; other formats ignore it."""
    if fmt not in DOWNLOADS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(DOWNLOADS)}")
    spec = DOWNLOADS[fmt]
    chosen = resolve_lang(diagnosis.map, lang)
    # The file is named in its reader's script (a zh-Hans map exported in zh-Hant downloads as
    # 青禾銀行….zh-Hant.md); the JSON data keeps the stored title.
    shown = in_script(diagnosis, chosen) if spec.localized or spec.write is None else diagnosis
    stem = safe_stem(shown.map.title)
    if spec.write is None:
        return ExportResult(
            _bundle(diagnosis, lang, analytics), spec.media_type, stem + spec.extension
        )
    if spec.localized:
        if chosen != diagnosis.map.lang:
            stem = f"{stem}.{chosen}"
        diagnosis = shown
    return ExportResult(
        spec.write(diagnosis, chosen, analytics), spec.media_type, stem + spec.extension
    )


def _bundle(diagnosis: Diagnosis, lang: Lang | None, analytics: AnalyticsSection | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in FORMATS:
            result = export_diagnosis(diagnosis, name, lang, analytics)
            archive.writestr(result.filename, result.content)
    return buffer.getvalue()


__all__ = [
    "BUNDLE",
    "DOWNLOADS",
    "EXTENSIONS",
    "REGISTRY",
    "DownloadFormat",
    "Format",
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

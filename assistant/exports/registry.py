"""The export formats, in one place: name, media type, file extension, the UI label key and the
writer. The CLI (`cxcoach export -f`), the web routes and the API (`/…/export/{fmt}`), the pages'
export menu and the zip bundle all read this table; a new format is one entry here (and its
`export_<name>` label in the UI catalogue).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

from assistant.domain import Diagnosis, Lang
from assistant.exports.analytics_chart import AnalyticsSection, section_in_script
from assistant.exports.csv_export import render_csv
from assistant.exports.html_export import render_html
from assistant.exports.json_export import render_json
from assistant.exports.markdown_export import render_markdown
from assistant.exports.mermaid_export import render_mermaid

# In the order the export menu lists them: the report first.
ExportFormat = Literal["html", "md", "csv", "json", "mermaid"]
# Every single format in one archive.
BUNDLE: Literal["zip"] = "zip"
DownloadFormat = Literal[ExportFormat, Literal["zip"]]

Writer = Callable[[Diagnosis, Lang, AnalyticsSection | None], bytes]


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str  # with its dot
    label_key: str  # the UI catalogue key of its menu entry (`ui.export_<name>`)
    # Writes the diagnosis, already in the script of `lang`; None for the zip bundle, which
    # `export_diagnosis` fills with every other format.
    write: Writer | None
    localized: bool = True  # False: data for programs, written as stored (JSON)


def _html(diagnosis: Diagnosis, lang: Lang, analytics: AnalyticsSection | None) -> bytes:
    section = section_in_script(analytics, lang) if analytics else None
    return render_html(diagnosis, lang, section).encode("utf-8")


# What a page offers to download: every format, then all of them in a zip.
DOWNLOADS: Mapping[DownloadFormat, Format] = MappingProxyType(
    {
        "html": Format("html", "text/html; charset=utf-8", ".html", "export_html", _html),
        "md": Format(
            "md",
            "text/markdown; charset=utf-8",
            ".md",
            "export_md",
            lambda d, lang, _a: render_markdown(d, lang).encode("utf-8"),
        ),
        "csv": Format(
            "csv",
            "text/csv; charset=utf-8",
            ".csv",
            "export_csv",
            lambda d, lang, _a: render_csv(d, lang),
        ),
        "json": Format(
            "json",
            "application/json",
            ".json",
            "export_json",
            lambda d, _lang, _a: render_json(d).encode("utf-8"),
            localized=False,
        ),
        "mermaid": Format(
            "mermaid",
            "text/vnd.mermaid; charset=utf-8",
            ".mmd",
            "export_mermaid",
            lambda d, lang, _a: render_mermaid(d, lang).encode("utf-8"),
        ),
        BUNDLE: Format("zip", "application/zip", ".zip", "export_zip", None, localized=False),
    }
)

FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
# The single formats (the zip bundles them).
REGISTRY: Mapping[ExportFormat, Format] = MappingProxyType({n: DOWNLOADS[n] for n in FORMATS})
MEDIA_TYPES: Mapping[ExportFormat, str] = MappingProxyType(
    {name: f.media_type for name, f in REGISTRY.items()}
)
EXTENSIONS: Mapping[ExportFormat, str] = MappingProxyType(
    {name: f.extension for name, f in REGISTRY.items()}
)

"""Export a diagnosis from wherever it lives: a JSON file, a shipped example, or the database.

A map stored in a workspace that has a feedback analysis exports its HTML report with the
analytics section (chart, top themes); the CLI and the web app both go through `analytics_for`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from assistant.domain import Diagnosis, Lang, describe_validation_error
from assistant.examples import list_examples, load_example
from assistant.exports import AnalyticsSection, DownloadFormat, ExportResult, export_diagnosis
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.container import Services

EXAMPLE_PREFIX = "example:"


class ExportError(Exception):
    """The source cannot be exported; the message says why and what to do (in English, for logs),
    `key` and `values` say it in the reader's language (`ui.<key>` in prompts/ui.cli.yaml)."""

    def __init__(self, message: str, key: str, **values: str) -> None:
        super().__init__(message)
        self.key = key
        self.values = values
        self.errors: list[ErrorDetails] = []  # a file that is not a diagnosis: pydantic's problems


def list_example_names() -> list[str]:
    return list_examples()


def load_diagnosis_file(path: Path) -> Diagnosis:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError(f"No such file: {path}", "cli_no_such_file", path=str(path)) from None
    except UnicodeDecodeError:
        raise ExportError(
            f"{path} is not UTF-8 JSON text", "cli_not_utf8_json", path=str(path)
        ) from None
    try:
        return Diagnosis.model_validate_json(text)
    except ValidationError as exc:
        detail = describe_validation_error(exc)
        refused = ExportError(
            f"{path} is not a valid cxcoach diagnosis:\n{detail}",
            "cli_not_a_diagnosis",
            path=str(path),
            detail=detail,
        )
        refused.errors = exc.errors()
        raise refused from None


def analytics_for(services: Services, workspace_id: str) -> AnalyticsSection | None:
    """The report section of the workspace's latest feedback analysis, if it has one."""
    from assistant.analytics.report import section_of

    stored = services.analytics.store.latest(workspace_id)
    return section_of(stored) if stored is not None else None


def export_with(
    diagnosis: Diagnosis,
    formats: Sequence[DownloadFormat],
    lang: Lang | None,
    analytics: AnalyticsSection | None,
) -> list[ExportResult]:
    """Each format (of `assistant.exports.registry`); only the HTML report carries the analytics
    section."""
    return [export_diagnosis(diagnosis, fmt, lang, analytics) for fmt in formats]


def resolve_source(
    source: str, settings_loader: Callable[[], Settings]
) -> tuple[Diagnosis, AnalyticsSection | None]:
    """The diagnosis `source` names, and for a stored map its workspace's analytics section."""
    if source.startswith(EXAMPLE_PREFIX):
        name = source.removeprefix(EXAMPLE_PREFIX)
        try:
            return load_example(name), None
        except KeyError:
            known = ", ".join(list_examples())
            raise ExportError(
                f"No example {name!r}. Available: {known}", "cli_no_example", name=name, known=known
            ) from None
    path = Path(source)
    if path.suffix.lower() == ".json" or path.exists():
        return load_diagnosis_file(path), None
    from assistant.services.container import Services
    from assistant.storage import NotFound

    services = Services(settings_loader())
    try:
        record = services.db.maps.get(source)
        diagnosis, _version = services.db.maps.latest(source)
        return diagnosis, analytics_for(services, record.workspace_id)
    except NotFound:
        raise ExportError(
            f"{source!r} is neither a file, an example:NAME nor a stored map id",
            "cli_not_a_source",
            source=source,
        ) from None
    finally:
        services.close()


def export_source(
    source: str,
    formats: Sequence[DownloadFormat],
    lang: Lang | None,
    settings_loader: Callable[[], Settings],
) -> list[ExportResult]:
    diagnosis, analytics = resolve_source(source, settings_loader)
    return export_with(diagnosis, formats, lang, analytics)

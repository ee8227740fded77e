"""Export a diagnosis from wherever it lives: a JSON file, a shipped example, or the database.

A map stored in a workspace that has a feedback analysis exports its HTML report with the
analytics section (chart, top themes); the CLI and the web app both go through `analytics_for`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant.domain import Diagnosis, Lang, describe_validation_error
from assistant.examples import list_examples, load_example
from assistant.exports import AnalyticsSection, ExportFormat, ExportResult, export_diagnosis
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.container import Services

EXAMPLE_PREFIX = "example:"


class ExportError(Exception):
    """The source cannot be exported; the message says why and what to do."""


def list_example_names() -> list[str]:
    return list_examples()


def load_diagnosis_file(path: Path) -> Diagnosis:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError(f"No such file: {path}") from None
    except UnicodeDecodeError:
        raise ExportError(f"{path} is not UTF-8 JSON text") from None
    try:
        return Diagnosis.model_validate_json(text)
    except ValidationError as exc:
        raise ExportError(
            f"{path} is not a valid cxcoach diagnosis:\n{describe_validation_error(exc)}"
        ) from None


def analytics_for(services: Services, workspace_id: str) -> AnalyticsSection | None:
    """The report section of the workspace's latest feedback analysis, if it has one."""
    from assistant.analytics.report import section_of

    stored = services.analytics.store.latest(workspace_id)
    return section_of(stored) if stored is not None else None


def export_with(
    diagnosis: Diagnosis,
    formats: Sequence[ExportFormat],
    lang: Lang | None,
    analytics: AnalyticsSection | None,
) -> list[ExportResult]:
    """Each format; only the HTML report carries the analytics section."""
    return [
        export_diagnosis(diagnosis, fmt, lang, analytics=analytics if fmt == "html" else None)
        for fmt in formats
    ]


def resolve_source(
    source: str, settings_loader: Callable[[], Settings]
) -> tuple[Diagnosis, AnalyticsSection | None]:
    """The diagnosis `source` names, and for a stored map its workspace's analytics section."""
    if source.startswith(EXAMPLE_PREFIX):
        name = source.removeprefix(EXAMPLE_PREFIX)
        try:
            return load_example(name), None
        except KeyError:
            raise ExportError(
                f"No example {name!r}. Available: {', '.join(list_examples())}"
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
            f"{source!r} is neither a file, an example:NAME nor a stored map id"
        ) from None
    finally:
        services.close()


def export_source(
    source: str,
    formats: Sequence[ExportFormat],
    lang: Lang | None,
    settings_loader: Callable[[], Settings],
) -> list[ExportResult]:
    diagnosis, analytics = resolve_source(source, settings_loader)
    return export_with(diagnosis, formats, lang, analytics)

"""Export a diagnosis from wherever it lives: a JSON file, a shipped example, or the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from assistant.domain import Diagnosis, Lang, describe_validation_error
from assistant.examples import list_examples, load_example
from assistant.exports import ExportFormat, ExportResult, export_diagnosis
from assistant.settings import Settings

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


def resolve_source(source: str, settings_loader: Callable[[], Settings]) -> Diagnosis:
    if source.startswith(EXAMPLE_PREFIX):
        name = source.removeprefix(EXAMPLE_PREFIX)
        try:
            return load_example(name)
        except KeyError:
            raise ExportError(
                f"No example {name!r}. Available: {', '.join(list_examples())}"
            ) from None
    path = Path(source)
    if path.suffix.lower() == ".json" or path.exists():
        return load_diagnosis_file(path)
    from assistant.services.container import Services
    from assistant.storage import NotFound

    services = Services(settings_loader())
    try:
        diagnosis, _version = services.db.maps.latest(source)
    except NotFound:
        raise ExportError(
            f"{source!r} is neither a file, an example:NAME nor a stored map id"
        ) from None
    return diagnosis


def export_source(
    source: str,
    formats: Sequence[ExportFormat],
    lang: Lang | None,
    settings_loader: Callable[[], Settings],
) -> list[ExportResult]:
    diagnosis = resolve_source(source, settings_loader)
    return [export_diagnosis(diagnosis, fmt, lang) for fmt in formats]

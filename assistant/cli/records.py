"""`cxcoach records` — a workspace's records, as the web app's records page lists them (the same
EvidenceService): filtered by file, by words of the text and by references (an element's), one
page at a time; a reference that is no record of the workspace is said, with why.

Register in assistant/cli/main.py:
    from assistant.cli.records import records
    app.command("records")(records)
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from assistant.domain import Lang, as_lang
from assistant.ingest.readers.model import FIELD_ROLES
from assistant.prompts import load_prompts
from assistant.services.container import Services
from assistant.services.evidence import MAX_PER_PAGE, PER_PAGE, RecordsPage, RefStatus
from assistant.settings import SettingsError, load_settings
from assistant.storage import NotFound

console = Console()
err_console = Console(stderr=True)

STATUS_KEYS: dict[RefStatus, str] = {
    "found": "evidence_status_found",
    "analysis": "evidence_status_analysis",
    "source_missing": "evidence_status_source_missing",
    "record_missing": "evidence_status_record_missing",
}


def ui(key: str, lang: Lang, **values: object) -> str:
    """An interface string (prompts/ui.evidence.yaml) in `lang`."""
    return load_prompts().render(f"ui.{key}", lang, **values)


def field_name(key: str, lang: Lang) -> str:
    """A record's field as the records page names it: a role in the reader's language ("评分"),
    other columns as headed in the file."""
    return ui(f"column_role_{key}", lang) if key in FIELD_ROLES else key


def _fail(message: str, code: int) -> typer.Exit:
    err_console.print(message, style="red", soft_wrap=True, markup=False, highlight=False)
    return typer.Exit(code)


def print_records(result: RecordsPage, lang: Lang) -> None:
    for missing in result.missing:
        why = ui(STATUS_KEYS[missing.status], lang)
        console.print(f"{missing.ref}  {why}", style="yellow", soft_wrap=True, markup=False)
    if not result.rows:
        key = "evidence_none_match" if result.all_records else "evidence_no_records"
        console.print(ui(key, lang), soft_wrap=True, markup=False)
        return
    head = ui(
        "evidence_cli_shown",
        lang,
        workspace=result.workspace,
        first=result.first,
        last=result.last,
        total=result.total,
    )
    console.print(head, style="bold", soft_wrap=True, markup=False)
    for row in result.rows:
        fields = "  ".join(f"{field_name(k, lang)}={v}" for k, v in row.fields.items() if v.strip())
        console.print(f"{row.ref}  {fields}".rstrip(), style="cyan", soft_wrap=True, markup=False)
        console.print(f"  {' '.join(row.text.split())}", soft_wrap=True, markup=False)
    if result.page < result.pages:
        next_page = ui("evidence_cli_next", lang, page=result.page + 1)
        console.print(next_page, style="dim", soft_wrap=True, markup=False)


def records(
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace name")],
    source: Annotated[str, typer.Option("--source", help="Only this file's records")] = "",
    q: Annotated[
        str, typer.Option("--q", help="Only records containing these words (all of them)")
    ] = "",
    ref: Annotated[
        list[str] | None,
        typer.Option("--ref", help="Only this record reference (repeat: an element's refs)"),
    ] = None,
    page: Annotated[int, typer.Option(min=1, help="Page number")] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=MAX_PER_PAGE, help="Records a page")] = (
        PER_PAGE
    ),
    lang: Annotated[
        str | None, typer.Option("--lang", help="zh-Hans, zh-Hant or en (default: settings)")
    ] = None,
) -> None:
    """List a workspace's ingested records: filter by file, text or references, page by page."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        from assistant.cli.main import settings_problem

        raise _fail(settings_problem(exc), 2) from None
    chosen = as_lang(lang) if lang is not None else settings.ui_lang
    if chosen is None:
        raise _fail(ui("cli_unknown_lang", settings.ui_lang, code=str(lang)), 2)
    services = Services(settings)
    try:
        result = services.evidence.records(
            workspace, source=source, q=q, refs=ref or [], page=page, per_page=per_page
        )
    except NotFound:
        known = ", ".join(w.name for w in services.db.workspaces.list())
        message = ui(
            "evidence_cli_no_workspace",
            chosen,
            workspace=workspace,
            known=known or ui("evidence_cli_none_known", chosen),
        )
        raise _fail(message, 1) from None
    finally:
        services.close()
    print_records(result, chosen)

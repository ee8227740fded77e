"""`cxcoach export` — a journey map and its plan as a file (imported only when run: the
exports pull in the domain models and every renderer)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, cast

import typer

from assistant.cli.main import console, fail, messages, settings_or_exit
from assistant.domain import LANGS
from assistant.exports import DOWNLOADS, FORMATS, DownloadFormat


def export(
    source: Annotated[
        str,
        typer.Argument(
            help="A diagnosis JSON file, 'example:NAME' (see --list-examples) or a stored map id"
        ),
    ] = "",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"{', '.join(DOWNLOADS)}, or all (one file each)")
    ] = "html",
    lang: Annotated[
        str | None, typer.Option(help="zh-Hans, zh-Hant or en (default: the map's language)")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File, or folder for --format all")
    ] = None,
    list_examples: Annotated[bool, typer.Option(help="List the shipped example maps")] = False,
) -> None:
    """Export a journey map and its plan as JSON, Markdown, CSV, Mermaid or standalone HTML."""
    from assistant.services.exporting import ExportError, export_source, list_example_names

    if list_examples:
        for name in list_example_names():
            console.print(f"example:{name}")
        return
    t = messages(lang)
    if not source:
        raise fail(t("cli_export_no_source"), 2)
    if fmt != "all" and fmt not in DOWNLOADS:
        raise fail(t("cli_unknown_format", fmt=fmt, known=", ".join(DOWNLOADS)), 2)
    if lang is not None and lang not in LANGS:
        raise fail(t("cli_unknown_lang", code=lang), 2)
    formats: tuple[DownloadFormat, ...] = FORMATS if fmt == "all" else (cast(DownloadFormat, fmt),)
    try:
        # A stored map's HTML report includes its workspace's latest feedback analysis.
        results = export_source(source, formats, lang, settings_loader=settings_or_exit)
    except ExportError as exc:
        from assistant.i18n.reasons import validation_lines

        values = dict(exc.values)
        if exc.errors:  # what is wrong with the file, in the reader's words
            values["detail"] = "\n".join(validation_lines(t, exc.errors))
        raise fail(t(exc.key, **values)) from None
    if len(results) == 1 and out is None:
        sys.stdout.buffer.write(results[0].content)
        return
    if len(results) == 1 and out is not None and not out.is_dir():
        targets = [(results[0], out)]
    else:
        folder = out or Path.cwd()
        folder.mkdir(parents=True, exist_ok=True)
        targets = [(result, folder / result.filename) for result in results]
    for result, target in targets:
        target.write_bytes(result.content)
        console.print(
            t("cli_wrote_bytes", path=str(target), size=f"{len(result.content):,}"),
            markup=False,
            highlight=False,
        )

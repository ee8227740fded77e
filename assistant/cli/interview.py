"""`cxcoach interview` — the guided interview in the terminal, and its latency benchmark.

Register in assistant/cli/main.py:
    from assistant.cli.interview import interview, interview_benchmark
    app.command("interview")(interview)
    bench_app.command("interview")(interview_benchmark)   # cxcoach bench interview
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from assistant.domain import LANGS
from assistant.exports import FORMATS
from assistant.exports.labels import labels_for
from assistant.llm import LLMError
from assistant.playbooks import INDUSTRIES
from assistant.services.container import Services
from assistant.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:  # imported when a command runs: `cxcoach --help` and `ask` need no LangGraph
    from assistant.interview.service import InterviewService, TurnResult

console = Console()

QUIT = {"/quit", "/exit", "quit", "exit", "退出", "/q"}
HELP = (
    "/map shows the whole map · /export FORMAT [PATH] (json, md, csv, mermaid, html) · "
    "/quit leaves (resume later with --session)"
)


def _exit(message: str, code: int = 1) -> typer.Exit:
    Console(stderr=True).print(f"[red]{message}[/red]")
    return typer.Exit(code)


def map_view(result: TurnResult) -> Tree:
    """A compact live view: stages → touchpoints with emotion, ★ for moments of truth, and
    the number of pain points per stage."""
    draft = result.draft
    from assistant.interview.say import signed

    labels = labels_for(result.lang)
    title = draft.product or draft.industry or draft.goal[:40] or "—"
    tree = Tree(f"[bold]{title}[/bold]")
    for stage in draft.stages:
        pains = [x for x in draft.pain_points if x.stage_id == stage.id]
        label = f"[cyan]{stage.name}[/cyan]"
        if pains:
            label += f"  [red]{labels['pain_points']} {len(pains)}[/red]"
        branch = tree.add(label)
        for touchpoint in draft.touchpoints_of(stage.id):
            emotion = touchpoint.emotion
            colour = "red" if emotion and emotion.score < 0 else "green"
            score = f" [{colour}]{signed(emotion.score)}[/]" if emotion else ""
            star = " ★" if touchpoint.moment_of_truth else ""
            branch.add(f"{touchpoint.name}{score}{star}")
    if draft.plan.actions:
        tree.add(f"[magenta]{labels['actions']} {len(draft.plan.actions)}[/magenta]")
    return tree


def show(result: TurnResult, *, with_map: bool) -> None:
    for notice in result.notices:
        console.print(f"[yellow]{notice}[/yellow]")
    header = f"{result.step_index}/{result.step_total} · {result.step_title}"
    body = Text(result.text)
    parts: list[Tree | Text] = [body]
    if with_map and result.draft.stages:
        parts.append(map_view(result))
    console.print(Panel(Group(*parts), title=header, title_align="left", border_style="blue"))


def _export(service: InterviewService, session_id: str, args: list[str]) -> None:
    if not args or args[0] not in FORMATS:
        console.print(f"usage: /export {'|'.join(FORMATS)} [PATH]")
        return
    exported = service.export(session_id, args[0])
    target = Path(args[1]) if len(args) > 1 else Path.cwd() / exported.filename
    target.write_bytes(exported.content)
    console.print(f"wrote {target} ({len(exported.content):,} bytes)")


def make_services(settings: Settings) -> Services:
    """The composition root the web app uses too (a seam for tests)."""
    return Services(settings)


def interview(
    session: Annotated[
        str | None, typer.Option("--session", "-s", help="Resume this session (its id)")
    ] = None,
    workspace: Annotated[
        str, typer.Option("--workspace", "-w", help="Workspace for a new session")
    ] = "default",
    lang: Annotated[
        str | None, typer.Option(help="zh-Hans, zh-Hant or en (default: settings, then you)")
    ] = None,
    industry: Annotated[
        str | None, typer.Option(help=f"Skip the industry question: {', '.join(INDUSTRIES)}")
    ] = None,
) -> None:
    """Build a journey map and an improvement plan, step by step, in the terminal."""
    if lang is not None and lang not in LANGS:
        raise _exit(f"Unknown language {lang!r}: use zh-Hans, zh-Hant or en.", 2)
    if industry is not None and industry not in INDUSTRIES:
        raise _exit(f"Unknown industry {industry!r}: one of {', '.join(INDUSTRIES)}.", 2)
    try:
        services = make_services(load_settings())
        services.llm  # noqa: B018 - a misconfigured model is reported now, not mid-interview
    except (SettingsError, LLMError) as exc:
        raise _exit(str(exc), 2) from None
    from assistant.storage import NotFound

    with console.status("loading the knowledge base…"):
        services.index.ensure_methodology()
    service = services.interview
    try:
        if session:
            result = service.current(session)
        else:
            result = service.start(workspace, lang=lang, industry=industry)
    except (NotFound, KeyError) as exc:
        services.close()
        raise _exit(f"No interview session {session!r} ({exc}).") from None
    console.print(f"[dim]session {result.session_id} · {HELP}[/dim]")
    show(result, with_map=bool(session))
    try:
        while True:
            try:
                message = console.input("[bold green]› [/bold green]").strip()
            except (EOFError, KeyboardInterrupt):
                break
            if not message:
                continue
            if message.lower() in QUIT:
                break
            if message == "/map":
                console.print(map_view(result))
                continue
            if message.startswith("/export"):
                _export(service, result.session_id, message.split()[1:])
                continue
            with console.status("…"):
                result = service.reply(result.session_id, message)
            show(result, with_map=result.step in ("touchpoints", "emotions", "pains"))
    finally:
        services.close()
    console.print(f"[dim]resume with: cxcoach interview --session {result.session_id}[/dim]")


def interview_benchmark(
    turns: Annotated[int, typer.Option(help="How many turns to time", min=10)] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON")] = False,
    lexical: Annotated[
        bool, typer.Option(help="The hash embedder and rules alone instead of the e5 model")
    ] = False,
) -> None:
    """Time turns of the offline interview engine (no LLM; memory index with the e5 model as
    installed, warmed first)."""
    from assistant.interview.benchmark import run_interview_benchmark

    with console.status("warming up and timing…"):
        numbers = run_interview_benchmark(turns=turns, lexical=lexical)
    if as_json:
        console.print_json(json.dumps(numbers))
        return
    console.print(
        f"{numbers['turns']} turns in {numbers['interviews']} interviews: "
        f"p50 {numbers['p50_ms']} ms · p95 {numbers['p95_ms']} ms · max {numbers['max_ms']} ms "
        f"(warm-up {numbers['warmup_s']} s, not counted)"
    )

"""`cxcoach interview` — the guided interview in the terminal, its latency benchmark, and
`cxcoach sessions` (list, duplicate, delete, finish) over the same SessionService as the web app.

Registered lazily in assistant/cli/main.py (LAZY_COMMANDS, LAZY_BENCH): this module is imported
only when `interview`, `sessions` or `bench interview` is run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from assistant.domain import LANGS, Lang, as_lang
from assistant.exports import DOWNLOADS, DownloadFormat, export_diagnosis
from assistant.i18n.labels import labels_for
from assistant.llm import LLMError
from assistant.playbooks import INDUSTRIES
from assistant.services.container import Services
from assistant.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:  # imported when a command runs: `cxcoach --help` and `ask` need no LangGraph
    from assistant.interview.service import InterviewService, TurnResult
    from assistant.services.sessions import SessionService

console = Console()

QUIT = {"/quit", "/exit", "quit", "exit", "退出", "/q"}
YES = {"y", "yes", "是", "好", "确认", "確認", "确定", "確定", "对", "對", "要"}


def ui(key: str, lang: Lang, **values: object) -> str:
    """An interface string (prompts/ui.yaml) in `lang`."""
    from assistant.prompts import load_prompts

    return load_prompts().render(f"ui.{key}", lang, **values)


def confirm_finish(sessions: SessionService, session_id: str, lang: Lang) -> bool:
    """Say what finishing now leaves missing and ask; True when the user says yes."""
    check = sessions.finish_check(session_id, lang)
    console.print(check.message, style="yellow", soft_wrap=True, markup=False)
    if check.finished:
        return False
    return ask_yes(ui("finish_confirm_title", lang), lang)


def ask_yes(question: str, lang: Lang) -> bool:
    """A yes/no question in `lang`; only a yes (y, yes, 是, 确定 …) says yes."""
    answer = console.input(f"{question} {ui('cli_yes_no', lang)} ", markup=False)
    return answer.strip().lower().rstrip("。.!！") in YES


def _exit(message: str, code: int = 1) -> typer.Exit:
    Console(stderr=True).print(message, style="red", markup=False, highlight=False)
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


def _export(service: InterviewService, session_id: str, args: list[str], lang: Lang) -> None:
    if not args or args[0] not in DOWNLOADS:
        console.print(ui("cli_export_usage", lang, formats="|".join(DOWNLOADS)), markup=False)
        return
    exported = export_diagnosis(service.diagnosis(session_id), cast(DownloadFormat, args[0]))
    target = Path(args[1]) if len(args) > 1 else Path.cwd() / exported.filename
    target.write_bytes(exported.content)
    wrote = ui("cli_wrote_bytes", lang, path=str(target), size=f"{len(exported.content):,}")
    console.print(wrote, markup=False, highlight=False)


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
        from assistant.cli.main import messages

        raise _exit(messages()("cli_unknown_lang", code=lang), 2)
    try:
        services = make_services(load_settings())
        services.llm  # noqa: B018 - a misconfigured model is reported now, not mid-interview
    except SettingsError as exc:
        from assistant.cli.main import settings_problem

        raise _exit(settings_problem(exc), 2) from None
    except LLMError as exc:
        raise _exit(str(exc), 2) from None
    said: Lang = as_lang(lang or "") or services.settings.ui_lang
    if industry is not None and industry not in INDUSTRIES:
        services.close()
        known = ", ".join(INDUSTRIES)
        raise _exit(ui("cli_unknown_industry", said, industry=industry, known=known), 2)
    from assistant.storage import InvalidName, NotFound

    with console.status(ui("cli_loading_knowledge", said)):
        services.index.ensure_methodology()
    service = services.interview
    try:
        if session:
            result = service.current(session)
        else:
            result = services.sessions.start(workspace, lang=lang, industry=industry)
    except (NotFound, KeyError):
        services.close()
        raise _exit(ui("cli_no_session", said, session=str(session))) from None
    except InvalidName:
        from assistant.cli.main import messages, name_problem

        services.close()
        raise _exit(name_problem(workspace, messages(said)), 2) from None
    help_line = ui("cli_interview_help", result.lang, formats=", ".join(DOWNLOADS))
    session_line = ui("cli_session_id", result.lang, id=result.session_id)
    console.print(f"{session_line} · {help_line}", style="dim", markup=False)
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
                _export(service, result.session_id, message.split()[1:], result.lang)
                continue
            if message == "/finish":  # a command, never a message in the transcript
                if confirm_finish(services.sessions, result.session_id, result.lang):
                    with console.status("…"):
                        result = services.sessions.finish(result.session_id)
                    show(result, with_map=True)
                continue
            with console.status("…"):
                result = services.turns.submit(result.session_id, message)
            show(result, with_map=result.step in ("touchpoints", "emotions", "pains"))
    finally:
        services.close()
    resume = ui(
        "cli_resume_with", result.lang, command=f"cxcoach interview --session {result.session_id}"
    )
    console.print(resume, style="dim", markup=False)


def interview_benchmark(
    turns: Annotated[int, typer.Option(help="How many turns to time", min=10)] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON")] = False,
    lexical: Annotated[
        bool, typer.Option(help="The hash embedder and rules alone instead of the e5 model")
    ] = False,
) -> None:
    """Time turns of the offline interview engine (no LLM; memory index with the e5 model as
    installed, warmed first)."""
    # A developer tool (`cxcoach bench interview`): English figures, not in the catalogue.
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


# cxcoach sessions ---------------------------------------------------------------------------------
sessions_app = typer.Typer(
    help="Interview sessions: list, duplicate, delete, finish.", no_args_is_help=True
)

LangOption = Annotated[
    str | None, typer.Option("--lang", help="Language of the messages (default: settings)")
]


def _sessions() -> tuple[Services, Lang]:
    try:
        settings = load_settings()
    except SettingsError as exc:
        from assistant.cli.main import settings_problem

        raise _exit(settings_problem(exc), 2) from None
    return make_services(settings), settings.ui_lang


def _lang(given: str | None, default: Lang) -> Lang:
    if given is None:
        return default
    if given not in LANGS:
        raise _exit(ui("cli_unknown_lang", default, code=given), 2)
    return given


def step_title(step: str, lang: Lang) -> str:
    """A session's step in words: the interview's own step title ("start": not started yet)."""
    from assistant.interview.say import Say

    say = Say(lang)
    if say.has(f"step_{step}"):
        return say(f"step_{step}")
    return ui("cli_step_start", lang) if step == "start" else step


def pad(text: str, width: int) -> str:
    """`text` filled to `width` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(width - cell_len(text), 0)


@sessions_app.command("list")
def sessions_list(
    workspace: Annotated[
        str | None, typer.Option("--workspace", "-w", help="Only this workspace's sessions")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Sessions, most recently changed first: id, status, step, title."""
    from rich.cells import cell_len

    services, default = _sessions()
    chosen = _lang(lang, default)
    try:
        known = {w.name: w.id for w in services.db.workspaces.list()}
        found = (
            services.sessions.list(known[workspace] if workspace else None)
            if workspace is None or workspace in known
            else []
        )
    finally:
        services.close()
    if not found:
        none = ui("cli_no_sessions_in", chosen, workspace=workspace) if workspace else None
        console.print(none or ui("cli_no_sessions", chosen), soft_wrap=True, markup=False)
        return
    rows = [
        (
            summary.session.id,
            ui(f"status_{summary.session.status}", chosen),
            step_title(summary.session.step, chosen),
            summary.workspace.name,
            summary.title_in(chosen),
        )
        for summary in found
    ]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [pad(cell, width) for cell, width in zip(row, widths, strict=False)]
        console.print("  ".join([*cells, row[4]]), soft_wrap=True, highlight=False, markup=False)


@sessions_app.command("duplicate")
def sessions_duplicate(session_id: str, lang: LangOption = None) -> None:
    """Copy a session; the copy resumes where the original stands, titled with "copy"."""
    from assistant.storage import NotFound

    services, default = _sessions()
    chosen = _lang(lang, default)
    try:
        copy = services.sessions.duplicate(session_id, lang=chosen)
    except NotFound:
        raise _exit(ui("cli_no_session", chosen, session=session_id)) from None
    finally:
        services.close()
    copied = ui("session_copied", chosen, title=copy.title_in(chosen))
    console.print(copied, soft_wrap=True, highlight=False, markup=False)
    console.print(f"[dim]cxcoach interview --session {copy.session.id}[/dim]")


@sessions_app.command("delete")
def sessions_delete(
    session_id: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first")] = False,
    lang: LangOption = None,
) -> None:
    """Delete a session with its maps, every version of them, and its conversation."""
    from assistant.storage import NotFound

    services, default = _sessions()
    chosen = _lang(lang, default)
    try:
        summary = services.sessions.get(session_id)
        if not yes and not ask_yes(ui("delete_confirm", chosen), chosen):
            return
        services.sessions.delete(session_id)
    except NotFound:
        raise _exit(ui("cli_no_session", chosen, session=session_id)) from None
    finally:
        services.close()
    deleted = ui("session_deleted", chosen, title=summary.title_in(chosen))
    console.print(deleted, soft_wrap=True, highlight=False, markup=False)


@sessions_app.command("finish")
def sessions_finish(
    session_id: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first")] = False,
    lang: LangOption = None,
) -> None:
    """Finish an interview now, after saying what its map still lacks."""
    from assistant.interview.graph import SessionNotStarted
    from assistant.storage import NotFound

    services, default = _sessions()
    chosen = _lang(lang, default)
    try:
        if yes or confirm_finish(services.sessions, session_id, chosen):
            show(services.sessions.finish(session_id), with_map=True)
    except (NotFound, SessionNotStarted):
        raise _exit(ui("cli_no_session", chosen, session=session_id)) from None
    finally:
        services.close()

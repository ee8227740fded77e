"""`cxcoach` — the command line. Each command parses arguments, calls a service, prints."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from assistant.cli.lazy import lazy_group
from assistant.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from assistant.i18n import Translator

# Commands whose modules are imported only when run (see assistant/cli/lazy.py): their imports
# (the interview, exports, database, practice tutor) would make `cxcoach ask` and `--help` slow.
# The help line is the command's own first line (tests/cli/test_startup.py checks they agree).
LAZY_COMMANDS = {
    "export": (
        "assistant.cli.export:export",
        "Export a journey map and its plan as JSON, Markdown, CSV, Mermaid or standalone HTML.",
    ),
    "interview": (
        "assistant.cli.interview:interview",
        "Build a journey map and an improvement plan, step by step, in the terminal.",
    ),
    "records": (
        "assistant.cli.records:records",
        "List a workspace's ingested records: filter by file, text or references, page by page.",
    ),
    "sessions": (
        "assistant.cli.interview:sessions_app",
        "Interview sessions: list, duplicate, delete, finish.",
    ),
    "practice": (
        "assistant.cli.practice:practice_app",
        "Practise: role-play with a simulated customer, quizzes, mapping exercises, progress.",
    ),
}
LAZY_EVAL = {
    "tutor": (
        "assistant.cli.practice:eval_tutor",
        "Per-criterion accuracy and Spearman (points vs the trainer's grade) on labelled trainee "
        "replies; role-play runs ending in the expected state; role-play turn time.",
    ),
}
LAZY_BENCH = {
    "interview": (
        "assistant.cli.interview:interview_benchmark",
        "Time turns of the offline interview engine (no LLM; memory index with the e5 model as "
        "installed, warmed first).",
    ),
}

app = typer.Typer(
    cls=lazy_group(LAZY_COMMANDS),
    name="cxcoach",
    help="cxcoach — guided customer-experience diagnosis: journey maps and improvement plans.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise fail(settings_problem(exc), 2) from None


def settings_problem(exc: SettingsError) -> str:
    """What is wrong with the configuration, in the user's language: a heading above one line
    per variable to fix."""
    from assistant.i18n.reasons import validation_reason

    if not exc.errors:
        return str(exc)
    t = messages()
    lines = [(var, validation_reason(t, err)) for var, err in exc.errors]
    return "\n".join(
        [
            t("cli_invalid_settings"),
            *(f"  {var}: {why}" if var else f"  {why}" for var, why in lines),
        ]
    )


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(message, style="red", markup=False, highlight=False)
    return typer.Exit(code)


def name_problem(workspace: str, t: Translator | None = None) -> str:
    """Why a workspace name was refused (assistant/storage InvalidName), in the user's words."""
    t = t or messages()
    if not workspace.strip():
        return t("cli_workspace_needs_name")
    return t("cli_workspace_bad_name", name=workspace)


def messages(lang: str | None = None) -> Translator:
    """The command line's messages (prompts/ui.cli.yaml) in `lang` when it names a language,
    else in the interface language (CXCOACH_UI_LANG)."""
    from assistant.cli.language import interface_lang
    from assistant.domain import as_lang
    from assistant.i18n import Translator

    return Translator(as_lang(lang or "") or interface_lang())


@app.command()
def schema() -> None:
    """Print the JSON Schema of a diagnosis (journey map + improvement plan)."""
    from assistant.domain import json_schema_text

    sys.stdout.write(json_schema_text() + "\n")


WORKER_STARTUP_S = 120  # a worker loading the models on a busy laptop is not hung


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default from settings)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default from settings)")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Worker processes. Turns and jobs live in the database, so any worker serves "
            "any request (no sticky sessions)",
        ),
    ] = 1,
) -> None:
    """Start the web app."""
    import uvicorn

    from assistant.i18n import Translator
    from assistant.storage import Database
    from web.app import create_app

    settings = settings_or_exit()
    bind_host, bind_port = host or settings.host, port or settings.port
    url = f"http://{bind_host}:{bind_port}"
    t = Translator(settings.ui_lang)
    if workers > 1 and settings.index_backend == "chroma" and not settings.chroma_url:
        console.print(t("cli_workers_need_server"), markup=False)
        raise typer.Exit(2)
    console.print(t("cli_serving", url=url, data=str(settings.data_dir)), markup=False)
    if workers > 1:  # each worker builds the app from the same settings (environment, .env)
        Database(settings.effective_database_url).dispose()  # the schema, made once
        uvicorn.run(
            "web.app:create_app", factory=True, workers=workers,
            host=bind_host, port=bind_port, log_level="info",
            timeout_worker_healthcheck=WORKER_STARTUP_S,
        )  # fmt: skip
        return
    uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="info")


# Column flags shared by `ingest` and `analyze`: the same names, the same meaning.
WorkspaceOpt = Annotated[str, typer.Option("--workspace", "-w", help="Workspace name")]
TextColumnOpt = Annotated[str | None, typer.Option(help="Column holding the free text")]
ScoreColumnOpt = Annotated[
    str | None, typer.Option(help="Rating column (NPS 0–10, CSAT 1–5, stars)")
]
LabelColumnOpt = Annotated[str | None, typer.Option(help="Positive/negative label column")]
DateColumnOpt = Annotated[str | None, typer.Option(help="Date column")]
ChannelColumnOpt = Annotated[str | None, typer.Option(help="Channel column")]
TouchpointColumnOpt = Annotated[str | None, typer.Option(help="Touchpoint column")]
CategoryColumnOpt = Annotated[str | None, typer.Option(help="Category column")]


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files to ingest (CSV/TSV/XLSX/JSON/MD/TXT/DOCX/PDF)")
    ],
    workspace: WorkspaceOpt = "default",
    text_column: TextColumnOpt = None,
    score_column: ScoreColumnOpt = None,
    label_column: LabelColumnOpt = None,
    date_column: DateColumnOpt = None,
    channel_column: ChannelColumnOpt = None,
    touchpoint_column: TouchpointColumnOpt = None,
    category_column: CategoryColumnOpt = None,
) -> None:
    """Ingest company files into a workspace's knowledge base (re-ingesting adds nothing)."""
    from assistant.cli.knowledge import column_overrides, ingest_command
    from assistant.services.container import Services

    columns = column_overrides(
        text_column,
        score_column,
        label_column,
        date_column,
        channel_column,
        touchpoint_column,
        category_column,
    )
    from assistant.storage import InvalidName

    try:
        summary = ingest_command(Services(settings_or_exit()), paths, workspace, columns)
    except InvalidName:
        raise fail(name_problem(workspace), 2) from None
    if summary.count("failed") == len(summary.results):
        raise typer.Exit(1)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Feedback files (CSV/TSV/XLSX)")],
    workspace: WorkspaceOpt = "default",
    text_column: TextColumnOpt = None,
    score_column: ScoreColumnOpt = None,
    label_column: LabelColumnOpt = None,
    date_column: DateColumnOpt = None,
    channel_column: ChannelColumnOpt = None,
    touchpoint_column: TouchpointColumnOpt = None,
    category_column: CategoryColumnOpt = None,
    industry: Annotated[
        str | None,
        typer.Option(
            help="Playbook to tag against when the workspace has no map (default: guessed)"
        ),
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="zh-Hans, zh-Hant or en (default: settings)")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the result as JSON")
    ] = None,
    svg_path: Annotated[
        Path | None, typer.Option("--svg", help="Write the touchpoint chart as SVG")
    ] = None,
    html_path: Annotated[
        Path | None,
        typer.Option("--html", help="Write the workspace's map as HTML with the analytics section"),
    ] = None,
    keep_duplicates: Annotated[
        bool, typer.Option(help="Count rows identical to an earlier one again (default: once)")
    ] = False,
    embeddings: Annotated[
        bool, typer.Option(help="Embedding fallback for tagging and clustered themes")
    ] = True,
) -> None:
    """Analyse customer feedback: touchpoints, sentiment, metrics and pain themes.

    Records are tagged against the workspace's journey map (or an industry playbook); the result
    is stored as evidence for the interview and KPI baselines for the plan."""
    from assistant.analytics.cli import analyze_command
    from assistant.cli.knowledge import column_overrides
    from assistant.domain import LANGS
    from assistant.playbooks import INDUSTRIES
    from assistant.services.container import Services

    t = messages(lang)
    if lang is not None and lang not in LANGS:
        raise fail(t("cli_unknown_lang", code=lang), 2)
    if industry is not None and industry not in INDUSTRIES:
        raise fail(t("cli_unknown_industry", industry=industry, known=", ".join(INDUSTRIES)), 2)
    columns = column_overrides(
        text_column,
        score_column,
        label_column,
        date_column,
        channel_column,
        touchpoint_column,
        category_column,
    )
    from assistant.storage import InvalidName

    settings = settings_or_exit()
    try:
        result = analyze_command(
            Services(settings),
            paths,
            workspace,
            columns,
            industry=industry,
            lang=lang or settings.ui_lang,
            json_path=json_path,
            svg_path=svg_path,
            html_path=html_path,
            keep_duplicates=keep_duplicates,
            semantic=embeddings,
            console=console,
        )
    except InvalidName:
        raise fail(name_problem(workspace, t), 2) from None
    if not result.totals.analysed:
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The situation, in your own words")],
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Add this workspace's own rules and data (remembered for the next questions; "
            "-w '' forgets it)",
        ),
    ] = None,
) -> None:
    """Frontline help: what to do now, what to say, what to avoid — each point cited."""
    from assistant.cli.ask import print_card, remembered_workspace

    settings = settings_or_exit()
    name = remembered_workspace(settings, workspace)
    from assistant.services.container import Services

    services = Services(settings)
    workspace_id = None
    if name:
        known = {w.name: w.id for w in services.db.workspaces.list()}
        if name not in known:
            from assistant.i18n import Translator

            t = Translator(settings.ui_lang)
            raise fail(t("cli_no_workspace", name=name, known=", ".join(known) or "—"))
        workspace_id = known[name]
    card = services.ask.ask(question, workspace_id=workspace_id, workspace_name=name)
    print_card(card)


# Developer tools (`cxcoach eval`, `cxcoach bench`): their output stays English on purpose (figures
# for the people who tune the assistant), so their strings are not in the message catalogue.
eval_app = typer.Typer(
    cls=lazy_group(LAZY_EVAL), help="Measure the assistant on labelled data.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def eval_retrieval(
    queries: Annotated[Path, typer.Option(help="Labelled query set (YAML)")] = Path(
        "tests/retrieval/queries.yaml"
    ),
    show_misses: Annotated[bool, typer.Option(help="List the queries each method missed")] = False,
    tune: Annotated[
        bool, typer.Option(help="Also try each fusion weighting on the tune half")
    ] = False,
) -> None:
    """Recall@1, recall@5, MRR and p50/p95 latency for hybrid, BM25-only and vector-only, on
    the held-out half of the set and on the whole set."""
    from assistant.cli.evaluation import run_retrieval_eval

    run_retrieval_eval(settings_or_exit(), queries, show_misses, tune)


@eval_app.command("ask")
def eval_ask(
    questions: Annotated[Path, typer.Option(help="Labelled Ask set (YAML)")] = Path(
        "tests/ask/questions.yaml"
    ),
    fit: Annotated[
        bool, typer.Option(help="Refit the triage models on the tune half first (writes them)")
    ] = False,
    show_misses: Annotated[
        bool, typer.Option(help="List the tune-half questions Ask got wrong (never the held-out)")
    ] = False,
    tune_only: Annotated[
        bool, typer.Option(help="Only the tune half (for working on Ask; skips the held-out)")
    ] = False,
) -> None:
    """Right guide or concept, not-covered detected, off-topic refused, in-domain refused and
    zh-Hant script, on the held-out half of the labelled Ask set (and the tune half)."""
    from assistant.cli.ask import run_ask_eval

    run_ask_eval(settings_or_exit(), questions, fit, show_misses, tune_only)


@eval_app.command("interview")
def eval_interview(
    scenarios: Annotated[Path, typer.Option(help="Scenario folder or file (YAML)")] = Path(
        "tests/interview/scenarios"
    ),
    llm: Annotated[
        str,
        typer.Option(
            help="none (guided engine), fake (scripted model) or configured (the model CXCOACH_LLM_MODE names)"
        ),
    ] = "none",
    show_misses: Annotated[bool, typer.Option(help="List what each scenario missed")] = False,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the figures as JSON")
    ] = None,
    only: Annotated[list[str] | None, typer.Option(help="Run only this scenario id")] = None,
) -> None:
    """Recall of stated stages, touchpoints, pains, emotions and fixes on scripted interviews;
    non-answers stored, turns against the ideal, Simplified characters in zh-Hant output."""
    from assistant.cli.eval_interview import run_interview_eval

    raise typer.Exit(run_interview_eval(scenarios, llm, show_misses, json_path, only))


bench_app = typer.Typer(
    cls=lazy_group(LAZY_BENCH), help="Benchmarks that print figures.", no_args_is_help=True
)
app.add_typer(bench_app, name="bench")

SHARED_REVIEWS = Path("../shared/data/waimai_10k.csv")


@bench_app.command("retrieval")
def bench_retrieval(
    file: Annotated[Path, typer.Option(help="A CSV of customer feedback")] = SHARED_REVIEWS,
    chunks: Annotated[int, typer.Option(help="How many chunks to index")] = 10_000,
    repeats: Annotated[int, typer.Option(help="Passes over the query set")] = 3,
) -> None:
    """Warm query p50/p95 for hybrid, BM25 and vector with N company chunks indexed."""
    from assistant.cli.evaluation import run_retrieval_bench

    run_retrieval_bench(settings_or_exit(), file, chunks, repeats)


@bench_app.command("startup")
def bench_startup(
    unseeded: Annotated[
        bool, typer.Option(help="Also time it without the shipped vectors (embeds the corpus)")
    ] = False,
) -> None:
    """First start: seconds to build the methodology index with the shipped e5 vectors."""
    from assistant.embeddings import build_embedder
    from assistant.retrieval.shipped_vectors import time_first_start

    embedder = build_embedder(settings_or_exit(), cached=False)
    times = time_first_start(embedder, unseeded=unseeded)
    console.print(
        f"methodology index, {times.chunks:,} passages, {embedder.id}: "
        f"{times.seeded_s:.1f} s with the shipped vectors",
        highlight=False,
    )
    if times.unseeded_s is not None:
        ratio = times.unseeded_s / times.seeded_s if times.seeded_s else float("inf")
        console.print(
            f"without them: {times.unseeded_s:.1f} s ({ratio:.0f}× longer)", highlight=False
        )


@bench_app.command("analytics")
def bench_analytics(
    file: Annotated[Path, typer.Option(help="waimai_10k.csv (label, review)")] = SHARED_REVIEWS,
    sample: Annotated[Path, typer.Option(help="Hand-labelled tagging sample")] = Path(
        "tests/analytics/tagging_sample.csv"
    ),
    rows: Annotated[int, typer.Option(help="Rows of the generated speed-test file")] = 100_000,
    speed: Annotated[bool, typer.Option(help="Run the cold and warm speed test")] = True,
    million: Annotated[
        bool, typer.Option(help="Also analyse 1,000,000 rows and report peak memory")
    ] = False,
    folder: Annotated[
        Path | None, typer.Option(help="Keep generated files and caches here (default: temp)")
    ] = None,
) -> None:
    """Sentiment accuracy (held-out waimai split), tagging precision/recall on the hand-labelled
    sample, speed of N rows with a cold and a warm embedding cache, optional 1M-row memory."""
    from assistant.analytics.bench import print_sentiment, print_speed, print_tagging
    from assistant.services.container import Services

    print_sentiment(console, file)
    print_tagging(console, sample, Services(settings_or_exit()).embedder)
    if speed:
        print_speed(console, file, rows, million, folder)


@app.command()
def doctor(
    lang: Annotated[
        str | None, typer.Option(help="zh-Hans, zh-Hant or en (default: settings)")
    ] = None,
) -> None:
    """Print the effective configuration (secrets masked) and check what cxcoach depends on."""
    from rich.cells import cell_len

    from assistant.domain import LANGS
    from assistant.services.diagnostics import collect_report

    t = messages(lang)
    if lang is not None and lang not in LANGS:
        raise fail(t("cli_unknown_lang", code=lang), 2)
    settings = settings_or_exit()
    items = collect_report(settings, t.lang)
    statuses = {status: t(f"doctor_status_{status}") for status in ("ok", "warn", "error")}

    def pad(text: str, width: int) -> str:  # by terminal cells: a Chinese character takes two
        return text + " " * (width - cell_len(text))

    width = max(cell_len(item.name) for item in items)
    status_width = max(cell_len(word) for word in statuses.values())
    for item in items:
        style = {"ok": "green", "warn": "yellow", "error": "red"}[item.status]
        status = escape(pad(statuses[item.status], status_width))
        # Plain lines, not a table: paths and URLs stay whole when copied or piped.
        console.print(
            f"{escape(pad(item.name, width))}  [{style}]{status}[/{style}]  {escape(item.value)}",
            soft_wrap=True,
            highlight=False,
        )
    if any(item.status == "error" for item in items):
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - entry point
    app()

"""`cxcoach practice` — the practice tutor in the terminal: role-play, quiz, mapping exercise,
progress and courses, over the same `PracticeService` as the web pages.

Every label comes from the UI message catalogue (prompts/ui.yaml), so the terminal speaks the
trainee's language as the pages do. The trainee and workspace given once are remembered in the
data dir's cli.json, like `cxcoach ask`'s workspace.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from assistant.domain import Lang, as_lang
from assistant.i18n import Translator
from assistant.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from assistant.practice.roleplay import Turn
    from assistant.practice.scoring import Scorecard
    from assistant.practice.service import PracticeService
    from assistant.storage.records import TraineeRecord

console = Console(highlight=False)
practice_app = typer.Typer(
    help="Practise: role-play with a simulated customer, quizzes, mapping exercises, progress.",
    no_args_is_help=True,
)
course_app = typer.Typer(help="Courses for trainers: assign, roster, CSV.", no_args_is_help=True)
practice_app.add_typer(course_app, name="course")

END_WORDS = ("/end", "/quit", "/q", "/结束", "/結束")
MOODS = ("😌", "🙂", "😐", "😠", "😡")
MARKS = {"met": ("green", "✓"), "missed": ("dim", "·"), "broken": ("red", "✗")}

Name = Annotated[str | None, typer.Option("--name", "-n", help="The trainee (remembered)")]
Workspace = Annotated[
    str | None, typer.Option("--workspace", "-w", help="The workspace (remembered)")
]
LangOpt = Annotated[str | None, typer.Option(help="zh-Hans, zh-Hant or en (default: settings)")]


class _Say:
    """UI strings in one language."""

    def __init__(self, lang: Lang) -> None:
        from assistant.prompts import load_prompts

        self.lang = lang
        self._ui = load_prompts()

    def __call__(self, key: str, **variables: object) -> str:
        return self._ui.render(f"ui.{key}", self.lang, **variables)


def _exit(message: str, code: int = 2) -> typer.Exit:
    Console(stderr=True).print(f"[red]{message}[/red]", highlight=False)
    return typer.Exit(code)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise _exit(str(exc)) from None


def _lang(settings: Settings, lang: str | None) -> Lang:
    if lang is None:
        return settings.ui_lang
    known = as_lang(lang)
    if known is not None:
        return known
    raise _exit(Translator(settings.ui_lang)("cli_unknown_lang", code=lang))


def _remembered(settings: Settings, name: str | None, workspace: str | None) -> tuple[str, str]:
    path = settings.data_dir / "cli.json"
    try:
        saved: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    chosen_name = name if name is not None else str(saved.get("trainee", ""))
    chosen_ws = workspace if workspace is not None else str(saved.get("practice_workspace", ""))
    chosen_ws = chosen_ws or "default"
    if not chosen_name.strip():
        raise _exit(Translator(settings.ui_lang)("cli_who_practises"))
    if name is not None or workspace is not None:
        saved.update(trainee=chosen_name, practice_workspace=chosen_ws)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    return chosen_name, chosen_ws


def _open(
    name: str | None, workspace: str | None, lang: str | None
) -> tuple[PracticeService, TraineeRecord, Lang, _Say]:
    from assistant.llm import LLMError
    from assistant.services.container import Services
    from assistant.storage import InvalidName

    settings = _settings()
    chosen: Lang = _lang(settings, lang)
    trainee_name, ws = _remembered(settings, name, workspace)
    try:  # with a model configured the customer speaks in character (scoring stays offline)
        service = Services(settings).practice
    except LLMError as exc:
        raise _exit(str(exc)) from None
    try:
        person = service.trainee(ws, trainee_name)
    except InvalidName as exc:
        raise _exit(str(exc)) from None
    return service, person, chosen, _Say(chosen)


def _error(say: _Say, exc: Exception) -> typer.Exit:
    code = getattr(exc, "code", "")
    return _exit(say(f"practice_err_{code}") if code else str(exc), 1)


def _ask(prompt: str) -> str | None:
    """A line from the trainee; None at the end of input (Ctrl-D)."""
    try:
        return console.input(prompt)
    except EOFError:
        return None


# Role-play --------------------------------------------------------------------------------------


@practice_app.command("list")
def list_scenarios(lang: LangOpt = None) -> None:
    """The role-play scenarios (id, difficulty, title) and the mapping cases."""
    from assistant.practice.service import PracticeService
    from assistant.storage import Database
    from assistant.text.script import to_lang_script

    settings = _settings()
    chosen = _lang(settings, lang)
    say = _Say(chosen)
    service = PracticeService(Database(settings.effective_database_url))
    console.print(f"[bold]{say('practice_library')}[/bold]")
    for s in service.library(chosen):
        level = say(f"practice_difficulty_{s.difficulty}")
        console.print(f"  {s.situation_id:<34} {level:<8} {to_lang_script(s.title, chosen)}")
    console.print(f"\n[bold]{say('practice_mapping_title')}[/bold]")
    for c in service.cases(chosen):
        console.print(f"  {c.case_id:<34} {to_lang_script(c.title, chosen)}")


def _print_turn(turn: Turn, say: _Say) -> None:
    if turn.score is not None:
        marks = []
        for r in turn.score.results:
            colour, mark = MARKS[r.status]
            marks.append(f"[{colour}]{mark} {r.label}[/{colour}]")
        console.print("   " + " · ".join(marks))
        for flag in turn.score.flags:
            console.print(f"   [yellow]{flag.message}[/yellow]")
    console.print(f"\n{MOODS[turn.mood]}  [bold]{turn.line}[/bold]")


def print_scorecard(card: Scorecard, say: _Say) -> None:
    console.print(f"\n[bold]{say('practice_scorecard')}: {card.total}/100[/bold]  {card.summary}")
    console.print(f"[cyan]{say('practice_mot')}[/cyan]: {card.moment_of_truth}")
    for r in card.criteria:
        colour = {"met": "green", "missed": "yellow", "broken": "red"}[r.status]
        console.print(f"\n[{colour}]{r.label} — {say('practice_status_' + r.status)}[/{colour}]")
        console.print(f"  {r.feedback}")


@practice_app.command("roleplay")
def roleplay(
    scenario: Annotated[str, typer.Argument(help="A scenario id from `cxcoach practice list`")],
    name: Name = None,
    workspace: Workspace = None,
    lang: LangOpt = None,
    seed: Annotated[int | None, typer.Option(help="Replay the same customer lines")] = None,
) -> None:
    """Role-play: you answer, the customer reacts; /end scores the conversation."""
    from assistant.practice.service import PracticeError
    from assistant.text.script import to_lang_script

    service, person, chosen, say = _open(name, workspace, lang)
    try:
        view = service.start_roleplay(person.workspace_id, person.id, scenario, chosen, seed)
    except PracticeError as exc:
        raise _error(say, exc) from None
    s = view.scenario
    console.print(f"[bold]{to_lang_script(s.title, chosen)}[/bold]")
    console.print(to_lang_script(f"{s.persona.name} — {s.persona.description}", chosen))
    console.print(to_lang_script(s.situation, chosen))
    offers = "; ".join(to_lang_script(o.label, chosen) for o in s.authority.may_offer)
    console.print(f"[green]{say('practice_may_offer')}[/green]: {offers}")
    nots = "; ".join(to_lang_script(o.label, chosen) for o in s.authority.may_not)
    console.print(f"[red]{say('practice_may_not')}[/red]: {nots}")
    console.print(f"[dim]/end — {say('practice_end_now')}[/dim]")
    _print_turn(view.turns[0], say)
    while not view.ended:
        text = _ask(f"\n{say('practice_your_reply')}> ")
        if text is None or text.strip() in END_WORDS:
            view = service.finish_roleplay(person.workspace_id, view.attempt.id)
            break
        view = service.reply(person.workspace_id, view.attempt.id, text)
        _print_turn(view.turns[-1], say)
    outcome = view.play.outcome or "ended"
    console.print(f"\n[bold]{say('practice_outcome_' + outcome)}[/bold]")
    print_scorecard(view.scorecard, say)


# Quiz ------------------------------------------------------------------------------------------


@practice_app.command("quiz")
def quiz(
    name: Name = None,
    workspace: Workspace = None,
    lang: LangOpt = None,
    topic: Annotated[list[str] | None, typer.Option(help="Only this topic (repeatable)")] = None,
    count: Annotated[int, typer.Option("--count", "-c", min=1, max=50)] = 5,
) -> None:
    """A round of methodology questions: missed ones come back when due, then new ones."""
    from assistant.practice.quiz import prompt
    from assistant.practice.service import PracticeError

    service, person, chosen, say = _open(name, workspace, lang)
    unknown = [t for t in topic or [] if t not in service.topics()]
    if unknown:
        raise _exit(f"{say('practice_err_no_topic')} ({', '.join(service.topics())})")
    items = service.next_questions(person.workspace_id, person.id, topic or [], count)
    if not items:
        console.print(say("quiz_none_due"))
        return
    right = 0
    for n, item in enumerate(items, 1):
        console.print(f"\n[bold]{n}/{len(items)}[/bold]  {prompt(item, chosen)}")
        answer = ""
        while not answer.strip():
            line = _ask(f"{say('quiz_answer_label')}> ")
            if line is None:
                return
            answer = line
            if not answer.strip():
                console.print(f"[yellow]{say('quiz_empty_answer')}[/yellow]")
        try:
            result = service.answer(person.workspace_id, person.id, item.id, answer, chosen)
        except PracticeError as exc:
            raise _error(say, exc) from None
        right += result.correct
        verdict = say("quiz_right") if result.correct else say("quiz_wrong")
        console.print(f"[{'green' if result.correct else 'yellow'}]{verdict}[/]")
        console.print(f"{say('quiz_expected')}: {result.expected}")
        console.print(result.explanation)
        console.print(
            "[dim]" + "; ".join(f"{c.doc} · {c.section}" for c in result.cites) + "[/dim]"
        )
    console.print(f"\n[bold]{right}/{len(items)}[/bold]")


# Progress -------------------------------------------------------------------------------------


@practice_app.command("progress")
def progress(name: Name = None, workspace: Workspace = None, lang: LangOpt = None) -> None:
    """Scores per criterion over time, weakest skills and the next suggested scenario."""
    from assistant.text.script import to_lang_script

    service, person, chosen, say = _open(name, workspace, lang)
    p = service.progress(person.workspace_id, person.id, chosen)
    console.print(f"[bold]{say('practice_progress_title', name=person.name)}[/bold]")
    if p.average is None:
        console.print(say("practice_no_roleplays"))
    else:
        console.print(say("practice_average", n=p.average))
    for t in p.trends:
        dots = "".join("●" if ok else "○" for ok in t.history)
        weak = f"  [yellow]{say('practice_weakest')}[/yellow]" if t in p.weakest else ""
        console.print(f"  {t.label:<10} {round(t.rate * 100):>3}%  {dots}{weak}")
    console.print(
        say(
            "practice_quiz_summary",
            answered=p.quiz_answered,
            correct=p.quiz_correct,
            due=p.quiz_due,
        )
    )
    if p.next_scenario is not None:
        title = to_lang_script(p.next_scenario.title, chosen)
        console.print(
            f"{say('practice_next_kicker')}: {title}  "
            f"[dim](cxcoach practice roleplay {p.next_scenario.situation_id})[/dim]"
        )


# Mapping exercise -------------------------------------------------------------------------------


@practice_app.command("mapping")
def mapping(
    case: Annotated[str, typer.Argument(help="A case id from `cxcoach practice list`")],
    name: Name = None,
    workspace: Workspace = None,
    lang: LangOpt = None,
) -> None:
    """Print the case, open an interview to map it in, and say how to compare afterwards."""
    from assistant.playbooks import INDUSTRIES
    from assistant.practice.mapping import case_text
    from assistant.practice.service import PracticeError
    from assistant.services.container import Services

    service, person, chosen, say = _open(name, workspace, lang)
    try:
        found = service.case(case, chosen)
    except PracticeError as exc:
        raise _error(say, exc) from None
    title, brief, text = case_text(found, chosen)
    services = Services(_settings())
    ws = service.db.workspaces.get(person.workspace_id)
    industry = found.industry if found.industry in INDUSTRIES else None
    started = services.interview.start(ws.name, lang=chosen, industry=industry)
    view = service.start_mapping(ws.id, person.id, found.case_id, chosen, started.session_id)
    console.print(f"[bold]{title}[/bold]\n{brief}\n\n{text}\n")
    console.print(f"1. {say('practice_mapping_step1')}")
    console.print(
        f"2. {say('practice_mapping_step2')}  cxcoach interview --session {started.session_id}"
    )
    console.print(f"3. {say('practice_mapping_step3')}  cxcoach practice check {view.attempt.id}")


@practice_app.command("check")
def check(
    attempt: Annotated[str, typer.Argument(help="The mapping exercise id printed at its start")],
    name: Name = None,
    workspace: Workspace = None,
    lang: LangOpt = None,
) -> None:
    """Compare the map of a mapping exercise with the case's reference map."""
    from assistant.practice.service import PracticeError
    from assistant.storage import NotFound

    service, person, _chosen, say = _open(name, workspace, lang)
    try:
        view = service.check_mapping(person.workspace_id, attempt)
    except PracticeError as exc:
        raise _error(say, exc) from None
    except NotFound:
        raise _exit(say("practice_err_not_mapping"), 1) from None
    report = view.report
    assert report is not None
    console.print(
        f"[bold]{report.title} — {say('practice_mapping_report')}: {report.total}/100[/bold]"
    )
    for part in report.parts:
        total = len(part.found) + len(part.missed)
        console.print(
            f"\n[cyan]{say('practice_kind_' + part.kind)}[/cyan] {len(part.found)}/{total}"
        )
        if part.found:
            console.print(
                f"  {say('practice_found')}: " + ", ".join(f.reference for f in part.found)
            )
        if part.missed:
            console.print(
                f"  {say('practice_missed')}: " + ", ".join(f.reference for f in part.missed)
            )
            console.print(f"  [dim]{part.feedback}[/dim]")


# Courses ----------------------------------------------------------------------------------------


@course_app.command("save")
def course_save(
    course_name: Annotated[str, typer.Argument(help="The course's name")],
    workspace: Annotated[str, typer.Option("--workspace", "-w")] = "default",
    scenario: Annotated[
        list[str] | None, typer.Option(help="Assign a scenario (repeatable)")
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help="Assign a quiz topic (repeatable)")
    ] = None,
    case: Annotated[
        list[str] | None, typer.Option(help="Assign a mapping case (repeatable)")
    ] = None,
    trainee: Annotated[list[str] | None, typer.Option(help="Add a trainee (repeatable)")] = None,
    course_id: Annotated[str | None, typer.Option("--id", help="Change this course")] = None,
) -> None:
    """Create a course (or change one with --id): scenarios, quiz topics, cases and roster."""
    from assistant.practice.service import PracticeError, PracticeService
    from assistant.storage import Database, InvalidName, NotFound

    settings = _settings()
    service = PracticeService(Database(settings.effective_database_url))
    ws = service.db.workspaces.get_or_create(workspace)
    try:
        course = service.save_course(
            ws.id,
            course_name,
            scenario_ids=scenario or [],
            quiz_topics=topic or [],
            mapping_cases=case or [],
            trainee_names=trainee or [],
            course_id=course_id,
        )
    except (PracticeError, InvalidName, NotFound) as exc:
        raise _exit(str(exc), 1) from None
    made = Translator(settings.ui_lang)(
        "cli_course_saved", id=course.id, name=course.name, n=len(course.trainee_ids)
    )
    console.print(made, markup=False, highlight=False)


@course_app.command("show")
def course_show(
    course_id: Annotated[str, typer.Argument()],
    workspace: Annotated[str, typer.Option("--workspace", "-w")] = "default",
    lang: LangOpt = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print the roster as CSV")] = False,
) -> None:
    """The roster with averages and the class's weakest skills (or the CSV export)."""
    from assistant.practice.service import PracticeService
    from assistant.storage import Database, NotFound

    settings = _settings()
    chosen = _lang(settings, lang)
    say = _Say(chosen)
    service = PracticeService(Database(settings.effective_database_url))
    ws = next((w for w in service.db.workspaces.list() if w.name == workspace), None)
    try:
        if ws is None:
            raise NotFound(workspace)
        if csv:
            typer.echo(service.course_csv(ws.id, course_id, chosen), nl=False)
            return
        report = service.course_report(ws.id, course_id, chosen)
    except NotFound:
        raise _exit(say("error_not_found_text"), 1) from None
    console.print(f"[bold]{report.course.name}[/bold]")
    if report.average is not None:
        console.print(say("practice_class_average", n=report.average))
    for label, rate in report.weakest:
        console.print(f"  {say('practice_weakest')}: {label} {round(rate * 100)}%")
    for row in report.rows:
        average = "—" if row.average is None else row.average
        console.print(
            f"  {row.trainee.name:<12} {say('practice_roleplays')} {row.roleplays}  "
            f"{say('practice_avg')} {average}  {row.done_scenarios}/{row.assigned_scenarios}  "
            f"{row.weakest}"
        )


# Evaluation -------------------------------------------------------------------------------------


SETS = Path("tests/practice")
SECOND_TRAINER = "second_trainer_holdout.yaml"  # a second trainer's labels of held-out replies


def eval_tutor(
    sets: Annotated[Path, typer.Option(help="Folder of the labelled sets")] = SETS,
    show_misses: Annotated[
        bool, typer.Option(help="List each disagreement on the development set")
    ] = False,
) -> None:
    """Per-criterion accuracy and Spearman (points vs the trainer's grade) on labelled trainee
    replies; role-play runs ending in the expected state; role-play turn time.

    First on the held-out set (never studied), then the blind check of "explain" replies, then
    on the development set (the scorer was adjusted on it)."""
    from assistant.practice import evaluation as ev

    pairs = (
        ("held-out set", "tutor_holdout.yaml", "roleplay_holdout.yaml"),
        ("blind check (replies only)", "tutor_blind.yaml", ""),
        ("development set", "tutor_set.yaml", "roleplay_runs.yaml"),
    )
    for name, replies, runs in pairs:
        paths = [sets / replies, *([sets / runs] if runs else [])]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise _exit(f"No labelled set at {', '.join(missing)} (run from the repository root)")
        report = ev.evaluate(paths[0], paths[1] if runs else None)
        _print_tutor_report(report, name)
        second = sets / SECOND_TRAINER
        if replies == "tutor_holdout.yaml" and second.is_file():
            _print_agreement(ev.agreement(paths[0], second))
        if show_misses and name == "development set":  # the held-out set stays unstudied
            _print_misses(report)


def _print_agreement(found: Any) -> None:
    from rich.table import Table

    table = Table(
        title=f"Two trainers on the held-out set: {found.criterion}, {found.replies} replies "
        f"labelled by both (the second blind to the first and to the code)"
    )
    table.add_column("figure", justify="left")
    table.add_column("value", justify="right")
    table.add_row("trainers agree", f"{found.trainers:.3f}")
    table.add_row("Cohen's kappa, trainer vs trainer", f"{found.kappa:.3f}")
    table.add_row("tutor vs the set's trainer", f"{found.tutor_first:.3f}")
    table.add_row("tutor vs the second trainer", f"{found.tutor_second:.3f}")
    table.add_row(
        f"tutor where the trainers agree ({found.consensus})", f"{found.tutor_consensus:.3f}"
    )
    console.print(table)


def _print_misses(report: Any) -> None:
    for miss in report.misses:
        console.print(
            f"  {miss.item} [{miss.criterion}] expected {miss.expected}, got {miss.got}: "
            f"{miss.reply[:90]}"
        )
    for run_id, expected, got in report.run_misses:
        console.print(f"  run {run_id}: expected {expected}, got {got}")


def _print_tutor_report(report: Any, name: str) -> None:
    from rich.table import Table

    from assistant.practice import evaluation as ev

    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(report.by_lang.items()))
    table = Table(
        title=f"Practice tutor, offline, {name}: {report.replies} replies over {report.scenarios} "
        f"scenarios ({langs}); {report.runs} role-play runs over {report.run_scenarios}"
    )
    for column in ("figure", "value", "target"):
        table.add_column(column, justify="left" if column == "figure" else "right")

    def mark(ok: bool) -> str:
        return "[green]✓[/green]" if ok else "[red]✗[/red]"

    for criterion, accuracy in report.accuracy.items():
        ok = accuracy >= ev.TARGET_ACCURACY
        table.add_row(
            f"accuracy: {criterion} ({report.counts[criterion]})",
            f"{accuracy:.3f}",
            f"≥ {ev.TARGET_ACCURACY} {mark(ok)}",
        )
    table.add_row("accuracy: all criteria", f"{report.overall:.3f}", "")
    ok = report.spearman >= ev.TARGET_SPEARMAN
    table.add_row(
        "Spearman: points vs grade", f"{report.spearman:.3f}", f"≥ {ev.TARGET_SPEARMAN} {mark(ok)}"
    )
    if not report.runs:  # a set of replies alone
        console.print(table)
        return
    for expected, (good, total) in report.run_by_expected.items():
        table.add_row(f"role-play: expected {expected}", f"{good}/{total}", "")
    ok = report.run_rate >= ev.TARGET_ROLEPLAY
    table.add_row(
        "role-play: expected end state",
        f"{report.run_rate:.3f}",
        f"≥ {ev.TARGET_ROLEPLAY} {mark(ok)}",
    )
    table.add_row("role-play turn p50 (ms)", f"{report.p50_ms:.1f}", "")
    ok = report.p95_ms <= ev.TARGET_P95_MS
    table.add_row(
        "role-play turn p95 (ms)", f"{report.p95_ms:.1f}", f"≤ {ev.TARGET_P95_MS:.0f} {mark(ok)}"
    )
    console.print(table)

"""Printing `cxcoach eval interview`; the running and scoring live in
`assistant/interview/evaluation.py`.

Developer tool: its output stays English on purpose (figures for the people who tune the
assistant, not for users), so its strings are not in the message catalogue (prompts/ui*.yaml).
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.interview.evaluation import (
    EvalReport,
    LLMMode,
    ScenarioError,
    evaluate,
    load_scenarios,
)

console = Console()
TARGET_RECALL = 0.95


def _recall(found: int, expected: int, recall: float | None) -> str:
    if recall is None:
        return "—"
    mark = "" if recall >= TARGET_RECALL else " ✗"
    return f"{recall:.3f} ({found}/{expected}){mark}"


def print_report(report: EvalReport, show_misses: bool) -> None:
    f = report.figures()
    langs = ", ".join(f"{k} {v}" for k, v in f["languages"].items())
    table = Table(
        title=f"interview on {f['scenarios']} scripted scenarios (llm: {report.llm})",
        show_header=True,
    )
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    table.add_row("scenarios", f"{f['scenarios']} ({langs})", "≥ 40, ≥ 10 zh-Hant")
    table.add_row(
        "industries",
        f"{f['industries']} ({f['industries_without_playbook']} without a playbook)",
        "≥ 10 (≥ 4)",
    )
    names = {
        "stages": "recall: stated stages",
        "touchpoints": "recall: touchpoints under the right stage",
        "pains": "recall: pain points",
        "emotions": "recall: emotion sign per stage",
        "fixes": "recall: user fixes as plan actions",
    }
    for kind, label in names.items():
        r = f["recall"][kind]
        table.add_row(label, _recall(r["found"], r["expected"], r["recall"]), "≥ 0.95")
    table.add_row(
        "non-answers / off-topic / corrections stored as data (turns)",
        str(f["stored_non_answers"]),
        "0",
    )
    table.add_row(
        "removed or renamed items still in the map", str(f["corrections_not_applied"]), "0"
    )
    t = f["turns"]
    table.add_row(
        "turns used / ideal",
        f"{t['used']} / {t['ideal']} ({t['nudges']} nudges, {t['closings']} closings)",
        "",
    )
    table.add_row(
        "turns over ideal: mean, max, scenarios > ideal + 2",
        f"{t['mean_excess']:+.2f}, {t['max_excess']:+d}, {t['over_ideal_plus_2']}",
        "0 over ideal + 2",
    )
    table.add_row(
        "sessions not finished / runs with an error", f"{f['unfinished']} / {f['errors']}", "0 / 0"
    )
    table.add_row("Simplified characters in zh-Hant output", str(f["simplified_in_zh_hant"]), "0")
    lat = f["latency_ms"]
    table.add_row("turn latency p50 / p95", f"{lat['p50']} / {lat['p95']} ms", "")
    if report.llm != "none":
        table.add_row(
            "replies from the model's reading / model calls",
            f"{f['model_turns']} / {f['model_calls']}",
            "",
        )
    console.print(table)
    console.print(f"[dim]{lat['turns']} turns in {f['seconds']} s[/dim]", highlight=False)
    if show_misses:
        for score in report.scores:
            misses = score.misses()
            if not misses:
                continue
            console.print(f"[bold]{score.id}[/bold] ({score.lang}, {score.industry})")
            for line in misses:
                console.print(f"  {line}", highlight=False, markup=False)


def run_interview_eval(
    scenarios: Path,
    llm: str,
    show_misses: bool,
    json_path: Path | None,
    only: list[str] | None,
) -> int:
    """The exit code: 0 after measuring (whatever the figures), 2 for unusable input."""
    if llm not in ("none", "fake", "configured"):
        Console(stderr=True).print(
            f"[red]Unknown --llm {llm!r}: use none, fake or configured.[/red]"
        )
        return 2
    try:
        loaded = load_scenarios(scenarios, only or ())
    except ScenarioError as exc:
        Console(stderr=True).print(f"[red]{exc}[/red]", highlight=False, markup=False)
        return 2
    mode: LLMMode = llm  # type: ignore[assignment]
    with console.status("running scenarios…") as status:
        report = evaluate(
            loaded,
            mode,
            progress=lambda n, total, name: status.update(f"scenario {n}/{total}: {name}"),
        )
    print_report(report, show_misses)
    if json_path is not None:
        json_path.write_text(
            json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        console.print(f"wrote {json_path}")
    return 0

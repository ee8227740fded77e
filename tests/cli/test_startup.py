"""A cold `cxcoach ask` and `cxcoach --help` import only what they use (issue 11, item 7).

Each case runs in a fresh interpreter and lists the modules it imported: the interview, LangGraph,
the exports, the database layer and the practice tutor stay out. The lazy commands' help lines
(listed without importing them) must be the commands' own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from assistant.cli.lazy import LazyGroup, load_target
from assistant.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
# Modules (and packages) a question or the help never needs.
NOT_IMPORTED = (
    "assistant.interview",
    "assistant.exports",
    "assistant.storage",
    "assistant.practice",
    "assistant.services.evidence",
    "assistant.cli.interview",
    "assistant.cli.records",
    "assistant.cli.practice",
    "assistant.cli.export",
    "assistant.i18n.labels",
    "langgraph",
    "langchain_core",
    "sqlalchemy",
    "chromadb",
)

RUN = """
import json, sys
from assistant.cli.main import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print("\\nMODULES" + json.dumps(sorted(sys.modules)))
"""


def imported_by(args: list[str], tmp_path: Path) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CXCOACH_")}
    env.update(
        CXCOACH_DATA_DIR=str(tmp_path / "data"),
        CXCOACH_EMBEDDING_BACKEND="hash",
        CXCOACH_INDEX_BACKEND="memory",
        COLUMNS="200",
    )
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.rsplit("MODULES", 1)[1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in NOT_IMPORTED))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["ask", "顾客排队太久发火了怎么办？"], ["ask", "--help"], ["eval", "--help"]],
    ids=["help", "ask", "ask-help", "eval-help"],
)
def test_ask_and_help_import_only_what_they_use(args: list[str], tmp_path: Path) -> None:
    assert heavy(imported_by(args, tmp_path)) == []


def test_a_lazy_command_is_imported_when_run(tmp_path: Path) -> None:
    modules = imported_by(["sessions", "--help"], tmp_path)
    assert "assistant.cli.interview" in modules


def lazy_groups() -> list[tuple[str, type[LazyGroup]]]:
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    found: list[tuple[str, type[LazyGroup]]] = [("", type(root))]
    for name, command in root.commands.items():
        if isinstance(command, LazyGroup):
            found.append((name, type(command)))
    return found


def test_every_lazy_help_line_is_the_commands_own() -> None:
    checked = 0
    for group, cls in lazy_groups():
        for name, (target, line) in cls.lazy.items():
            real = load_target(name, target)
            assert real.get_short_help_str(10_000) == line.rstrip(), f"{group} {name}"
            checked += 1
    assert checked >= 7


def test_the_help_lists_the_lazy_commands() -> None:
    from typer.testing import CliRunner

    shown = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    for name in ("ask", "interview", "sessions", "practice", "records", "export"):
        assert f" {name} " in shown.output


def test_the_fast_template_check_reads_the_variables_jinja_reads() -> None:
    """Loading the prompt catalogue reads simple `{{ name }}` texts without Jinja and skips plain
    ones (half a second of every cold start); on every shipped template and a few made-up ones
    it finds exactly the variables Jinja finds."""
    from jinja2 import meta

    from assistant.domain import LANGS
    from assistant.prompts import _ENV, Template, _variables, load_prompts

    made_up = [
        Template.model_validate({"zh-Hans": t, "en": t})
        for t in (
            "没有变量",
            "{{ a }} 和 {{b}}",
            "{{ a | upper }}",
            "{% if a %}{{ b }}{% endif %}",
            "{# note #}{{ c }}",
            "{{ a }}}",
            "{ {a} }",
        )
    ]
    templates = [*load_prompts().templates.values(), *made_up]
    for template in templates:
        for lang in LANGS:
            jinja = meta.find_undeclared_variables(_ENV.parse(template.text(lang)))
            assert _variables(template, lang) == jinja, template.text(lang)

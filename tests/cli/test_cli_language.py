"""The command line's own frame speaks the user's language (issue 13, item 6): `--help` of every
command and option, click's usage line and panels, usage errors ("Missing argument"), the yes/no
prompt and configuration problems — in zh-Hans, zh-Hant and English (CXCOACH_UI_LANG)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
import typer
from typer._click import Context
from typer.core import TyperGroup
from typer.testing import CliRunner

from assistant.cli.language import (
    frame_words,
    help_catalogue,
    paragraphs,
    translate_help,
)
from assistant.domain import Lang
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary_violations

runner = CliRunner()


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCOACH_INDEX_BACKEND", "memory")
    monkeypatch.setenv("CXCOACH_EMBEDDING_BACKEND", "hash")


def run(args: list[str], lang: Lang, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from assistant.cli.main import app

    monkeypatch.setenv("CXCOACH_UI_LANG", lang)
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, " ".join(result.output.split())  # rich wraps and pads


def traditional_ok(text: str) -> None:
    assert not simplified_only_chars(text), simplified_only_chars(text)
    assert not glossary_violations(text), glossary_violations(text)


def all_help() -> list[str]:
    """Every help text of the command tree, the lazy commands loaded: what the catalogue must
    translate."""
    from assistant.cli.lazy import LazyGroup, load_target
    from assistant.cli.main import app

    root = typer.main.get_command(app)
    ctx = Context(root)
    texts: list[str] = []

    def walk(command: Any) -> None:
        texts.extend([command.help] if command.help else [])
        texts.extend(p.help for p in command.params if getattr(p, "help", None))
        if isinstance(command, TyperGroup):
            for name in command.list_commands(ctx):
                if isinstance(command, LazyGroup) and name not in command.commands:
                    command.commands[name] = load_target(name, command.lazy[name][0])
                walk(command.commands[name])

    walk(root)
    return texts


def test_every_help_paragraph_has_its_chinese_and_none_is_left_over() -> None:
    english = {p for text in all_help() for p in paragraphs(text)}
    assert len(english) > 100  # every command, group and option of the tree, lazy ones loaded
    english |= {p for word in frame_words() for p in paragraphs(word)}  # "Usage:", "Options"…
    from assistant.cli.main import LAZY_BENCH, LAZY_COMMANDS, LAZY_EVAL

    for lazy in (LAZY_COMMANDS, LAZY_EVAL, LAZY_BENCH):  # the lines listed without importing
        english |= {p for _, line in lazy.values() for p in paragraphs(line)}
    missing = sorted(english - set(help_catalogue()))
    assert missing == [], f"add to prompts/cli/help.yaml: {missing}"
    stale = sorted(set(help_catalogue()) - english)
    assert stale == [], f"no command says these any more: {stale}"
    for paragraph in english:
        traditional_ok(translate_help(paragraph, "zh-Hant"))


HELP = {
    "zh-Hans": ["用法：cxcoach", "选项", "命令", "显示本帮助并退出。", "启动", "旅程图",
                "把公司文件导入工作区的知识库"],
    "zh-Hant": ["用法：cxcoach", "選項", "命令", "顯示這份說明並結束。", "旅程圖",
                "把公司檔案匯入工作區的知識庫"],
    "en": ["Usage: cxcoach", "Options", "Commands", "Show this message and exit.",
           "Start the web app.", "Ingest company files into a workspace's knowledge base"],
}  # fmt: skip


@pytest.mark.parametrize("lang", list(HELP))
def test_the_top_level_help_is_in_the_users_language(
    lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(["--help"], lang, monkeypatch)
    assert code == 0
    for words in HELP[lang]:
        assert words in out, (words, out)
    if lang != "en":  # no English sentence is left: the lazy commands' lines included
        assert "Start the web app" not in out and "Build a journey map" not in out
        assert "Show this message" not in out
    if lang == "zh-Hant":
        traditional_ok(out)


SUBCOMMAND_HELP = {
    ("ingest", "--help"): {
        "zh-Hans": ["参数", "[必填]", "工作区名称", "[默认：default]"],
        "zh-Hant": ["引數", "[必填]", "工作區名稱", "[預設：default]"],
        "en": ["Arguments", "[required]", "Workspace name", "[default: default]"],
    },
    ("sessions", "delete", "--help"): {  # a lazily loaded group's command
        "zh-Hans": ["用法：cxcoach sessions delete", "删除"],
        "zh-Hant": ["用法：cxcoach sessions delete", "刪除"],
        "en": ["Usage: cxcoach sessions delete", "Delete a session"],
    },
    ("practice", "--help"): {
        "zh-Hans": ["角色扮演", "测验"],
        "zh-Hant": ["角色扮演", "測驗"],
        "en": ["role-play", "quiz"],
    },
}


@pytest.mark.parametrize("args", list(SUBCOMMAND_HELP))
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_commands_help_and_its_options_are_in_the_users_language(
    args: tuple[str, ...], lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(list(args), lang, monkeypatch)
    assert code == 0, out
    for words in SUBCOMMAND_HELP[args][lang]:
        assert words in out, (words, out)
    if lang == "zh-Hant":
        traditional_ok(out)


# What a user types wrong, and what they are told: exit code 2, the usage line, the reason.
MISTAKES: list[tuple[list[str], dict[str, str]]] = [
    (["ingest"], {"zh-Hans": "缺少参数 'paths'。", "zh-Hant": "缺少引數 'paths'。",
                  "en": "Missing argument 'paths'."}),
    (["ingest", "--worksp", "demo", "a.csv"], {
        "zh-Hans": "没有 --worksp 这个选项。是不是指：--workspace？",
        "zh-Hant": "沒有 --worksp 這個選項。是不是指：--workspace？",
        "en": "No such option: --worksp (Possible options: --workspace)"}),
    (["injest", "a.csv"], {"zh-Hans": "没有“injest”这个命令。是不是指 ingest？",
                           "zh-Hant": "沒有「injest」這個命令。是不是指 ingest？",
                           "en": "No such command 'injest'. Did you mean 'ingest'?"}),
    (["bench", "nothing"], {"zh-Hans": "没有“nothing”这个命令。",
                            "zh-Hant": "沒有「nothing」這個命令。",
                            "en": "No such command 'nothing'."}),
    (["schema", "extra"], {"zh-Hans": "多了不认识的参数：extra",
                           "zh-Hant": "多了不認識的引數：extra",
                           "en": "Got unexpected extra argument(s) (extra)"}),
    (["serve", "--port", "八千"], {"zh-Hans": "'--port' 的值不对：应为整数（例如 8000）",
                                  "zh-Hant": "'--port' 的值不對：應為整數（例如 8000）",
                                  "en": "Invalid value for '--port': should be a whole number"}),
    (["serve", "--workers", "0"], {"zh-Hans": "'--workers' 的值不对：应不小于 1",
                                   "zh-Hant": "'--workers' 的值不對：應不小於 1",
                                   "en": "Invalid value for '--workers': should be 1 or more"}),
    (["ingest", "-w"], {"zh-Hans": "选项 -w 后面需要一个值。",
                        "zh-Hant": "選項 -w 後面需要一個值。",
                        "en": "Option '-w' requires an argument."}),
    (["export", "--list-examples=yes"], {
        "zh-Hans": "选项 --list-examples 后面不能带值。",
        "zh-Hant": "選項 --list-examples 後面不能帶值。",
        "en": "Option '--list-examples' does not take a value."}),
]  # fmt: skip


@pytest.mark.parametrize(
    "args,said", MISTAKES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_usage_errors_say_what_is_wrong_in_the_users_language(
    args: list[str], said: dict[str, str], lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(args, lang, monkeypatch)
    assert code == 2, out
    assert said[lang] in out, out
    assert ("出错了" if lang == "zh-Hans" else "出錯了" if lang == "zh-Hant" else "Error") in out
    if lang != "en":
        assert "Usage:" not in out and "Try '" not in out
        assert "Missing" not in out and "Invalid value" not in out and "No such" not in out
    if lang == "zh-Hant":
        traditional_ok(out)


@pytest.mark.parametrize(
    "lang,heading,line",
    [
        ("zh-Hans", "cxcoach 的配置有误", "CXCOACH_PORT: 应为整数（例如 8000）"),
        ("zh-Hant", "cxcoach 的設定有誤", "CXCOACH_PORT: 應為整數（例如 8000）"),
        ("en", "", "CXCOACH_PORT: should be a whole number (e.g. 8000)"),
    ],
)
def test_configuration_problems_say_what_to_fix_in_the_users_language(
    lang: Lang, heading: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXCOACH_PORT", "eight thousand")
    monkeypatch.setenv("CXCOACH_LLM_BASE_URL", "api.deepseek.com")
    code, out = run(["doctor"], lang, monkeypatch)
    assert code == 2
    assert heading in out and line in out, out
    url = {"zh-Hans": "应以 http:// 或 https:// 开头（现为“api.deepseek.com”）",
           "zh-Hant": "應以 http:// 或 https:// 開頭（現為「api.deepseek.com」）",
           "en": "should start with http:// or https:// (got 'api.deepseek.com')"}  # fmt: skip
    assert f"CXCOACH_LLM_BASE_URL: {url[lang]}" in out
    if lang != "en":
        assert "Input should be" not in out


def test_a_setting_that_needs_another_is_said_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CXCOACH_LLM_MODE", "openai")
    monkeypatch.delenv("CXCOACH_LLM_MODEL", raising=False)
    code, out = run(["doctor"], "zh-Hant", monkeypatch)
    assert code == 2
    assert "語言模型模式「openai」需要設定 CXCOACH_LLM_MODEL" in out, out
    traditional_ok(out)


@pytest.mark.parametrize(
    "lang,said",
    [
        ("zh-Hans", ["不是有效的 cxcoach 诊断文件", "map.title: 必填，但没有给出"]),
        ("zh-Hant", ["map.title: 必填，但沒有給出"]),
        ("en", ["is not a valid cxcoach diagnosis", "map.title: required, but not given"]),
    ],
)
def test_a_file_that_is_not_a_diagnosis_says_what_is_wrong_in_the_users_language(
    lang: Lang, said: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "map.json"
    broken.write_text('{"map": {"goal": ""}}', encoding="utf-8")
    code, out = run(["export", str(broken)], lang, monkeypatch)
    assert code == 1
    for words in said:
        assert words in out, out
    if lang != "en":
        assert "Field required" not in out


def sample_app() -> typer.Typer:
    """Commands the real CLI does not have yet, for typer's other usage errors: a path that must
    exist, a fixed choice, a group run without its command."""
    from assistant.cli.lazy import lazy_group

    app = typer.Typer(cls=lazy_group({}), add_completion=False)

    @app.command("open")
    def open_file(path: Path = typer.Argument(exists=True, dir_okay=False)) -> None:
        """Open a file."""

    @app.command()
    def pick(color: Literal["red", "blue"] = typer.Option("red")) -> None:
        """Pick a colour."""

    group = typer.Typer(no_args_is_help=False)
    group.command("one")(pick)
    app.add_typer(group, name="group")
    return app


OTHER_MISTAKES: list[tuple[list[str], dict[str, str]]] = [
    (["open", "missing.csv"], {"zh-Hans": "'path' 的值不对：找不到“missing.csv”。",
                               "en": "Invalid value for 'path': 'missing.csv' does not exist."}),
    (["open", "."], {"zh-Hans": "'path' 的值不对：“.”是文件夹，这里需要文件。",
                     "en": "Invalid value for 'path': '.' is a directory."}),
    (["pick", "--color", "green"], {
        "zh-Hans": "'--color' 的值不对：'green' 不在可选范围内，可选：'red', 'blue'。",
        "en": "Invalid value for '--color': 'green' is not one of 'red', 'blue'."}),
    (["group"], {"zh-Hans": "缺少命令（见下面的命令列表）。", "en": "Missing command."}),
]  # fmt: skip


@pytest.mark.parametrize(
    "args,said", OTHER_MISTAKES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_typers_other_usage_errors_are_said_too(
    args: list[str], said: dict[str, str], lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXCOACH_UI_LANG", lang)
    result = runner.invoke(sample_app(), args, terminal_width=200)
    out = " ".join(result.output.split())
    assert result.exit_code == 2, out
    assert said[lang] in out, out

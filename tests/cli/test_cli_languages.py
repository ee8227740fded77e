"""The command line speaks the user's language (issue 13, item 6): `doctor`, `sessions list`,
`analyze`, `ingest` and `records` say their words from the message catalogue in zh-Hans, zh-Hant
and English (CXCOACH_UI_LANG, or --lang), and zh-Hant output follows the Taiwan glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.analytics.report import mapping_text
from assistant.analytics.result import FileReport
from assistant.domain import Lang
from assistant.i18n import Translator
from assistant.llm import describe_provider
from assistant.settings import load_settings
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary_violations

runner = CliRunner()
LANGS: tuple[Lang, ...] = ("zh-Hans", "zh-Hant", "en")


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCOACH_INDEX_BACKEND", "memory")
    monkeypatch.setenv("CXCOACH_EMBEDDING_BACKEND", "hash")


def run(args: list[str], lang: Lang, monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    from assistant.cli.main import app

    monkeypatch.setenv("CXCOACH_UI_LANG", lang)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = runner.invoke(app, args, terminal_width=300)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def traditional_ok(text: str) -> None:
    assert not simplified_only_chars(text), simplified_only_chars(text)
    assert not glossary_violations(text), glossary_violations(text)


DOCTOR = {
    "zh-Hans": ["数据目录", "数据库", "访谈检查点", "语言模型", "嵌入模型", "检索索引",
                "模型超时", "界面语言", "正常", "注意", "不用语言模型", "SQLite 文件",
                "只按字面匹配", "进程结束后什么都不保留", "60 秒，重试 2 次"],
    "zh-Hant": ["資料目錄", "資料庫", "訪談檢查點", "語言模型", "嵌入模型", "檢索索引",
                "模型逾時", "介面語言", "正常", "注意", "不用語言模型", "SQLite 檔案",
                "只按字面比對", "行程結束後什麼都不保留", "60 秒，重試 2 次"],
    "en": ["data dir", "database", "interview checkpoints", "LLM", "embeddings", "index",
           "LLM timeout", "UI language", "ok", "warn", "none — the deterministic guided engine",
           "SQLite file", "lexical only", "nothing is kept after the process ends",
           "60 s, 2 retries"],
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_doctor_speaks_the_users_language(lang: Lang, monkeypatch: pytest.MonkeyPatch) -> None:
    output = run(["doctor"], lang, monkeypatch)
    for words in DOCTOR[lang]:
        assert words in output, (words, output)
    if lang != "en":
        for english in ("data dir", "interview checkpoints", "SQLite file", "lexical only"):
            assert english not in output
    if lang == "zh-Hant":
        traditional_ok(output)


def test_doctor_lang_option_and_a_failing_database(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://me:hunter2@127.0.0.1:1/db"
    output = run(["doctor", "--lang", "zh-Hant"], "en", monkeypatch, CXCOACH_DATABASE_URL=url)
    assert "無法連線" in output and "錯誤" in output and "hunter2" not in output
    assert "PostgreSQL，即上面的資料庫" in output
    refused = run(["doctor", "--lang", "fr"], "zh-Hans", monkeypatch)
    assert "不支持语言“fr”" in refused


@pytest.mark.parametrize(
    ("lang", "described"),
    [
        ("zh-Hans", "openai：deepseek-chat，地址 https://api.deepseek.com（密钥 ****abcd）"),
        ("zh-Hant", "openai：deepseek-chat，位址 https://api.deepseek.com（金鑰 ****abcd）"),
        ("en", "openai: deepseek-chat at https://api.deepseek.com (key ****abcd)"),
    ],
)
def test_the_model_line_in_each_language(lang: Lang, described: str, tmp_path: Path) -> None:
    settings = load_settings(
        data_dir=tmp_path / "data",
        llm_mode="openai",
        llm_model="deepseek-chat",
        llm_base_url="https://api.deepseek.com",
        llm_api_key="sk-live-0123456789abcd",
    )
    assert describe_provider(settings, lang) == described
    unset = load_settings(data_dir=tmp_path / "data", llm_mode="openai", llm_model="gpt-4o-mini")
    expected = {"zh-Hans": "OpenAI 官方接口（密钥 未设置）", "zh-Hant": "OpenAI 官方介面（金鑰 未設定）",
                "en": "the OpenAI API (key not set)"}  # fmt: skip
    assert describe_provider(unset, lang).endswith(expected[lang])


SESSIONS = {
    "zh-Hans": ("进行中", "已完成", "客户角色", "尚未开始", "工作区“nowhere”里没有访谈。"),
    "zh-Hant": ("進行中", "已完成", "顧客角色", "尚未開始", "工作區「nowhere」裡沒有訪談。"),
    "en": ("in progress", "finished", "Personas", "not started",
           "No interview sessions in workspace 'nowhere'."),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_sessions_list_says_status_and_step_in_words(
    lang: Lang, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from assistant.storage import Database

    assert "还没有访谈" in run(["sessions", "list"], "zh-Hans", monkeypatch)
    assert "No interview sessions yet" in run(["sessions", "list"], "en", monkeypatch)

    db = Database(load_settings(data_dir=tmp_path / "data").effective_database_url)
    workspace = db.workspaces.get_or_create("demo")
    running = db.sessions.create(workspace.id, "缩短排队时间", "zh-Hans", step="personas")
    done = db.sessions.create(workspace.id, "Faster check-in", "en", step="review")
    db.sessions.update_status(done.id, "finished")
    fresh = db.sessions.create(workspace.id, "Refunds", "en")
    db.dispose()

    active, finished, personas, not_started, none_there = SESSIONS[lang]
    output = run(["sessions", "list"], lang, monkeypatch)
    lines = {line.split()[0]: line for line in output.splitlines() if line.strip()}
    assert active in lines[running.id] and personas in lines[running.id]
    assert finished in lines[done.id] and "Faster check-in" in lines[done.id]
    assert not_started in lines[fresh.id]
    title = {"zh-Hans": "缩短排队时间", "zh-Hant": "縮短排隊時間", "en": "缩短排队时间"}[lang]
    assert title in lines[running.id]  # in the reader's script
    if lang != "en":
        for raw in ("active", "finished", "personas", "review", "start"):
            assert f" {raw} " not in output
        assert "Refunds" in output  # content stays as written
    else:
        assert " active " not in output
    if lang == "zh-Hant":
        traditional_ok(output.replace("缩短排队时间", ""))
    assert none_there in run(["sessions", "list", "-w", "nowhere"], lang, monkeypatch)
    # --lang wins over the setting
    assert SESSIONS["en"][0] in run(["sessions", "list", "--lang", "en"], lang, monkeypatch)


def _feedback(folder: Path) -> tuple[Path, Path]:
    big = folder / "big.csv"
    big.write_text(
        "review,score\n" + "".join(f"delivery was late {i},{i % 10}\n" for i in range(30)),
        encoding="utf-8",
    )
    ok = folder / "ok.csv"
    ok.write_text("review,score\nThe delivery was late,2\nGreat food,9\n", encoding="utf-8")
    return big, ok


TOO_MANY_ROWS = {"zh-Hans": "超过 5 行", "zh-Hant": "超過 5 列", "en": "more than 5 rows"}


@pytest.mark.parametrize("lang", LANGS)
def test_analyze_names_a_failed_file_once(
    lang: Lang, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    big, ok = _feedback(tmp_path)
    output = run(
        ["analyze", str(big), str(ok), "--no-embeddings"],
        lang,
        monkeypatch,
        CXCOACH_MAX_ROWS="5",
    )
    failed = [line for line in output.splitlines() if TOO_MANY_ROWS[lang] in line]
    assert len(failed) == 1, output
    assert failed[0].count("big.csv") == 1, failed[0]
    assert "big.csv: big.csv" not in output
    sentiment = {"zh-Hans": "情感依据", "zh-Hant": "情感依據", "en": "Sentiment from"}[lang]
    assert sentiment in output  # the rest of the report in the same language


@pytest.mark.parametrize("lang", LANGS)
def test_ingest_names_a_failed_file_once(
    lang: Lang, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    big, _ = _feedback(tmp_path)
    output = run(["ingest", str(big)], lang, monkeypatch, CXCOACH_MAX_ROWS="5")
    failed = Translator(lang)("file_failed")
    line = next(x for x in output.splitlines() if x.startswith(failed))
    assert TOO_MANY_ROWS[lang] in line and line.count("big.csv") == 1, line


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh-Hans", "utf-8（已转码）"), ("zh-Hant", "utf-8（已轉碼）"), ("en", "utf-8 (re-encoded)")],
)
def test_encoding_and_header_notes_are_said_in_words(lang: Lang, said: str) -> None:
    report = FileReport(name="gbk.csv", format="csv", encoding="utf-8 (re-encoded)")
    text = mapping_text(report, Translator(lang))
    assert text.startswith(f"gbk.csv: CSV, {said} — ")
    headless = FileReport(name="a.csv", format="csv", header_note="synthesised col1..col2")
    note = {"zh-Hans": "没有表头：列名按 col1..col2 编号", "zh-Hant": "沒有表頭：欄名按 col1..col2 編號",
            "en": "no header row: synthesised col1..col2"}[lang]  # fmt: skip
    assert note in mapping_text(headless, Translator(lang))


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("zh-Hans", "不支持语言“fr”"),
        ("zh-Hant", "不支援語言「fr」"),
        ("en", "Unknown language 'fr'"),
    ],
)
def test_records_refuses_an_unknown_language_in_words(
    lang: Lang, refusal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert refusal in run(["records", "-w", "demo", "--lang", "fr"], lang, monkeypatch)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("zh-Hans", "cxcoach 的配置有误，请修改以下变量："),
        ("zh-Hant", "cxcoach 的設定有誤，請修改以下變數："),
        ("en", "Invalid cxcoach configuration:"),
    ],
)
@pytest.mark.parametrize("command", [["doctor"], ["sessions", "list"], ["records", "-w", "x"]])
def test_a_broken_configuration_is_said_in_words(
    lang: Lang, heading: str, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    output = run(command, lang, monkeypatch, CXCOACH_LLM_MODE="gpt5")
    assert heading in output and "CXCOACH_LLM_MODE" in output


@pytest.mark.parametrize(
    ("lang", "empty", "slash"),
    [
        ("zh-Hans", "工作区需要一个名字", "工作区名字“a/b”不能含有 /、\\ 或控制字符。"),
        ("zh-Hant", "工作區需要一個名稱", "工作區名稱「a/b」不能含有 /、\\ 或控制字元。"),
        ("en", "A workspace needs a name", "The workspace name 'a/b' cannot contain '/'"),
    ],
)
def test_a_refused_workspace_name_is_said_in_words(
    lang: Lang, empty: str, slash: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, ok = _feedback(tmp_path)
    assert empty in run(["ingest", str(ok), "-w", " "], lang, monkeypatch)
    assert slash in run(["analyze", str(ok), "-w", "a/b", "--no-embeddings"], lang, monkeypatch)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh-Hans", "也可能相关：排队太长 · 退款"),
        ("zh-Hant", "也可能相關：排队太长 · 退款"),  # titles as the card gives them
        ("en", "Also relevant: 排队太长 · 退款"),
    ],
)
def test_the_ask_cards_see_also_line_uses_the_languages_colon(
    lang: Lang, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    from types import SimpleNamespace
    from typing import Any, cast

    from rich.console import Console

    from assistant.cli import ask as ask_cli

    out = io.StringIO()
    monkeypatch.setattr(ask_cli, "console", Console(file=out, width=100, color_system=None))
    card = SimpleNamespace(
        message="",
        title="",
        lang=lang,
        also=[SimpleNamespace(title="排队太长"), SimpleNamespace(title="退款")],
        sources=list,
        sections=list,
    )
    ask_cli.print_card(cast(Any, card))
    assert line in out.getvalue()

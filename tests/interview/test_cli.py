"""`cxcoach interview` in the terminal (registered here in a throw-away app, as main.py will)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli import interview as cli
from assistant.retrieval import KnowledgeIndex
from assistant.services.container import Services

runner = CliRunner()


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, retriever: KnowledgeIndex, tmp_path: Path) -> typer.Typer:
    monkeypatch.setenv("CXCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CXCOACH_INDEX_BACKEND", "memory")
    monkeypatch.setenv("CXCOACH_EMBEDDING_BACKEND", "hash")
    monkeypatch.setattr(cli, "make_services", lambda settings: Services(settings, index=retriever))
    app = typer.Typer()
    app.command("interview")(cli.interview)
    app.command("interview-benchmark")(cli.interview_benchmark)
    app.add_typer(cli.sessions_app, name="sessions")
    return app


def test_an_interview_in_the_terminal_can_be_left_and_resumed(
    app: typer.Typer, tmp_path: Path
) -> None:
    target = tmp_path / "map.md"
    lines = [
        "我们想把网点平均等候时长从25分钟降到15分钟，减少贷款投诉",
        "首次贷款的年轻白领",
        "好",
        "/map",
        f"/export md {target}",
        "/quit",
    ]
    first = runner.invoke(app, ["interview", "--workspace", "demo"], input="\n".join(lines) + "\n")
    assert first.exit_code == 0, first.output
    assert "这张客户旅程图要解决什么问题" in first.output
    assert "在「咨询了解」阶段" in first.output and "审批等待" in first.output
    assert target.read_text(encoding="utf-8").count("咨询了解") >= 1
    session = first.output.split("cxcoach interview --session ")[-1].split()[0]
    assert f"访谈 {session} · /map 查看整张旅程图" in first.output  # no English "session"

    second = runner.invoke(app, ["interview", "--session", session], input="/quit\n")
    assert second.exit_code == 0, second.output
    assert "在「咨询了解」阶段" in second.output  # the last question, asked again


def test_bad_options_and_unknown_sessions_are_refused(app: typer.Typer) -> None:
    assert runner.invoke(app, ["interview", "--lang", "fr"]).exit_code == 2
    assert runner.invoke(app, ["interview", "--industry", "mining"]).exit_code == 2
    unknown = runner.invoke(app, ["interview", "--session", "nope"], input="/quit\n")
    assert unknown.exit_code == 1


def test_the_benchmark_command_prints_percentiles(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers: dict[str, Any] = {
        "turns": 10, "interviews": 1, "p50_ms": 12.5, "p95_ms": 30.1, "max_ms": 40.0,
        "mean_ms": 15.0, "warmup_s": 4.2,
    }  # fmt: skip
    monkeypatch.setattr(
        "assistant.interview.benchmark.run_interview_benchmark", lambda turns, lexical: numbers
    )
    result = runner.invoke(app, ["interview-benchmark", "--turns", "10"])
    assert result.exit_code == 0
    assert "p50 12.5 ms · p95 30.1 ms" in result.output


def test_finish_in_the_terminal_asks_first_and_types_nothing_for_the_user(
    app: typer.Typer,
) -> None:
    lines = [
        "我们想把网点平均等候时长从25分钟降到15分钟，减少贷款投诉",
        "/finish",
        "n",
        "/finish",
        "确定",  # a yes in the user's words
    ]
    result = runner.invoke(app, ["interview", "--workspace", "demo"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert (
        result.output.count("还没有客户角色、阶段、触点、情绪和痛点：现在结束，旅程图会是空的。")
        == 2
    )
    assert result.output.count("现在结束访谈？ [y 是 / N 否]") == 2
    assert "访谈完成" in result.output


def test_sessions_commands_list_copy_finish_and_delete(app: typer.Typer) -> None:
    started = runner.invoke(
        app,
        ["interview", "-w", "demo", "--lang", "en"],
        input="We run a hotel and want faster check-in\n/quit\n",
    )
    session = started.output.split("cxcoach interview --session ")[-1].split()[0]
    listed = runner.invoke(app, ["sessions", "list", "-w", "demo"])
    assert listed.exit_code == 0 and session in listed.output
    assert "We run a hotel and want faster check-in" in listed.output
    nowhere = runner.invoke(app, ["sessions", "list", "-w", "nowhere", "--lang", "en"])
    assert nowhere.output.strip() == "No interview sessions in workspace 'nowhere'."

    copied = runner.invoke(app, ["sessions", "duplicate", session, "--lang", "zh-Hans"])
    assert copied.exit_code == 0, copied.output
    assert "已复制为“We run a hotel and want faster check-in（副本）”" in copied.output
    copy = copied.output.split("cxcoach interview --session ")[-1].split()[0]

    refused = runner.invoke(app, ["sessions", "finish", session, "--lang", "en"], input="n\n")
    assert "No personas, stages, touchpoints, emotions or pain points yet" in refused.output
    assert (
        "in progress" not in refused.output
        and "已完成" not in runner.invoke(app, ["sessions", "list"]).output
    )
    done = runner.invoke(app, ["sessions", "finish", session, "--yes"])
    assert done.exit_code == 0 and "已完成" in runner.invoke(app, ["sessions", "list"]).output

    kept = runner.invoke(app, ["sessions", "delete", copy], input="n\n")
    assert kept.exit_code == 0 and copy in runner.invoke(app, ["sessions", "list"]).output
    deleted = runner.invoke(app, ["sessions", "delete", copy, "--yes", "--lang", "en"])
    assert deleted.exit_code == 0 and "Deleted “We run a hotel" in deleted.output
    assert copy not in runner.invoke(app, ["sessions", "list"]).output
    assert runner.invoke(app, ["sessions", "delete", copy, "--yes"]).exit_code == 1
    assert runner.invoke(app, ["sessions", "finish", "nope", "--yes"]).exit_code == 1

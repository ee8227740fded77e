from __future__ import annotations

import json

import pytest

from assistant.domain import Diagnosis
from assistant.exports import FORMATS, ExportResult, export_diagnosis, safe_stem


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


def test_formats_lists_the_five() -> None:
    assert FORMATS == ("json", "md", "csv", "mermaid", "html")


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

"""Reading feedback files: the column mapping (detected, shown, overridable) and bad input — each
case gets a clear message or a count in the summary; nothing crashes, nothing is lost silently."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from assistant.analytics.pipeline import AnalysisOptions
from assistant.analytics.report import encoding_text, mapping_text, note_lines, problem_lines
from assistant.analytics.result import EncodingMix
from assistant.analytics.service import AnalyticsService
from assistant.domain import LANGS
from assistant.i18n import Translator
from assistant.ingest.readers import ColumnOverrides
from tests.analytics.conftest import Analyze

REVIEWS = (
    "编号,评分,评价内容,下单时间\n1,5,送餐很快，好吃,2024-03-01\n2,1,太慢了，饭都凉了,2024-03-02\n"
)


def test_columns_are_detected_and_shown(analyze: Analyze) -> None:
    result = analyze(REVIEWS)
    report = result.files[0]
    assert report.mapping == {"text": "评价内容", "score": "评分", "date": "下单时间"}
    assert mapping_text(report, Translator("en")) == (
        "reviews.csv: CSV, utf-8 — Text = 评价内容; Score (NPS, CSAT, stars) = 评分; Date = 下单时间"
    )
    assert mapping_text(report, Translator("zh-Hant")).endswith(
        "文字 = 评价内容；評分（NPS、CSAT、星級） = 评分；日期 = 下单时间"
    )  # the column names as the file has them
    assert result.totals.analysed == 2


def test_columns_can_be_named(analyze: Analyze) -> None:
    content = "备注,客户原话,星级\n无,送餐很快,5\n无,太慢了,1\n"
    detected = analyze(content)
    assert detected.files[0].mapping["text"] == "客户原话"
    forced = analyze(content, columns=ColumnOverrides(text="备注", score="星级"))
    assert forced.files[0].mapping == {"text": "备注", "score": "星级"}
    assert forced.unassigned.count == 2  # "无" is about no touchpoint


def test_a_named_column_that_does_not_exist(analyze: Analyze) -> None:
    result = analyze(REVIEWS, columns=ColumnOverrides(text="comment"))
    report = result.files[0]
    assert report.error == (
        "column 'comment' (given for text) not found; available columns: 编号, 评分, 评价内容, "
        "下单时间"
    )
    assert result.totals.analysed == 0 and result.totals.failed_files == 1


def test_a_header_less_file(analyze: Analyze) -> None:
    result = analyze("1,送餐很快，好吃\n0,太慢了，等了一个小时\n0,汤洒了\n1,很好\n")
    report = result.files[0]
    assert report.header_note == "synthesised col1..col2"
    assert report.mapping == {"text": "col2", "label": "col1"}
    assert "(no header row: synthesised col1..col2)" in mapping_text(report, Translator("en"))
    assert result.totals.analysed == 4 and result.totals.sentiment_from_label == 4
    assert result.overall.negative == 2


def test_non_numeric_scores_are_counted_and_the_text_kept(analyze: Analyze) -> None:
    result = analyze("评分,评价\n5,送餐很快\nN/A,太慢了\n好,好吃\n四星,一般\n42,难吃\n")
    report = result.files[0]
    assert report.analysed == 5
    assert report.bad_scores == 2 and report.examples["bad_scores"] == ["row 2", "row 3"]
    assert report.out_of_range_scores == 1  # 42 on a 1–5 scale
    assert result.overall.scored == 2  # 5 and 四星 (4)
    lines = problem_lines(report, Translator("en"))
    assert (
        "2 scores that are not numbers (text analysed, score ignored) (e.g. row 2, row 3)" in lines
    )
    assert "2 個評分不是數字（文字照常分析，評分忽略）（例如 第 2 列, 第 3 列）" in problem_lines(
        report, Translator("zh-Hant")
    )


def test_empty_and_whitespace_text_rows_are_counted(analyze: Analyze) -> None:
    result = analyze("评分,评价\n5,送餐很快\n3,   \n4,\u3000\n2,\n1,太慢了\n")
    report = result.files[0]
    assert (report.rows, report.analysed, report.empty_text) == (5, 2, 3)
    assert report.examples["empty_text"] == ["row 2", "row 3", "row 4"]


def test_duplicate_rows_are_counted_and_dropped_unless_kept(analyze: Analyze) -> None:
    content = "日期,评价\n2024-03-01,送餐很快\n2024-03-01,送餐很快\n2024-03-02,送餐很快\n"
    dropped = analyze(content)
    assert dropped.files[0].duplicates == 1 and dropped.totals.analysed == 2
    assert dropped.files[0].examples["duplicates"] == ["row 2"]
    kept = analyze(content, keep_duplicates=True)
    assert kept.files[0].duplicates == 1 and kept.totals.analysed == 3
    assert not kept.totals.duplicates_dropped


def test_unreadable_dates_and_labels_are_counted(analyze: Analyze) -> None:
    result = analyze("日期,label,评价\n2024-03-01,1,好吃\n上周,0,难吃\n2024/3/9,maybe,一般\n")
    report = result.files[0]
    assert (report.bad_dates, report.bad_labels) == (1, 1)
    assert result.overall.trend is not None
    assert sum(p.volume for p in result.overall.trend.periods) == 2


def test_mixed_encodings_are_read_line_by_line(analyze: Analyze) -> None:
    content = (
        "评分,评价\n".encode()
        + "5,送餐很快\n".encode()
        + "1,太慢了，饭都凉了\n".encode("gbk")  # one GBK line in a UTF-8 file
        + "1,汤洒了\n".encode()
    )
    result = analyze(content)
    report = result.files[0]
    assert report.error == "" and report.analysed == 3
    assert report.encoding_mix == EncodingMix(primary="utf-8", others={"gb18030": 1})
    assert report.encoding == "utf-8 (re-encoded)"
    # Said in the reader's language, in the terminal and on the Knowledge page alike.
    said = {lang: note_lines(report, Translator(lang)) for lang in LANGS}
    assert said["en"] == [
        "mixed encodings: mostly utf-8, but 1 lines in gb18030; each line was read in its own "
        "encoding"
    ]
    assert said["zh-Hans"] == [
        "编码混杂：大部分是 utf-8，另有 1 行是 gb18030；每一行都按它自己的编码读取"
    ]
    assert said["zh-Hant"] == [
        "編碼混雜：大部分是 utf-8，另有 1 行是 gb18030；每一行都按它自己的編碼讀取"
    ]
    assert encoding_text(report, Translator("zh-Hant")) == "utf-8（已轉碼）"
    assert result.touchpoint_named("送达时间").volume == 2  # type: ignore[union-attr]


def test_gbk_and_big5_files(analyze: Analyze) -> None:
    gbk = analyze("评分,评价\n5,送餐很快\n1,饭菜都凉了\n".encode("gbk"), "gbk.csv")
    assert gbk.files[0].encoding == "gb18030" and gbk.totals.analysed == 2
    big5 = analyze("評分,評價\n5,送餐很快\n1,飯菜都涼了\n".encode("big5"), "big5.csv")
    assert big5.files[0].encoding in ("big5", "cp950") and big5.totals.analysed == 2
    assert big5.touchpoint_named("口味温度分量").volume == 1  # type: ignore[union-attr]


def test_files_that_cannot_be_read_are_reported_and_others_go_on(
    service: AnalyticsService, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    prose = tmp_path / "notes.md"
    prose.write_text("# 会议纪要\n\n顾客反映送餐慢。\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text("评价\n送餐很快\n太慢了\n", encoding="utf-8")
    missing = tmp_path / "missing.csv"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    paths = [empty, prose, good, missing, pdf, legacy]
    result = service.analyze(paths, "shop", industry="restaurant")
    errors = {f.name: f.error for f in result.files}
    assert errors["report.pdf"] == "not a table: this is a pdf file (expected CSV, TSV or XLSX)"
    assert errors["old.xls"].startswith("legacy Office 97–2003 file")
    # Not text tables: never re-read line by line as if their encoding were mixed.
    assert all(not f.notes for f in result.files)
    assert errors["empty.csv"] == "empty file"
    assert errors["notes.md"] == "not a table: this is a markdown file (expected CSV, TSV or XLSX)"
    assert errors["missing.csv"].startswith("cannot read the file")
    assert errors["good.csv"] == ""
    assert result.totals.analysed == 2 and result.totals.failed_files == 5


def test_xlsx_workbooks(service: AnalyticsService, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["满意度", "反馈"])
    sheet.append([5, "送餐很快"])
    sheet.append([1, "汤洒了"])
    path = tmp_path / "feedback.xlsx"
    book.save(path)
    result = service.analyze([path], "shop", industry="restaurant")
    assert result.files[0].format == "xlsx"
    assert result.files[0].mapping == {"text": "反馈", "score": "满意度"}
    assert result.overall.csat == 50.0
    assert result.touchpoint_named("打包封口").negative_refs == ["feedback.xlsx#row=2"]  # type: ignore[union-attr]


def test_options_are_validated_by_the_service(service: AnalyticsService, tmp_path: Path) -> None:
    import pytest

    from assistant.analytics.service import AnalyticsError

    with pytest.raises(AnalyticsError, match="unknown industry 'bakery'"):
        service.analyze([tmp_path / "x.csv"], "shop", industry="bakery")
    with pytest.raises(AnalyticsError, match="at least one file"):
        service.analyze([], "shop", options=AnalysisOptions())

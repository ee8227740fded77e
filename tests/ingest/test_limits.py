"""Hostile files, generated here at test time: every reader stops at the first input limit with a
reason that names the file, the limit and the variable that raises it — quickly, without reading
the rest — and the reason reads in each of the three languages."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest

from assistant.ingest.readers import (
    Budget,
    InputLimits,
    LimitExceeded,
    ReadError,
    iter_rows,
    read_file,
)
from assistant.ingest.readers.limits import SETTINGS
from assistant.prompts import load_prompts
from assistant.settings import Settings, load_settings
from tests.ingest.conftest import docx_bytes, minimal_pdf, xlsx_bytes

LIMITS = InputLimits(
    max_file_bytes=50 << 20,
    max_line_chars=1_000,
    max_cell_chars=200,
    max_columns=20,
    max_rows=50,
    max_unzipped_bytes=2 << 20,
    max_zip_ratio=100,
    max_zip_entries=50,
    max_pdf_pages=3,
)
QUICK = 3.0  # seconds: every refusal below takes a fraction of that


def refused(path: Path, limits: InputLimits = LIMITS) -> LimitExceeded:
    started = time.perf_counter()
    with pytest.raises(LimitExceeded) as caught:
        read_file(path, limits=limits)
    assert time.perf_counter() - started < QUICK
    error = caught.value
    assert error.params["file"] == path.name and error.reason.startswith(f"{path.name}: ")
    assert error.params["setting"] in error.reason and error.params["limit"] in error.reason
    return error


# Hostile files ----------------------------------------------------------------------------------
def one_line_csv(path: Path, megabytes: int = 5) -> Path:
    """A CSV of a single line with no line break: comma-separated words, `megabytes` long."""
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(megabytes * 16):
            handle.write("送餐太慢了,骑手态度很好,味道不错," * 2_000)
    return path


def bomb_zip(source: bytes, part: str, megabytes: int, path: Path) -> Path:
    """A copy of an Office file whose `part` is replaced by `megabytes` MB of one repeated
    character: it packs about a thousand to one."""
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in original.infolist():
            if item.filename != part:
                bomb.writestr(item, original.read(item))
        with bomb.open(part, "w") as handle:
            handle.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(megabytes):
                handle.write(b"a" * (1 << 20))
    return path


def shared_strings_bomb(path: Path, megabytes: int = 20) -> Path:
    return bomb_zip(
        xlsx_bytes({"反馈": [["评论", "评分"], ["送餐太慢", 1]]}), "xl/sharedStrings.xml",
        megabytes, path,
    )  # fmt: skip


# CSV --------------------------------------------------------------------------------------------
def test_a_long_single_line_csv_is_refused_after_reading_one_line_length(tmp_path: Path) -> None:
    error = refused(one_line_csv(tmp_path / "one-line.csv"))
    assert error.code == "line_too_long" and error.params["line"] == "1"
    assert error.reason == (
        "one-line.csv: line 1 is longer than 1,000 characters, the limit set by "
        "CXCOACH_MAX_LINE_CHARS (raise it to read this file)"
    )


def test_a_huge_cell(tmp_path: Path) -> None:
    path = tmp_path / "cell.csv"
    path.write_text("评论,评分\n很好,5\n" + "慢" * 500 + ",1\n很好,5\n", encoding="utf-8")
    error = refused(path)
    assert error.code == "cell_too_long" and error.params["row"] == "3"
    assert "a cell in row 3 is longer than 200 characters" in error.reason
    assert "CXCOACH_MAX_CELL_CHARS" in error.reason


def test_a_quote_never_closed_runs_into_the_row_limit(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('评论,评分\n"送餐太慢,1\n' + "很好,5\n" * 2_000, encoding="utf-8")
    error = refused(path)
    assert error.code == "row_too_long" and error.params["line"] == "2"
    assert "the row starting on line 2 runs on for more than 1,000 characters" in error.reason


def test_too_many_columns(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    header = ",".join(f"c{i}" for i in range(30))
    path.write_text(f"评论,{header}\n" + "很好" + ",1" * 30 + "\n", encoding="utf-8")
    error = refused(path)
    assert error.code == "too_many_columns" and error.params["count"] == "31"
    assert "row 1 has 31 columns, more than 20" in error.reason


def test_too_many_rows_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("评论,评分\n" + "送餐很快,5\n" * 1_000_000, encoding="utf-8")
    error = refused(path)
    assert error.code == "too_many_rows"
    assert error.reason == (
        "long.csv: it has more than 50 rows, the limit set by CXCOACH_MAX_ROWS "
        "(raise it to read this file)"
    )


def test_rows_up_to_the_limit_are_read_the_header_aside(tmp_path: Path) -> None:
    path = tmp_path / "fifty.csv"
    path.write_text("评论,评分\n" + "".join(f"第{i}条,5\n" for i in range(50)), encoding="utf-8")
    assert len(read_file(path, limits=LIMITS).records) == 50


def test_the_streaming_reader_stops_midway(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("评论,评分\n" + "送餐很快,5\n" * 1_000, encoding="utf-8")
    read: list[str] = []
    with pytest.raises(LimitExceeded, match="more than 50 rows"):
        for record in iter_rows(path, limits=LIMITS):
            read.append(record.text)
    assert len(read) <= 50


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = one_line_csv(tmp_path / "big.csv", megabytes=2)
    error = refused(path, InputLimits(max_file_bytes=1 << 20))
    assert error.code == "too_large" and "CXCOACH_MAX_UPLOAD_MB" in error.reason


# Text, Markdown, JSON ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["notes.txt", "sop.md"])
def test_long_lines_of_text_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("第一行\n" + "很" * 5_000 + "\n", encoding="utf-8")
    error = refused(path)
    assert error.code == "line_too_long" and error.params["line"] == "2"


def test_long_lines_of_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    path.write_text('{"review": "很好"}\n{"review": "' + "很" * 5_000 + '"}\n', encoding="utf-8")
    error = refused(path)
    assert error.code == "line_too_long" and error.params["line"] == "2"


def test_a_json_document_on_one_line_is_fine_but_its_cells_are_held(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    rows = ",".join(f'{{"review": "第{i}条：送餐很快"}}' for i in range(40))  # ~1,100 chars
    path.write_text(f"[{rows}]", encoding="utf-8")
    assert len(read_file(path, limits=LIMITS).records) == 40
    path.write_text('[{"review": "' + "慢" * 500 + '"}]', encoding="utf-8")
    assert refused(path).code == "cell_too_long"


def test_json_with_ever_new_keys_stops_at_the_column_limit(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    objects = ",".join(f'{{"review": "很好", "k{i}": "{i}"}}' for i in range(50_000))
    path.write_text(f"[{objects}]", encoding="utf-8")
    error = refused(path, InputLimits(max_columns=20))
    assert error.code == "too_many_columns" and "CXCOACH_MAX_COLUMNS" in error.reason
    assert error.params["row"] == "20"


def test_too_many_json_records(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text("[" + ",".join(['"很好"'] * 100) + "]", encoding="utf-8")
    assert refused(path).code == "too_many_rows"


# XLSX -------------------------------------------------------------------------------------------
def test_an_xlsx_whose_shared_strings_unpack_huge(tmp_path: Path) -> None:
    path = shared_strings_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 100_000  # 20 MB packed into a few dozen KB
    error = refused(path)
    assert error.code == "unzipped_too_large" and "CXCOACH_MAX_UNZIPPED_MB" in error.reason
    assert "it unpacks to 20.0 MB, more than 2.0 MB" in error.reason


def test_a_part_packed_beyond_the_ratio(tmp_path: Path) -> None:
    path = shared_strings_bomb(tmp_path / "bomb.xlsx", megabytes=3)
    roomy = InputLimits(max_unzipped_bytes=100 << 20, max_zip_ratio=100)
    error = refused(path, roomy)
    assert error.code == "zip_ratio" and error.params["part"] == "xl/sharedStrings.xml"
    assert "CXCOACH_MAX_ZIP_RATIO" in error.reason


def test_an_xlsx_of_many_parts(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    path.write_bytes(xlsx_bytes({"反馈": [["评论"], ["很好"]]}))
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(60):
            archive.writestr(f"customXml/item{n}.xml", "<x/>")
    assert refused(path).code == "zip_entries"


def test_an_xlsx_with_a_cell_a_million_rows_down(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "反馈"
    sheet.append(["评论", "评分"])
    sheet.append(["送餐很快", 5])
    sheet.cell(row=1_000_000, column=1, value="最后一行")  # read-only mode yields every row
    path = tmp_path / "tall.xlsx"
    book.save(path)
    assert refused(path).code == "too_many_rows"


def test_xlsx_cells_and_columns_name_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(xlsx_bytes({"反馈": [["评论", "评分"], ["很好", 5], ["慢" * 300, 1]]}))
    error = refused(path)
    assert error.code == "cell_too_long"
    assert (error.params["sheet"], error.params["row"]) == ("反馈", "3")
    assert "a cell in 反馈 row 3 is longer than 200 characters" in error.reason
    path.write_bytes(xlsx_bytes({"宽表": [["评论", *range(30)], ["很好", *range(30)]]}))
    assert refused(path).params["count"] == "31"


# DOCX and PDF -----------------------------------------------------------------------------------
def test_a_docx_bomb(tmp_path: Path) -> None:
    path = bomb_zip(docx_bytes(), "word/document.xml", 20, tmp_path / "bomb.docx")
    assert refused(path).code == "unzipped_too_large"


def test_docx_tables_and_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("客服手册")
    document.add_table(rows=2, cols=30)
    path = tmp_path / "wide.docx"
    document.save(str(path))
    error = refused(path)
    assert error.code == "too_many_columns" and error.params["table"] == "1"
    assert "table 1 row 1 has 30 columns" in error.reason

    document = docx.Document()
    document.add_paragraph("客服手册")
    document.add_paragraph("很" * 2_000)
    document.save(str(path))
    error = refused(path)
    assert error.code == "paragraph_too_long" and error.params["paragraph"] == "2"


def test_a_pdf_over_the_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "manual.pdf"
    sentences = ["Refunds wait five days.", "Riders call ahead.", "The hotline queue is long.",
                 "Coupons come late.", "Staff greet every guest."]  # fmt: skip
    path.write_bytes(minimal_pdf(sentences))
    error = refused(path)
    assert error.code == "too_many_pages" and error.params["count"] == "5"
    assert "CXCOACH_MAX_PDF_PAGES" in error.reason
    assert len(read_file(path, limits=InputLimits(max_pdf_pages=5)).records) == 5


# The time budget --------------------------------------------------------------------------------
class Ticking:
    """A clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def test_the_budget_is_checked_while_a_file_streams(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text("评论,评分\n" + "送餐很快,5\n" * 10_000, encoding="utf-8")
    budget = Budget(10, clock=Ticking())
    read = 0
    with pytest.raises(LimitExceeded) as caught:
        for _ in iter_rows(path, budget=budget):
            read += 1
    assert caught.value.code == "time_budget" and 0 < read < 10_000
    assert caught.value.reason.startswith("reviews.csv: the job's 10 s, the limit set by ")
    assert (
        "CXCOACH_JOB_TIMEOUT" in caught.value.reason
        and "nothing of it was kept" in caught.value.reason
    )


def test_an_unbounded_budget_never_expires() -> None:
    assert not Budget().expired
    Budget().check("anything")


# Settings and messages --------------------------------------------------------------------------
def test_each_limit_is_a_setting_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = {value.removeprefix("CXCOACH_").lower() for value in SETTINGS.values()}
    assert names <= set(Settings.model_fields)
    monkeypatch.setenv("CXCOACH_MAX_ROWS", "10")
    monkeypatch.setenv("CXCOACH_MAX_UNZIPPED_MB", "3")
    monkeypatch.setenv("CXCOACH_JOB_TIMEOUT", "5")
    settings = load_settings()
    limits = InputLimits.from_settings(settings)
    assert (limits.max_rows, limits.max_unzipped_bytes, settings.job_timeout) == (10, 3 << 20, 5)
    defaults = InputLimits.from_settings(load_settings(max_rows=200_000, max_unzipped_mb=200))
    assert defaults == InputLimits()


def every_refusal(tmp_path: Path) -> Iterator[LimitExceeded]:
    csv = tmp_path / "r.csv"
    for content in ("很" * 2_000, "评论\n" + "很" * 300, "评论\n" + "好\n" * 60,
                    '评论\n"很慢\n' + "好\n" * 600, ",".join("c" * 30) + "\n"):  # fmt: skip
        csv.write_text(content, encoding="utf-8")
        yield refused(csv)
    yield refused(one_line_csv(tmp_path / "big.csv", 2), InputLimits(max_file_bytes=1 << 20))
    yield refused(shared_strings_bomb(tmp_path / "b.xlsx"))
    yield refused(shared_strings_bomb(tmp_path / "r.xlsx", 3), InputLimits(max_zip_ratio=100))
    parts = tmp_path / "p.xlsx"
    with zipfile.ZipFile(parts, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
        for n in range(60):
            archive.writestr(f"p{n}.xml", "<x/>")
    yield refused(parts)
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(minimal_pdf(["Refunds.", "Riders.", "Hotline.", "Coupons."]))
    yield refused(pdf)
    document = docx.Document()
    document.add_paragraph("很" * 2_000)
    document.save(str(tmp_path / "d.docx"))
    yield refused(tmp_path / "d.docx")
    with pytest.raises(LimitExceeded) as caught:
        Budget(1, clock=Ticking()).check("late.csv")
    yield caught.value


def test_every_refusal_reads_in_the_three_languages(tmp_path: Path) -> None:
    prompts = load_prompts()
    codes = set()
    for error in every_refusal(tmp_path):
        codes.add(error.code)
        for lang in ("zh-Hans", "zh-Hant", "en"):
            text = prompts.render(f"ui.read_error_{error.code}", lang, **error.params)
            assert error.params["file"] in text and error.params["setting"] in text
            assert error.params["limit"] in text
    assert codes == {
        "line_too_long", "cell_too_long", "too_many_rows", "row_too_long", "too_many_columns",
        "too_large", "unzipped_too_large", "zip_ratio", "zip_entries", "too_many_pages",
        "paragraph_too_long", "time_budget",
    }  # fmt: skip


def test_a_limit_error_is_a_read_error() -> None:
    assert issubclass(LimitExceeded, ReadError)

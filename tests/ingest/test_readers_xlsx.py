"""XLSX: sheets, header rows, cell types; encrypted, legacy and damaged workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.ingest.readers import ColumnMapping, ColumnOverrides, ReadError, iter_rows, read_file
from tests.ingest.conftest import (
    REVIEWS,
    WriteBytes,
    encrypted_office_bytes,
    legacy_xls_bytes,
    xlsx_bytes,
)


def test_reviews_workbook(reviews_xlsx: Path) -> None:
    parsed = read_file(reviews_xlsx)
    assert parsed.format == "xlsx" and parsed.encoding is None
    assert parsed.mapping == ColumnMapping(
        text="评论内容", score="评分", label="情感", date="日期", channel="渠道"
    )
    assert [r.text for r in parsed.records] == [r[0] for r in REVIEWS]
    assert parsed.records[0].locator == "row 1"
    assert parsed.records[0].fields["score"] == "2"  # an int cell, not "2.0"


def test_cell_types_become_plain_text(write_bytes: WriteBytes) -> None:
    rows: list[list[object]] = [
        ["反馈", "打分", "时间"],
        ["等太久", 4.0, dt.datetime(2024, 3, 1)],
        ["服务好", 4.5, dt.datetime(2024, 3, 2, 14, 30)],
    ]
    parsed = read_file(write_bytes("types.xlsx", xlsx_bytes({"Sheet1": rows})))
    assert [r.fields for r in parsed.records] == [
        {"score": "4", "date": "2024-03-01"},
        {"score": "4.5", "date": "2024-03-02 14:30:00"},
    ]


def test_every_sheet_with_data_and_locators_name_the_sheet(write_bytes: WriteBytes) -> None:
    sheets: dict[str, list[list[object]]] = {
        "门店": [["门店", "评论"], ["朝阳店", "排队太久"], ["海淀店", "服务热情"]],
        "空白": [],
        "汇总": [["月份", "数量"], [1, 20], [2, 30]],  # no text column: skipped with the reason
        "线上": [["评论", "评分"], ["配送快", 5]],
    }
    parsed = read_file(write_bytes("multi.xlsx", xlsx_bytes(sheets)))
    assert [(r.locator, r.text) for r in parsed.records] == [
        ("门店 row 1", "排队太久"),
        ("门店 row 2", "服务热情"),
        ("线上 row 1", "配送快"),
    ]
    assert parsed.skipped[0][0] == "汇总" and "no text column" in parsed.skipped[0][1]
    assert parsed.mapping is not None and parsed.mapping.text == "评论"


def test_title_row_and_blank_rows_above_the_header(write_bytes: WriteBytes) -> None:
    rows: list[list[object]] = [
        ["2024 年第一季度投诉汇总"],
        [],
        ["投诉内容", "渠道"],
        ["退款慢", "热线"],
    ]
    parsed = read_file(write_bytes("titled.xlsx", xlsx_bytes({"Q1": rows})))
    assert parsed.mapping == ColumnMapping(text="投诉内容", channel="渠道")
    assert [(r.locator, r.text, r.fields) for r in parsed.records] == [
        ("row 1", "退款慢", {"channel": "热线"})
    ]


def test_xlsx_named_csv_is_read_as_xlsx(write_bytes: WriteBytes, reviews_xlsx: Path) -> None:
    parsed = read_file(write_bytes("export.csv", reviews_xlsx.read_bytes()))
    assert parsed.format == "xlsx" and len(parsed.records) == 4


def test_overrides_apply_to_workbooks(reviews_xlsx: Path) -> None:
    parsed = read_file(reviews_xlsx, columns=ColumnOverrides(category="渠道"))
    assert parsed.mapping is not None and parsed.mapping.category == "渠道"
    assert parsed.mapping.channel is None
    with pytest.raises(ReadError, match="column '类别' .* not found; available columns: 评论内容"):
        read_file(reviews_xlsx, columns=ColumnOverrides(category="类别"))


def test_iter_rows_reads_workbooks_too(reviews_xlsx: Path) -> None:
    assert [r.text for r in iter_rows(reviews_xlsx)] == [r[0] for r in REVIEWS]


def test_password_protected_workbook(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_bytes("locked.xlsx", encrypted_office_bytes()))
    assert err.value.reason.startswith("password-protected file")


def test_legacy_xls(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError, match=r"legacy Office 97–2003 file \(.xls/.doc\)"):
        read_file(write_bytes("old.xls", legacy_xls_bytes()))


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_workbook(write_bytes: WriteBytes, reviews_xlsx: Path, keep: float) -> None:
    data = reviews_xlsx.read_bytes()
    with pytest.raises(ReadError, match="corrupt or truncated XLSX file"):
        read_file(write_bytes("cut.xlsx", data[: int(len(data) * keep)]))


def test_zip_without_a_workbook(write_bytes: WriteBytes, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReadError, match="corrupt XLSX file"):
        read_file(path)


def test_empty_workbook(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError, match="empty workbook"):
        read_file(write_bytes("empty.xlsx", xlsx_bytes({"Sheet1": []})))

"""DOCX and PDF: structure, tables, pages; encrypted, scanned, truncated and corrupt files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.readers import ReadError, read_file
from tests.ingest.conftest import WriteBytes, minimal_pdf


def test_docx_sections_and_table_rows(docx_file: Path) -> None:
    parsed = read_file(docx_file)
    assert parsed.format == "docx" and parsed.encoding is None and parsed.mapping is None
    assert [(r.locator, r.text) for r in parsed.records] == [
        ("§ 客服手册", "客服手册\n本手册说明外卖客服的处理原则。"),
        (
            "§ 退款流程",
            "退款流程\n顾客申请退款后，客服须在 2 小时内联系顾客。\n超过 24 小时未处理的退款自动升级给主管。",
        ),
        ("§ 退款流程 > 催单", "催单\n骑手超时 15 分钟，主动致电顾客说明原因。"),
        ("table 1 row 1", "环节：配送；问题：超时；措施：补发优惠券"),
        ("table 1 row 2", "环节：售后；问题：漏送；措施：立即补送"),
        ("§ 投诉升级", "投诉升级\n三次以上投诉的顾客由专人回访。"),
    ]
    assert parsed.records[3].fields == {"环节": "配送", "问题": "超时", "措施": "补发优惠券"}


def test_docx_truncated(write_bytes: WriteBytes, docx_file: Path) -> None:
    data = docx_file.read_bytes()
    with pytest.raises(ReadError, match="corrupt or truncated DOCX file"):
        read_file(write_bytes("cut.docx", data[: len(data) // 2]))


def test_docx_with_a_damaged_part(tmp_path: Path, docx_file: Path) -> None:
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(docx_file) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # XML cut off mid-element
            target.writestr(item, data)
    with pytest.raises(ReadError, match="corrupt or unreadable DOCX file"):
        read_file(broken)


def test_pdf_pages_without_furniture(pdf_file: Path) -> None:
    parsed = read_file(pdf_file)
    assert parsed.format == "pdf" and parsed.encoding is None
    assert [(r.locator, r.text) for r in parsed.records] == [
        ("page 1", "Refund requests wait five days on average."),
        ("page 2", "Riders call customers before arrival."),
        ("page 3", "The hotline queue is the top complaint."),
    ]


def test_pdf_page_without_text_is_skipped(write_bytes: WriteBytes) -> None:
    parsed = read_file(write_bytes("mixed.pdf", minimal_pdf(["Only page one has text.", ""])))
    assert [r.locator for r in parsed.records] == ["page 1"]
    assert parsed.skipped == [("page 2", "no text")]


def test_pdf_renamed_txt_is_read_as_pdf(write_bytes: WriteBytes, pdf_file: Path) -> None:
    parsed = read_file(write_bytes("report.txt", pdf_file.read_bytes()))
    assert parsed.format == "pdf" and len(parsed.records) == 3


def test_scanned_pdf_has_no_text_layer(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_bytes("scan.pdf", minimal_pdf(["", ""])))
    assert err.value.reason.startswith("no text layer (scanned?)")


def test_encrypted_pdf(encrypted_pdf: Path) -> None:
    with pytest.raises(ReadError) as err:
        read_file(encrypted_pdf)
    assert err.value.reason.startswith("password-protected PDF")


def test_pdf_with_only_an_owner_password_is_read(owner_only_pdf: Path) -> None:
    parsed = read_file(owner_only_pdf)
    assert parsed.records[0].text == "Refund requests wait five days on average."


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.98])
def test_truncated_pdf(write_bytes: WriteBytes, pdf_file: Path, keep: float) -> None:
    data = pdf_file.read_bytes()
    with pytest.raises(ReadError, match="truncated or corrupt PDF"):
        read_file(write_bytes("cut.pdf", data[: int(len(data) * keep)]))


def test_pdf_with_garbage_body(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError, match="truncated or corrupt PDF"):
        read_file(write_bytes("junk.pdf", b"%PDF-1.4\nthis is not a pdf body\n%%EOF\n"))

"""Checks every file gets: empty, oversized, binary content, unknown extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.readers import ReadError, read_file
from tests.ingest.conftest import WriteBytes, WriteText, png_bytes


@pytest.mark.parametrize("name", ["empty.csv", "empty.txt", "empty.md", "empty.json", "empty.pdf"])
def test_zero_bytes(write_bytes: WriteBytes, name: str) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_bytes(name, b""))
    assert err.value.reason == "empty file"


@pytest.mark.parametrize("content", [" \n\t\r\n", "\ufeff  \n", "\u3000\n"])
@pytest.mark.parametrize("name", ["blank.csv", "blank.txt", "blank.md", "blank.json"])
def test_whitespace_only(write_text: WriteText, name: str, content: str) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_text(name, content))
    assert err.value.reason == "empty file"


def test_oversized_file_names_size_and_limit(write_text: WriteText) -> None:
    path = write_text("big.csv", "评论\n" + "很好\n" * 1000)
    with pytest.raises(ReadError) as err:
        read_file(path, max_bytes=1024)
    assert err.value.reason == (
        "big.csv: the file is 6.8 KB, more than 1.0 KB, the limit set by CXCOACH_MAX_UPLOAD_MB "
        "(raise it to read this file)"
    )
    assert err.value.code == "too_large"


def test_png_renamed_csv(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_bytes("photo.csv", png_bytes()))
    assert err.value.reason.startswith("binary content, not text")
    assert "PNG" in err.value.reason


def test_unknown_binary_with_text_extension(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError, match="^binary content, not text$"):
        read_file(write_bytes("data.txt", bytes(range(256)) * 4))


def test_zip_that_is_not_a_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bundle.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "评论\n好\n")
    with pytest.raises(ReadError, match="a zip archive, not a supported document"):
        read_file(path)


def test_unknown_extension_sniffed_as_csv(write_text: WriteText) -> None:
    parsed = read_file(write_text("export.dat", "评论,评分\n很好,5\n太慢,1\n"))
    assert parsed.format == "csv" and [r.text for r in parsed.records] == ["很好", "太慢"]


def test_csv_named_xlsx_is_read_as_csv(write_text: WriteText) -> None:
    parsed = read_file(write_text("export.xlsx", "评论,评分\n很好,5\n太慢,1\n"))
    assert parsed.format == "csv"


def test_no_records_names_the_reason(write_text: WriteText) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_text("blank-text.csv", "评论,评分\n,5\n,4\n"))
    assert err.value.reason.startswith("no text records found")
    assert "row 1: empty text" in err.value.reason


def test_not_utf8_nor_chinese(write_bytes: WriteBytes) -> None:
    with pytest.raises(ReadError, match="not UTF-8, GB18030 or Big5 text"):
        read_file(write_bytes("latin.txt", "Café crème, très bien.\n".encode("cp1252") * 3))


def test_missing_file() -> None:
    with pytest.raises(ReadError, match="cannot read the file"):
        read_file(Path("/nonexistent/reviews.csv"))

"""Reader problems, locators and skipped rows said in the page's language, with the reader's
English kept for what the interface has no words for."""

from __future__ import annotations

import pytest

from assistant.i18n.reasons import locator, read_reason, skip_reason
from assistant.ingest.readers import ReadError, read_file
from web.i18n import Translator


def reason_of(path: object) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_file(path)  # type: ignore[arg-type]
    return caught.value


def test_common_reader_problems_are_translated(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "empty.csv").write_bytes(b"")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    expected = {
        "empty.csv": ("文件是空的", "檔案是空的", "empty file"),
        "old.xls": (
            "旧版 Office 97–2003 文件",
            "舊版 Office 97–2003 檔案",
            "legacy Office 97–2003",
        ),
        "pic.png": (
            "二进制内容，不是文本（看起来是 PNG 文件）",
            "二進位內容，不是文字",
            "binary content, not text (looks like a PNG file)",
        ),
    }
    for name, (hans, hant, en) in expected.items():
        error = reason_of(folder / name)
        assert error.code, name
        said = {lang: read_reason(Translator(lang), error.code, error.params, error.reason)
                for lang in ("zh-Hans", "zh-Hant", "en")}  # fmt: skip
        assert said["zh-Hans"].startswith(hans), said
        assert said["zh-Hant"].startswith(hant), said
        assert said["en"].startswith(en), said


def test_a_missing_column_names_the_role_in_the_users_words() -> None:
    params = {"name": "评论", "role": "text", "available": "label, review"}
    said = read_reason(Translator("zh-Hant"), "column_missing", params, "fallback")
    assert said == "找不到指定為「文字」的欄「评论」；檔案中的欄：label, review"


def test_unknown_codes_and_uncoded_reasons_keep_the_readers_words() -> None:
    t = Translator("zh-Hans")
    assert read_reason(t, "", {}, "JSON array expected") == "JSON array expected"
    assert read_reason(t, "something_new", {}, "new problem") == "new problem"
    assert read_reason(t, "corrupt", {"unexpected": "x"}, "kept") == "kept"


def test_locators_and_skipped_rows() -> None:
    hans, hant, en = Translator("zh-Hans"), Translator("zh-Hant"), Translator("en")
    assert locator(hans, "row 42") == "第 42 行" and locator(hant, "row 42") == "第 42 列"
    assert locator(hans, "Sheet2 row 5") == "Sheet2 第 5 行" and locator(en, "row 5") == "row 5"
    assert locator(hans, "page 3") == "第 3 页" and locator(hans, "§ 退款流程") == "§ 退款流程"
    assert skip_reason(hans, "empty text") == "文本为空" and skip_reason(hans, "odd") == "odd"

"""What a file is, by its content first and its extension second.

Magic bytes decide for binary formats, so a workbook saved as `.csv` is read as XLSX and a PDF
renamed `.txt` as PDF. Encrypted Office files are OLE compound files rather than zips, which is
how a password-protected workbook is recognised without opening it. Text is told apart by
extension, and by its shape where the extension says nothing (or claims a binary format).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final

from assistant.ingest.readers.encoding import bom_codec
from assistant.ingest.readers.model import CSV, DOCX, JSON, MARKDOWN, PDF, TEXT, XLSX, ReadError

HEAD_BYTES: Final = 8192

_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Binary formats that are never company text, named in the error so the user knows what it is.
_OTHER_BINARY: Final = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "PNG"),
    (b"\xff\xd8\xff", "a JPEG image", "JPEG"),
    (b"GIF87a", "a GIF image", "GIF"),
    (b"GIF89a", "a GIF image", "GIF"),
    (b"BM", "a BMP image", "BMP"),
    (b"RIFF", "a RIFF media file", "RIFF"),
    (b"\x1f\x8b", "a gzip archive", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive", "7z"),
    (b"Rar!\x1a\x07", "a RAR archive", "RAR"),
    (b"\x7fELF", "an executable", "ELF"),
    (b"MZ", "a Windows executable", "EXE"),
    (b"SQLite format 3\x00", "an SQLite database", "SQLite"),
    (b"{\\rtf", "an RTF document", "RTF"),
)

CSV_SUFFIXES: Final = (".csv", ".tsv", ".tab")
JSON_SUFFIXES: Final = (".json", ".jsonl", ".ndjson", ".jsonlines")
MARKDOWN_SUFFIXES: Final = (".md", ".markdown", ".mdown", ".mkd")
TEXT_SUFFIXES: Final = (".txt", ".text", ".log")


def is_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: not text (UTF-16/32 with a BOM is text)."""
    if bom_codec(head) in ("utf-16", "utf-32"):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return bool(head) and controls / len(head) > 0.05


def _zip_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    named = {".xlsx": XLSX, ".xlsm": XLSX, ".docx": DOCX}.get(suffix)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        what = {XLSX: "XLSX", DOCX: "DOCX"}.get(named or "", "zip/Office")
        raise ReadError(
            f"corrupt or truncated {what} file (damaged zip archive)", "corrupt", what=what
        ) from None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    if named:
        what = suffix[1:].upper()
        raise ReadError(
            f"corrupt {what} file: the workbook or document part is missing", "corrupt", what=what
        )
    raise ReadError(
        "a zip archive, not a supported document: unpack it and ingest the files", "zip_archive"
    )


def _ole_error(head: bytes, path: Path) -> ReadError:
    with path.open("rb") as handle:
        content = handle.read(1 << 20)  # the directory naming the streams is near the start
    if "EncryptedPackage".encode("utf-16-le") in content or b"E\x00n\x00c\x00r\x00y" in content:
        return ReadError(
            "password-protected file (encrypted Office document): remove the password in "
            "Excel/Word (File › Info › Protect) and save again",
            "encrypted_office",
        )
    return ReadError(
        "legacy Office 97–2003 file (.xls/.doc): open it and save as .xlsx or .docx",
        "legacy_office",
    )


def sniff_format(path: Path, head: bytes) -> str:
    """The reader for this file: csv, json, markdown, text, xlsx, docx or pdf."""
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head.startswith(_OLE):
        raise _ole_error(head, path)
    for magic, what, short in _OTHER_BINARY:
        if head.startswith(magic) and is_binary(head):
            raise ReadError(f"binary content, not text (looks like {what})", "binary", what=short)
    if is_binary(head):
        raise ReadError("binary content, not text", "binary", what="")
    return _text_kind(path, head)


def _text_kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return CSV
    if suffix in JSON_SUFFIXES:
        return JSON
    if suffix in MARKDOWN_SUFFIXES:
        return MARKDOWN
    if suffix in TEXT_SUFFIXES:
        return TEXT  # the dispatcher still tries JSON when a .txt starts with { or [
    return _guess_text(head)


def _guess_text(head: bytes) -> str:
    """A text file whose extension says nothing (or names a binary format it is not)."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text[:1] in ("{", "["):
        return JSON
    if text.startswith(("#", "---\n")):
        return MARKDOWN
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    for delimiter in (",", "\t", ";"):
        counts = {ln.count(delimiter) for ln in lines[:-1] or lines}
        if len(lines) >= 2 and len(counts) == 1 and counts != {0}:
            return CSV
    return TEXT

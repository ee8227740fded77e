"""PDF with a text layer (pypdf): one record per page, "page N", page furniture removed.

A scanned PDF (images only) has nothing to extract and is refused with that reason, rather than
indexed as empty; OCR is out of scope for an offline reader. A PDF that opens without a password
(only an owner password restricting printing or copying) is read. The page count is checked
before any text is extracted; the job's time budget between pages (pypdf itself caps what one
compressed stream may unpack to).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from assistant.ingest.readers.cleanup import clean_pages
from assistant.ingest.readers.limits import Guard
from assistant.ingest.readers.model import PDF, ParsedFile, ReadError, Record

_TAIL: Final = 4096  # %%EOF sits at the very end; trailing junk after it is usually short


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs warnings about damaged files as it recovers; the ReadError says it instead."""
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _check_complete(path: Path) -> None:
    """A truncated PDF lacks its end-of-file marker; pypdf would otherwise read what survives."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - _TAIL))
        if b"%%EOF" not in handle.read():
            raise ReadError(
                "truncated or corrupt PDF: no end-of-file marker", "corrupt", what="PDF"
            )


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
    except Exception as exc:  # pypdf raises many kinds of error on damaged structure
        raise ReadError(f"truncated or corrupt PDF: {exc}", "corrupt", what="PDF") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner password only: readable by anyone
        except DependencyError:
            raise ReadError("password-protected PDF (AES-encrypted)", "encrypted_pdf") from None
        if not opened:
            raise ReadError(
                "password-protected PDF: remove the password and ingest it again", "encrypted_pdf"
            )
    return reader


def read_pdf(path: Path, guard: Guard | None = None) -> ParsedFile:
    guard = guard or Guard(path.name)
    _check_complete(path)
    with _quiet_pypdf():
        reader = _open(path)
        texts: list[str] = []
        failed: list[tuple[str, str]] = []
        try:
            guard.pages(len(reader.pages))
            pages = list(reader.pages)
        except ReadError:
            raise
        except FileNotDecryptedError:
            raise ReadError("password-protected PDF", "encrypted_pdf") from None
        except Exception as exc:  # pypdf raises many kinds of error on damaged structure
            raise ReadError(f"truncated or corrupt PDF: {exc}", "corrupt", what="PDF") from None
        for number, page in enumerate(pages, 1):
            guard.tick()
            try:
                texts.append(page.extract_text() or "")
            except Exception as exc:  # one damaged page should not lose the others
                texts.append("")
                failed.append((f"page {number}", f"text not extractable: {exc}"))
    cleaned = clean_pages(texts)
    records = []
    skipped = list(failed)
    failed_pages = {loc for loc, _ in failed}
    for number, text in enumerate(cleaned, 1):
        locator = f"page {number}"
        if text.strip():
            records.append(Record(text=text, locator=locator))
        elif locator not in failed_pages:
            skipped.append((locator, "no text"))
    if not records and not failed:
        raise ReadError(
            "no text layer (scanned?): the PDF has no extractable text; OCR it first", "scanned_pdf"
        )
    if not records:
        raise ReadError(f"truncated or corrupt PDF: {failed[0][1]}", "corrupt", what="PDF")
    skipped.sort(key=lambda item: int(item[0].split()[1]))
    return ParsedFile(records=records, format=PDF, skipped=skipped)

"""Uploaded files onto disk for the ingest service, each checked against the size limit.

The ingest service reads paths and names a source by its file name, so each upload is saved
under its own (made safe) name in a fresh folder. A file over the limit is not saved: it gets a
failed result of its own and the rest of the batch goes on, as on the command line.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import HTTPException, status
from starlette.datastructures import UploadFile
from starlette.requests import Request

from assistant.ingest import FileResult
from web.deps import Page
from web.errors import UploadTooLarge

READ_BLOCK = 1 << 20
STALE_AFTER_S = 6 * 3600  # an upload folder this old was left by a process that died
MAX_FILES = 20  # one upload at most; the request limit is this many files at the size limit
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def safe_filename(name: str) -> str:
    """The file's own name without any folder part or control characters; never empty."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".")
    return name[:200] or "upload"


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name (2).csv`, `name (3).csv`… when an earlier file of the batch has it."""
    candidate, n = name, 2
    stem, dot, suffix = name.rpartition(".")
    while candidate in taken:
        candidate = f"{stem} ({n}).{suffix}" if dot and stem else f"{name} ({n})"
        n += 1
    taken.add(candidate)
    return candidate


@dataclass
class SavedUploads:
    folder: Path
    paths: list[Path] = field(default_factory=list)
    rejected: list[FileResult] = field(default_factory=list)


async def save_uploads(
    files: Sequence[UploadFile], max_bytes: int, too_big: str, root: Path | None = None
) -> SavedUploads:
    """Save each file in a new temporary folder; `too_big` is the reason given to larger ones."""
    saved = SavedUploads(Path(tempfile.mkdtemp(prefix="cxcoach-upload-", dir=root)))
    taken: set[str] = set()
    for upload in files:
        name = _unique(safe_filename(upload.filename or ""), taken)
        target = saved.folder / name
        size = 0
        with target.open("wb") as out:
            while block := await upload.read(READ_BLOCK):
                size += len(block)
                if size > max_bytes:
                    break
                out.write(block)
        if size > max_bytes:
            target.unlink()
            saved.rejected.append(FileResult(name, "failed", reason=too_big))
        else:
            saved.paths.append(target)
    return saved


def limit_bytes(page: Page) -> int:
    return page.services.settings.max_upload_mb << 20


def check_request_size(request: Request, page: Page) -> None:
    """Refuse a request whose declared size is over what MAX_FILES files at the limit can be."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit_bytes(page) * MAX_FILES:
        raise UploadTooLarge(page.services.settings.max_upload_mb)


# The form parser's own limit is far above MAX_FILES, so one file too many is told in the page's
# language ("一次最多上传 20 个文件…") instead of failing the parse with the parser's English.
FORM_MAX_FILES = 1_000


def too_many_files(page: Page, count: int) -> str:
    """Why an upload of `count` files is refused, in the page's language ("" when it is not)."""
    return page.t("upload_too_many", limit=MAX_FILES, count=count) if count > MAX_FILES else ""


def refuse_too_many(count: int) -> None:
    """The JSON API's answer to more than MAX_FILES files: 413, saying the limit."""
    if count > MAX_FILES:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"at most {MAX_FILES} files in one upload ({count} sent)",
        )


def uploads_dir(data_dir: Path) -> Path:
    """Where uploads wait for their job: in the data dir (the user's disk, not a shared /tmp)."""
    folder = data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remove_stale_uploads(data_dir: Path, older_than_s: float = STALE_AFTER_S) -> int:
    """Remove upload folders left behind by a process that stopped mid-job; how many. Recent
    ones may belong to another worker process sharing the data dir, so they stay."""
    removed = 0
    cutoff = time.time() - older_than_s
    for folder in uploads_dir(data_dir).glob("cxcoach-upload-*"):
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


async def save_for(page: Page, files: Sequence[UploadFile]) -> SavedUploads:
    """`save_uploads` with the configured limit, a too-large file's reason in the page language."""
    settings = page.services.settings
    too_big = page.t("upload_too_big", limit=settings.max_upload_mb)
    return await save_uploads(files, limit_bytes(page), too_big, uploads_dir(settings.data_dir))

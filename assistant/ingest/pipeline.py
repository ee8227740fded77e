"""Company data ingestion: files → records → chunks → the workspace's index, with a summary.

Each file stands alone: one bad file gets a clear reason and the rest of the batch goes on.
A file is indexed whole or not at all (the index removes a half-written file's chunks). Content
hashing makes re-ingesting the same file a no-op; a changed file with the same name replaces the
old version's records once the new ones are in.

Every file is read within the input limits (readers/limits.py), and the whole batch within one
wall-clock budget, checked while reading, chunking and between embedding batches. A file that
runs the budget out is removed from the index like any failed file, and the files after it are
not started; files indexed before it stay, whole.

A process killed while writing cannot clean up after itself: the next ingestion into the
workspace (or a web worker starting up) removes chunks whose source was never recorded as
indexed. Writers of one workspace take turns through a lease every process sees.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Literal

from assistant.ingest.readers import (
    Budget,
    ColumnOverrides,
    InputLimits,
    LimitExceeded,
    ParsedFile,
    ReadError,
    Record,
    read_file,
)
from assistant.retrieval import Chunk, KnowledgeIndex
from assistant.storage import Database
from assistant.storage.work import Busy, this_thread
from assistant.text import chunk_text, detect_lang

FileStatus = Literal["added", "replaced", "unchanged", "failed"]
HASH_BLOCK = 1 << 20
LEASE_WAIT_S = 600.0  # how long an ingestion waits for another one into the same workspace


@dataclass(frozen=True)
class FileResult:
    path: str
    status: FileStatus
    records: int = 0
    chunks: int = 0
    skipped: tuple[tuple[str, str], ...] = ()  # (locator, reason) of records left out
    reason: str = ""  # why a file failed
    reason_code: str = ""  # the reader's code for it (see ReadError), for a translated message
    reason_params: dict[str, str] = field(default_factory=dict)
    format: str = ""
    encoding: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # role → column, for tabular files


@dataclass(frozen=True)
class IngestSummary:
    workspace: str
    results: tuple[FileResult, ...]

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def records_added(self) -> int:
        return sum(r.records for r in self.results if r.status in ("added", "replaced"))

    @property
    def records_skipped(self) -> int:
        return sum(len(r.skipped) for r in self.results)


class IngestProgress:
    """Callbacks for a progress display; the default does nothing."""

    def file_started(self, path: Path, chunks: int) -> None: ...
    def chunks_done(self, path: Path, done: int, total: int) -> None: ...
    def file_finished(self, result: FileResult) -> None: ...


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def record_chunks(
    parsed: ParsedFile, filename: str, source_key: str, budget: Budget | None = None
) -> list[Chunk]:
    chunks: list[Chunk] = []
    for number, record in enumerate(parsed.records):
        if budget is not None and number % 256 == 0:
            budget.check(filename)
        pieces = chunk_text(record.text)
        for n, piece in enumerate(pieces):
            section = record.locator if len(pieces) == 1 else f"{record.locator} ({n + 1})"
            chunks.append(_chunk(record, piece.text, section, filename, source_key, len(chunks)))
    return chunks


def _chunk(
    record: Record, text: str, section: str, filename: str, source_key: str, n: int
) -> Chunk:
    return Chunk(
        id=f"{source_key[:16]}:{n}",
        text=text,
        doc_id=filename,
        title=filename,
        source=filename,
        section=section,
        kind="company",
        doc_kind="data",
        lang=detect_lang(text),
        source_id=source_key,
        extra=dict(record.fields),
    )


def _failed(name: str, exc: ReadError) -> FileResult:
    return FileResult(
        name, "failed", reason=exc.reason, reason_code=exc.code, reason_params=exc.params
    )


class IngestService:
    def __init__(
        self,
        db: Database,
        index: KnowledgeIndex,
        max_bytes: int,
        *,
        limits: InputLimits | None = None,
        job_timeout: float | None = None,
    ) -> None:
        """`max_bytes` per file, within `limits` (default: the settings' defaults); every call
        of `ingest` gets `job_timeout` seconds (None: no limit)."""
        self.db = db
        self.index = index
        self.max_bytes = max_bytes
        self.limits = replace(limits or InputLimits(), max_file_bytes=max_bytes)
        self.job_timeout = job_timeout

    def ingest(
        self,
        paths: Sequence[Path],
        workspace: str,
        *,
        columns: ColumnOverrides | None = None,
        progress: IngestProgress | None = None,
    ) -> IngestSummary:
        progress = progress or IngestProgress()
        budget = Budget(self.job_timeout)
        workspace_id = self.db.workspaces.get_or_create(workspace).id
        results = []
        with self._writing(workspace_id, wait=LEASE_WAIT_S):
            self._sweep(workspace_id)
            for path in paths:
                result = self._ingest_one(path, workspace_id, columns, progress, budget)
                progress.file_finished(result)
                results.append(result)
        return IngestSummary(workspace, tuple(results))

    def sweep(self, workspace_id: str) -> int:
        """Remove what an ingestion killed half-way left in the index (see `_sweep`), unless
        another process is writing into the workspace now; returns the sources removed."""
        try:
            with self._writing(workspace_id, wait=0):
                return self._sweep(workspace_id)
        except Busy:
            return 0  # its writer sweeps before it starts, and leaves nothing behind itself

    def _writing(self, workspace_id: str, *, wait: float) -> AbstractContextManager[None]:
        """One writer per workspace across every process (the CLI and each web worker)."""
        ttl = timedelta(seconds=(self.job_timeout or LEASE_WAIT_S) + LEASE_WAIT_S)
        return self.db.leases.held(f"ingest:{workspace_id}", this_thread(), ttl=ttl, wait=wait)

    def _sweep(self, workspace_id: str) -> int:
        """Chunks whose source is not recorded as indexed (a process killed between writing
        the chunks and recording the source, or before removing a replaced version's) are
        deleted, so nothing half-ingested is ever searched."""
        indexed = {s.content_hash for s in self.db.sources.list(workspace_id) if s.status == "ok"}
        orphans = self.index.source_ids(workspace_id) - indexed
        for source_id in orphans:
            self.index.delete_source(workspace_id, source_id)
        return len(orphans)

    def _ingest_one(
        self,
        path: Path,
        workspace_id: str,
        columns: ColumnOverrides | None,
        progress: IngestProgress,
        budget: Budget,
    ) -> FileResult:
        name = str(path)
        try:
            budget.check(path.name)  # the files after one that ran the time out are not started
        except LimitExceeded as exc:
            return _failed(name, exc)
        if not path.is_file():
            return FileResult(
                name,
                "failed",
                reason="no such file" if not path.exists() else "not a file (a folder?)",
            )
        try:
            content_key = file_hash(path)
        except OSError as exc:
            return FileResult(name, "failed", reason=f"cannot read: {exc.strerror or exc}")
        known = self.db.sources.get_by_hash(workspace_id, content_key)
        if known is not None and known.status == "ok":
            return FileResult(name, "unchanged", records=known.record_count, format=known.kind)
        try:
            parsed = read_file(path, columns=columns, limits=self.limits, budget=budget)
            chunks = record_chunks(parsed, path.name, content_key, budget)
        except ReadError as exc:
            if exc.code != "time_budget":  # the file may well be fine: it is not listed as bad
                self._record_failure(workspace_id, path, content_key, exc.reason)
            return _failed(name, exc)
        progress.file_started(path, len(chunks))

        def embedded(done: int, total: int) -> None:
            progress.chunks_done(path, done, total)
            if done < total:
                budget.check(path.name)

        try:
            self.index.add_chunks(workspace_id, chunks, embedded)
            _, old = self.db.sources.replace(
                workspace_id,
                path.name,
                content_hash=content_key,
                kind=parsed.format,
                record_count=len(parsed.records),
            )
        except LimitExceeded as exc:  # out of time: the chunks written so far go again
            self.index.delete_source(workspace_id, content_key)
            return _failed(name, exc)
        except Exception as exc:  # embedding or storage failure: leave nothing half-indexed
            self.index.delete_source(workspace_id, content_key)
            return FileResult(name, "failed", reason=f"indexing failed: {exc}")
        if old is not None and old.status == "ok" and old.content_hash != content_key:
            self.index.delete_source(workspace_id, old.content_hash)
        return FileResult(
            name,
            "replaced" if old is not None and old.status == "ok" else "added",
            records=len(parsed.records),
            chunks=len(chunks),
            skipped=tuple(parsed.skipped),
            format=parsed.format,
            encoding=parsed.encoding,
            columns=_mapping(parsed),
        )

    def _record_failure(self, workspace_id: str, path: Path, key: str, reason: str) -> None:
        """Listed with its reason, unless a good earlier version of the file is still indexed."""
        current = {s.filename: s for s in self.db.sources.list(workspace_id)}.get(path.name)
        if current is None or current.status == "failed":
            self.db.sources.replace(
                workspace_id,
                path.name,
                content_hash=key,
                kind="unknown",
                status="failed",
                error=reason,
            )


def _mapping(parsed: ParsedFile) -> dict[str, str]:
    if parsed.mapping is None:
        return {}
    return {role: column for role, column in asdict(parsed.mapping).items() if column}

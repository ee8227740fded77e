"""Background jobs: an upload is indexed or analysed while the page follows its progress.

One worker thread runs the jobs in turn (ingestion embeds and writes the index, an analysis
tags and embeds feedback; two at once would only compete for the same cores). Each job records
its progress through the service's own progress callbacks, and a version number the event
stream watches for changes. The uploaded files are removed when the job ends.

Every job is also recorded in the database (assistant/storage/work.py): its state and a
snapshot of its progress, written when it starts and ends and at most twice a second between.
Another worker process can therefore show and follow it (no sticky sessions), and a process that
starts after one was killed fails the jobs the dead one held, with a reason the page shows, and
sweeps what a killed ingestion half-wrote (`Jobs.recover`).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from assistant.analytics.pipeline import AnalysisOptions
from assistant.analytics.result import AnalysisResult, FileReport
from assistant.analytics.service import AnalyticsService
from assistant.ingest import FileResult, IngestProgress, IngestService, IngestSummary
from assistant.storage import Database, NotFound
from assistant.storage.records import JobKind, JobRecord, WorkStatus
from assistant.storage.work import abandoned, this_process

log = logging.getLogger(__name__)

FileState = Literal["queued", "indexing", "done"]
MAX_JOBS_KEPT = 50
SAVE_EVERY_S = 0.5  # progress snapshots written at most this often
STALE_AFTER = timedelta(hours=1)  # another host's job silent this long is taken as dead
INTERRUPTED = "interrupted"  # the error of a job its process never finished (see job_error)


@dataclass
class Job:
    kind: ClassVar[JobKind]

    id: str
    workspace: str
    finished: bool = False
    error: str = ""
    version: int = 0
    exception: BaseException | None = field(default=None, repr=False)  # why it failed, if it did
    folder: Path | None = field(default=None, repr=False)  # the uploads, removed when it ends
    future: Future[None] | None = field(default=None, repr=False)
    saver: Callable[[Job], None] | None = field(default=None, repr=False)  # the stored record
    _saved_at: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def changed(self, change: Callable[[], None]) -> None:
        """Apply `change` under the lock and tell the event stream something moved."""
        with self._lock:
            change()
            self.version += 1
        if self.saver is not None and time.monotonic() - self._saved_at >= SAVE_EVERY_S:
            self._saved_at = time.monotonic()
            self.saver(self)

    def finish(self, error: str = "") -> None:
        def done() -> None:
            self.error = error
            self.finished = True

        self.changed(done)

    def snapshot(self) -> dict[str, Any]:
        """The job's progress as JSON, for the database."""
        with self._lock:
            return {"workspace": self.workspace, **self._progress()}

    def _progress(self) -> dict[str, Any]:
        raise NotImplementedError


# Ingestion -----------------------------------------------------------------------------------
@dataclass
class FileProgress:
    name: str
    state: FileState = "queued"
    done: int = 0
    total: int = 0
    result: FileResult | None = None

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(kw_only=True)
class IngestJob(Job):
    kind: ClassVar[JobKind] = "ingest"

    files: list[FileProgress]

    def _progress(self) -> dict[str, Any]:
        return {"files": [asdict(f) for f in self.files]}

    @classmethod
    def restore(cls, record: JobRecord) -> IngestJob:
        files = []
        for f in record.progress.get("files", []):
            result = f.get("result")
            if result is not None:
                result = FileResult(**(result | {"skipped": tuple(map(tuple, result["skipped"]))}))
            files.append(FileProgress(f["name"], f["state"], f["done"], f["total"], result))
        return cls(id=record.id, workspace=record.progress.get("workspace", ""), files=files)

    def file(self, name: str) -> FileProgress:
        return next(f for f in self.files if f.name == name)

    def update(self, name: str, **values: object) -> None:
        progress = self.file(name)

        def apply() -> None:
            for key, value in values.items():
                setattr(progress, key, value)

        self.changed(apply)

    @property
    def summary(self) -> IngestSummary:
        return IngestSummary(self.workspace, tuple(f.result for f in self.files if f.result))


class _IngestProgress(IngestProgress):
    def __init__(self, job: IngestJob) -> None:
        self.job = job

    def file_started(self, path: Path, chunks: int) -> None:
        self.job.update(path.name, state="indexing", total=chunks)

    def chunks_done(self, path: Path, done: int, total: int) -> None:
        self.job.update(path.name, done=done, total=total)

    def file_finished(self, result: FileResult) -> None:
        self.job.update(Path(result.path).name, state="done", result=result)


# Analysis ------------------------------------------------------------------------------------
@dataclass
class AnalysedFile:
    name: str
    state: Literal["queued", "reading", "done"] = "queued"
    rows: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # role → column, once detected


@dataclass(kw_only=True)
class AnalysisJob(Job):
    kind: ClassVar[JobKind] = "analysis"

    files: list[AnalysedFile]
    rejected: list[FileReport] = field(default_factory=list)  # refused before the analysis
    phase: str = ""  # "themes" once the rows are read and the themes are being clustered
    result: AnalysisResult | None = None  # (the stored analysis, for a job another process ran)

    def _progress(self) -> dict[str, Any]:
        return {
            "files": [asdict(f) for f in self.files],
            "rejected": [r.model_dump(mode="json") for r in self.rejected],
            "phase": self.phase,
        }

    @classmethod
    def restore(cls, record: JobRecord) -> AnalysisJob:
        progress = record.progress
        return cls(
            id=record.id,
            workspace=progress.get("workspace", ""),
            files=[AnalysedFile(**f) for f in progress.get("files", [])],
            rejected=[FileReport.model_validate(r) for r in progress.get("rejected", [])],
            phase=progress.get("phase", ""),
        )


class _AnalysisProgress:
    """The analytics pipeline's Progress protocol, recorded on the job."""

    def __init__(self, job: AnalysisJob) -> None:
        self.job = job
        self.current: AnalysedFile | None = None

    def file_started(self, name: str, number: int, count: int) -> None:
        def start() -> None:
            if self.current is not None:
                self.current.state = "done"
            self.current = self.job.files[number - 1]
            self.current.state = "reading"

        self.job.changed(start)

    def file_opened(self, report: FileReport) -> None:
        if self.current is not None:
            current = self.current
            self.job.changed(lambda: setattr(current, "columns", dict(report.mapping)))

    def rows_done(self, rows: int) -> None:
        if self.current is not None:
            current = self.current
            self.job.changed(lambda: setattr(current, "rows", current.rows + rows))

    def phase(self, description: str) -> None:
        def enter() -> None:
            for f in self.job.files:
                f.state = "done"
            self.job.phase = description

        self.job.changed(enter)


# The queue -----------------------------------------------------------------------------------
J = TypeVar("J", IngestJob, AnalysisJob)


class Jobs:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cxcoach-job")

    def ingest(
        self,
        service: IngestService,
        workspace: str,
        folder: Path,
        paths: list[Path],
        rejected: list[FileResult],
    ) -> IngestJob:
        files = [FileProgress(r.path, "done", result=r) for r in rejected]
        files += [FileProgress(p.name) for p in paths]
        job = IngestJob(id=uuid.uuid4().hex, workspace=workspace, files=files)

        def work() -> None:
            if paths:
                service.ingest(paths, workspace, progress=_IngestProgress(job))

        return self.submit(job, work, folder)

    def analyze(
        self,
        service: AnalyticsService,
        workspace: str,
        folder: Path,
        paths: list[Path],
        rejected: list[FileReport],
        *,
        options: AnalysisOptions,
        industry: str | None,
    ) -> AnalysisJob:
        job = AnalysisJob(
            id=uuid.uuid4().hex,
            workspace=workspace,
            files=[AnalysedFile(p.name) for p in paths],
            rejected=rejected,
        )

        def work() -> None:
            result = service.analyze(
                paths, workspace, options=options, industry=industry,
                progress=_AnalysisProgress(job), refused=rejected,
            )  # fmt: skip
            job.changed(lambda: setattr(job, "result", result))

        return self.submit(job, work, folder)

    def get(self, job_id: str, kind: type[J], workspace: str) -> J | None:
        """The job of `workspace`, whichever process runs or ran it: this one's live, or its
        stored record. Another workspace's job is unknown here, as a made-up id is."""
        job = self._find(job_id, kind)
        return job if job is not None and job.workspace == workspace else None

    def _find(self, job_id: str, kind: type[J]) -> J | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None:
            return job if isinstance(job, kind) else None
        try:
            record = self.db.jobs.get(job_id)
        except NotFound:
            return None
        if record.kind != kind.kind:
            return None
        restored = kind.restore(record)
        restored.version = record.version
        restored.finished = record.status in ("done", "failed")
        restored.error = record.error
        return restored

    def wait(self, job: Job) -> None:
        """Block until the job has run (a request that answers when the work is done)."""
        if job.future is not None:
            job.future.result()

    def submit(self, job: J, work: Callable[[], None], folder: Path) -> J:
        """Queue `work` for `job`; `folder` (its uploads) is removed when it has run."""
        job.folder = folder
        workspace_id = self.db.workspaces.get_or_create(job.workspace).id
        self.db.jobs.add(job.id, workspace_id, job.kind, this_process(), job.snapshot())
        job.saver = self._save
        with self._lock:
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.finished]
            for old in finished[: max(0, len(self._jobs) - MAX_JOBS_KEPT)]:
                del self._jobs[old]  # the oldest finished ones; running ones stay followable
            job.future = self._worker.submit(self._run, job, work, folder)
        return job

    def _save(self, job: Job) -> None:
        try:
            self.db.jobs.save(job.id, progress=job.snapshot())
        except Exception:  # noqa: BLE001 - progress is best effort; the end is saved again
            log.exception("saving the progress of job %s failed", job.id)

    def _run(self, job: Job, work: Callable[[], None], folder: Path) -> None:
        try:
            self.db.jobs.save(job.id, status="running")
            work()
            job.finish()
        except Exception as exc:  # noqa: BLE001 - shown on the page; the worker must live on
            log.exception("job %s failed", job.id)
            job.exception = exc
            job.finish(str(exc))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            self._end(job)

    def _end(self, job: Job) -> None:
        status: WorkStatus = "failed" if job.error else "done"
        try:
            self.db.jobs.save(job.id, status=status, progress=job.snapshot(), error=job.error)
        except Exception:  # noqa: BLE001 - this process still shows it; a restart fails it
            log.exception("recording the end of job %s failed", job.id)

    def recover(self, ingest: IngestService) -> int:
        """Fail the jobs a stopped process left unfinished (their uploads are gone with it) and
        sweep what an interrupted ingestion half-wrote; returns how many jobs failed."""
        count = 0
        for record in self.db.jobs.unfinished():
            if record.holder == this_process() or not abandoned(
                record.holder, record.updated_at, STALE_AFTER
            ):
                continue
            self.db.jobs.save(record.id, status="failed", error=INTERRUPTED)
            if record.kind == "ingest":
                ingest.sweep(record.workspace_id)
            count += 1
        return count

    def shutdown(self) -> None:
        """Stop taking work; jobs that never started lose their uploads (nothing else holds
        them) and end with a reason."""
        self._worker.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            if job.future is not None and job.future.cancelled():
                if job.folder is not None:
                    shutil.rmtree(job.folder, ignore_errors=True)
                job.finish(INTERRUPTED)
                self._end(job)


def job_error(job: Job, t: Callable[..., str]) -> str:
    """Why the job failed, in the reader's language where it is ours to say."""
    return t("job_interrupted") if job.error == INTERRUPTED else job.error

"""Background jobs: an upload is indexed or analysed while the page follows its progress.

One worker thread runs the jobs in turn (ingestion embeds and writes the index, an analysis
tags and embeds feedback; two at once would only compete for the same cores). Each job records
its progress through the service's own progress callbacks, and a version number the event
stream watches for changes. The uploaded files are removed when the job ends. Jobs live in this
process, like pending turns (see streaming.py).
"""

from __future__ import annotations

import logging
import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from assistant.analytics.pipeline import AnalysisOptions
from assistant.analytics.result import AnalysisResult, FileReport
from assistant.analytics.service import AnalyticsService
from assistant.ingest import FileResult, IngestProgress, IngestService, IngestSummary

log = logging.getLogger(__name__)

FileState = Literal["queued", "indexing", "done"]
MAX_JOBS_KEPT = 50


@dataclass
class Job:
    id: str
    workspace: str
    finished: bool = False
    error: str = ""
    version: int = 0
    exception: BaseException | None = field(default=None, repr=False)  # why it failed, if it did
    folder: Path | None = field(default=None, repr=False)  # the uploads, removed when it ends
    future: Future[None] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def changed(self, change: Callable[[], None]) -> None:
        """Apply `change` under the lock and tell the event stream something moved."""
        with self._lock:
            change()
            self.version += 1

    def finish(self, error: str = "") -> None:
        def done() -> None:
            self.error = error
            self.finished = True

        self.changed(done)


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
    files: list[FileProgress]

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
    files: list[AnalysedFile]
    rejected: list[FileReport] = field(default_factory=list)  # refused before the analysis
    phase: str = ""  # "themes" once the rows are read and the themes are being clustered
    result: AnalysisResult | None = None


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
J = TypeVar("J", bound=Job)


class Jobs:
    def __init__(self) -> None:
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

    def get(self, job_id: str, kind: type[J]) -> J | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if isinstance(job, kind) else None

    def wait(self, job: Job) -> None:
        """Block until the job has run (a request that answers when the work is done)."""
        if job.future is not None:
            job.future.result()

    def submit(self, job: J, work: Callable[[], None], folder: Path) -> J:
        """Queue `work` for `job`; `folder` (its uploads) is removed when it has run."""
        job.folder = folder
        with self._lock:
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.finished]
            for old in finished[: max(0, len(self._jobs) - MAX_JOBS_KEPT)]:
                del self._jobs[old]  # the oldest finished ones; running ones stay followable
            job.future = self._worker.submit(self._run, job, work, folder)
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[], None], folder: Path) -> None:
        try:
            work()
            job.finish()
        except Exception as exc:  # noqa: BLE001 - shown on the page; the worker must live on
            log.exception("job %s failed", job.id)
            job.exception = exc
            job.finish(str(exc))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

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
                job.finish("cancelled: the server stopped before this job ran")

"""Ingest jobs: an upload is indexed in the background while the page follows its progress.

One worker thread runs the jobs in turn (ingestion embeds and writes the index; two at once would
only compete for the same cores). Each job records per-file progress through the ingest
service's own progress callbacks, and a version number the event stream watches for changes.
Jobs live in this process, like pending turns (see streaming.py).
"""

from __future__ import annotations

import logging
import shutil
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.ingest import FileResult, IngestProgress, IngestService, IngestSummary

log = logging.getLogger(__name__)

FileState = Literal["queued", "indexing", "done"]
MAX_JOBS_KEPT = 50


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


@dataclass
class IngestJob:
    id: str
    workspace: str
    files: list[FileProgress]
    finished: bool = False
    error: str = ""
    version: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def file(self, name: str) -> FileProgress:
        return next(f for f in self.files if f.name == name)

    def update(self, name: str, **values: object) -> None:
        with self._lock:
            progress = self.file(name)
            for key, value in values.items():
                setattr(progress, key, value)
            self.version += 1

    def finish(self, error: str = "") -> None:
        with self._lock:
            self.error = error
            self.finished = True
            self.version += 1

    @property
    def summary(self) -> IngestSummary:
        return IngestSummary(self.workspace, tuple(f.result for f in self.files if f.result))


class _JobProgress(IngestProgress):
    def __init__(self, job: IngestJob) -> None:
        self.job = job

    def file_started(self, path: Path, chunks: int) -> None:
        self.job.update(path.name, state="indexing", total=chunks)

    def chunks_done(self, path: Path, done: int, total: int) -> None:
        self.job.update(path.name, done=done, total=total)

    def file_finished(self, result: FileResult) -> None:
        self.job.update(Path(result.path).name, state="done", result=result)


class IngestJobs:
    def __init__(self) -> None:
        self._jobs: dict[str, IngestJob] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cxcoach-ingest")

    def start(
        self,
        service: IngestService,
        workspace: str,
        folder: Path,
        paths: list[Path],
        rejected: list[FileResult],
    ) -> IngestJob:
        files = [FileProgress(r.path, "done", result=r) for r in rejected]
        files += [FileProgress(p.name) for p in paths]
        job = IngestJob(uuid.uuid4().hex, workspace, files)
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-MAX_JOBS_KEPT]:
                del self._jobs[old]
        self._worker.submit(self._run, service, job, folder, paths)
        return job

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    @staticmethod
    def _run(service: IngestService, job: IngestJob, folder: Path, paths: list[Path]) -> None:
        try:
            if paths:
                service.ingest(paths, job.workspace, progress=_JobProgress(job))
            job.finish()
        except Exception as exc:  # noqa: BLE001 - shown on the page; the worker must live on
            log.exception("ingest job %s failed", job.id)
            job.finish(str(exc))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def shutdown(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

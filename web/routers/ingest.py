"""Knowledge: upload company files (several at once), follow the indexing, list and delete
sources. In the browser the upload returns at once and an event stream reports progress per
file; without JavaScript, and in the JSON API, the upload answers when indexing is done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, File, HTTPException, Request, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict
from starlette.datastructures import UploadFile as StarletteUpload

from assistant.ingest import FileResult
from assistant.services.sources import delete_source
from assistant.storage import SourceStatus
from web.deps import Page, PageDep, ServicesDep, get_jobs
from web.jobs import IngestJob, job_error
from web.routers.sessions import DEFAULT_WORKSPACE, redirect
from web.streaming import SSE_HEADERS, follow, sse
from web.uploads import (
    FORM_MAX_FILES,
    SavedUploads,
    check_request_size,
    refuse_too_many,
    save_for,
    too_many_files,
)
from web.views.knowledge import knowledge_context, sources_of

router = APIRouter(prefix="/knowledge", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api", tags=["ingest"])


async def ingest_now(page: Page, saved: SavedUploads, workspace: str) -> IngestJob:
    """Run the ingestion in the job queue (after any job before it) and wait for it."""
    registry = get_jobs(page.request)
    job = registry.ingest(
        page.services.ingest, workspace, saved.folder, saved.paths, saved.rejected
    )
    await run_in_threadpool(registry.wait, job)
    return job


def results_of(job: IngestJob) -> list[FileResult]:
    return [f.result for f in job.files if f.result is not None]


@router.get("", response_class=HTMLResponse)
def knowledge_page(page: PageDep, workspace: str = DEFAULT_WORKSPACE) -> HTMLResponse:
    return page.render("knowledge.html", knowledge_context(page, workspace or DEFAULT_WORKSPACE))


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, page: PageDep) -> HTMLResponse:
    services = page.services
    check_request_size(request, page)
    form = await request.form(max_files=FORM_MAX_FILES)
    workspace = str(form.get("workspace") or DEFAULT_WORKSPACE).strip() or DEFAULT_WORKSPACE
    files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload) and f.filename]
    blocks = ["results"] if page.htmx else None
    refusal = page.t("upload_none") if not files else too_many_files(page, len(files))
    if refusal:
        context = knowledge_context(page, workspace, notice=refusal)
        refused = page.render("knowledge.html", context, blocks=blocks)
        if files:  # too many: refused (htmx swaps a 4xx too), the page says why
            refused.status_code = status.HTTP_413_CONTENT_TOO_LARGE
        return refused
    saved = await save_for(page, files)
    if page.htmx:
        job = get_jobs(request).ingest(
            services.ingest, workspace, saved.folder, saved.paths, saved.rejected
        )
        return page.render(
            "knowledge.html", knowledge_context(page, workspace, job=job), blocks=["job"]
        )
    job = await ingest_now(page, saved, workspace)
    notice = page.t("upload_failed", error=job_error(job, page.t)) if job.error else ""
    context = knowledge_context(page, workspace, results=results_of(job), notice=notice)
    return page.render("knowledge.html", context)


@router.get("/jobs/{job_id}/stream")
def job_stream(job_id: str, page: PageDep, workspace: str = DEFAULT_WORKSPACE) -> StreamingResponse:
    jobs = get_jobs(page.request)

    def events() -> Iterator[str]:
        # A stale or made-up link, or another workspace's job: all three are unknown here.
        if jobs.get(job_id, IngestJob, workspace) is None:
            context = knowledge_context(page, workspace, notice=page.t("job_lost"))
            yield sse("done", page.fragment("knowledge.html", ["results"], context))
            return
        yield from follow(
            lambda: jobs.get(job_id, IngestJob, workspace),
            progress=lambda job: page.fragment("knowledge.html", ["job_progress"], {"job": job}),
            done=lambda job: _job_done(page, job),
        )

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)


def _job_done(page: Page, job: IngestJob) -> str:
    context = knowledge_context(page, job.workspace, results=results_of(job), oob=True)
    if job.error:
        context["notice"] = page.t("upload_failed", error=job_error(job, page.t))
    return page.fragment("knowledge.html", ["results", "sources"], context)


@router.post("/sources/{source_id}/delete")
def delete(source_id: str, page: PageDep) -> Response:
    services = page.services
    record = delete_source(services.db, services.index, source_id)
    workspace = services.db.workspaces.get(record.workspace_id).name
    if page.htmx:
        context = knowledge_context(
            page, workspace, notice=page.t("source_deleted", name=record.filename)
        )
        return page.render("knowledge.html", context, blocks=["sources"])
    return redirect(f"/knowledge?workspace={workspace}", page)


# JSON API ------------------------------------------------------------------------------------
class FileResultOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    status: str
    records: int
    chunks: int
    skipped: list[tuple[str, str]]
    reason: str
    format: str
    encoding: str | None
    columns: dict[str, str]

    @classmethod
    def of(cls, result: FileResult) -> FileResultOut:
        return cls(
            name=Path(result.path).name,
            status=result.status,
            records=result.records,
            chunks=result.chunks,
            skipped=list(result.skipped),
            reason=result.reason,
            format=result.format,
            encoding=result.encoding,
            columns=dict(result.columns),
        )


class IngestOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str
    results: list[FileResultOut]


class SourceOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    filename: str
    kind: str
    record_count: int
    status: SourceStatus
    error: str
    created_at: datetime


@api.get("/workspaces", response_model=list[str])
def api_workspaces(services: ServicesDep) -> list[str]:
    return [w.name for w in services.db.workspaces.list()]


@api.get("/workspaces/{workspace}/sources", response_model=list[SourceOut])
def api_sources(workspace: str, services: ServicesDep) -> list[SourceOut]:
    """The files ingested into a workspace, with record counts and errors."""
    return [
        SourceOut(
            id=s.id,
            filename=s.filename,
            kind=s.kind,
            record_count=s.record_count,
            status=s.status,
            error=s.error,
            created_at=s.created_at,
        )
        for s in sources_of(services, workspace)
    ]


@api.post("/workspaces/{workspace}/sources", response_model=IngestOut)
async def api_ingest(
    workspace: str, request: Request, page: PageDep, files: list[UploadFile] = File(...)
) -> IngestOut:
    """Ingest files (CSV/TSV, XLSX, JSON, Markdown, TXT, DOCX, PDF) into the workspace."""
    check_request_size(request, page)
    refuse_too_many(len(files))
    saved = await save_for(page, files)
    job = await ingest_now(page, saved, workspace)
    if job.error:
        raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, f"ingestion failed: {job.error}")
    return IngestOut(workspace=workspace, results=[FileResultOut.of(r) for r in results_of(job)])


@api.delete("/sources/{source_id}", status_code=status.HTTP_204_NO_CONTENT)
def api_delete_source(source_id: str, services: ServicesDep) -> Response:
    """Delete a source: its records leave the index and the list."""
    delete_source(services.db, services.index, source_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

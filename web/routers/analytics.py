"""Feedback analytics: analyse survey exports, reviews and tickets of a workspace, per touchpoint.

On the Knowledge page the analysis runs in the background while an event stream reports the rows
read per file, then the section shows the chart, the tables and the top pain themes; without
JavaScript, and in the JSON API, the request answers when the analysis is done. The latest
analysis of a workspace is stored: the interview takes its evidence from it, and the HTML export
of the workspace's maps carries its chart.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile as StarletteUpload

from assistant.analytics.pipeline import AnalysisOptions
from assistant.analytics.report import in_script, section_of
from assistant.analytics.result import AnalysisResult, FileReport
from assistant.analytics.service import AnalyticsError
from assistant.domain import LANGS, Lang
from assistant.exports import touchpoint_chart_svg
from assistant.i18n.labels import labels_for
from assistant.ingest.readers import ColumnOverrides
from assistant.ingest.readers.model import ROLES
from assistant.playbooks import INDUSTRIES
from assistant.services.container import Services
from assistant.storage import InvalidName
from web.deps import Page, PageDep, ServicesDep, get_jobs
from web.jobs import AnalysisJob, job_error
from web.routers.sessions import DEFAULT_WORKSPACE
from web.streaming import SSE_HEADERS, follow, sse
from web.uploads import (
    FORM_MAX_FILES,
    SavedUploads,
    check_request_size,
    refuse_too_many,
    save_for,
    too_many_files,
)
from web.views.analytics import FileView, analysis_view, failed_view
from web.views.knowledge import knowledge_context

router = APIRouter(prefix="/knowledge", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api", tags=["analytics"])


@dataclass(frozen=True)
class Asked:
    """What to analyse, from the page's form or the API's fields."""

    columns: ColumnOverrides
    industry: str | None
    keep_duplicates: bool
    lang: Lang

    @property
    def options(self) -> AnalysisOptions:
        return AnalysisOptions(
            columns=self.columns, keep_duplicates=self.keep_duplicates, lang=self.lang
        )


class BadRequest(ValueError):
    pass


def read_request(fields: Mapping[str, Any], lang: Lang) -> Asked:
    """Column names (blank: detect), industry ('' or auto: the map, else guessed), duplicates."""
    given = {role: str(fields.get(role) or "").strip() or None for role in ROLES}
    industry = str(fields.get("industry") or "").strip()
    if industry in ("", "auto"):
        chosen = None
    elif industry in INDUSTRIES:
        chosen = industry
    else:
        raise BadRequest(f"unknown industry {industry!r}; one of {', '.join(INDUSTRIES)}")
    keep = str(fields.get("keep_duplicates") or "").lower() in ("1", "true", "on", "yes")
    return Asked(ColumnOverrides(**given), chosen, keep, lang)


def refused(saved: SavedUploads) -> list[FileReport]:
    """Files refused at upload (over the size limit), as reports of files that were not read."""
    return [FileReport(name=r.path, error=r.reason) for r in saved.rejected]


def start(page: Page, saved: SavedUploads, workspace: str, asked: Asked) -> AnalysisJob:
    """The analysis, queued behind any ingestion or analysis before it."""
    return get_jobs(page.request).analyze(
        page.services.analytics, workspace, saved.folder, saved.paths, refused(saved),
        options=asked.options, industry=asked.industry,
    )  # fmt: skip


# Page ----------------------------------------------------------------------------------------
def section(page: Page, workspace: str, **extra: Any) -> HTMLResponse:
    """The analysis section alone (htmx), or the whole Knowledge page at the section."""
    context = knowledge_context(page, workspace, **extra)
    if page.htmx:
        return page.render("knowledge.html", context, blocks=["analysis"])
    return page.render("knowledge.html", context)


def failed_files(page: Page, reports: list[FileReport]) -> list[FileView]:
    return [failed_view(f, page.t) for f in reports if f.error]


def after(page: Page, job: AnalysisJob) -> dict[str, Any]:
    """The section once a job has run: its analysis; or, when no record could be analysed, a
    notice and the files that failed above the analysis stored before (it stays)."""
    result = job.result
    if result is None and job.finished and not job.error:  # another worker process ran it
        result = page.services.analytics.latest(job.workspace)
    if result is not None and result.totals.analysed:
        return {"analysis": analysis_view(result, page.lang, page.t, page.labels)}
    notice = page.t("analysis_failed", error=job_error(job, page.t)) if job.error else ""
    reports = result.files if result is not None else job.rejected
    return {
        "analysis_notice": notice or page.t("analysis_nothing"),
        "analysis_files": failed_files(page, reports),
    }


@router.post("/analyze", response_class=HTMLResponse)
async def analyze(request: Request, page: PageDep) -> HTMLResponse:
    check_request_size(request, page)
    form = await request.form(max_files=FORM_MAX_FILES)
    workspace = str(form.get("workspace") or DEFAULT_WORKSPACE).strip() or DEFAULT_WORKSPACE
    files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload) and f.filename]
    if refusal := too_many_files(page, len(files)):
        too_many = section(page, workspace, analysis_notice=refusal)
        too_many.status_code = status.HTTP_413_CONTENT_TOO_LARGE  # htmx swaps a 4xx too
        return too_many
    try:
        asked = read_request(form, page.lang)
    except BadRequest:
        notice = page.t("analyze_unknown_industry", known=", ".join(INDUSTRIES))
        return section(page, workspace, analysis_notice=notice)
    if not files:
        return section(page, workspace, analysis_notice=page.t("analyze_none"))
    saved = await save_for(page, files)
    if not saved.paths:
        shutil.rmtree(saved.folder, ignore_errors=True)
        failed = failed_files(page, refused(saved))
        return section(
            page, workspace, analysis_notice=page.t("analysis_nothing"), analysis_files=failed
        )
    job = start(page, saved, workspace, asked)
    if page.htmx:
        context = knowledge_context(page, workspace, analysis_job=job)
        return page.render("knowledge.html", context, blocks=["analysis_job"])
    await run_in_threadpool(get_jobs(request).wait, job)
    return section(page, workspace, **after(page, job))


@router.get("/analyses/{job_id}/stream")
def analysis_stream(
    job_id: str, page: PageDep, workspace: str = DEFAULT_WORKSPACE
) -> StreamingResponse:
    jobs = get_jobs(page.request)

    def section_after(job: AnalysisJob) -> str:
        context = knowledge_context(page, job.workspace, **after(page, job))
        return page.fragment("knowledge.html", ["analysis"], context)

    def events() -> Iterator[str]:
        # A stale or made-up link, or another workspace's job: all three are unknown here.
        if jobs.get(job_id, AnalysisJob, workspace) is None:
            context = knowledge_context(page, workspace, analysis_notice=page.t("job_lost"))
            yield sse("done", page.fragment("knowledge.html", ["analysis"], context))
            return
        yield from follow(
            lambda: jobs.get(job_id, AnalysisJob, workspace),
            progress=lambda job: page.fragment(
                "knowledge.html", ["analysis_progress"], {"analysis_job": job}
            ),
            done=section_after,
        )

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)


# JSON API ------------------------------------------------------------------------------------
def unprocessable(message: str, files: list[FileReport] | None = None) -> HTTPException:
    detail = {"message": message, "files": [f.model_dump(mode="json") for f in files or []]}
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


def _lang(value: str, services: Services) -> Lang:
    if not value:
        return services.settings.ui_lang
    for lang in LANGS:
        if value == lang:
            return lang
    raise unprocessable(f"unknown language {value!r}; one of {', '.join(LANGS)}")


@api.post("/workspaces/{workspace}/analyses", response_model=AnalysisResult)
async def api_analyze(
    workspace: str,
    request: Request,
    page: PageDep,
    files: Annotated[list[UploadFile], File(description="CSV, TSV or XLSX files")],
    text: Annotated[str, Form(description="Column of the free text (default: detected)")] = "",
    score: Annotated[str, Form(description="Column of a rating: NPS 0–10, CSAT 1–5, stars")] = "",
    label: Annotated[str, Form(description="Column of a positive/negative label")] = "",
    date: Annotated[str, Form(description="Column of the date")] = "",
    channel: Annotated[str, Form(description="Column of the channel")] = "",
    touchpoint: Annotated[str, Form(description="Column naming a touchpoint")] = "",
    category: Annotated[str, Form(description="Column of a category")] = "",
    industry: Annotated[
        str,
        Form(
            description=f"Tag against this playbook: {', '.join(INDUSTRIES)} "
            "(default: the workspace's map, else guessed)"
        ),  # fmt: skip
    ] = "",
    keep_duplicates: Annotated[bool, Form(description="Keep identical rows")] = False,
    lang: Annotated[str, Form(description="zh-Hans, zh-Hant or en")] = "",
) -> AnalysisResult:
    """Analyse feedback files into the workspace: volume, negative share and scores per
    touchpoint and stage, trend, pain themes with quotes. The result is stored as the
    workspace's latest analysis, files that could not be read listed with the reason. 422 (with
    each file's reason) when no record at all could be analysed: the stored analysis stays."""
    check_request_size(request, page)
    refuse_too_many(len(files))
    fields = {"text": text, "score": score, "label": label, "date": date, "channel": channel,
              "touchpoint": touchpoint, "category": category, "industry": industry,
              "keep_duplicates": str(keep_duplicates)}  # fmt: skip
    try:
        asked = read_request(fields, _lang(lang, page.services))
    except BadRequest as exc:
        raise unprocessable(str(exc)) from None
    saved = await save_for(page, files)
    if not saved.paths:
        shutil.rmtree(saved.folder, ignore_errors=True)
        raise unprocessable("no record could be analysed", refused(saved))
    job = start(page, saved, workspace, asked)
    await run_in_threadpool(get_jobs(request).wait, job)
    if isinstance(job.exception, AnalyticsError | InvalidName):
        raise unprocessable(str(job.exception), job.rejected)
    if job.exception is not None:
        raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, f"analysis failed: {job.error}")
    result = job.result
    assert result is not None  # a job that ran without an exception has its result
    if not result.totals.analysed:
        raise unprocessable("no record could be analysed", result.files)
    return result


def _latest(services: Services, workspace: str) -> AnalysisResult:
    result = services.analytics.latest(workspace)
    if result is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no analysis in workspace {workspace!r}")
    return result


@api.get("/workspaces/{workspace}/analyses/latest", response_model=AnalysisResult)
def api_latest(workspace: str, services: ServicesDep, lang: Lang | None = None) -> AnalysisResult:
    """The workspace's latest analysis (`lang` zh-Hans/zh-Hant: its Chinese text in that script)."""
    result = _latest(services, workspace)
    return in_script(result, lang) if lang else result


@api.get(
    "/workspaces/{workspace}/analyses/latest/chart.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def api_chart(workspace: str, services: ServicesDep, lang: Lang | None = None) -> Response:
    """Volume and negative share per touchpoint, as a standalone SVG."""
    result = _latest(services, workspace)
    chosen: Lang = lang or services.settings.ui_lang
    bars = section_of(in_script(result, chosen)).bars
    svg = touchpoint_chart_svg(bars, labels_for(chosen), standalone=True)
    return Response(svg, media_type="image/svg+xml")

"""Downloads of a diagnosis in every export format (and all of them in one zip). The HTML report
carries the workspace's feedback analysis when it has one, as `cxcoach export` does."""

from __future__ import annotations

import io
import zipfile
from typing import Literal, get_args
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import Response

from assistant.domain import Diagnosis, Lang
from assistant.exports import FORMATS, AnalyticsSection, ExportResult, safe_stem
from assistant.services.exporting import analytics_for, export_with
from web.deps import ServicesDep
from web.views.maps import load_map

DownloadFormat = Literal["json", "md", "csv", "mermaid", "html", "zip"]
DOWNLOAD_FORMATS: tuple[DownloadFormat, ...] = get_args(DownloadFormat)

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api", tags=["exports"])


def bundle(
    diagnosis: Diagnosis,
    fmt: DownloadFormat,
    lang: Lang | None,
    analytics: AnalyticsSection | None = None,
) -> ExportResult:
    """One export, or for `zip` every format in one archive."""
    if fmt != "zip":
        return export_with(diagnosis, [fmt], lang, analytics)[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for result in export_with(diagnosis, FORMATS, lang, analytics):
            archive.writestr(result.filename, result.content)
    return ExportResult(
        buffer.getvalue(), "application/zip", safe_stem(diagnosis.map.title) + ".zip"
    )


def download(result: ExportResult) -> Response:
    # RFC 6266: an ASCII fallback name, and the real (often Chinese) name as UTF-8.
    ascii_name = result.filename.encode("ascii", "ignore").decode().strip("-.") or "journey-map"
    if "." not in ascii_name:
        ascii_name += "." + result.filename.rsplit(".", 1)[-1]
    disposition = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(result.filename)}"
    )
    return Response(
        result.content, media_type=result.media_type, headers={"Content-Disposition": disposition}
    )


def _check(fmt: str) -> DownloadFormat:
    if fmt not in DOWNLOAD_FORMATS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no export format '{fmt}'")
    return fmt


def session_export(services: ServicesDep, session_id: str, fmt: str, lang: Lang | None) -> Response:
    chosen = _check(fmt)
    diagnosis = services.interview.diagnosis(session_id)
    workspace_id = services.db.sessions.get(session_id).workspace_id
    return download(bundle(diagnosis, chosen, lang, analytics_for(services, workspace_id)))


def map_export(
    services: ServicesDep, map_id: str, fmt: str, version: int | None, lang: Lang | None
) -> Response:
    chosen = _check(fmt)
    loaded = load_map(services.db, map_id, version)
    analytics = analytics_for(services, loaded.record.workspace_id)
    return download(bundle(loaded.diagnosis, chosen, lang, analytics))


@router.get("/sessions/{session_id}/export/{fmt}")
def session_export_page(
    session_id: str, fmt: str, services: ServicesDep, lang: Lang | None = None
) -> Response:
    return session_export(services, session_id, fmt, lang)


@router.get("/maps/{map_id}/export/{fmt}")
def map_export_page(
    map_id: str,
    fmt: str,
    services: ServicesDep,
    version: int | None = None,
    lang: Lang | None = None,
) -> Response:
    return map_export(services, map_id, fmt, version, lang)


@api.get("/sessions/{session_id}/export/{fmt}")
def api_session_export(
    session_id: str, fmt: DownloadFormat, services: ServicesDep, lang: Lang | None = None
) -> Response:
    """The session's map and plan as json, md, csv, mermaid, html, or all in a zip."""
    return session_export(services, session_id, fmt, lang)


@api.get("/maps/{map_id}/export/{fmt}")
def api_map_export(
    map_id: str,
    fmt: DownloadFormat,
    services: ServicesDep,
    version: int | None = None,
    lang: Lang | None = None,
) -> Response:
    """A stored map version (the latest by default) in an export format."""
    return map_export(services, map_id, fmt, version, lang)

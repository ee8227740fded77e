"""Downloads of a diagnosis in every export format (and all of them in one zip). The HTML report
carries the workspace's feedback analysis when it has one, as `cxcoach export` does."""

from __future__ import annotations

from typing import cast
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import Response

from assistant.domain import Diagnosis, Lang
from assistant.exports import DOWNLOADS, DownloadFormat, ExportResult
from assistant.services.exporting import analytics_for, export_with
from web.deps import LangDep, ServicesDep
from web.views.maps import load_map

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api", tags=["exports"])


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
    if fmt not in DOWNLOADS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no export format '{fmt}'")
    return cast(DownloadFormat, fmt)


def in_readers_script(diagnosis: Diagnosis, lang: Lang | None, reader: Lang | None) -> Lang | None:
    """The export language: the one asked for; else, from a page, the reader's Chinese script
    when the map is Chinese too (a zh-Hant reader downloads Traditional); else the map's own."""
    if lang is not None or reader is None:
        return lang
    chinese = reader != "en" and diagnosis.map.lang != "en"
    return reader if chinese else None


def session_export(
    services: ServicesDep, session_id: str, fmt: str, lang: Lang | None, reader: Lang | None = None
) -> Response:
    chosen = _check(fmt)
    diagnosis = services.interview.diagnosis(session_id)
    workspace_id = services.db.sessions.get(session_id).workspace_id
    analytics = analytics_for(services, workspace_id)
    lang = in_readers_script(diagnosis, lang, reader)
    return download(export_with(diagnosis, [chosen], lang, analytics)[0])


def map_export(
    services: ServicesDep,
    map_id: str,
    fmt: str,
    version: int | None,
    lang: Lang | None,
    reader: Lang | None = None,
) -> Response:
    chosen = _check(fmt)
    loaded = load_map(services.db, map_id, version)
    analytics = analytics_for(services, loaded.record.workspace_id)
    lang = in_readers_script(loaded.diagnosis, lang, reader)
    return download(export_with(loaded.diagnosis, [chosen], lang, analytics)[0])


@router.get("/sessions/{session_id}/export/{fmt}")
def session_export_page(
    session_id: str, fmt: str, services: ServicesDep, reader: LangDep, lang: Lang | None = None
) -> Response:
    return session_export(services, session_id, fmt, lang, reader)


@router.get("/maps/{map_id}/export/{fmt}")
def map_export_page(
    map_id: str,
    fmt: str,
    services: ServicesDep,
    reader: LangDep,
    version: int | None = None,
    lang: Lang | None = None,
) -> Response:
    return map_export(services, map_id, fmt, version, lang, reader)


@api.get("/sessions/{session_id}/export/{fmt}")
def api_session_export(
    session_id: str, fmt: DownloadFormat, services: ServicesDep, lang: Lang | None = None
) -> Response:
    """The session's map and plan in an export format (html, md, csv, json, mermaid), or all of
    them in a zip."""
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

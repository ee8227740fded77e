"""A map's version history and the difference between two versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from assistant.domain.diff import DiagnosisDiff, diff_diagnoses
from assistant.storage import Author, Database, NotFound
from web.deps import Page, PageDep, ServicesDep
from web.routers.maps import MapVersionOut
from web.views.diff import diff_groups
from web.views.journey import shown
from web.views.maps import load_map
from web.views.notes import NoteReader

router = APIRouter(prefix="/maps", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/maps", tags=["versions"])


def _pair(latest: int, a: int | None, b: int | None) -> tuple[int, int]:
    """Versions to compare: as asked, else the latest against the one before it."""
    new = b if b is not None else latest
    old = a if a is not None else max(1, new - 1)
    for number in (old, new):
        if not 1 <= number <= latest:
            raise NotFound(f"no version {number}", what="version", ident=str(number))
    return old, new


def diff_versions(db: Database, map_id: str, a: int, b: int) -> DiagnosisDiff:
    return diff_diagnoses(db.maps.get_version(map_id, a), db.maps.get_version(map_id, b))


def history_context(page: Page, map_id: str, a: int | None, b: int | None) -> dict[str, Any]:
    db = page.services.db
    history = db.maps.history(map_id)
    old, new = _pair(history[-1].version, a, b)
    # Read in the reader's script, like the rest of the page (a zh-Hans map read in zh-Hant
    # names its changed elements in Traditional); the API's diff stays as stored.
    diff = diff_diagnoses(
        shown(db.maps.get_version(map_id, old), page.lang),
        shown(db.maps.get_version(map_id, new), page.lang),
    )
    latest = shown(db.maps.latest(map_id)[0], page.lang)
    reader = NoteReader(page.lang, page.labels, page.t, latest)
    return {
        "history": history,
        "notes": {v.version: reader.read(v.note) for v in history},
        "diff_a": old,
        "diff_b": new,
        "diff": diff,
        "diff_groups": diff_groups(diff, page.labels, page.t),
    }


@router.get("/{map_id}/diff", response_class=HTMLResponse)
def diff_page(map_id: str, page: PageDep, a: int | None = None, b: int | None = None) -> Response:
    if not page.htmx:  # the diff lives on the plan page
        query = "&".join(f"{k}={v}" for k, v in (("a", a), ("b", b)) if v is not None)
        return RedirectResponse(f"/maps/{map_id}/plan?{query}#history", status_code=303)
    record = page.services.db.maps.get(map_id)
    context = {"map_id": record.id, **history_context(page, map_id, a, b)}
    return page.render("plan.html", context, blocks=["diff"])


class VersionOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    note: str
    author: Author
    created_at: datetime
    stages: int
    touchpoints: int
    pain_points: int
    actions: int


@api.get("/{map_id}/versions", response_model=list[VersionOut])
def api_versions(map_id: str, services: ServicesDep) -> list[VersionOut]:
    """Every version of the map, oldest first, with its author and note."""
    return [
        VersionOut(
            version=v.version,
            note=v.note,
            author=v.author,
            created_at=v.created_at,
            stages=v.stages,
            touchpoints=v.touchpoints,
            pain_points=v.pain_points,
            actions=v.actions,
        )
        for v in services.db.maps.history(map_id)
    ]


@api.get("/{map_id}/versions/{version}", response_model=MapVersionOut)
def api_version(map_id: str, version: int, services: ServicesDep) -> MapVersionOut:
    return MapVersionOut.of(load_map(services.db, map_id, version))


@api.get("/{map_id}/diff", response_model=DiagnosisDiff)
def api_diff(
    map_id: str, services: ServicesDep, a: int | None = None, b: int | None = None
) -> DiagnosisDiff:
    """Elements added, removed or changed from version `a` to `b` (default: the last two)."""
    latest = services.db.maps.get(map_id).latest_version
    old, new = _pair(latest, a, b)
    return diff_versions(services.db, map_id, old, new)

"""The journey map: the stage × lane grid, an element's provenance, inline edits (new versions)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import Diagnosis
from assistant.services.editing import (
    EDITABLE_KINDS,
    EditableKind,
    EditError,
    edit_element,
    find_element,
)
from assistant.storage import Author
from assistant.storage.notes import edit_note
from web.deps import Page, PageDep, ServicesDep
from web.views.journey import element_view
from web.views.maps import MapVersion, load_map, map_context

router = APIRouter(prefix="/maps", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/maps", tags=["maps"])

EDIT_AUTHOR: Author = "edit"


def _kind(kind: str) -> EditableKind:
    if kind not in EDITABLE_KINDS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no element kind '{kind}'")
    return kind


def _with_detail(
    page: Page, loaded: MapVersion, kind: EditableKind, element_id: str, **extra: Any
) -> dict[str, Any]:
    context = map_context(loaded, page.lang)
    try:
        shown_element = find_element(context["diagnosis"], kind, element_id)
        stored_element = find_element(loaded.diagnosis, kind, element_id)
    except EditError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    # Read in the interface's script; edited as stored, so that saving changes only what the
    # user changed (a zh-Hant screen must not rewrite a zh-Hans map into Traditional).
    context["detail"] = element_view(shown_element, kind, page.labels, page.t)
    context["stored"] = element_view(stored_element, kind, page.labels, page.t)
    context.update(extra)
    return context


def _map_page(page: Page, context: dict[str, Any], blocks: list[str] | None) -> HTMLResponse:
    return page.render("map.html", context, blocks=blocks if page.htmx else None)


@router.get("/{map_id}", response_class=HTMLResponse)
def map_page(map_id: str, page: PageDep, version: int | None = None) -> HTMLResponse:
    loaded = load_map(page.services.db, map_id, version)
    return page.render("map.html", map_context(loaded, page.lang))


@router.get("/{map_id}/elements/{kind}/{element_id}", response_class=HTMLResponse)
def element_detail(
    map_id: str, kind: str, element_id: str, page: PageDep, version: int | None = None
) -> HTMLResponse:
    loaded = load_map(page.services.db, map_id, version)
    context = _with_detail(page, loaded, _kind(kind), element_id)
    return _map_page(page, context, ["detail"])


@router.get("/{map_id}/elements/{kind}/{element_id}/edit", response_class=HTMLResponse)
def element_edit_form(map_id: str, kind: str, element_id: str, page: PageDep) -> HTMLResponse:
    loaded = load_map(page.services.db, map_id)
    context = _with_detail(page, loaded, _kind(kind), element_id, editing=True)
    return _map_page(page, context, ["detail"])


@router.post("/{map_id}/elements/{kind}/{element_id}", response_class=HTMLResponse)
async def element_save(
    map_id: str, kind: str, element_id: str, request: Request, page: PageDep
) -> HTMLResponse:
    form = await request.form()
    values = {key: str(value) for key, value in form.items()}
    db = page.services.db
    loaded = load_map(db, map_id)
    editable = _kind(kind)
    try:
        edited, changed = edit_element(loaded.diagnosis, editable, element_id, values)
    except EditError as exc:
        context = _with_detail(page, loaded, editable, element_id, editing=True, error=str(exc))
        return _map_page(page, context, ["detail"])
    saved = None
    if changed:
        note = edit_note(kind, element_id, changed)
        saved = db.maps.save_version(map_id, edited, note=note, author=EDIT_AUTHOR)
        loaded = load_map(db, map_id)
    context = _with_detail(page, loaded, editable, element_id, saved=saved, oob=True)
    return _map_page(page, context, ["detail", "grid", "version_bar"])


# JSON API ------------------------------------------------------------------------------------
class MapSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    workspace_id: str
    session_id: str | None
    latest_version: int


class MapVersionOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    map_id: str
    title: str
    version: int
    latest_version: int
    diagnosis: Diagnosis

    @classmethod
    def of(cls, loaded: MapVersion) -> MapVersionOut:
        return cls(
            map_id=loaded.record.id,
            title=loaded.record.title,
            version=loaded.version,
            latest_version=loaded.record.latest_version,
            diagnosis=loaded.diagnosis,
        )


class ElementEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: dict[str, str | int | float | bool | None] = Field(
        description="New values by field name, e.g. {'name': '…', 'emotion_score': -1}"
    )


@api.get("", response_model=list[MapSummary])
def api_list(services: ServicesDep, workspace: str = "default") -> list[MapSummary]:
    """The maps of a workspace (by name)."""
    known = {w.name: w.id for w in services.db.workspaces.list()}
    if workspace not in known:
        return []
    return [
        MapSummary(
            id=m.id,
            title=m.title,
            workspace_id=m.workspace_id,
            session_id=m.session_id,
            latest_version=m.latest_version,
        )
        for m in services.db.maps.list(known[workspace])
    ]


@api.get("/{map_id}", response_model=MapVersionOut)
def api_map(map_id: str, services: ServicesDep, version: int | None = None) -> MapVersionOut:
    """A map and its plan (a diagnosis) at a version, the latest by default."""
    return MapVersionOut.of(load_map(services.db, map_id, version))


@api.patch("/{map_id}/elements/{kind}/{element_id}", response_model=MapVersionOut)
def api_edit(
    map_id: str, kind: str, element_id: str, body: ElementEdit, services: ServicesDep
) -> MapVersionOut:
    """Edit one element of the latest version; the result is saved as a new version."""
    loaded = load_map(services.db, map_id)
    try:
        edited, changed = edit_element(loaded.diagnosis, _kind(kind), element_id, body.values)
    except EditError as exc:
        raise HTTPException(422, str(exc)) from None
    if changed:
        note = edit_note(kind, element_id, changed)
        services.db.maps.save_version(map_id, edited, note=note, author=EDIT_AUTHOR)
    return MapVersionOut.of(load_map(services.db, map_id))

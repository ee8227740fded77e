"""The journey map: the stage × lane canvas, an element's details in the drawer, and changes made
in place — edit, add, delete, move, undo — each saved as a new version by the map editing
service (assistant/services/map_editing.py), for the page and the JSON API alike.

A page change answers an htmx request with the drawer (the request's target) and the canvas,
the version bar and the status toast swapped out of band; without JavaScript the same form
posts and gets the whole page back, with the drawer and the toast in it.
"""

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
    find_element,
)
from assistant.services.map_editing import (
    DIRECTIONS,
    MapEditError,
    MapEditor,
    SavedChange,
    structural_kind,
)
from web.deps import Page, PageDep, ServicesDep
from web.views.journey import arrange, element_view
from web.views.maps import MapVersion, load_map, map_context
from web.views.notes import NoteReader

router = APIRouter(prefix="/maps", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/maps", tags=["maps"])

CHANGED_BLOCKS = ["detail", "grid", "version_bar", "toast"]


def _kind(kind: str) -> EditableKind:
    if kind not in EDITABLE_KINDS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no element kind '{kind}'")
    return kind


def _with_detail(
    page: Page, loaded: MapVersion, kind: EditableKind, element_id: str, **extra: Any
) -> dict[str, Any]:
    # Whether there is a change to undo (read from the history) is shown by the version bar and
    # the toast, not by the drawer alone: a click on a card does not read the history.
    drawer_only = page.htmx and not extra.get("oob")
    context = map_context(loaded, page.lang, None if drawer_only else page.services.db)
    try:
        shown_element = find_element(context["diagnosis"], kind, element_id)
        stored_element = find_element(loaded.diagnosis, kind, element_id)
    except EditError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    # Read in the interface's script; edited as stored, so that saving changes only what the
    # user changed (a zh-Hant screen must not rewrite a zh-Hans map into Traditional).
    context["detail"] = element_view(shown_element, kind, page.labels, page.t)
    context["stored"] = element_view(stored_element, kind, page.labels, page.t)
    context["arrange"] = arrange(context["m"], kind, element_id)
    context["evidence"] = _evidence(page, loaded, stored_element)
    context.update(extra)
    return context


def _evidence(page: Page, loaded: MapVersion, element: Any) -> Any:
    """The readable evidence (quotes, counts, links to the records) of a data-backed element,
    for the drawer's _evidence.html; None when the element cites no records."""
    provenance = getattr(element, "provenance", None)
    if provenance is None or not provenance.refs:
        return None
    return page.services.evidence.evidence(loaded.record.workspace_id, provenance.refs)


def _map_page(page: Page, context: dict[str, Any], blocks: list[str] | None) -> HTMLResponse:
    return page.render("map.html", context, blocks=blocks if page.htmx else None)


def _saved_toast(page: Page, context: dict[str, Any], saved: SavedChange | None) -> dict[str, Any]:
    if saved is None:
        return {"kind": "info", "text": page.t("canvas_unchanged")}
    reader = NoteReader(page.lang, page.labels, page.t, context["diagnosis"])
    text = page.t("canvas_saved", n=saved.version, note=reader.read(saved.note))
    return {"kind": "ok", "text": text, "version": saved.version}


def _after_change(
    page: Page,
    map_id: str,
    change: SavedChange | None,
    focus: tuple[str, str] | None = None,
    **extra: Any,
) -> HTMLResponse:
    """The map after a change: the drawer on `focus` when it is still on the map (closed
    otherwise), the canvas, and a toast saying which version the change was saved as."""
    loaded = load_map(page.services.db, map_id)
    context: dict[str, Any] | None = None
    if focus is not None and focus[0] in EDITABLE_KINDS:
        try:
            context = _with_detail(page, loaded, _kind(focus[0]), focus[1], oob=True, **extra)
        except HTTPException:
            context = None  # it is gone (deleted): the drawer closes
    if context is None:
        context = {**map_context(loaded, page.lang, page.services.db), "oob": True, **extra}
    context["toast"] = _saved_toast(page, context, change)
    return _map_page(page, context, CHANGED_BLOCKS)


def _refused(page: Page, map_id: str, exc: EditError) -> HTMLResponse:
    """A change that could not be made: nothing saved, the reason in the drawer and the toast."""
    reason = exc.message(page.lang)
    loaded = load_map(page.services.db, map_id)
    context = {**map_context(loaded, page.lang, page.services.db), "oob": True}
    context["error"] = reason
    context["toast"] = {"kind": "error", "text": page.t("canvas_refused", reason=reason)}
    return _map_page(page, context, CHANGED_BLOCKS)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value) for key, value in form.items() if key != "csrf_token"}


def _index(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    try:
        return int(raw)
    except ValueError:
        raise MapEditError("position") from None


# Pages ----------------------------------------------------------------------------------------
@router.get("/{map_id}", response_class=HTMLResponse)
def map_page(map_id: str, page: PageDep, version: int | None = None) -> HTMLResponse:
    loaded = load_map(page.services.db, map_id, version)
    return page.render("map.html", map_context(loaded, page.lang, page.services.db))


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
    values = await _form(request)
    editable = _kind(kind)
    editor = MapEditor(page.services.db)
    try:
        saved = editor.edit(map_id, editable, element_id, values)
    except EditError as exc:
        loaded = load_map(page.services.db, map_id)
        context = _with_detail(page, loaded, editable, element_id, editing=True, error=str(exc))
        return _map_page(page, context, ["detail"])
    return _after_change(
        page, map_id, saved, (editable, element_id), saved=saved.version if saved else None
    )


@router.post("/{map_id}/elements/{kind}", response_class=HTMLResponse)
async def element_add(map_id: str, kind: str, request: Request, page: PageDep) -> HTMLResponse:
    """Add a stage, touchpoint, pain point, opportunity or persona; its details open."""
    values = await _form(request)
    try:
        saved = MapEditor(page.services.db).add(map_id, structural_kind(kind), values)
    except EditError as exc:
        return _refused(page, map_id, exc)
    return _after_change(page, map_id, saved, (saved.kind, saved.element_id))


@router.post("/{map_id}/elements/{kind}/{element_id}/delete", response_class=HTMLResponse)
def element_delete(map_id: str, kind: str, element_id: str, page: PageDep) -> HTMLResponse:
    try:
        saved = MapEditor(page.services.db).delete(map_id, structural_kind(kind), element_id)
    except EditError as exc:
        return _refused(page, map_id, exc)
    return _after_change(page, map_id, saved)


@router.post("/{map_id}/elements/{kind}/{element_id}/move", response_class=HTMLResponse)
async def element_move(
    map_id: str, kind: str, element_id: str, request: Request, page: PageDep
) -> HTMLResponse:
    """One step (`direction`: a button) or to `stage_id` at `index` (a drag, or the stage
    picker)."""
    values = await _form(request)
    try:
        saved = MapEditor(page.services.db).move(
            map_id,
            structural_kind(kind),
            element_id,
            direction=values.get("direction") or None,
            stage_id=values.get("stage_id") or None,
            index=_index(values.get("index")),
        )
    except EditError as exc:
        return _refused(page, map_id, exc)
    return _after_change(page, map_id, saved, (kind, element_id))


@router.post("/{map_id}/undo", response_class=HTMLResponse)
def map_undo(map_id: str, page: PageDep) -> HTMLResponse:
    try:
        saved = MapEditor(page.services.db).undo(map_id)
    except EditError as exc:
        return _refused(page, map_id, exc)
    return _after_change(page, map_id, saved)


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


Value = str | int | float | bool | list[str] | None


class ElementEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: dict[str, Value] = Field(
        description="New values by field name, e.g. {'name': '…', 'emotion_score': -1}; "
        "a persona's goals, needs, frustrations and expectations are lists of strings"
    )


class ElementMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    direction: str | None = Field(
        None, description=f"One step: {', '.join(DIRECTIONS)} (left/right: to the next stage)"
    )
    stage_id: str | None = Field(None, description="The stage to move a touchpoint or pain to")
    index: int | None = Field(None, ge=0, description="The place in that stage (0: first)")


class MapChangeOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(description="The version saved; null when nothing changed")
    note: str = Field(description="The version's note, in the stored form")
    element_id: str = ""
    map: MapVersionOut


def _change_out(services: Any, map_id: str, saved: SavedChange | None) -> MapChangeOut:
    return MapChangeOut(
        version=saved.version if saved else None,
        note=saved.note if saved else "",
        element_id=saved.element_id if saved else "",
        map=MapVersionOut.of(load_map(services.db, map_id)),
    )


def _unprocessable(exc: EditError) -> HTTPException:
    return HTTPException(422, str(exc))


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
    try:
        MapEditor(services.db).edit(map_id, _kind(kind), element_id, body.values)
    except EditError as exc:
        raise _unprocessable(exc) from None
    return MapVersionOut.of(load_map(services.db, map_id))


@api.post(
    "/{map_id}/elements/{kind}", response_model=MapChangeOut, status_code=status.HTTP_201_CREATED
)
def api_add(map_id: str, kind: str, body: ElementEdit, services: ServicesDep) -> MapChangeOut:
    """Add a stage, touchpoint, pain point, opportunity or persona (`values`: its fields, and
    `stage_id`, `touchpoint_id`, `pain_point_ids`, `position` to place it); a new version."""
    try:
        saved = MapEditor(services.db).add(map_id, kind, body.values)
    except EditError as exc:
        raise _unprocessable(exc) from None
    return _change_out(services, map_id, saved)


@api.delete("/{map_id}/elements/{kind}/{element_id}", response_model=MapChangeOut)
def api_delete(map_id: str, kind: str, element_id: str, services: ServicesDep) -> MapChangeOut:
    """Delete an element (a stage with its touchpoints and pain points); a new version."""
    try:
        saved = MapEditor(services.db).delete(map_id, kind, element_id)
    except EditError as exc:
        raise _unprocessable(exc) from None
    return _change_out(services, map_id, saved)


@api.post("/{map_id}/elements/{kind}/{element_id}/move", response_model=MapChangeOut)
def api_move(
    map_id: str, kind: str, element_id: str, body: ElementMove, services: ServicesDep
) -> MapChangeOut:
    """Move an element one step, or a touchpoint or pain point to a stage at an index; a new
    version (none when it is already there)."""
    try:
        saved = MapEditor(services.db).move(
            map_id,
            kind,
            element_id,
            direction=body.direction,
            stage_id=body.stage_id,
            index=body.index,
        )
    except EditError as exc:
        raise _unprocessable(exc) from None
    return _change_out(services, map_id, saved)


@api.post("/{map_id}/undo", response_model=MapChangeOut)
def api_undo(map_id: str, services: ServicesDep) -> MapChangeOut:
    """Undo the last change made by hand: the version before it, saved again as a new one."""
    try:
        saved = MapEditor(services.db).undo(map_id)
    except EditError as exc:
        raise _unprocessable(exc) from None
    return _change_out(services, map_id, saved)

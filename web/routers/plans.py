"""The improvement plan: the impact/effort matrix and the action table, beside the history; its
actions edited, deleted, added and moved up or down the plan (`assistant/services/plan_editing.py`),
on the page and by the JSON API.

Page changes are forms (they work without JavaScript: post, then a redirect back to the plan
saying what was saved); with htmx the plan's body (matrix and table together) is swapped, the
head and the history follow out of band. A refused change is said in the reader's language and
keeps what was typed: every problem at once, in a list at the top of the form and beside each
field it is about. The JSON API's refusal names every problem too (`PlanRefusal`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import FormData

from assistant.domain import ImprovementPlan
from assistant.services.container import Services
from assistant.services.editing import EditError
from assistant.services.map_editing import MapEditor, SavedChange
from assistant.services.plan_editing import (
    MOVE_DIRECTIONS,
    PAINS,
    REQUIRED_FOR_NEW,
    PlanEditError,
    PlanEditor,
    unmoved_message,
)
from web.deps import Page, PageDep, ServicesDep
from web.routers.versions import history_context
from web.views.maps import load_map, map_context
from web.views.plan import MATRIX_GEOMETRY, action_form, action_rows

router = APIRouter(prefix="/maps", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/maps", tags=["plans"])

PAINS_MARKER = "_pains"  # sent by a form that lists the pain points (none ticked means none)
BLOCKS = ["plan_body", "plan_head", "history"]


def _context(
    page: Page,
    map_id: str,
    version: int | None = None,
    *,
    editing: str = "",
    adding: bool = False,
    typed: dict[str, Any] | None = None,
    error: str = "",
    problems: list[dict[str, str]] | None = None,
    saved: int | None = None,
    unchanged: bool = False,
    unmoved: str = "",
    a: int | None = None,
    b: int | None = None,
) -> dict[str, Any]:
    loaded = load_map(page.services.db, map_id, version)
    context = map_context(loaded, page.lang, page.services.db)  # with whether undo can be offered
    shown = context["diagnosis"]
    context["rows"] = action_rows(shown)
    context.update(history_context(page, map_id, a, b))
    editable = loaded.is_latest
    known = {action.id for action in loaded.diagnosis.plan.actions}
    editing = editing if editable and editing in known else ""
    context["editing_action"] = editing
    context["edit_form"] = (
        action_form(
            loaded.diagnosis, shown, editing, page.labels, page.t, typed if not adding else None
        )
        if editing
        else None
    )
    context["add_form"] = (
        action_form(loaded.diagnosis, shown, "", page.labels, page.t, typed if adding else None)
        if editable
        else None
    )
    context["adding"] = adding
    context["plan_error"] = error
    # Each problem of a refused form (its field, the form name, or "" and what to fix): listed
    # at the top of the form and said beside the field.
    context["plan_problems"] = problems or []
    context["field_errors"] = {p["field"]: p["message"] for p in problems or [] if p["field"]}
    context["required_fields"] = REQUIRED_FOR_NEW
    context["plan_status"] = (
        page.t("plan_saved", version=saved, note=context["notes"].get(saved) or "—")
        if saved is not None and saved in context["notes"]
        else (
            unmoved_message(shown, unmoved, page.lang)
            if unmoved and editable
            else (page.t("plan_unchanged") if unchanged else "")
        )
    )
    context["matrix"] = MATRIX_GEOMETRY
    return context


@router.get("/{map_id}/plan", response_class=HTMLResponse)
def plan_page(
    map_id: str,
    page: PageDep,
    version: int | None = None,
    a: int | None = None,
    b: int | None = None,
    edit: str = "",
    saved: int | None = None,
    unchanged: bool = False,
    unmoved: str = "",
) -> HTMLResponse:
    """The plan page; `edit` opens an action's form (htmx: the plan's body alone); `unmoved`
    names an action a move left where it was (said in the status line)."""
    context = _context(
        page,
        map_id,
        version,
        editing=edit,
        saved=saved,
        unchanged=unchanged,
        unmoved=unmoved,
        a=a,
        b=b,
    )
    return page.render("plan.html", context, blocks=["plan_body"] if page.htmx else None)


def _values(form: FormData) -> dict[str, Any]:
    """A submitted action form as the service reads it: text by field name; the pain points as
    a list when the form listed them."""
    values: dict[str, Any] = {k: str(v) for k, v in form.items() if k != PAINS}
    if PAINS in form or PAINS_MARKER in form:
        values[PAINS] = [str(v) for v in form.getlist(PAINS)]
    return values


def _after(
    page: Page,
    map_id: str,
    change: SavedChange | None,
    *,
    unmoved: str = "",
) -> Response:
    """The plan after a change: htmx gets the body, head and history; a form the redirect.
    `unmoved`: the action a move left where it was (its own message, not "nothing changed")."""
    if not page.htmx:
        query = f"saved={change.version}" if change else "unchanged=1"
        if change is None and unmoved:
            query = f"unmoved={quote(unmoved)}"
        return RedirectResponse(f"/maps/{map_id}/plan?{query}", status_code=303)
    context = _context(
        page,
        map_id,
        saved=change.version if change else None,
        unchanged=not change,
        unmoved=unmoved if change is None else "",
    )
    context["oob"] = True
    return page.render("plan.html", context, blocks=BLOCKS)


def _refused(
    page: Page,
    map_id: str,
    exc: PlanEditError,
    *,
    editing: str = "",
    adding: bool = False,
    typed: dict[str, Any] | None = None,
) -> HTMLResponse:
    problems = [
        {"field": problem.field or "", "message": problem.message(page.lang)}
        for problem in exc.problems
    ]
    context = _context(
        page,
        map_id,
        editing=editing,
        adding=adding,
        typed=typed,
        error=exc.message(page.lang),
        problems=problems,
    )
    if page.htmx:  # swapped in place like any answer (a 4xx is a failed load to the browser)
        return page.render("plan.html", context, blocks=["plan_body"])
    code = status.HTTP_404_NOT_FOUND if exc.key == "not_found" else 422
    return page.render("plan.html", context, status_code=code)


@router.post("/{map_id}/plan/actions/{action_id}", response_class=HTMLResponse)
async def action_save(map_id: str, action_id: str, request: Request, page: PageDep) -> Response:
    """Save the action's form (or a dot dragged on the matrix: impact and effort alone)."""
    values = _values(await request.form())
    try:
        change = PlanEditor(page.services.db).edit(map_id, action_id, values)
    except PlanEditError as exc:
        return _refused(page, map_id, exc, editing=action_id, typed=values)
    return _after(page, map_id, change)


@router.post("/{map_id}/plan/actions/{action_id}/delete", response_class=HTMLResponse)
def action_delete(map_id: str, action_id: str, page: PageDep) -> Response:
    try:
        change = PlanEditor(page.services.db).delete(map_id, action_id)
    except PlanEditError as exc:
        return _refused(page, map_id, exc)
    return _after(page, map_id, change)


@router.post("/{map_id}/plan/actions/{action_id}/move", response_class=HTMLResponse)
async def action_move(map_id: str, action_id: str, request: Request, page: PageDep) -> Response:
    """Move the action one place (`direction`: the ↑ ↓ buttons) or to `index` (a dragged row)."""
    form = await request.form()
    direction = str(form.get("direction") or "") or None
    index = str(form.get("index") or "") or None
    try:
        change = PlanEditor(page.services.db).move(
            map_id, action_id, direction=direction, index=index
        )
    except PlanEditError as exc:
        return _refused(page, map_id, exc)
    return _after(page, map_id, change, unmoved=action_id)


@router.post("/{map_id}/plan/actions", response_class=HTMLResponse)
async def action_add(map_id: str, request: Request, page: PageDep) -> Response:
    values = _values(await request.form())
    try:
        change = PlanEditor(page.services.db).add(map_id, values)
    except PlanEditError as exc:
        return _refused(page, map_id, exc, adding=True, typed=values)
    return _after(page, map_id, change)


@router.post("/{map_id}/plan/undo", response_class=HTMLResponse)
def plan_undo(map_id: str, page: PageDep) -> Response:
    """Undo the last hand change (of the plan or the map), as the canvas's undo does: the
    version before it saved again as a new one, said where the plan's changes are said."""
    try:
        change = MapEditor(page.services.db).undo(map_id)
    except EditError as exc:
        reason = exc.message(page.lang)
        context = _context(page, map_id, error=reason)
        if page.htmx:
            return page.render("plan.html", context, blocks=["plan_body"])
        return page.render("plan.html", context, status_code=status.HTTP_409_CONFLICT)
    return _after(page, map_id, change)


# JSON API ------------------------------------------------------------------------------------
class PlanOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    map_id: str
    version: int
    plan: ImprovementPlan


class PlanEditOut(PlanOut):
    action_id: str = Field(description="The action edited, deleted or added")
    saved: bool = Field(description="False when the values changed nothing (no new version)")


class ActionValues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: dict[str, str | int | float | list[str] | None] = Field(
        description="Values by field name: title, description, pain_point_ids (a list of pain "
        "point ids), owner_department, kpi_name, kpi_unit, kpi_baseline, kpi_target, horizon "
        "(30d, 60d, 90d, quarter), impact and effort (1-5), kano"
    )


class FieldProblem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str | None = Field(description="The value to fix (a name of `values`), if one is")
    key: str = Field(description="What is wrong, e.g. owner_department, unknown_pain, not_found")
    message: str = Field(description="What to fix, in English")


class PlanRefusal(BaseModel):
    """A change refused: nothing saved. Every problem of the values is named at once."""

    model_config = ConfigDict(extra="forbid")

    detail: str = Field(description="Every problem, in one English sentence each")
    errors: list[FieldProblem] = Field(
        default_factory=list, description="The problems one by one, in the form's order"
    )


REFUSED: dict[int | str, dict[str, Any]] = {
    404: {"model": PlanRefusal, "description": "No such map, or no such action (`errors`)"},
    422: {"model": PlanRefusal, "description": "Refused: every problem of the values"},
}


class ActionMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    direction: str | None = Field(
        None, description=f"One place: {', '.join(MOVE_DIRECTIONS)} (up: earlier in the plan)"
    )
    index: int | None = Field(None, ge=0, description="The place in the plan (0: first)")


@api.get("/{map_id}/plan", response_model=PlanOut)
def api_plan(map_id: str, services: ServicesDep, version: int | None = None) -> PlanOut:
    """The plan of a map version: actions with owner, KPI, horizon and priority bucket."""
    loaded = load_map(services.db, map_id, version)
    return PlanOut(map_id=map_id, version=loaded.version, plan=loaded.diagnosis.plan)


def _api_result(
    services: Services, map_id: str, action_id: str, change: SavedChange | None
) -> PlanEditOut:
    loaded = load_map(services.db, map_id)
    return PlanEditOut(
        map_id=map_id,
        version=loaded.version,
        plan=loaded.diagnosis.plan,
        action_id=action_id,
        saved=change is not None,
    )


def _api_refused(exc: PlanEditError) -> JSONResponse:
    """The refusal: `detail` says it all (as before), `errors` each problem with its field."""
    code = status.HTTP_404_NOT_FOUND if exc.key == "not_found" else 422
    refusal = PlanRefusal(
        detail=str(exc),
        errors=[
            FieldProblem(field=problem.field, key=problem.key, message=str(problem))
            for problem in exc.problems
        ],
    )
    return JSONResponse(refusal.model_dump(mode="json"), status_code=code)


@api.patch("/{map_id}/plan/actions/{action_id}", response_model=PlanEditOut, responses=REFUSED)
def api_edit_action(
    map_id: str, action_id: str, body: ActionValues, services: ServicesDep
) -> PlanEditOut | JSONResponse:
    """Change fields of an action of the latest version; saved as a new version."""
    try:
        change = PlanEditor(services.db).edit(map_id, action_id, body.values)
    except PlanEditError as exc:
        return _api_refused(exc)
    return _api_result(services, map_id, action_id, change)


@api.delete("/{map_id}/plan/actions/{action_id}", response_model=PlanEditOut, responses=REFUSED)
def api_delete_action(
    map_id: str, action_id: str, services: ServicesDep
) -> PlanEditOut | JSONResponse:
    """Delete an action of the latest version; saved as a new version."""
    try:
        change = PlanEditor(services.db).delete(map_id, action_id)
    except PlanEditError as exc:
        return _api_refused(exc)
    return _api_result(services, map_id, action_id, change)


@api.post("/{map_id}/plan/actions/{action_id}/move", response_model=PlanEditOut, responses=REFUSED)
def api_move_action(
    map_id: str, action_id: str, body: ActionMove, services: ServicesDep
) -> PlanEditOut | JSONResponse:
    """Move an action one place up or down the plan, or to an index; saved as a new version
    (none, `saved` false, when it is already there: the first action moved up)."""
    try:
        change = PlanEditor(services.db).move(
            map_id, action_id, direction=body.direction, index=body.index
        )
    except PlanEditError as exc:
        return _api_refused(exc)
    return _api_result(services, map_id, action_id, change)


@api.post(
    "/{map_id}/plan/actions",
    response_model=PlanEditOut,
    status_code=status.HTTP_201_CREATED,
    responses=REFUSED,
)
def api_add_action(
    map_id: str, body: ActionValues, services: ServicesDep
) -> PlanEditOut | JSONResponse:
    """Add an action at the end of the plan (title, pain_point_ids, owner_department,
    kpi_name and kpi_target needed); saved as a new version. Refused with every missing or
    invalid value named at once (`errors`)."""
    try:
        change = PlanEditor(services.db).add(map_id, body.values)
    except PlanEditError as exc:
        return _api_refused(exc)
    return _api_result(services, map_id, change.element_id, change)

"""The improvement plan: the impact/effort matrix and the action table, beside the history."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict

from assistant.domain import ImprovementPlan
from web.deps import PageDep, ServicesDep
from web.routers.versions import history_context
from web.views.maps import load_map, map_context
from web.views.plan import action_rows

router = APIRouter(prefix="/maps", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/maps", tags=["plans"])


@router.get("/{map_id}/plan", response_class=HTMLResponse)
def plan_page(
    map_id: str,
    page: PageDep,
    version: int | None = None,
    a: int | None = None,
    b: int | None = None,
) -> HTMLResponse:
    db = page.services.db
    loaded = load_map(db, map_id, version)
    context = map_context(loaded, page.lang)
    context["rows"] = action_rows(context["diagnosis"])
    context.update(history_context(page, map_id, a, b))
    return page.render("plan.html", context)


class PlanOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    map_id: str
    version: int
    plan: ImprovementPlan


@api.get("/{map_id}/plan", response_model=PlanOut)
def api_plan(map_id: str, services: ServicesDep, version: int | None = None) -> PlanOut:
    """The plan of a map version: actions with owner, KPI, horizon and priority bucket."""
    loaded = load_map(services.db, map_id, version)
    return PlanOut(map_id=map_id, version=loaded.version, plan=loaded.diagnosis.plan)

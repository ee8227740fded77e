"""Liveness: the app answers and its configuration loaded."""

from __future__ import annotations

from fastapi import APIRouter

from assistant import __version__
from web.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(services: ServicesDep) -> dict[str, str]:
    return {"status": "ok", "version": __version__, "llm_mode": services.settings.llm_mode}

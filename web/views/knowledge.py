"""What the Knowledge page shows: the workspace's sources and its feedback analysis."""

from __future__ import annotations

from typing import Any

from assistant.interview.say import Say
from assistant.playbooks import INDUSTRIES
from assistant.services.container import Services
from assistant.storage import SourceRecord
from web.deps import Page
from web.uploads import MAX_FILES
from web.views.analytics import analysis_view


def sources_of(services: Services, workspace: str) -> list[SourceRecord]:
    found = {w.name: w.id for w in services.db.workspaces.list()}.get(workspace)
    return services.db.sources.list(found) if found else []


def knowledge_context(page: Page, workspace: str, **extra: Any) -> dict[str, Any]:
    """The page's context; `extra` overrides (an upload's results, a notice, a running job)."""
    services = page.services
    say = Say(page.lang)
    latest = services.analytics.latest(workspace) if "analysis" not in extra else None
    return {
        "workspace": workspace,
        "workspaces": [w.name for w in services.db.workspaces.list()],
        "sources": sources_of(services, workspace),
        "limit_mb": services.settings.max_upload_mb,
        "max_files": MAX_FILES,
        "job": None,
        "results": None,
        "notice": "",
        "industries": [(key, say(f"industry_{key}")) for key in INDUSTRIES],
        "analysis": analysis_view(latest, page.lang, page.t, page.labels) if latest else None,
        "analysis_files": [],  # files refused or failed in the last analysis run
        "analysis_notice": "",
        "analysis_job": None,
        **extra,
    }

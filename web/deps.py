"""Dependencies shared by the routers (`Annotated` aliases, full-stack-fastapi-template style)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, cast

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2_fragments.fastapi import Jinja2Blocks

from assistant.domain import Lang
from assistant.i18n.labels import Labels, labels_for
from assistant.services.container import Services
from web.i18n import LANG_COOKIE, Translator, pick_lang
from web.jobs import Jobs
from web.security import csrf_token
from web.templating import render_fragment


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_jobs(request: Request) -> Jobs:
    """The process's background job queue (ingestion and analyses)."""
    jobs: Jobs = request.app.state.jobs
    return jobs


def get_lang(request: Request) -> Lang:
    services = get_services(request)
    return pick_lang(request.cookies.get(LANG_COOKIE), services.settings.ui_lang)


LangDep = Annotated[Lang, Depends(get_lang)]


def is_htmx(request: Request) -> bool:
    # A history restore asks for the whole page even though htmx sends it.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@dataclass
class Page:
    """Renders a page, or only some of its blocks, with what every template needs."""

    request: Request
    services: Services
    lang: Lang

    @property
    def templates(self) -> Jinja2Blocks:
        templates: Jinja2Blocks = self.request.app.state.templates
        return templates

    @cached_property
    def t(self) -> Translator:
        return Translator(self.lang)

    @cached_property
    def labels(self) -> Labels:
        return labels_for(self.lang)

    @property
    def htmx(self) -> bool:
        return is_htmx(self.request)

    def context(self, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        settings = self.services.settings
        return {
            "request": self.request,
            "lang": self.lang,
            "t": self.t,
            "L": self.labels,
            "llm_mode": settings.llm_mode,
            "path": self.request.url.path,
            "here": _here(self.request),
            "oob": False,
            "index_ready": self.request.app.state.index_ready.is_set(),
            "csrf_token": csrf_token(self.request),
            **(extra or {}),
        }

    def render(
        self,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        blocks: list[str] | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        """The whole page, or with `blocks` those blocks only, one after another."""
        response = self.templates.TemplateResponse(
            self.request,
            name,
            self.context(context),
            status_code=status_code,
            headers=headers,
            block_names=blocks or [],
        )
        return cast(HTMLResponse, response)  # a block, or the whole page: HTML either way

    def fragment(self, name: str, blocks: list[str], context: Mapping[str, Any]) -> str:
        return render_fragment(self.templates.env, name, blocks, self.context(context))


def _here(request: Request) -> str:
    """This page's path and query, for "come back here" links (the language switcher)."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def get_page(request: Request, services: ServicesDep, lang: LangDep) -> Page:
    return Page(request, services, lang)


PageDep = Annotated[Page, Depends(get_page)]

"""The records of a workspace: every ingested record, filtered by file, by words of the text and by
the references of one element (the link under a data-backed element's quotes), a page at a time;
and the JSON API for the same list and for an element's evidence. Filters are GET parameters, so
a filtered list is a link; the filter form works without JavaScript and, with htmx, swaps the
list alone.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from assistant.ingest.readers.model import FIELD_ROLES
from assistant.services.evidence import (
    MAX_PER_PAGE,
    PER_PAGE,
    ElementEvidence,
    RecordsPage,
    highlight,
)
from web.deps import Page, PageDep, ServicesDep

router = APIRouter(prefix="/workspaces", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/workspaces", tags=["records"])

FIELD_CHARS = 40  # a table column's value beside a record is cut here
RefsQuery = Annotated[
    list[str] | None, Query(description="Record references, e.g. reviews.csv#row=42")
]


def _number(value: str, default: int) -> int:
    """A page number as typed in an address: anything but a positive number is the default."""
    value = value.strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def records_url(workspace: str, *, source: str = "", q: str = "", refs: list[str] | None = None,
                page: int = 1) -> str:  # fmt: skip
    """The records page with these filters (empty ones left out)."""
    params: list[tuple[str, str]] = [("ref", r) for r in refs or []]
    params += [(k, v) for k, v in (("source", source), ("q", q)) if v]
    if page > 1:
        params.append(("page", str(page)))
    query = urlencode(params)
    return f"/workspaces/{quote(workspace, safe='')}/records" + (f"?{query}" if query else "")


def _fields(page: Page, fields: dict[str, str]) -> list[tuple[str, str]]:
    """A record's table columns, a role in the reader's language ("评分"), others as headed."""
    shown = []
    for key, value in fields.items():
        if not value.strip():
            continue
        name = page.t(f"column_role_{key}") if key in FIELD_ROLES else key
        text = value if len(value) <= FIELD_CHARS else value[: FIELD_CHARS - 1] + "…"
        shown.append((name, text))
    return shown


def _context(page: Page, result: RecordsPage) -> dict[str, Any]:
    def url(**changed: Any) -> str:
        filters: dict[str, Any] = {"source": result.source, "q": result.q, "refs": result.refs}
        return records_url(result.workspace, **{**filters, **changed})

    return {
        "result": result,
        "rows": [
            (row, highlight(row.text, result.q), _fields(page, row.fields)) for row in result.rows
        ],
        "base_url": records_url(result.workspace),
        "prev_url": url(page=result.page - 1) if result.page > 1 else "",
        "next_url": url(page=result.page + 1) if result.page < result.pages else "",
        "without_refs_url": url(refs=[]),
        "knowledge_url": f"/knowledge?{urlencode({'workspace': result.workspace})}",
        "swapped": page.htmx,
    }


@router.get("/{workspace}/records", response_class=HTMLResponse)
def records_page(
    workspace: str,
    page: PageDep,
    source: str = "",
    q: str = "",
    ref: RefsQuery = None,
    number: Annotated[str, Query(alias="page")] = "1",
) -> HTMLResponse:
    result = page.services.evidence.records(
        workspace, source=source, q=q, refs=ref or [], page=_number(number, 1)
    )
    blocks = ["records"] if page.htmx else None
    return page.render("records.html", _context(page, result), blocks=blocks)


# JSON API ------------------------------------------------------------------------------------
@api.get("/{workspace}/records", response_model=RecordsPage)
def api_records(
    workspace: str,
    services: ServicesDep,
    source: str = "",
    q: str = "",
    ref: RefsQuery = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> RecordsPage:
    """The workspace's records: `source` (a file name), `q` (words the text contains, all of
    them, in either Chinese script), `ref` (repeated: an element's references; those that are no
    record here come back in `missing`), a page of `per_page`."""
    return services.evidence.records(
        workspace, source=source, q=q, refs=ref or [], page=page, per_page=per_page
    )


@api.get("/{workspace}/evidence", response_model=ElementEvidence)
def api_evidence(workspace: str, services: ServicesDep, ref: RefsQuery = None) -> ElementEvidence:
    """What an element's references (`ref`, repeated) say: the top quotes, as written, each
    reference's status (found, quoted by the analysis, file missing, record missing), counts."""
    return services.evidence.evidence(workspace, ref or [])

"""Cross-workspace reads. Two workspaces get data, an analysis, an interview with its map, a
role-play, a mapping exercise, a quiz answer and a course, each carrying a marker of its own.
Then every route of the app (walked from `app.routes`) is called in one workspace's context
(its name in the path, query or body; its trainee and Ask cookies) with the other workspace's
ids, and Ask is asked about the other workspace's records: a response holding the other's
marker is a leak. Routes that take no workspace at all (a session, map or export by its id)
are called with the workspace's own ids, so that nothing of the other slips in there either."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from tests.reliability.client import HX, page_post, server_error
from tests.reliability.report import Report
from tests.web.conftest import app_routes

FORMATS = ("json", "md", "csv", "mermaid", "html", "all")
SKIP_PATHS = ("/openapi.json", "/docs", "/favicon.ico", "/healthz", "/lang", "/static")
ANSWERS = [
    "我们是{marker}外卖平台，想把差评率从8%降到5%，尤其是配送慢和餐品洒漏。范围从下单到评价。",
    "上班族{marker}：午休点外卖，时间紧",
    "1,2,3,4,5",
    "好",
    "好",
]
DISHES = {"alpha": "紫薯芋泥波波奶茶", "bravo": "藤椒钵钵鸡拌面"}


@dataclass
class Workspace:
    """One workspace and the ids of what it holds; `marker` is in all of its content."""

    key: str
    name: str = ""
    marker: str = ""
    dish: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    trainee: str = ""

    def __post_init__(self) -> None:
        tag = uuid.uuid4().hex[:6]
        self.name = f"{self.key}-{tag}"
        self.marker = f"QX{self.key.upper()}{tag}"
        self.dish = DISHES[self.key]
        self.trainee = f"{self.marker}学员"


def feedback_csv(ws: Workspace, rows: int = 24) -> bytes:
    lines = ["评论,评分,日期"]
    complaints = [
        "送餐太慢，{dish}都凉了",
        "{dish}洒了一半，客服不理人",
        "骑手态度差，{dish}晚到40分钟",
    ]
    for i in range(rows):
        text = complaints[i % 3].format(dish=ws.dish)
        lines.append(f"{ws.marker} {text},{1 + i % 3},2024-03-{1 + i % 28:02d}")
    return ("\n".join(lines) + "\n").encode()


def sop_md(ws: Workspace) -> bytes:
    return (
        f"# {ws.marker} 门店规范\n\n顾客投诉{ws.dish}洒漏时，{ws.marker}门店先道歉，"
        f"再补送一份{ws.dish}，并在30分钟内回电。\n"
    ).encode()


def ok(response: httpx.Response, what: str) -> Any:
    if response.status_code >= 400:
        raise RuntimeError(f"setting up {what}: HTTP {response.status_code}: {response.text[:300]}")
    return response.json() if "json" in response.headers.get("content-type", "") else response


def fill(client: httpx.Client, ws: Workspace) -> None:
    """Give the workspace everything a user can make, over the API and pages."""
    files = [("files", (f"{ws.marker}-sop.md", sop_md(ws), "text/markdown"))]
    results = ok(client.post(f"/api/workspaces/{ws.name}/sources", files=files), "sources")
    assert results["results"][0]["status"] in ("added", "unchanged"), results
    sources = ok(client.get(f"/api/workspaces/{ws.name}/sources"), "source list")
    ws.ids["source_id"] = sources[0]["id"]
    feedback = [("files", (f"{ws.marker}-feedback.csv", feedback_csv(ws), "text/csv"))]
    ok(client.post(f"/api/workspaces/{ws.name}/analyses", files=feedback), "analysis")
    started = ok(
        client.post("/api/sessions", json={"workspace": ws.name, "industry": "restaurant"}),
        "session",
    )
    ws.ids["session_id"] = session = started["session_id"]
    ws.ids["workspace_id"] = started["workspace_id"]
    turn: dict[str, Any] = {}
    for answer in ANSWERS:
        message = answer.format(marker=ws.marker)
        turn = ok(client.post(f"/api/sessions/{session}/turns", json={"message": message}), "turn")
    ws.ids["map_id"] = turn["map_id"]
    personas = turn["diagnosis"]["map"]["personas"]
    ws.ids["element"] = personas[0]["id"] if personas else "p1"
    scenario = ok(client.get("/api/practice/scenarios"), "scenarios")[0]["id"]
    ws.ids["scenario"] = scenario
    who = {"workspace": ws.name, "trainee": ws.trainee}
    play = ok(client.post("/api/practice/roleplays", json=who | {"scenario": scenario}), "roleplay")
    ws.ids["roleplay_id"] = play["id"]
    reply = {"workspace": ws.name, "text": f"非常抱歉{ws.marker}，我马上为您补送{ws.dish}。"}
    ok(client.post(f"/api/practice/roleplays/{play['id']}/replies", json=reply), "reply")
    mapping = ok(
        client.post("/api/practice/mappings", json=who | {"case": "hotpot-restaurant-zh"}),
        "mapping",
    )
    ws.ids["mapping_id"] = mapping["id"]
    course = {
        "workspace": ws.name,
        "name": f"{ws.marker}课程",
        "scenarios": [scenario],
        "trainees": [ws.trainee],
    }
    ws.ids["course_id"] = ok(client.post("/api/practice/courses", json=course), "course")["id"]
    question = ok(client.get("/api/practice/quiz/next", params=who | {"n": 1}), "quiz")[0]
    ws.ids["item"] = question["id"]
    answered = who | {"item": question["id"], "answer": "A"}
    ok(client.post("/api/practice/quiz/answers", json=answered), "quiz answer")
    # A page upload answers with its job (followed on an event stream), as the browser sees it.
    upload = [("files", (f"{ws.marker}-notes.md", sop_md(ws) + b"\n", "text/markdown"))]
    page = page_post(
        client, "/knowledge/upload", htmx=True, data={"workspace": ws.name}, files=upload
    )
    job = re.search(r"/knowledge/jobs/([0-9a-f]+)/stream", page.text)
    ws.ids["job_id"] = job.group(1) if job else "0" * 32
    feedback = [("files", (f"{ws.marker}-more.csv", feedback_csv(ws, 12), "text/csv"))]
    page = page_post(
        client, "/knowledge/analyze", htmx=True, data={"workspace": ws.name}, files=feedback
    )
    job = re.search(r"/knowledge/analyses/([0-9a-f]+)/stream", page.text)
    ws.ids["analysis_job_id"] = job.group(1) if job else "0" * 32


def sign_in(client: httpx.Client, ws: Workspace) -> None:
    """The page cookies of this workspace: its trainee signed in, its Ask workspace picked."""
    page_post(client, "/practice/trainee", data={"name": ws.trainee, "workspace": ws.name})
    client.get("/ask", params={"workspace": ws.name})


# Walking the routes ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    params: dict[str, set[str]]  # location (path, query, cookie, body) → names

    @property
    def scoped(self) -> bool:
        """Takes a workspace: by name, or through the practice/Ask cookies."""
        names = set().union(*self.params.values())
        return "workspace" in names or any("workspace" in c for c in self.params["cookie"])


def routes(app: FastAPI) -> Iterator[RouteInfo]:
    def params(dependant: Any, found: dict[str, set[str]]) -> None:
        for where in ("path", "query", "cookie", "body"):
            for item in getattr(dependant, f"{where}_params", []):
                found[where].add(getattr(item, "alias", None) or item.name)
        for sub in dependant.dependencies:
            params(sub, found)

    for route in app_routes(app):
        dependant = getattr(route, "dependant", None)
        if dependant is None or route.path.startswith(SKIP_PATHS):
            continue
        found: dict[str, set[str]] = {"path": set(), "query": set(), "cookie": set(), "body": set()}
        params(dependant, found)
        for method in sorted(route.methods - {"HEAD"}):
            yield RouteInfo(method, route.path, found)


def body_fields(app: FastAPI, route: RouteInfo) -> set[str]:
    """The fields of a JSON body model (a route's single body parameter)."""
    for candidate in app.openapi().get("paths", {}).get(route.path, {}).values():
        if not isinstance(candidate, dict):
            continue
        schema = candidate.get("requestBody", {}).get("content", {})
        ref = schema.get("application/json", {}).get("schema", {})
        ref = ref.get("$ref") or next((s.get("$ref") for s in ref.get("anyOf", [])), None)
        if ref:
            model = app.openapi()["components"]["schemas"][ref.rsplit("/", 1)[1]]
            return set(model.get("properties", {}))
    return set()


def values(ctx: Workspace, other: Workspace, path: str) -> dict[str, str]:
    """What each parameter is set to: the context's workspace and trainee, the other's ids."""
    attempt = other.ids["mapping_id"] if "/mappings/" in path else other.ids["roleplay_id"]
    return {
        "workspace": ctx.name,
        "trainee": ctx.trainee,
        "session_id": other.ids["session_id"],
        "map_id": other.ids["map_id"],
        "attempt_id": attempt,
        "course_id": other.ids["course_id"],
        "source_id": other.ids["source_id"],
        "job_id": other.ids["analysis_job_id" if "/analyses/" in path else "job_id"],
        "turn_id": "0" * 32,
        "kind": "persona",
        "element_id": other.ids["element"],
        "version": "1",
        "q": f"顾客说{other.dish}洒了，怎么办？",
        "question": f"顾客说{other.dish}洒了，怎么办？",
        "copied": other.ids["session_id"],
        "text": "非常抱歉让您久等了，我马上帮您查询。",
        "message": "好",
        "scenario": ctx.ids["scenario"],
        "case": "hotpot-restaurant-zh",
        "item": other.ids["item"],
        "answer": "A",
        "name": "新课程",
        "lang": "zh-Hans",
        "a": "1",
        "b": "2",
    }


def own_values(ws: Workspace, path: str) -> dict[str, str]:
    return values(ws, ws, path)


def content_of(response: httpx.Response) -> str:
    """The text of an answer, a zip export's files included."""
    if response.content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist()
            )
    return response.text


def call(
    client: httpx.Client, app: FastAPI, route: RouteInfo, given: dict[str, str], fmt: str
) -> httpx.Response | None:
    """The route called with `given` for each parameter it takes (None: a body field it needs
    that the table has no value for)."""
    path = route.path
    for name in route.params["path"]:
        path = path.replace("{" + name + "}", fmt if name == "fmt" else given[name])
    query = {n: given[n] for n in route.params["query"] if n in given and n != "version"}
    if route.method == "GET":
        return client.get(path, params=query, headers=HX if "/diff" in path else None)
    if path.startswith("/api/"):
        if "files" in route.params["body"]:
            return None  # the uploads: sent on their own below
        fields = body_fields(app, route)
        body: dict[str, object] = {n: given[n] for n in fields if n in given}
        if "confirm" in fields:
            body["confirm"] = True
        return client.request(route.method, path, params=query, json=body)
    form = {n: given[n] for n in route.params["body"] if n in given}
    return page_post(client, path, htmx=True, data=form, params=query)


def walk_for_leaks(
    report: Report, app: FastAPI, clients: dict[str, httpx.Client], spaces: list[Workspace]
) -> int:
    """Every route in each workspace's context; the number of requests."""
    sent = 0
    id_only: set[str] = set()
    unscoped: set[str] = set()
    for ctx in spaces:
        other = next(w for w in spaces if w is not ctx)
        client = clients[ctx.key]
        for route in routes(app):
            if route.method == "DELETE" or route.path in (
                "/practice/sign-out",
                "/practice/trainee",
            ):
                continue
            scoped = route.scoped
            if not scoped:
                if route.method != "GET":
                    continue  # id-only writes (duplicate, finish, delete, edit) change the other
                if not route.params["path"]:
                    unscoped.add(route.path)  # lists of every workspace: no workspace is asked
                    continue
                id_only.add(route.path)
            given = values(ctx, other, route.path) if scoped else own_values(ctx, route.path)
            for fmt in FORMATS if "{fmt}" in route.path else ("",):
                response = call(client, app, route, given, fmt)
                if response is None:
                    continue
                sent += 1
                label = f"{route.method} {route.path}{' ' + fmt if fmt else ''} as {ctx.name}"
                if problem := server_error(response):
                    report.add("http_500", f"cross-workspace · {label}: {problem}")
                if other.marker in content_of(response):
                    how = "with the other's ids" if scoped else "with its own ids"
                    report.add(
                        "leaks",
                        f"{label} {how}: HTTP {response.status_code} shows "
                        f"{other.name}'s content ({other.marker})",
                    )
        # The upload routes, with a neutral file: the analysis tags against this workspace's map.
        neutral = [
            ("files", ("neutral.csv", "评论,评分\n送餐很快,5\n汤洒了,1\n".encode(), "text/csv"))
        ]
        for url in (f"/api/workspaces/{ctx.name}/analyses", f"/api/workspaces/{ctx.name}/sources"):
            response = client.post(url, files=neutral)
            sent += 1
            if other.marker in response.text:
                report.add("leaks", f"POST {url}: shows {other.name}'s content")
    report.figures["cross-workspace requests"] = str(sent)
    report.figures["routes addressed by id alone"] = str(len(id_only))
    report.figures["routes over every workspace"] = str(len(unscoped))
    report.touch("leaks", "http_500")
    return sent


def cross_workspace(report: Report, app: FastAPI, make_client: Any) -> tuple[int, list[Workspace]]:
    """Set up the two workspaces and walk: the number of requests, and the workspaces.
    `make_client()` gives a fresh client."""
    spaces = [Workspace("alpha"), Workspace("bravo")]
    clients = {}
    for ws in spaces:
        clients[ws.key] = make_client()
        fill(clients[ws.key], ws)
    for ws in spaces:
        sign_in(clients[ws.key], ws)
    try:
        return walk_for_leaks(report, app, clients, spaces), spaces
    finally:
        for client in clients.values():
            client.close()

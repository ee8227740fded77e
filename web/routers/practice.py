"""Practice — the tutor for training courses: role-play with a simulated customer, quizzes,
mapping exercises, a trainee's progress and a trainer's course page. Pages and JSON API, thin
over `assistant.practice.service.PracticeService` (the same service as `cxcoach practice`).

A trainee picks a workspace and types their name once; both are remembered (cookies). Every
attempt is read back through that workspace, so another workspace's attempt ids lead nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Form, Query, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import Lang
from assistant.interview.say import Say
from assistant.practice.mapping import MappingReport
from assistant.practice.quiz import QuizResult, prompt
from assistant.practice.roleplay import Turn
from assistant.practice.scenarios import CRITERIA, cite_label
from assistant.practice.scoring import Scorecard
from assistant.practice.service import (
    MAX_REPLY,
    PracticeError,
    PracticeService,
    RolePlayView,
)
from assistant.storage import NotFound, WorkspaceRecord
from assistant.storage.records import TraineeRecord
from assistant.text.script import to_lang_script
from web.deps import Page, PageDep, ServicesDep
from web.errors import error_response, translate
from web.i18n import Translator
from web.routers.sessions import redirect

router = APIRouter(prefix="/practice", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/api/practice", tags=["practice"])

WORKSPACE_COOKIE = "cxcoach_practice_workspace"
TRAINEE_COOKIE = "cxcoach_trainee"
COOKIE_AGE = 365 * 86400
DEFAULT_WORKSPACE = "default"


# Who is practising ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    workspace: WorkspaceRecord
    trainee: TraineeRecord


def _workspace_named(page_or_services: Any, name: str) -> WorkspaceRecord | None:
    services = getattr(page_or_services, "services", page_or_services)
    return next((w for w in services.db.workspaces.list() if w.name == name), None)


def current(
    page: PageDep,
    workspace: Annotated[str, Cookie(alias=WORKSPACE_COOKIE)] = "",
    trainee: Annotated[str, Cookie(alias=TRAINEE_COOKIE)] = "",
) -> Who | None:
    """The trainee the cookies name (ids: cookies carry ASCII only), if both still exist."""
    if not workspace or not trainee:
        return None
    try:
        found = page.services.db.workspaces.get(workspace)
        person = page.services.db.practice.get_trainee(found.id, trainee)
    except NotFound:
        return None
    return Who(found, person)


WhoDep = Annotated[Who | None, Depends(current)]


def _need(who: Who | None) -> Who:
    if who is None:
        raise _SignIn()
    return who


class _SignIn(Exception):
    """No trainee chosen yet: the page sends them to the sign-in form."""


def _service(page: Page) -> PracticeService:
    return page.services.practice


async def practice_error(request: Request, exc: Exception) -> Response:
    """A practice refusal in the user's language (404 for what does not exist, else 400)."""
    assert isinstance(exc, PracticeError)
    text = translate(request, f"practice_err_{exc.code}")
    code = 404 if exc.code.startswith("no_") and exc.code != "no_map_yet" else 400
    return error_response(request, code, "error_generic_title", text, exc.detail)


async def sign_in_first(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "trainee required"}, status_code=400)
    return RedirectResponse("/practice", status_code=status.HTTP_303_SEE_OTHER)


HANDLERS = {PracticeError: practice_error, _SignIn: sign_in_first}


# Pages ------------------------------------------------------------------------------------------


def _context(page: Page, who: Who | None, **extra: Any) -> dict[str, Any]:
    say = Say(page.lang)
    return {
        "who": who,
        "industry": {key: say(f"industry_{key}") for key in _industries()},
        "workspaces": [w.name for w in page.services.db.workspaces.list()],
        "criteria": CRITERIA,
        "script": lambda text: to_lang_script(text, page.lang),
        "cite_of": lambda c: cite_label(c.doc, c.section, page.lang),
        **extra,
    }


@router.get("", response_class=HTMLResponse)
def practice_home(page: PageDep, who: WhoDep) -> HTMLResponse:
    practice = _service(page)
    context = _context(page, who)
    if who is not None:
        progress = practice.progress(who.workspace.id, who.trainee.id, page.lang)
        courses = practice.db.practice.courses_of(who.workspace.id, who.trainee.id)
        assigned = {s for c in courses for s in c.scenario_ids}
        context.update(
            scenarios=practice.library(page.lang),
            assigned=assigned,
            courses=courses,
            progress=progress,
            cases=practice.cases(page.lang),
            topics=practice.topics(),
        )
    return page.render("practice.html", context)


@router.post("/trainee")
def choose_trainee(
    page: PageDep,
    name: Annotated[str, Form(max_length=100)],
    workspace: Annotated[str, Form(max_length=100)] = DEFAULT_WORKSPACE,
) -> Response:
    person = _service(page).trainee(workspace.strip() or DEFAULT_WORKSPACE, name)
    response = redirect("/practice", page)
    for cookie, value in ((WORKSPACE_COOKIE, person.workspace_id), (TRAINEE_COOKIE, person.id)):
        response.set_cookie(cookie, value, max_age=COOKIE_AGE, samesite="lax", httponly=True)
    return response


@router.post("/sign-out")
def sign_out(page: PageDep) -> Response:
    response = redirect("/practice", page)
    response.delete_cookie(TRAINEE_COOKIE)
    return response


# Role-play


@router.post("/roleplays")
def start_roleplay(
    page: PageDep, who: WhoDep, scenario: Annotated[str, Form(max_length=200)]
) -> Response:
    me = _need(who)
    view = _service(page).start_roleplay(me.workspace.id, me.trainee.id, scenario, page.lang)
    return redirect(f"/practice/roleplays/{view.attempt.id}", page)


def _roleplay_context(page: Page, who: Who, view: RolePlayView) -> dict[str, Any]:
    card = view.scorecard if view.ended else None
    return _context(
        page,
        who,
        view=view,
        scenario=view.scenario,
        turns=view.turns,
        card=card,
        ct=Translator(view.play.lang),
        max_reply=MAX_REPLY,
    )


@router.get("/roleplays/{attempt_id}", response_class=HTMLResponse)
def roleplay_page(attempt_id: str, page: PageDep, who: WhoDep) -> HTMLResponse:
    me = _need(who)
    view = _service(page).roleplay(me.workspace.id, attempt_id)
    return page.render("practice_roleplay.html", _roleplay_context(page, me, view))


@router.post("/roleplays/{attempt_id}/replies", response_class=HTMLResponse)
def send_reply(
    attempt_id: str,
    page: PageDep,
    who: WhoDep,
    text: Annotated[str, Form(max_length=MAX_REPLY * 2)] = "",
) -> Response:
    me = _need(who)
    view = _service(page).reply(me.workspace.id, attempt_id, text)
    context = _roleplay_context(page, me, view)
    if page.htmx:
        return page.render("practice_roleplay.html", context, blocks=["conversation"])
    return redirect(f"/practice/roleplays/{attempt_id}", page)


@router.post("/roleplays/{attempt_id}/finish")
def finish_roleplay(attempt_id: str, page: PageDep, who: WhoDep) -> Response:
    me = _need(who)
    _service(page).finish_roleplay(me.workspace.id, attempt_id)
    return redirect(f"/practice/roleplays/{attempt_id}#scorecard", page)


# Quiz


@router.get("/quiz", response_class=HTMLResponse)
def quiz_page(
    page: PageDep,
    who: WhoDep,
    topic: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    me = _need(who)
    practice = _service(page)
    topics = [t for t in (topic or []) if t in practice.topics()]
    items = practice.next_questions(me.workspace.id, me.trainee.id, topics, 1)
    context = _context(
        page,
        me,
        item=items[0] if items else None,
        question=prompt(items[0], page.lang) if items else "",
        topics=practice.topics(),
        chosen=topics,
        result=None,
        answered="",
    )
    return page.render("practice_quiz.html", context)


@router.post("/quiz", response_class=HTMLResponse)
def answer_quiz(
    page: PageDep,
    who: WhoDep,
    item: Annotated[str, Form(max_length=100)],
    answer: Annotated[str, Form(max_length=MAX_REPLY)] = "",
    topics: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    me = _need(who)
    practice = _service(page)
    question = practice.quiz_item(item)
    if not answer.strip():
        result: QuizResult | None = None
    else:
        result = practice.answer(me.workspace.id, me.trainee.id, item, answer, page.lang)
    context = _context(
        page,
        me,
        item=question,
        question=prompt(question, page.lang),
        topics=practice.topics(),
        chosen=[t for t in topics.split(",") if t],
        result=result,
        answered=answer,
        empty=not answer.strip(),
    )
    blocks = ["quiz"] if page.htmx else None
    return page.render("practice_quiz.html", context, blocks=blocks)


# Progress


@router.get("/progress", response_class=HTMLResponse)
def progress_page(page: PageDep, who: WhoDep) -> HTMLResponse:
    me = _need(who)
    practice = _service(page)
    progress = practice.progress(me.workspace.id, me.trainee.id, page.lang)
    titles = {s.situation_id: s.title for s in practice.library(page.lang)}
    return page.render(
        "practice_progress.html", _context(page, me, progress=progress, titles=titles)
    )


# Mapping exercise


@router.post("/mappings")
def start_mapping(
    page: PageDep, who: WhoDep, case: Annotated[str, Form(max_length=200)]
) -> Response:
    me = _need(who)
    practice = _service(page)
    chosen = practice.case(case, page.lang)
    industry = chosen.industry if chosen.industry in _industries() else None
    started = page.services.interview.start(me.workspace.name, lang=page.lang, industry=industry)
    view = practice.start_mapping(
        me.workspace.id, me.trainee.id, chosen.case_id, page.lang, started.session_id
    )
    return redirect(f"/practice/mappings/{view.attempt.id}", page)


def _industries() -> tuple[str, ...]:
    from assistant.playbooks import INDUSTRIES

    return INDUSTRIES


@router.get("/mappings/{attempt_id}", response_class=HTMLResponse)
def mapping_page(attempt_id: str, page: PageDep, who: WhoDep) -> HTMLResponse:
    me = _need(who)
    view = _service(page).mapping(me.workspace.id, attempt_id)
    context = _context(page, me, view=view, report=view.report, notice="")
    return page.render("practice_mapping.html", context)


@router.post("/mappings/{attempt_id}/check", response_class=HTMLResponse)
def check_mapping(attempt_id: str, page: PageDep, who: WhoDep) -> Response:
    me = _need(who)
    practice = _service(page)
    try:
        practice.check_mapping(me.workspace.id, attempt_id)
    except PracticeError as exc:
        if exc.code != "no_map_yet":
            raise
        # Not an error of the page: the trainee has not mapped yet. Say so where they look.
        view = practice.mapping(me.workspace.id, attempt_id)
        notice = page.t("practice_err_no_map_yet")
        context = _context(page, me, view=view, report=view.report, notice=notice)
        return page.render("practice_mapping.html", context)
    return redirect(f"/practice/mappings/{attempt_id}#report", page)


# Trainer: courses


@router.get("/courses", response_class=HTMLResponse)
def courses_page(page: PageDep, who: WhoDep) -> HTMLResponse:
    me = _need(who)
    practice = _service(page)
    reports = [
        practice.course_report(me.workspace.id, c.id, page.lang)
        for c in practice.courses(me.workspace.id)
    ]
    return page.render(
        "practice_courses.html",
        _context(
            page,
            me,
            reports=reports,
            scenarios=practice.library(page.lang),
            topics=practice.topics(),
            cases=practice.cases(page.lang),
            course=None,
        ),
    )


@router.get("/courses/{course_id}", response_class=HTMLResponse)
def course_page(course_id: str, page: PageDep, who: WhoDep) -> HTMLResponse:
    me = _need(who)
    practice = _service(page)
    report = practice.course_report(me.workspace.id, course_id, page.lang)
    names = {t.id: t.name for t in practice.trainees(me.workspace.id)}
    return page.render(
        "practice_course.html",
        _context(
            page,
            me,
            report=report,
            course=report.course,
            roster_names="\n".join(names[t] for t in report.course.trainee_ids),
            scenarios=practice.library(page.lang),
            topics=practice.topics(),
            cases=practice.cases(page.lang),
        ),
    )


@router.post("/courses")
def save_course(
    page: PageDep,
    who: WhoDep,
    name: Annotated[str, Form(max_length=200)],
    scenario: Annotated[list[str] | None, Form()] = None,
    topic: Annotated[list[str] | None, Form()] = None,
    case: Annotated[list[str] | None, Form()] = None,
    roster: Annotated[str, Form(max_length=20000)] = "",
    course_id: Annotated[str, Form(max_length=36)] = "",
) -> Response:
    me = _need(who)
    course = _service(page).save_course(
        me.workspace.id,
        name,
        scenario_ids=scenario or [],
        quiz_topics=topic or [],
        mapping_cases=case or [],
        trainee_names=_names(roster),
        course_id=course_id or None,
    )
    return redirect(f"/practice/courses/{course.id}", page)


def _names(roster: str) -> list[str]:
    """One trainee per line (or separated by commas / 、)."""
    for sep in (",", "，", "、", ";", "；"):
        roster = roster.replace(sep, "\n")
    return [n.strip() for n in roster.splitlines() if n.strip()]


@router.get("/courses/{course_id}/roster.csv")
def course_csv(course_id: str, page: PageDep, who: WhoDep) -> Response:
    me = _need(who)
    text = _service(page).course_csv(me.workspace.id, course_id, page.lang)
    return Response(
        "\ufeff" + text,  # the BOM lets Excel read the Chinese names as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="course-{course_id[:8]}.csv"'},
    )


# JSON API -----------------------------------------------------------------------------------------


class TraineeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str = Field(min_length=1, max_length=100)
    trainee: str = Field(min_length=1, max_length=100)


class StartIn(TraineeIn):
    scenario: str = Field(min_length=1, max_length=200, description="e.g. queue-anger-bank")
    lang: Lang = "zh-Hans"
    seed: int | None = None


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str = Field(min_length=1, max_length=100)
    text: str = Field(max_length=MAX_REPLY * 2)


class WorkspaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str = Field(min_length=1, max_length=100)


class RolePlayOut(BaseModel):
    id: str
    scenario: str
    title: str
    lang: Lang
    status: str
    outcome: str | None
    turns: list[Turn]
    scorecard: Scorecard | None


class ScenarioOut(BaseModel):
    id: str
    title: str
    industry: str
    difficulty: int
    mood: str
    persona: str
    situation: str


class QuestionOut(BaseModel):
    id: str
    topic: str
    kind: str
    question: str


class AnswerIn(TraineeIn):
    item: str = Field(min_length=1, max_length=100)
    answer: str = Field(max_length=MAX_REPLY)
    lang: Lang = "zh-Hans"


class CourseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workspace: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    scenarios: list[str] = Field(default_factory=list, max_length=200)
    quiz_topics: list[str] = Field(default_factory=list, max_length=50)
    mapping_cases: list[str] = Field(default_factory=list, max_length=50)
    trainees: list[str] = Field(default_factory=list, max_length=500)


class MappingIn(TraineeIn):
    case: str = Field(min_length=1, max_length=200)
    lang: Lang = "zh-Hans"


class MappingOut(BaseModel):
    id: str
    case: str
    session_id: str
    status: str
    report: MappingReport | None


def _ws(services: Any, name: str) -> WorkspaceRecord:
    found = _workspace_named(services, name)
    if found is None:
        raise NotFound(f"workspace '{name}' not found")
    return found


def _roleplay_out(view: RolePlayView) -> RolePlayOut:
    return RolePlayOut(
        id=view.attempt.id,
        scenario=view.scenario.situation_id,
        title=to_lang_script(view.scenario.title, view.play.lang),
        lang=view.play.lang,
        status=view.attempt.status,
        outcome=view.play.outcome,
        turns=list(view.turns),
        scorecard=view.scorecard if view.ended else None,
    )


@api.get("/scenarios", response_model=list[ScenarioOut])
def api_scenarios(services: ServicesDep, lang: Lang = "zh-Hans") -> list[ScenarioOut]:
    """The role-play library for trainees of `lang`, easiest first."""
    return [
        ScenarioOut(
            id=s.situation_id,
            title=to_lang_script(s.title, lang),
            industry=s.industry,
            difficulty=s.difficulty,
            mood=s.mood,
            persona=to_lang_script(f"{s.persona.name}: {s.persona.description}", lang),
            situation=to_lang_script(s.situation, lang),
        )
        for s in services.practice.library(lang)
    ]


@api.post("/roleplays", response_model=RolePlayOut, status_code=201)
def api_start_roleplay(body: StartIn, services: ServicesDep) -> RolePlayOut:
    """Start a role-play: the customer's opening line."""
    person = services.practice.trainee(body.workspace, body.trainee)
    view = services.practice.start_roleplay(
        person.workspace_id, person.id, body.scenario, body.lang, body.seed
    )
    return _roleplay_out(view)


@api.get("/roleplays/{attempt_id}", response_model=RolePlayOut)
def api_roleplay(attempt_id: str, services: ServicesDep, workspace: str) -> RolePlayOut:
    return _roleplay_out(services.practice.roleplay(_ws(services, workspace).id, attempt_id))


@api.post("/roleplays/{attempt_id}/replies", response_model=RolePlayOut)
def api_reply(attempt_id: str, body: ReplyIn, services: ServicesDep) -> RolePlayOut:
    """The trainee's reply; the customer answers, and the reply is scored."""
    ws = _ws(services, body.workspace)
    return _roleplay_out(services.practice.reply(ws.id, attempt_id, body.text))


@api.post("/roleplays/{attempt_id}/finish", response_model=RolePlayOut)
def api_finish(attempt_id: str, body: WorkspaceIn, services: ServicesDep) -> RolePlayOut:
    ws = _ws(services, body.workspace)
    return _roleplay_out(services.practice.finish_roleplay(ws.id, attempt_id))


@api.get("/quiz/next", response_model=list[QuestionOut])
def api_next_questions(
    services: ServicesDep,
    workspace: str,
    trainee: str,
    lang: Lang = "zh-Hans",
    topic: Annotated[list[str] | None, Query()] = None,
    n: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[QuestionOut]:
    """Missed questions due again first, then new ones."""
    person = services.practice.trainee(workspace, trainee)
    items = services.practice.next_questions(person.workspace_id, person.id, topic or [], n)
    return [
        QuestionOut(id=i.id, topic=i.topic, kind=i.kind, question=prompt(i, lang)) for i in items
    ]


@api.post("/quiz/answers", response_model=QuizResult)
def api_answer(body: AnswerIn, services: ServicesDep) -> QuizResult:
    person = services.practice.trainee(body.workspace, body.trainee)
    return services.practice.answer(
        person.workspace_id, person.id, body.item, body.answer, body.lang
    )


@api.get("/progress")
def api_progress(
    services: ServicesDep, workspace: str, trainee: str, lang: Lang = "zh-Hans"
) -> dict[str, Any]:
    """Scores per criterion over time, weakest skills and the next suggested scenario."""
    ws = _ws(services, workspace)
    known = {t.name: t for t in services.practice.trainees(ws.id)}
    if trainee not in known:
        raise NotFound(f"trainee '{trainee}' not found")
    p = services.practice.progress(ws.id, known[trainee].id, lang)
    return {
        "trainee": p.trainee.name,
        "roleplays": [
            {
                "scenario": a.item_id,
                "total": a.total,
                "outcome": a.result.get("outcome"),
                "at": a.created_at.isoformat(),
            }
            for a in p.roleplays
        ],
        "average": p.average,
        "criteria": [
            {"criterion": t.criterion, "label": t.label, "rate": t.rate, "history": list(t.history)}
            for t in p.trends
        ],
        "weakest": [t.criterion for t in p.weakest],
        "next_scenario": p.next_scenario.situation_id if p.next_scenario else None,
        "quiz": {"answered": p.quiz_answered, "correct": p.quiz_correct, "due": p.quiz_due},
        "mappings": [{"case": a.item_id, "total": a.total} for a in p.mappings],
    }


@api.post("/courses", status_code=201)
def api_save_course(body: CourseIn, services: ServicesDep) -> dict[str, Any]:
    ws = services.db.workspaces.get_or_create(body.workspace)
    course = services.practice.save_course(
        ws.id,
        body.name,
        scenario_ids=body.scenarios,
        quiz_topics=body.quiz_topics,
        mapping_cases=body.mapping_cases,
        trainee_names=body.trainees,
    )
    return {"id": course.id, "name": course.name, "trainees": len(course.trainee_ids)}


@api.get("/courses/{course_id}")
def api_course(
    course_id: str, services: ServicesDep, workspace: str, lang: Lang = "zh-Hans"
) -> dict[str, Any]:
    """The roster with each trainee's averages, and the class's weakest criteria."""
    report = services.practice.course_report(_ws(services, workspace).id, course_id, lang)
    return {
        "id": report.course.id,
        "name": report.course.name,
        "scenarios": list(report.course.scenario_ids),
        "quiz_topics": list(report.course.quiz_topics),
        "mapping_cases": list(report.course.mapping_cases),
        "average": report.average,
        "weakest": [{"criterion": label, "rate": rate} for label, rate in report.weakest],
        "roster": [
            {
                "trainee": r.trainee.name,
                "roleplays": r.roleplays,
                "average": r.average,
                "quiz_rate": r.quiz_rate,
                "mapping_best": r.mapping_best,
                "weakest": r.weakest,
            }
            for r in report.rows
        ],
    }


@api.post("/mappings", response_model=MappingOut, status_code=201)
def api_start_mapping(body: MappingIn, services: ServicesDep) -> MappingOut:
    """Start a mapping exercise: an interview session to build the map in (see /api/sessions)."""
    person = services.practice.trainee(body.workspace, body.trainee)
    case = services.practice.case(body.case, body.lang)
    industry = case.industry if case.industry in _industries() else None
    ws = services.db.workspaces.get(person.workspace_id)
    started = services.interview.start(ws.name, lang=body.lang, industry=industry)
    view = services.practice.start_mapping(
        ws.id, person.id, case.case_id, body.lang, started.session_id
    )
    return MappingOut(
        id=view.attempt.id,
        case=case.case_id,
        session_id=view.session_id,
        status=view.attempt.status,
        report=None,
    )


@api.post("/mappings/{attempt_id}/check", response_model=MappingOut)
def api_check_mapping(attempt_id: str, body: WorkspaceIn, services: ServicesDep) -> MappingOut:
    """Compare the interview's map with the case's reference map."""
    view = services.practice.check_mapping(_ws(services, body.workspace).id, attempt_id)
    return MappingOut(
        id=view.attempt.id,
        case=view.case.case_id,
        session_id=view.session_id,
        status=view.attempt.status,
        report=view.report,
    )

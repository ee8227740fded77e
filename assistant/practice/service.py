"""The practice tutor as one service: the web pages, the JSON API and `cxcoach practice` all
call this, so a trainee sees the same customer, scores and progress in each.

Everything happens inside a workspace: trainees are known there by name, and every attempt is
read back through the workspace it was made in (`storage.practice`), so one workspace never sees
another's attempts. A role-play is stored after every turn (its whole state, `RolePlay.to_dict`):
a trainee can close the laptop mid-conversation and carry on later, and nothing said is lost.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from assistant.domain import Lang
from assistant.exports.csv_safe import SafeWriter
from assistant.practice.mapping import Case, MappingReport, case_for, compare, load_cases
from assistant.practice.quiz import QuizItem, QuizResult, check_answer, load_quiz
from assistant.practice.review import next_items
from assistant.practice.roleplay import RolePlay, Turn, Voice
from assistant.practice.scenarios import (
    CRITERIA,
    CRITERION_IDS,
    CriterionId,
    Scenario,
    load_scenarios,
)
from assistant.practice.scoring import Scorecard
from assistant.storage.records import AttemptRecord, CourseRecord, TraineeRecord
from assistant.text.script import to_lang_script

if TYPE_CHECKING:
    from assistant.storage import Database

QUIZ_ROUND = 5  # questions per quiz round
RECENT = 5  # role-plays the weakest skills are judged on
LEVEL_UP = 75  # average total over recent role-plays that moves a trainee to harder scenarios
MAX_REPLY = 2000  # characters of a trainee reply kept (a pasted essay is still scored)


class PracticeError(ValueError):
    """Something the trainee asked for that cannot be done. `code` names the message a face
    shows in the user's language (`practice_err_<code>` in prompts/ui.yaml), `detail` what."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class RolePlayView:
    """A role-play attempt as a page shows it: the conversation so far and, once ended, its
    scorecard."""

    attempt: AttemptRecord
    scenario: Scenario
    play: RolePlay

    @property
    def turns(self) -> tuple[Turn, ...]:
        return self.play.turns

    @property
    def ended(self) -> bool:
        return self.attempt.status == "finished"

    @property
    def scorecard(self) -> Scorecard:
        return self.play.scorecard()


@dataclass(frozen=True)
class MappingView:
    attempt: AttemptRecord
    case: Case
    session_id: str
    report: MappingReport | None


@dataclass(frozen=True)
class CriterionTrend:
    criterion: CriterionId
    label: str
    rate: float  # share of recent role-plays that met it
    history: tuple[bool, ...]  # met or not, oldest first


@dataclass(frozen=True)
class Progress:
    trainee: TraineeRecord
    roleplays: tuple[AttemptRecord, ...]  # finished, oldest first
    quiz_answered: int
    quiz_correct: int
    quiz_due: int
    mappings: tuple[AttemptRecord, ...]
    trends: tuple[CriterionTrend, ...]  # weakest first
    weakest: tuple[CriterionTrend, ...]
    next_scenario: Scenario | None
    average: int | None  # over recent role-plays


@dataclass(frozen=True)
class RosterRow:
    trainee: TraineeRecord
    roleplays: int
    average: int | None
    quiz_rate: float | None
    mapping_best: int | None
    done_scenarios: int
    assigned_scenarios: int
    weakest: str


@dataclass(frozen=True)
class CourseReport:
    course: CourseRecord
    rows: tuple[RosterRow, ...]
    average: int | None
    weakest: tuple[tuple[str, float], ...]  # criterion label, met rate across the class
    scenarios: tuple[Scenario, ...] = field(default=())


def _now() -> datetime:
    return datetime.now(UTC)


def _situation(scenario_id: str) -> str:
    return scenario_id.removesuffix("-zh").removesuffix("-en")


class PracticeService:
    def __init__(
        self,
        db: Database,
        *,
        scenarios: dict[str, Scenario] | None = None,
        quiz: Sequence[QuizItem] | None = None,
        clock: Callable[[], datetime] = _now,
        voice: Voice | None = None,
    ) -> None:
        """`voice`: a language model saying the customer's lines in character (`LLMVoice`);
        without one the offline customer speaks. Scoring and state are offline either way."""
        self.db = db
        self.voice = voice
        self.scenarios = scenarios if scenarios is not None else load_scenarios()
        self.quiz = list(quiz if quiz is not None else load_quiz())
        self._quiz_by_id = {item.id: item for item in self.quiz}
        self.clock = clock

    # --- catalogue ------------------------------------------------------------------------

    def scenario(self, situation_id: str, lang: str) -> Scenario:
        """The scenario of `situation_id` (queue-anger-bank) as a `lang` trainee plays it."""
        suffix = "en" if lang == "en" else "zh"
        found = self.scenarios.get(f"{_situation(situation_id)}-{suffix}")
        if found is None:
            raise PracticeError("no_scenario", situation_id)
        return found

    def library(self, lang: str) -> list[Scenario]:
        """The scenarios a `lang` trainee can play, easiest first."""
        suffix = "-en" if lang == "en" else "-zh"
        found = [s for s in self.scenarios.values() if s.id.endswith(suffix)]
        return sorted(found, key=lambda s: (s.difficulty, s.industry, s.id))

    def situation_ids(self) -> list[str]:
        return sorted({s.situation_id for s in self.scenarios.values()})

    def topics(self) -> list[str]:
        return list(dict.fromkeys(item.topic for item in self.quiz))

    def quiz_item(self, item_id: str) -> QuizItem:
        item = self._quiz_by_id.get(item_id)
        if item is None:
            raise PracticeError("no_question", item_id)
        return item

    # --- trainees -------------------------------------------------------------------------

    def trainee(self, workspace_name: str, name: str) -> TraineeRecord:
        """The trainee `name` in the workspace `workspace_name` (both created when new)."""
        workspace = self.db.workspaces.get_or_create(workspace_name)
        return self.db.practice.trainee(workspace.id, name)

    def trainees(self, workspace_id: str) -> list[TraineeRecord]:
        return self.db.practice.trainees(workspace_id)

    # --- role-play ------------------------------------------------------------------------

    def start_roleplay(
        self,
        workspace_id: str,
        trainee_id: str,
        situation_id: str,
        lang: Lang,
        seed: int | None = None,
    ) -> RolePlayView:
        scenario = self.scenario(situation_id, lang)
        attempts = self.db.practice.attempts(workspace_id, trainee_id=trainee_id, kind="roleplay")
        # Another seed each time the trainee replays: the customer words things differently.
        play = RolePlay(scenario, lang, seed if seed is not None else len(attempts))
        play.start(self.voice)
        attempt = self.db.practice.add_attempt(
            workspace_id, trainee_id, "roleplay", scenario.situation_id, play.lang, play.to_dict()
        )
        return RolePlayView(attempt, scenario, play)

    def roleplay(self, workspace_id: str, attempt_id: str) -> RolePlayView:
        attempt = self.db.practice.get_attempt(workspace_id, attempt_id)
        if attempt.kind != "roleplay":
            raise PracticeError("not_roleplay", attempt_id)
        play = RolePlay.from_dict(attempt.state, self.scenarios)
        return RolePlayView(attempt, play.scenario, play)

    def reply(self, workspace_id: str, attempt_id: str, text: str) -> RolePlayView:
        """The customer's answer to the trainee's reply; stored at once. The attempt finishes
        (scored) when the customer is calmed, escalates or the turns run out."""
        view = self.roleplay(workspace_id, attempt_id)
        if view.ended or view.play.ended:
            raise PracticeError("ended", attempt_id)
        view.play.respond(text.strip()[:MAX_REPLY], self.voice)
        return self._save(view, finished=view.play.ended)

    def finish_roleplay(self, workspace_id: str, attempt_id: str) -> RolePlayView:
        """The trainee ends the conversation: it is scored as it stands."""
        view = self.roleplay(workspace_id, attempt_id)
        if view.ended:
            return view
        return self._save(view, finished=True)

    def _save(self, view: RolePlayView, *, finished: bool) -> RolePlayView:
        total: int | None = None
        result: dict[str, Any] | None = None
        if finished:
            card = view.play.scorecard()
            total = card.total
            result = {
                "criteria": {c.criterion: c.status for c in card.criteria},
                "outcome": view.play.outcome or "ended",
                "replies": len(view.play.replies),
            }
        attempt = self.db.practice.update_attempt(
            view.attempt.workspace_id,
            view.attempt.id,
            view.play.to_dict(),
            total=total,
            result=result,
            finished=finished,
        )
        return RolePlayView(attempt, view.scenario, view.play)

    # --- quiz -----------------------------------------------------------------------------

    def _quiz_history(self, workspace_id: str, trainee_id: str) -> list[tuple[str, bool, datetime]]:
        return [
            (a.item_id, bool(a.result.get("correct")), a.created_at)
            for a in self.db.practice.attempts(workspace_id, trainee_id=trainee_id, kind="quiz")
        ]

    def next_questions(
        self,
        workspace_id: str,
        trainee_id: str,
        topics: Sequence[str] = (),
        n: int = QUIZ_ROUND,
    ) -> list[QuizItem]:
        """Missed questions that are due again first, then new ones (spaced repetition)."""
        pool = [item.id for item in self.quiz if not topics or item.topic in topics]
        history = self._quiz_history(workspace_id, trainee_id)
        return [self._quiz_by_id[i] for i in next_items(history, pool, self.clock(), n)]

    def answer(
        self, workspace_id: str, trainee_id: str, item_id: str, answer: str, lang: Lang
    ) -> QuizResult:
        item = self.quiz_item(item_id)
        result = check_answer(item, answer.strip()[:MAX_REPLY], lang)
        self.db.practice.add_attempt(
            workspace_id,
            trainee_id,
            "quiz",
            item.id,
            lang,
            {"answer": answer.strip()[:MAX_REPLY]},
            total=100 if result.correct else 0,
            result={"correct": result.correct, "topic": item.topic},
            finished=True,
        )
        return result

    # --- mapping exercise -----------------------------------------------------------------

    def cases(self, lang: str) -> list[Case]:
        suffix = "-en" if lang == "en" else "-zh"
        return sorted(
            (c for c in load_cases().values() if c.id.endswith(suffix)),
            key=lambda c: (c.difficulty, c.id),
        )

    def case(self, case_id: str, lang: str) -> Case:
        try:
            return case_for(case_id, lang)
        except KeyError:
            raise PracticeError("no_case", case_id) from None

    def start_mapping(
        self, workspace_id: str, trainee_id: str, case_id: str, lang: Lang, session_id: str
    ) -> MappingView:
        """Record that the trainee maps `case_id` in the interview `session_id`."""
        case = self.case(case_id, lang)
        attempt = self.db.practice.add_attempt(
            workspace_id,
            trainee_id,
            "mapping",
            case.case_id,
            lang,
            {"session_id": session_id},
        )
        return MappingView(attempt, case, session_id, None)

    def mapping(self, workspace_id: str, attempt_id: str) -> MappingView:
        attempt = self.db.practice.get_attempt(workspace_id, attempt_id)
        if attempt.kind != "mapping":
            raise PracticeError("not_mapping", attempt_id)
        case = self.case(attempt.item_id, attempt.lang)
        report = None
        if attempt.result.get("report"):
            report = MappingReport.model_validate(attempt.result["report"])
        return MappingView(attempt, case, str(attempt.state.get("session_id", "")), report)

    def check_mapping(self, workspace_id: str, attempt_id: str) -> MappingView:
        """Compare the map the trainee's interview holds now with the case's reference."""
        view = self.mapping(workspace_id, attempt_id)
        maps = [
            m for m in self.db.maps.for_session(view.session_id) if m.workspace_id == workspace_id
        ]
        if not maps:
            raise PracticeError("no_map_yet", view.session_id)
        diagnosis, _ = self.db.maps.latest(maps[-1].id)
        report = compare(view.case, diagnosis, view.attempt.lang)
        attempt = self.db.practice.update_attempt(
            workspace_id,
            attempt_id,
            view.attempt.state,
            total=report.total,
            result={"report": report.model_dump(mode="json")},
            finished=True,
        )
        return MappingView(attempt, view.case, view.session_id, report)

    # --- progress -------------------------------------------------------------------------

    def progress(self, workspace_id: str, trainee_id: str, lang: Lang) -> Progress:
        trainee = self.db.practice.get_trainee(workspace_id, trainee_id)
        attempts = self.db.practice.attempts(workspace_id, trainee_id=trainee_id)
        roleplays = tuple(a for a in attempts if a.kind == "roleplay" and a.status == "finished")
        quiz = [a for a in attempts if a.kind == "quiz"]
        mappings = tuple(a for a in attempts if a.kind == "mapping" and a.status == "finished")
        trends = _trends(roleplays, lang)
        weakest = tuple(t for t in trends if t.rate < 1.0)[:2]
        recent = [a.total for a in roleplays[-RECENT:] if a.total is not None]
        average = round(sum(recent) / len(recent)) if recent else None
        history = self._quiz_history(workspace_id, trainee_id)
        due = next_items(history, [i for i, _, _ in history], self.clock(), len(self.quiz))
        return Progress(
            trainee=trainee,
            roleplays=roleplays,
            quiz_answered=len(quiz),
            quiz_correct=sum(1 for a in quiz if a.result.get("correct")),
            quiz_due=len(due),
            mappings=mappings,
            trends=trends,
            weakest=weakest,
            next_scenario=self.suggest(workspace_id, trainee_id, lang, roleplays, weakest, average),
            average=average,
        )

    def suggest(
        self,
        workspace_id: str,
        trainee_id: str,
        lang: Lang,
        roleplays: Sequence[AttemptRecord],
        weakest: Sequence[CriterionTrend],
        average: int | None,
    ) -> Scenario | None:
        """The next scenario: one assigned in the trainee's courses (else any) that trains the
        weakest skill, not yet played (else least played), at the trainee's level."""
        assigned = {
            s for c in self.db.practice.courses_of(workspace_id, trainee_id) for s in c.scenario_ids
        }
        library = [s for s in self.library(lang) if not assigned or s.situation_id in assigned]
        if not library:
            return None
        played = Counter(a.item_id for a in roleplays)
        level = 1 if average is None else (2 if average < LEVEL_UP else 3)
        weak = {t.criterion for t in weakest}

        def rank(s: Scenario) -> tuple[int, int, int, str]:
            trains_weak = len(weak & set(s.criteria))
            return (played[s.situation_id], -trains_weak, abs(s.difficulty - level), s.id)

        return min(library, key=rank)

    # --- courses --------------------------------------------------------------------------

    def save_course(
        self,
        workspace_id: str,
        name: str,
        *,
        scenario_ids: Sequence[str] = (),
        quiz_topics: Sequence[str] = (),
        mapping_cases: Sequence[str] = (),
        trainee_names: Sequence[str] = (),
        course_id: str | None = None,
    ) -> CourseRecord:
        known = set(self.situation_ids())
        unknown = [s for s in scenario_ids if _situation(s) not in known]
        if unknown:
            raise PracticeError("no_scenario", ", ".join(unknown))
        bad_topics = [t for t in quiz_topics if t not in self.topics()]
        if bad_topics:
            raise PracticeError("no_topic", ", ".join(bad_topics))
        cases = {c.case_id for c in load_cases().values()}
        bad_cases = [c for c in mapping_cases if c not in cases]
        if bad_cases:
            raise PracticeError("no_case", ", ".join(bad_cases))
        trainees = [self.db.practice.trainee(workspace_id, n) for n in trainee_names if n.strip()]
        return self.db.practice.save_course(
            workspace_id,
            name,
            scenario_ids=[_situation(s) for s in scenario_ids],
            quiz_topics=quiz_topics,
            mapping_cases=mapping_cases,
            trainee_ids=[t.id for t in trainees],
            course_id=course_id,
        )

    def courses(self, workspace_id: str) -> list[CourseRecord]:
        return self.db.practice.courses(workspace_id)

    def course_report(self, workspace_id: str, course_id: str, lang: Lang) -> CourseReport:
        course = self.db.practice.get_course(workspace_id, course_id)
        assigned = set(course.scenario_ids)
        rows: list[RosterRow] = []
        met: dict[CriterionId, list[bool]] = defaultdict(list)
        totals: list[int] = []
        for trainee_id in course.trainee_ids:
            trainee = self.db.practice.get_trainee(workspace_id, trainee_id)
            attempts = self.db.practice.attempts(workspace_id, trainee_id=trainee_id)
            plays = [
                a
                for a in attempts
                if a.kind == "roleplay"
                and a.status == "finished"
                and (not assigned or a.item_id in assigned)
            ]
            for a in plays:
                for criterion, status in a.result.get("criteria", {}).items():
                    if criterion in CRITERIA:
                        met[criterion].append(status == "met")
            scores = [a.total for a in plays if a.total is not None]
            totals.extend(scores)
            quiz = [
                a
                for a in attempts
                if a.kind == "quiz"
                and (not course.quiz_topics or a.result.get("topic") in course.quiz_topics)
            ]
            maps = [a.total for a in attempts if a.kind == "mapping" and a.total is not None]
            trends = _trends(tuple(plays), lang)
            weak = next((t.label for t in trends if t.rate < 1.0), "")
            rows.append(
                RosterRow(
                    trainee=trainee,
                    roleplays=len(plays),
                    average=round(sum(scores) / len(scores)) if scores else None,
                    quiz_rate=(
                        sum(1 for a in quiz if a.result.get("correct")) / len(quiz)
                        if quiz
                        else None
                    ),
                    mapping_best=max(maps) if maps else None,
                    done_scenarios=len({a.item_id for a in plays}),
                    assigned_scenarios=len(assigned),
                    weakest=weak,
                )
            )
        weakest = sorted(
            ((_label(c, lang), sum(v) / len(v)) for c, v in met.items() if v),
            key=lambda pair: pair[1],
        )
        scenarios = tuple(self.scenario(s, lang) for s in course.scenario_ids)
        return CourseReport(
            course=course,
            rows=tuple(rows),
            average=round(sum(totals) / len(totals)) if totals else None,
            weakest=tuple(weakest[:3]),
            scenarios=scenarios,
        )

    def course_csv(self, workspace_id: str, course_id: str, lang: Lang) -> str:
        """The roster as CSV (one row per trainee), for the trainer's spreadsheet."""
        report = self.course_report(workspace_id, course_id, lang)
        out = io.StringIO()
        writer = SafeWriter(out)
        writer.writerow(_CSV_HEAD["en" if lang == "en" else "zh"])
        for row in report.rows:
            writer.writerow(
                [
                    row.trainee.name,
                    row.roleplays,
                    "" if row.average is None else row.average,
                    "" if row.quiz_rate is None else f"{row.quiz_rate:.0%}",
                    "" if row.mapping_best is None else row.mapping_best,
                    f"{row.done_scenarios}/{row.assigned_scenarios}",
                    row.weakest,
                ]
            )
        text = out.getvalue()
        return to_lang_script(text, lang) if lang == "zh-Hant" else text


_CSV_HEAD = {
    "zh": [
        "学员",
        "角色扮演次数",
        "平均分",
        "测验正确率",
        "地图练习最高分",
        "已练情境",
        "最弱技能",
    ],
    "en": [
        "trainee",
        "role-plays",
        "average",
        "quiz correct",
        "best mapping",
        "scenarios done",
        "weakest skill",
    ],
}


def _label(criterion: str, lang: Lang) -> str:
    found = CRITERIA.get(cast(CriterionId, criterion))
    if found is None:
        return criterion
    return to_lang_script(found.label(lang), lang)


def _trends(roleplays: Sequence[AttemptRecord], lang: Lang) -> tuple[CriterionTrend, ...]:
    """Per criterion: met or not in each role-play that scored it, and the rate over the recent
    ones; weakest first."""
    history: dict[CriterionId, list[bool]] = {c: [] for c in CRITERION_IDS}
    for attempt in roleplays:
        for criterion, status in attempt.result.get("criteria", {}).items():
            if criterion in history:
                history[criterion].append(status == "met")
    trends = [
        CriterionTrend(
            criterion=c,
            label=_label(c, lang),
            rate=sum(h[-RECENT:]) / len(h[-RECENT:]),
            history=tuple(h),
        )
        for c, h in history.items()
        if h
    ]
    order = {c: i for i, c in enumerate(CRITERION_IDS)}
    return tuple(sorted(trends, key=lambda t: (t.rate, order[t.criterion])))

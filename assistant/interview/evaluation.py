"""`cxcoach eval interview`: scripted interviews written the way managers talk, and what the map
made of them.

A scenario (`tests/interview/scenarios/*.yaml`, format in the README there) is a whole interview
from the first answer to "done": the messages a manager sends, each marked with its act (answer,
non-answer, off-topic, question to the assistant, correction, navigation), and what the manager
stated — stages, touchpoints per stage, pain points, the emotion sign per stage, their own fixes.

Running one: a fresh session gets the messages in order. A message may name the question (slot)
it answers; while the engine is still asking an earlier question, the runner says "next" (a
nudge, counted as an extra turn) so one misunderstanding does not shift every later answer. An
`optional` message is sent only when the engine asks exactly its question (the industry when the
goal named it already, "any more touchpoints?", moments of truth). After the script the runner
says "done" until the session finishes (at most three times, counted too).

Scoring compares the final map with what was stated. Matching is tolerant but honest: both
sides folded (Traditional → Simplified, case, punctuation and spaces), a match when one contains
the other or their token overlap is high, one expected item to one map item; a name with
"and/和/與/及/or" in it must keep every part. Touchpoints count only under the map stage that
matches their stage; an emotion sign is the sign of the mean score of that stage's touchpoints;
a fix counts when it is the title of a plan action. A non-answer, off-topic message, question,
correction or navigation is "stored as data" when its text — whole, or a distinctive piece of it
(4 Han characters, or a word of 4+ letters that no answer and no expectation contains) — shows up
in anything the map attributes to the user. zh-Hant scenarios count Simplified-only characters
in every reply and in the HTML, Markdown and JSON exports, leaving out characters the user typed.

With `llm="fake"` the session runs through the language-model path with `ScenarioOracle`: a
FakeChatProvider fed, call by call, the reply a model would give. On an answer it extracts what
the scenario says the user stated in that message (a model at its best); on any other message it
turns the text into data for the question asked (a careless model at its worst). So the fake run
measures the model path — what the guards and the applier keep of a perfect extraction, and
whether a careless model's reading of "不知道" or "book me a flight" stays out of the map — not a
model's understanding. Both runs use an in-memory methodology index with the lexical hash
embedder (the index only feeds the "why this step" citations), like `cxcoach bench interview`.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.domain import Lang
from assistant.interview.draft import MapDraft
from assistant.interview.extraction import (
    EmotionItem,
    EmotionsAnswer,
    GoalAnswer,
    OpportunitiesAnswer,
    OpportunityItem,
    PainItem,
    PainsAnswer,
    PersonaItem,
    PersonasAnswer,
    StageItem,
    StagesAnswer,
    TouchpointItem,
    TouchpointsAnswer,
)
from assistant.interview.steps import SlotKey
from assistant.llm import ChatMessage
from assistant.llm.base import T
from assistant.llm.fake import FakeChatProvider
from assistant.playbooks import INDUSTRIES, similarity
from assistant.text.lang import simplified_only_chars
from assistant.text.script import to_simplified
from assistant.text.yaml_text import YAMLError, load_yaml

if TYPE_CHECKING:  # the service is imported when the evaluation runs, not with this module
    from assistant.interview.service import InterviewService, TurnResult

__all__ = [
    "ACTS",
    "EvalReport",
    "Scenario",
    "ScenarioError",
    "ScenarioOracle",
    "ScenarioRun",
    "ScenarioScore",
    "evaluate",
    "load_scenario",
    "load_scenarios",
    "match_score",
    "run_scenario",
    "score_scenario",
    "simplified_only",
]

DEFAULT_FOLDER = Path("tests/interview/scenarios")
Act = Literal["answer", "non_answer", "off_topic", "question", "correction", "navigation"]
ACTS: tuple[Act, ...] = get_args(Act)
LLMMode = Literal["none", "fake", "configured"]
SLOT_ORDER: tuple[SlotKey, ...] = get_args(SlotKey)

MAX_NUDGES = 2  # "next" said before one scripted message, at most
MAX_CLOSINGS = 3  # "done" said after the script, at most
SIMILAR = 0.5  # token overlap that counts as the same item
TURN_SLACK = 2  # the target: turns ≤ ideal + 2
NEXT_WORD: dict[Lang, str] = {"zh-Hans": "继续", "zh-Hant": "繼續", "en": "next"}
DONE_WORD: dict[Lang, str] = {"zh-Hans": "完成", "zh-Hant": "完成", "en": "done"}
EXPORT_FORMATS = ("html", "md", "json")


# Scenario files ------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioTurn(_Strict):
    say: str = Field(min_length=1, description="The message, as the manager types it")
    act: Act = "answer"
    slot: SlotKey | None = Field(None, description="The question this message answers")
    optional: bool = Field(False, description="Sent only when the engine asks exactly `slot`")

    @model_validator(mode="after")
    def _optional_needs_slot(self) -> ScenarioTurn:
        if self.optional and self.slot is None:
            raise ValueError("an optional turn needs the slot it answers")
        return self


class Absent(_Strict):
    """What a correction removed or renamed: must not be in the map under that kind (exact)."""

    stages: list[str] = Field(default_factory=list)
    touchpoints: list[str] = Field(default_factory=list)
    personas: list[str] = Field(default_factory=list)
    industry: list[str] = Field(default_factory=list)


class Expect(_Strict):
    stages: list[str] = Field(default_factory=list)
    touchpoints: dict[str, list[str]] = Field(default_factory=dict)
    pains: list[str] = Field(default_factory=list)
    emotions: dict[str, Literal[-1, 0, 1]] = Field(default_factory=dict)
    fixes: list[str] = Field(default_factory=list)
    not_stored: list[str] = Field(default_factory=list)
    absent: Absent = Field(default_factory=Absent)

    @model_validator(mode="after")
    def _keys_are_stages(self) -> Expect:
        stages = set(self.stages)
        for kind, keys in (("touchpoints", self.touchpoints), ("emotions", self.emotions)):
            unknown = [k for k in keys if k not in stages]
            if unknown:
                raise ValueError(f"{kind} keyed by stages not in expect.stages: {unknown}")
        return self

    def strings(self) -> list[str]:
        return [
            *self.stages,
            *(t for items in self.touchpoints.values() for t in items),
            *self.pains,
            *self.fixes,
        ]


class Scenario(_Strict):
    id: str = Field(min_length=1)
    lang: Lang
    industry: str = Field(min_length=1, description="Short English key, for the industry count")
    playbook: bool = Field(description="Whether cxcoach has a playbook for the industry")
    start_industry: str | None = Field(None, description="Playbook picked on the start page")
    about: str = ""
    ideal_turns: int = Field(ge=1, description="Turns a perfect assistant needs for the script")
    turns: list[ScenarioTurn] = Field(min_length=1)
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.start_industry is not None and self.start_industry not in INDUSTRIES:
            raise ValueError(
                f"start_industry {self.start_industry!r} is not one of {', '.join(INDUSTRIES)}"
            )
        if self.playbook != (self.industry in INDUSTRIES):
            raise ValueError(
                f"playbook: {self.playbook} but industry {self.industry!r} "
                f"{'has' if self.industry in INDUSTRIES else 'has no'} playbook"
            )
        required = sum(1 for t in self.turns if not t.optional)
        if not required <= self.ideal_turns <= len(self.turns):
            raise ValueError(
                f"ideal_turns {self.ideal_turns} must lie between the {required} messages always "
                f"sent and all {len(self.turns)} of the script"
            )
        return self


class ScenarioError(Exception):
    """A scenario file that cannot be used: names the file and the field."""

    def __init__(self, path: Path, where: str, message: str) -> None:
        self.path, self.where = path, where
        super().__init__(f"{path}: {where}: {message}" if where else f"{path}: {message}")


def load_scenario(path: Path) -> Scenario:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise ScenarioError(path, "", f"cannot read it ({exc})") from exc
    if not isinstance(data, dict):
        raise ScenarioError(path, "", "expected a mapping of fields (id, lang, turns, expect …)")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "scenario"
        raise ScenarioError(path, where, first["msg"]) from exc
    if scenario.id != path.stem:
        raise ScenarioError(path, "id", f"{scenario.id!r} differs from the file name")
    return scenario


def load_scenarios(source: Path, only: Iterable[str] = ()) -> list[Scenario]:
    """Every *.yaml in a folder (sorted), or one file; `only` keeps the ids named."""
    paths = sorted(source.glob("*.yaml")) if source.is_dir() else [source]
    if not paths:
        raise ScenarioError(source, "", "no scenario files (*.yaml) there")
    scenarios = [load_scenario(p) for p in paths]
    wanted = set(only)
    if wanted:
        unknown = wanted - {s.id for s in scenarios}
        if unknown:
            raise ScenarioError(source, "", f"no scenario with id {', '.join(sorted(unknown))}")
        scenarios = [s for s in scenarios if s.id in wanted]
    return scenarios


# Matching --------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
# What joins the parts of one name ("Security and boarding", "挂号和缴费", "看診與治療").
_JOIN = re.compile(r"\s+(?:and|or|&)\s+|\s*/\s*|[和与與及或]", re.IGNORECASE)


def fold_text(text: str) -> str:
    """Simplified script, case-folded, without punctuation, symbols or spaces."""
    folded = to_simplified(text).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PSZC")


def _parts(expected: str) -> list[str]:
    parts = [fold_text(p) for p in _JOIN.split(expected)]
    return [p for p in parts if p]


def match_score(expected: str, candidate: str) -> float:
    """How well a map item stands for an expected one, 0 (not at all) .. 1 (the same name)."""
    fe, fc = fold_text(expected), fold_text(candidate)
    if not fe or not fc:
        return 0.0
    if fe == fc:
        return 1.0
    parts = _parts(expected)
    if len(parts) >= 2 and fe not in fc and not all(p in fc for p in parts):
        return 0.0  # "Security and boarding" split in two is not the stage that was named
    if fe in fc:
        return 0.9
    if fc in fe and 2 * len(fc) >= len(fe):
        return 0.8
    score = similarity(expected, candidate)
    return score if score >= SIMILAR else 0.0


def assign(expected: Sequence[str], candidates: Sequence[str]) -> dict[int, int]:
    """One candidate per expected item, best pairs first: expected index → candidate index."""
    pairs = sorted(
        (
            (match_score(e, c), i, j)
            for i, e in enumerate(expected)
            for j, c in enumerate(candidates)
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    taken: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in pairs:
        if score <= 0:
            break
        if i not in taken and j not in used:
            taken[i] = j
            used.add(j)
    return taken


# Simplified characters in zh-Hant text ---------------------------------------------------------


def simplified_only(text: str, typed: Iterable[str] = ()) -> list[str]:
    """The Han characters of `text` that exist only in Simplified script (one definition for
    the app and the measurement: `assistant.text.lang.simplified_only_chars`), one entry per
    occurrence, except those in `typed` (what the user wrote)."""
    skip = set("".join(typed))
    flagged = set(simplified_only_chars(text)) - skip
    return [c for c in text if c in flagged]


# Scores ----------------------------------------------------------------------------------------


@dataclass
class Tally:
    found: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, hit: bool, what: str) -> None:
        self.expected += 1
        if hit:
            self.found += 1
        else:
            self.misses.append(what)

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    def merge(self, other: Tally) -> None:
        self.found += other.found
        self.expected += other.expected


@dataclass
class ScenarioRun:
    """What one scripted interview produced."""

    draft: MapDraft
    industry_key: str | None = None  # the playbook the session settled on
    replies: list[str] = field(default_factory=list)  # every reply text, the first question too
    exports: dict[str, str] = field(default_factory=dict)  # format → text
    runner_words: list[str] = field(default_factory=list)  # nudges and closings said
    turns_used: int = 0
    nudges: int = 0
    closings: int = 0
    skipped: int = 0  # optional messages not sent: their question was never asked
    finished: bool = False
    latencies_ms: list[float] = field(default_factory=list)
    model_turns: int = 0  # replies the model's reading produced (mode "llm")
    error: str = ""  # an exception that ended the run early


@dataclass
class ScenarioScore:
    id: str
    lang: Lang
    industry: str
    playbook: bool
    stages: Tally = field(default_factory=Tally)
    touchpoints: Tally = field(default_factory=Tally)
    pains: Tally = field(default_factory=Tally)
    emotions: Tally = field(default_factory=Tally)
    fixes: Tally = field(default_factory=Tally)
    stored: list[str] = field(default_factory=list)  # non-answer turns found in the map
    not_removed: list[str] = field(default_factory=list)  # corrections not applied
    simplified: list[str] = field(default_factory=list)  # characters, zh-Hant only
    simplified_where: list[str] = field(default_factory=list)
    turns_used: int = 0
    ideal_turns: int = 0
    nudges: int = 0
    closings: int = 0
    finished: bool = False
    latencies_ms: list[float] = field(default_factory=list)
    model_turns: int = 0
    error: str = ""

    @property
    def excess(self) -> int:
        return self.turns_used - self.ideal_turns

    def tallies(self) -> dict[str, Tally]:
        return {
            "stages": self.stages,
            "touchpoints": self.touchpoints,
            "pains": self.pains,
            "emotions": self.emotions,
            "fixes": self.fixes,
        }

    def misses(self) -> list[str]:
        lines = [f"{kind}: {m}" for kind, t in self.tallies().items() for m in t.misses]
        lines += [f"stored as data: {s}" for s in self.stored]
        lines += [f"still in the map after a correction: {s}" for s in self.not_removed]
        if self.simplified:
            sample = "".join(sorted(set(self.simplified)))[:30]
            lines.append(
                f"{len(self.simplified)} Simplified characters ({sample}) in "
                + ", ".join(self.simplified_where)
            )
        if self.excess > TURN_SLACK:
            lines.append(
                f"turns: {self.turns_used} for an ideal of {self.ideal_turns} "
                f"({self.nudges} nudges, {self.closings} closings)"
            )
        if not self.finished:
            lines.append("the session never finished")
        if self.error:
            lines.append(f"error: {self.error}")
        return lines


def _user_texts(draft: MapDraft) -> list[tuple[str, str, bool]]:
    """(kind, text, is_name) for everything the map attributes to the user."""
    out: list[tuple[str, str, bool]] = [
        ("goal", draft.goal, False),
        ("scope", draft.scope, False),
        ("industry", draft.industry, True),
        ("product", draft.product, True),
        ("company", draft.company, True),
    ]

    def user(item: Any) -> bool:
        return bool(item.provenance.source == "user")

    for persona in filter(user, draft.personas):
        out += [("persona", persona.name, True), ("persona", persona.description, False)]
    for stage in filter(user, draft.stages):
        out += [("stage", stage.name, True), ("stage", stage.description, False)]
    for tp in filter(user, draft.touchpoints):
        out += [("touchpoint", tp.name, True)]
        out += [
            ("touchpoint", text, False)
            for text in (tp.channel, tp.customer_action, tp.frontstage, tp.backstage, tp.support)
        ]
        if tp.emotion is not None:
            out += [("emotion", tp.emotion.label, True), ("emotion", tp.emotion.quote, False)]
    out += [("pain", p.description, True) for p in filter(user, draft.pain_points)]
    out += [("opportunity", o.description, True) for o in filter(user, draft.opportunities)]
    for action in filter(user, draft.plan.actions):
        out += [("action", action.title, True), ("action", action.description, False)]
        out += [("action", action.owner_department, False)]
    out += [("kpi", k.name, True) for k in filter(user, draft.kpis)]
    return [(kind, text, is_name) for kind, text, is_name in out if text.strip()]


_STOP_WORDS = frozenset(
    "what that this with your have about where when there should would could which does from "
    "they them then just like want need into also been were will some more than very much".split()
)
# Words corrections and navigation are made of: never a name of their own.
_COMMAND_MARKERS = (
    "不对",
    "应该是",
    "改成",
    "改为",
    "改名",
    "删除",
    "删掉",
    "去掉",
    "回到",
    "上一步",
    "更正",
    "讲错",
    "rename",
    "actually",
    "should be",
    "drop the",
    "remove the",
    "go back",
)


def _pieces(text: str) -> tuple[set[str], set[str]]:
    """Distinctive pieces of a message: 4-character Han windows and words of 4+ letters."""
    simplified = to_simplified(text).casefold()
    grams = {
        run[i : i + 4]
        for run in _CJK_RUN.findall(simplified)
        if len(run) >= 4
        for i in range(len(run) - 3)
    }
    words = {w.strip("'’-") for w in _WORD.findall(simplified)}
    return grams, {w for w in words if len(w) >= 4 and w not in _STOP_WORDS}


def stored_turns(scenario: Scenario, draft: MapDraft, extra_words: Sequence[str] = ()) -> list[str]:
    """The messages that were not answers (and the runner's own words) found in the map, and the
    `not_stored` strings found there that belong to no such message."""
    texts = _user_texts(draft)
    folded = [(fold_text(t), is_name, t) for _, t, is_name in texts]
    words_in = [set(_WORD.findall(to_simplified(t).casefold())) for _, t, _ in texts]
    said = " ".join(t.say for t in scenario.turns if t.act == "answer")
    known = to_simplified(" ".join([said, *scenario.expect.strings()])).casefold()
    known_words = set(_WORD.findall(known))
    names = [to_simplified(t).casefold() for _, is_name, t in folded if is_name]
    found: list[str] = [
        word
        for word in dict.fromkeys(extra_words)
        if any(fold_text(word) == f for f, _, _ in folded)
    ]  # the runner's "next" and "done": only as a whole name or text
    others = [t.say for t in scenario.turns if t.act != "answer"]
    for message in others:
        whole = fold_text(message)
        hit = any(whole == f or (len(whole) >= 4 and whole in f) for f, _, _ in folded)
        grams, words = _pieces(message)
        grams = {g for g in grams if g not in known}
        words = {w for w in words if w not in known_words}
        hit = hit or any(g in f for g in grams for f, _, _ in folded)
        hit = hit or any(w in ws for w in words for ws in words_in)
        lowered = to_simplified(message).casefold()
        markers = [m for m in _COMMAND_MARKERS if m in lowered and m not in known]
        hit = hit or any(m in n for m in markers for n in names)
        hit = hit or any(
            fold_text(s) in f
            for s in scenario.expect.not_stored
            if fold_text(s) in whole
            for f, _, _ in folded
        )
        if hit:
            found.append(message)
    for string in scenario.expect.not_stored:
        key = fold_text(string)
        if any(key in fold_text(m) for m in others):
            continue  # counted with its message above
        if any(key in f for f, _, _ in folded):
            found.append(f"(not_stored) {string}")
    return found


def _not_removed(scenario: Scenario, draft: MapDraft, industry_key: str | None) -> list[str]:
    absent = scenario.expect.absent
    out: list[str] = []
    groups: list[tuple[str, list[str], list[str]]] = [
        ("stage", absent.stages, [s.name for s in draft.stages]),
        ("touchpoint", absent.touchpoints, [t.name for t in draft.touchpoints]),
        ("persona", absent.personas, [p.name for p in draft.personas]),
        ("industry", absent.industry, [draft.industry, industry_key or ""]),
    ]
    for kind, names, have in groups:
        folded = {fold_text(h) for h in have if h}
        out += [f"{kind} {name}" for name in names if fold_text(name) in folded]
    return out


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def score_scenario(scenario: Scenario, run: ScenarioRun) -> ScenarioScore:
    """Compare the map a run produced with what the scenario's manager stated."""
    draft, expect = run.draft, scenario.expect
    score = ScenarioScore(
        id=scenario.id,
        lang=scenario.lang,
        industry=scenario.industry,
        playbook=scenario.playbook,
        turns_used=run.turns_used,
        ideal_turns=scenario.ideal_turns,
        nudges=run.nudges,
        closings=run.closings,
        finished=run.finished,
        latencies_ms=list(run.latencies_ms),
        model_turns=run.model_turns,
        error=run.error,
    )
    stage_names = [s.name for s in draft.stages]
    stage_of = assign(expect.stages, stage_names)
    map_stage = {expect.stages[i]: draft.stages[j] for i, j in stage_of.items()}
    for i, name in enumerate(expect.stages):
        score.stages.add(i in stage_of, name)
    for stage_name, wanted in expect.touchpoints.items():
        stage = map_stage.get(stage_name)
        have = [t.name for t in draft.touchpoints_of(stage.id)] if stage else []
        got = assign(wanted, have)
        for i, tp in enumerate(wanted):
            where = f"{tp} (under {stage_name}{'' if stage else ', a stage not in the map'})"
            score.touchpoints.add(i in got, where)
    pains = assign(expect.pains, [p.description for p in draft.pain_points])
    for i, pain in enumerate(expect.pains):
        score.pains.add(i in pains, pain)
    for stage_name, sign in expect.emotions.items():
        stage = map_stage.get(stage_name)
        scores = [
            t.emotion.score
            for t in (draft.touchpoints_of(stage.id) if stage else [])
            if t.emotion is not None
        ]
        got_sign = _sign(statistics.fmean(scores)) if scores else None
        shown = "no emotion" if got_sign is None else f"{got_sign:+d}"
        score.emotions.add(got_sign == sign, f"{stage_name}: {sign:+d} expected, {shown}")
    fixes = assign(expect.fixes, [a.title for a in draft.plan.actions])
    for i, fix in enumerate(expect.fixes):
        score.fixes.add(i in fixes, fix)
    score.stored = stored_turns(scenario, draft, run.runner_words)
    score.not_removed = _not_removed(scenario, draft, run.industry_key)
    if scenario.lang == "zh-Hant":
        typed = [t.say for t in scenario.turns] + run.runner_words
        sources = [("replies", "\n".join(run.replies)), *run.exports.items()]
        for where, text in sources:
            chars = simplified_only(text, typed)
            if chars:
                score.simplified += chars
                score.simplified_where.append(where)
    return score


# Running ---------------------------------------------------------------------------------------


def _slot_index(result: TurnResult) -> int:
    if result.finished:
        return len(SLOT_ORDER)
    return SLOT_ORDER.index(result.slot)


def _export_text(content: bytes, fmt: str) -> str:
    text = content.decode("utf-8-sig", errors="replace")
    if fmt != "json":
        return text
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(text))
    return "\n".join(strings)


def run_scenario(
    service: InterviewService,
    scenario: Scenario,
    oracle: ScenarioOracle | None = None,
    workspace: str = "eval",
) -> ScenarioRun:
    """Send the script to a new session, as described in the module docstring."""
    result = service.start(workspace, lang=scenario.lang, industry=scenario.start_industry)
    run = ScenarioRun(draft=result.draft, replies=[result.text])
    session = result.session_id

    def send(message: str, turn: ScenarioTurn | None) -> None:
        nonlocal result
        if oracle is not None:
            oracle.hear(scenario, turn, message)
        begin = time.perf_counter()
        result = service.reply(session, message)
        run.latencies_ms.append((time.perf_counter() - begin) * 1000)
        run.turns_used += 1
        run.replies.append(result.text)
        run.model_turns += result.mode == "llm"

    try:
        for turn in scenario.turns:
            if turn.slot is not None and not turn.optional:
                wanted = SLOT_ORDER.index(turn.slot)
                for _ in range(MAX_NUDGES):
                    if _slot_index(result) >= wanted:
                        break
                    run.nudges += 1
                    run.runner_words.append(NEXT_WORD[scenario.lang])
                    send(NEXT_WORD[scenario.lang], None)
            if turn.optional and (result.finished or result.slot != turn.slot):
                run.skipped += 1
                continue
            send(turn.say, turn)
        while not result.finished and run.closings < MAX_CLOSINGS:
            run.closings += 1
            run.runner_words.append(DONE_WORD[scenario.lang])
            send(DONE_WORD[scenario.lang], None)
        run.finished = result.finished
        state = service.state(session)
        run.draft, run.industry_key = state.draft, state.industry
        for fmt in EXPORT_FORMATS:
            exported = service.export(session, fmt)  # type: ignore[arg-type]
            run.exports[fmt] = _export_text(exported.content, fmt)
    except Exception as exc:  # a measurement goes on; the report names what broke
        run.error = f"{type(exc).__name__}: {exc}"
        run.draft = result.draft
    return run


# The fake model ----------------------------------------------------------------------------


_SPLIT = re.compile(r"\n|[；;。]|[，,、](?=\s*\S)|\s+and\s+", re.IGNORECASE)
_KEYED = re.compile(r"^\s*([^:：\n]{1,30})\s*[:：]\s*(.+)$")


class ScenarioOracle:
    """A ChatProvider for `--llm fake`: a FakeChatProvider given one reply per call, made from
    the scenario message being answered (see the module docstring). Replies go through the fake's
    real structured-output path, so they are validated like a real model's."""

    name = "fake"

    def __init__(self) -> None:
        self.fake = FakeChatProvider()
        self.scenario: Scenario | None = None
        self.turn: ScenarioTurn | None = None
        self.message = ""
        self.calls = 0

    def hear(self, scenario: Scenario, turn: ScenarioTurn | None, message: str) -> None:
        self.scenario, self.turn, self.message = scenario, turn, message

    def complete(self, messages: Sequence[ChatMessage], *, timeout: float | None = None) -> str:
        return self.fake.complete(messages, timeout=timeout)  # nothing scripted: "exhausted"

    def structured(
        self, messages: Sequence[ChatMessage], schema: type[T], *, timeout: float | None = None
    ) -> T:
        self.calls += 1
        self.fake.add(self.reply_for(schema).model_dump(mode="json"))
        return self.fake.structured(messages, schema, timeout=timeout)

    def reply_for(self, schema: type[BaseModel]) -> BaseModel:
        message, scenario = self.message, self.scenario
        careless = self.turn is None or self.turn.act != "answer" or scenario is None
        if careless or scenario is None:
            return _careless(schema, message)
        return _extract(schema, message, scenario)


def _clauses(message: str) -> list[str]:
    return [c.strip() for c in _SPLIT.split(message) if c and c.strip()]


def _mentioned(names: Iterable[str], message: str) -> list[str]:
    folded = fold_text(message)
    hits = [n for n in names if fold_text(n) and fold_text(n) in folded]
    return sorted(hits, key=lambda n: folded.find(fold_text(n)))


def _careless(schema: type[BaseModel], message: str) -> BaseModel:
    """What a careless model makes of a message that is not an answer: data."""
    text = message.strip()
    if schema is GoalAnswer:
        return GoalAnswer(goal=text)
    if schema is PersonasAnswer:
        return PersonasAnswer(personas=[PersonaItem(name=text)])
    if schema is StagesAnswer:
        return StagesAnswer(stages=[StageItem(name=text)])
    if schema is TouchpointsAnswer:
        return TouchpointsAnswer(touchpoints=[TouchpointItem(name=text)])
    if schema is PainsAnswer:
        return PainsAnswer(pain_points=[PainItem(description=text)])
    if schema is OpportunitiesAnswer:
        return OpportunitiesAnswer(opportunities=[OpportunityItem(description=text)])
    return schema()


def _extract(schema: type[BaseModel], message: str, scenario: Scenario) -> BaseModel:
    """What a model at its best reads in an answer: the stated items this message contains."""
    expect = scenario.expect
    if schema is GoalAnswer:
        return GoalAnswer(goal=message.strip())
    if schema is PersonasAnswer:
        personas: list[PersonaItem] = []
        for clause in message.splitlines() or [message]:
            keyed = _KEYED.match(clause)
            name, description = (keyed.group(1), keyed.group(2)) if keyed else (clause, "")
            if name.strip():
                personas.append(PersonaItem(name=name.strip(), description=description.strip()))
        return PersonasAnswer(personas=personas)
    if schema is StagesAnswer:
        names = _mentioned(expect.stages, message)
        return StagesAnswer(stages=[StageItem(name=n) for n in names])
    if schema is TouchpointsAnswer:
        touchpoints: list[TouchpointItem] = []
        lines = message.splitlines() or [message]
        for stage, names in expect.touchpoints.items():
            for name in names:
                line = next((x for x in lines if fold_text(name) in fold_text(x)), None)
                if line is None:
                    continue
                keyed = _KEYED.match(line)
                key = keyed.group(1).strip() if keyed else ""
                said_stage = stage if key and match_score(key, stage) > 0 else key
                touchpoints.append(TouchpointItem(stage=said_stage, name=name))
        return TouchpointsAnswer(touchpoints=touchpoints)
    if schema is EmotionsAnswer:
        emotions = [
            EmotionItem(touchpoint=tp, score=sign)
            for stage, sign in expect.emotions.items()
            for tp in expect.touchpoints.get(stage, [])
        ]
        return EmotionsAnswer(emotions=emotions)
    if schema is PainsAnswer:
        pains = [PainItem(description=p) for p in _mentioned(expect.pains, message)]
        if pains:
            return PainsAnswer(pain_points=pains)
        names = [t for items in expect.touchpoints.values() for t in items]
        return PainsAnswer(moments_of_truth=_mentioned([*names, *expect.stages], message))
    if schema is OpportunitiesAnswer:
        clauses = _clauses(message)
        items: list[OpportunityItem] = []
        for fix in expect.fixes:
            clause = next((c for c in clauses if fold_text(fix) in fold_text(c)), fix)
            if clause not in {i.description for i in items}:
                items.append(OpportunityItem(description=clause))
        return OpportunitiesAnswer(opportunities=items)
    return schema()


# The whole evaluation ------------------------------------------------------------------------


@dataclass
class EvalReport:
    llm: LLMMode
    scores: list[ScenarioScore]
    model_calls: int = 0
    seconds: float = 0.0

    def tally(self, kind: str) -> Tally:
        total = Tally()
        for score in self.scores:
            total.merge(score.tallies()[kind])
        return total

    def figures(self) -> dict[str, Any]:
        scores = self.scores
        latencies = sorted(x for s in scores for x in s.latencies_ms)
        excess = [s.excess for s in scores]
        industries = {s.industry: s.playbook for s in scores}
        hant = [s for s in scores if s.lang == "zh-Hant"]

        def pct(share: float) -> float:
            if not latencies:
                return 0.0
            return round(latencies[min(len(latencies) - 1, round(share * (len(latencies) - 1)))], 1)

        recall = {}
        for kind in ("stages", "touchpoints", "pains", "emotions", "fixes"):
            t = self.tally(kind)
            recall[kind] = {
                "found": t.found,
                "expected": t.expected,
                "recall": None if t.recall is None else round(t.recall, 3),
            }
        return {
            "llm": self.llm,
            "scenarios": len(scores),
            "languages": {
                lang: sum(1 for s in scores if s.lang == lang)
                for lang in ("zh-Hans", "zh-Hant", "en")
            },
            "industries": len(industries),
            "industries_without_playbook": sum(1 for has in industries.values() if not has),
            "recall": recall,
            "stored_non_answers": sum(len(s.stored) for s in scores),
            "corrections_not_applied": sum(len(s.not_removed) for s in scores),
            "turns": {
                "used": sum(s.turns_used for s in scores),
                "ideal": sum(s.ideal_turns for s in scores),
                "mean_excess": round(statistics.fmean(excess), 2) if excess else 0.0,
                "max_excess": max(excess, default=0),
                "over_ideal_plus_2": sum(1 for e in excess if e > TURN_SLACK),
                "nudges": sum(s.nudges for s in scores),
                "closings": sum(s.closings for s in scores),
            },
            "unfinished": sum(1 for s in scores if not s.finished),
            "errors": sum(1 for s in scores if s.error),
            "simplified_in_zh_hant": sum(len(s.simplified) for s in hant),
            "latency_ms": {"p50": pct(0.5), "p95": pct(0.95), "turns": len(latencies)},
            "model_turns": sum(s.model_turns for s in scores),
            "model_calls": self.model_calls,
            "seconds": round(self.seconds, 1),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "figures": self.figures(),
            "scenarios": [
                {
                    "id": s.id,
                    "lang": s.lang,
                    "industry": s.industry,
                    "playbook": s.playbook,
                    "recall": {k: t.recall for k, t in s.tallies().items()},
                    "stored": s.stored,
                    "not_removed": s.not_removed,
                    "simplified": len(s.simplified),
                    "turns_used": s.turns_used,
                    "ideal_turns": s.ideal_turns,
                    "finished": s.finished,
                    "model_turns": s.model_turns,
                    "misses": s.misses(),
                }
                for s in self.scores
            ],
        }


def evaluate(
    scenarios: Sequence[Scenario],
    llm: LLMMode = "none",
    *,
    retriever: Any = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> EvalReport:
    """Run every scenario on a fresh temporary database and score it."""
    from assistant.interview.service import InterviewService
    from assistant.retrieval.factory import memory_index
    from assistant.storage import Database

    started = time.perf_counter()
    oracle = ScenarioOracle() if llm == "fake" else None
    model: Any = oracle
    timeout = None
    if llm == "configured":  # the model the settings name (CXCOACH_LLM_MODE, _MODEL …)
        from assistant.llm import build_provider
        from assistant.settings import load_settings

        settings = load_settings()
        model, timeout = build_provider(settings), settings.llm_timeout
    scores: list[ScenarioScore] = []
    with tempfile.TemporaryDirectory(prefix="cxcoach-eval-") as tmp:
        folder = Path(tmp)
        if retriever is None:  # as the app runs by default: e5 for retrieval and for acts
            retriever = memory_index(folder)
            embedder = retriever.embedder
        else:
            embedder = None
        db = Database(f"sqlite:///{folder / 'eval.db'}")
        service = InterviewService(
            db,
            retriever,
            model,
            folder / "checkpoints.sqlite",
            embedder=embedder,
            llm_timeout=timeout,
        )
        try:
            for number, scenario in enumerate(scenarios, 1):
                if progress is not None:
                    progress(number, len(scenarios), scenario.id)
                run = run_scenario(service, scenario, oracle, workspace=f"eval-{scenario.id}")
                scores.append(score_scenario(scenario, run))
        finally:
            service.close()
            db.dispose()
    return EvalReport(
        llm=llm,
        scores=scores,
        model_calls=oracle.calls if oracle else 0,
        seconds=time.perf_counter() - started,
    )

"""The role-play scenario library (knowledge/practice/scenarios/<id>.yaml) as typed, checked data.

A scenario is one difficult customer in one situation (a bank customer who queued forty minutes,
a diner who found something in the soup), written once in zh-Hans and once in English; the two
files name each other as `pair`. The practice tutor plays the customer from the scenario's reply
pools and scores the trainee's replies against the shared `CRITERIA`; the model handling shows a
good conversation turn by turn, each turn citing the guide sections it stands on. zh-Hant
trainees get the zh-Hans text converted at render time (`assistant.text.script`).

Checks beyond the types: file name = id, ids unique, the pair exists in the other language with
the same industry, difficulty, mood and criteria, the guide and every cited document exist in the
knowledge corpus in the scenario's language and every cited section is one of the document's
`## ` headings, the model handling meets every criterion, stays within authority and uses no
forbidden phrase. A file that breaks any of this is a `ScenarioError` naming the file and field:
a scenario that silently loses a reply pool or cites a missing section is a bug nobody notices
until a trainee does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

import knowledge
from assistant.retrieval.corpus import load_documents
from assistant.text.script import to_traditional

ScenarioLang = Literal["zh-Hans", "en"]
CriterionId = Literal["acknowledge", "apologise", "explain", "remedy", "confirm", "close", "avoid"]
Mood = Literal["angry", "anxious", "confused", "disappointed", "demanding", "upset"]
Industry = Literal[
    "banking", "telecom", "restaurant", "ecommerce", "retail", "hotel", "insurance", "healthcare"
]  # fmt: skip
PoolName = Literal["calmer", "same", "angrier", "calmed", "escalated"]

CRITERION_IDS: tuple[CriterionId, ...] = get_args(CriterionId)
MOODS: tuple[Mood, ...] = get_args(Mood)
INDUSTRIES: tuple[Industry, ...] = get_args(Industry)
REPLY_POOLS: tuple[PoolName, ...] = get_args(PoolName)
LANG_SUFFIX: dict[ScenarioLang, str] = {"zh-Hans": "zh", "en": "en"}
MIN_VARIANTS = 3  # every customer line comes in at least three wordings, so replays differ
SHIPPED = "knowledge/practice/scenarios"


@dataclass(frozen=True)
class Criterion:
    """One thing a good reply does; the scorecard has one line per criterion of the scenario."""

    id: CriterionId
    label_zh: str
    label_en: str
    description_zh: str
    description_en: str

    def label(self, lang: str) -> str:
        """The label for `lang` (zh-Hant callers convert the zh-Hans label for display)."""
        return self.label_en if lang == "en" else self.label_zh

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_zh


CRITERIA: dict[CriterionId, Criterion] = {
    c.id: c
    for c in (
        Criterion(
            "acknowledge",
            "回应情绪",
            "Acknowledge",
            "说出客户此刻的感受（着急、失望、生气），让他知道你看见了；“别急”“别担心”“请您理解”不算。",
            "Names the customer's feeling so they know it has been noticed; \"don't worry\" or "
            '"please understand" names no feeling.',
        ),
        Criterion(
            "apologise",
            "道歉到位",
            "Apologise",
            "为具体的事道歉（“让您等了四十分钟，实在抱歉”）；一句笼统的“不好意思”“给您带来不便敬请谅解”不算。",
            'Apologises for the specific thing ("I\'m sorry your refund is five days late"); a bare '
            "\"sorry\" or a blanket 'sorry for any inconvenience' is not an apology.",
        ),
        Criterion(
            "explain",
            "说明原因",
            "Explain",
            "用大白话讲清原因，或客户还不知道的现状；重复客户自己看得到的状态（“还在处理中”、物流节点）不算；"
            "怪客户、推给同事、别的部门或外面的人，而不是自己担下来，是踩雷。",
            "Explains the cause in plain words, or new facts about where things stand; repeating a "
            'status the customer can already see ("still under review", the tracking stage) is '
            "not enough, and blaming the customer, a colleague, another department or an outside "
            "party instead of owning it breaks it.",
        ),
        Criterion(
            "remedy",
            "给出办法",
            "Remedy",
            "承诺一个具体、在自己权限内能兑现的办法；“我帮您催一下”“尽快处理”没有结果也没有时间，不算；"
            "超出权限的承诺是踩雷。",
            "Commits to a concrete remedy within the trainee's authority; \"we'll chase it\" or "
            '"we\'ll look into it" with no outcome or time does not count, and a promise beyond '
            "front-line authority breaks it.",
        ),
        Criterion(
            "confirm",
            "确认满意",
            "Confirm",
            "问客户是否同意这个办法，或确认问题已经解决。",
            "Asks whether the customer agrees to the remedy or checks that it worked.",
        ),
        Criterion(
            "close",
            "闭环跟进",
            "Close the loop",
            "说清下一步，带上时间或你的名字（“今天下午四点前我打给您，我叫小李”）；只说“有结果会通知您”不算。",
            "Closes the loop: a concrete next step with a time and/or a named owner (\"I'll text "
            'you by 6pm, I\'m Sam"); "we\'ll let you know" alone is not enough.',
        ),
        Criterion(
            "avoid",
            "避免雷区",
            "Avoid pitfalls",
            "不说禁用语，不用行话术语，不指责任何人，不轻视、不骂客户。",
            "Uses no forbidden phrase, no jargon, blames nobody and never belittles or insults the "
            "customer.",
        ),
    )
}


class ScenarioError(ValueError):
    """A scenario file that is malformed or inconsistent; the message names the file and field."""


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Pool = Annotated[tuple[Text, ...], Field(min_length=MIN_VARIANTS)]
ScenarioId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*-(?:zh|en)$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Persona(_Frozen):
    name: Text
    description: Text


class Offer(_Frozen):
    """Something the trainee may (or may not) offer, and the words that show a reply offers it."""

    label: Text
    cues: Annotated[tuple[Text, ...], Field(min_length=1)]


class Authority(_Frozen):
    may_offer: Annotated[tuple[Offer, ...], Field(min_length=1)]
    # Promises outside the trainee's authority: a polite reply that makes one loses "remedy".
    may_not: Annotated[tuple[Offer, ...], Field(min_length=1)]


class Citation(_Frozen):
    doc: Text  # a knowledge document id, e.g. guide-long-queue-zh
    section: Text  # one of its `## ` headings, e.g. 现在就做


class ModelTurn(_Frozen):
    text: Text
    meets: Annotated[tuple[CriterionId, ...], Field(min_length=1)]
    cites: Annotated[tuple[Citation, ...], Field(min_length=1)]


class Replies(_Frozen):
    """The simulated customer's lines, chosen by how the trainee's last reply scored."""

    calmer: Pool  # the trainee acknowledged the feeling and offered a real remedy
    same: Pool  # partly there
    angrier: Pool  # blame, jargon, a forbidden phrase, a promise outside authority
    calmed: Pool  # final: the customer accepts
    escalated: Pool  # final: asks for a manager, leaves, threatens

    def pool(self, name: PoolName) -> tuple[str, ...]:
        pools: dict[PoolName, tuple[str, ...]] = {
            "calmer": self.calmer,
            "same": self.same,
            "angrier": self.angrier,
            "calmed": self.calmed,
            "escalated": self.escalated,
        }
        return pools[name]


class Scenario(_Frozen):
    id: ScenarioId
    pair: ScenarioId
    lang: ScenarioLang
    title: Text
    industry: Industry
    difficulty: Annotated[int, Field(ge=1, le=3)]  # 1 easy .. 3 hard
    guide: Text
    moment_of_truth: Text
    persona: Persona
    mood: Mood
    situation: Text
    opening: Pool
    authority: Authority
    forbidden_phrases: Annotated[tuple[Text, ...], Field(min_length=1)]
    criteria: Annotated[tuple[CriterionId, ...], Field(min_length=1)]
    cues: dict[CriterionId, tuple[Text, ...]] = Field(default_factory=dict)
    replies: Replies
    model_handling: Annotated[tuple[ModelTurn, ...], Field(min_length=1)]
    tags: tuple[Text, ...] = ()

    @property
    def situation_id(self) -> str:
        """The id without its language suffix, shared by the pair (queue-anger-bank)."""
        return self.id.rsplit("-", 1)[0]

    @property
    def playbook(self) -> str:
        """The industry playbook in the scenario's language (playbook-banking-zh)."""
        return f"playbook-{self.industry}-{LANG_SUFFIX[self.lang]}"

    def criteria_labels(self) -> list[str]:
        return [CRITERIA[c].label(self.lang) for c in self.criteria]


@dataclass(frozen=True)
class _Doc:
    lang: str
    kind: str
    sections: tuple[str, ...]


_HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)


@cache
def _corpus() -> dict[str, _Doc]:
    return {
        doc.id: _Doc(doc.lang, doc.kind, tuple(_HEADING.findall(doc.body)))
        for doc in load_documents()
    }


@cache
def _titles() -> dict[str, str]:
    return {doc.id: doc.title for doc in load_documents()}


def cite_label(doc: str, section: str, lang: str) -> str:
    """A citation as a trainee reads it: the document's title and the section, in their script
    (an English trainee citing a Chinese document sees its title as written)."""
    title = _titles().get(doc, doc)
    text = f"{title} · {section}" if section else title
    return to_traditional(text) if lang == "zh-Hant" else text


def scenarios_folder() -> Traversable:
    return knowledge.root().joinpath("practice").joinpath("scenarios")


@cache
def _shipped() -> dict[str, Scenario]:
    return read_scenarios(scenarios_folder(), SHIPPED)


def load_scenarios(folder: Path | None = None) -> dict[str, Scenario]:
    """All scenarios by id: the shipped library (read once), or the `*.yaml` files in `folder`
    (read each time; cited documents are still looked up in the shipped knowledge corpus)."""
    if folder is None:
        return dict(_shipped())
    return read_scenarios(folder, str(folder))


def read_scenarios(folder: Traversable | Path, shown: str) -> dict[str, Scenario]:
    """Parse and check every `*.yaml` file in `folder`; `shown` is the folder as messages name it."""
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name
    )
    if not entries:
        raise ScenarioError(f"{shown}: no scenario files (*.yaml)")
    parsed: list[tuple[str, Scenario]] = []
    for entry in entries:
        path = f"{shown}/{entry.name}"
        parsed.append((path, parse_scenario(entry.read_text(encoding="utf-8"), path)))
    where: dict[str, str] = {}
    for path, scenario in parsed:
        if scenario.id in where:
            raise ScenarioError(
                f"{path}: field id: {scenario.id!r} is already used by {where[scenario.id]}"
            )
        where[scenario.id] = path
    library = {scenario.id: scenario for _, scenario in parsed}
    for path, scenario in parsed:
        _check(scenario, path, _corpus())
    for path, scenario in parsed:  # only once each file is sound in itself
        _check_pair(scenario, path, library, where)
    return dict(sorted(library.items()))


def parse_scenario(text: str, path: str) -> Scenario:
    """One scenario file, type-checked; cross-file and corpus checks are `read_scenarios`'."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: unreadable YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario file must be a mapping of fields")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(
            f"{path}: " + "; ".join(_describe(error) for error in exc.errors())
        ) from None


def _describe(error: Any) -> str:
    loc = ".".join(str(part) for part in error["loc"]) or "(top level)"
    got = error.get("input")
    shown = f" (got {got!r})" if isinstance(got, str | int | float | bool) else ""
    return f"field {loc}: {error['msg']}{shown}"


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


_Fail = Callable[[str, str], ScenarioError]  # (field, message) -> the error naming file and field


def _failing(path: str) -> _Fail:
    def fail(field: str, message: str) -> ScenarioError:
        return ScenarioError(f"{path}: field {field}: {message}")

    return fail


def _check(s: Scenario, path: str, corpus: dict[str, _Doc]) -> None:
    fail = _failing(path)
    if Path(path).name != f"{s.id}.yaml":
        raise fail("id", f"{s.id!r} does not match the file name (expected {s.id}.yaml)")
    suffix = LANG_SUFFIX[s.lang]
    if not s.id.endswith(f"-{suffix}"):
        raise fail("lang", f"{s.lang} scenario ids end in -{suffix}, not {s.id!r}")
    _check_doc(s.guide, "guide", s.lang, corpus, fail, kind="guide")
    _check_doc(s.playbook, "industry", s.lang, corpus, fail, kind="playbook")
    _check_criteria(s, fail)
    _check_model_handling(s, corpus, fail)
    variants = {"opening": s.opening, **{f"replies.{p}": s.replies.pool(p) for p in REPLY_POOLS}}
    for name, lines in variants.items():
        if len({_fold(line) for line in lines}) != len(lines):
            raise fail(name, "the same variant is written twice")


def _check_pair(
    s: Scenario, path: str, library: dict[str, Scenario], where: dict[str, str]
) -> None:
    fail = _failing(path)
    other_suffix = "en" if s.lang == "zh-Hans" else "zh"
    expected = f"{s.situation_id}-{other_suffix}"
    if s.pair != expected:
        raise fail("pair", f"the pair of {s.id!r} is {expected!r}, not {s.pair!r}")
    other = library.get(s.pair)
    if other is None:
        raise fail("pair", f"{s.pair!r} is not in the library")
    for field in ("industry", "difficulty", "mood", "criteria"):
        mine, theirs = getattr(s, field), getattr(other, field)
        if mine != theirs:
            raise fail(field, f"{mine!r} here but {theirs!r} in the pair {where[other.id]}")


def _check_doc(
    doc_id: str, field: str, lang: str, corpus: dict[str, _Doc], fail: _Fail, kind: str = ""
) -> _Doc:
    doc = corpus.get(doc_id)
    if doc is None:
        raise fail(field, f"no knowledge document {doc_id!r}")
    if kind and doc.kind != kind:
        raise fail(field, f"{doc_id!r} is a {doc.kind}, not a {kind}")
    if doc.lang != lang:
        raise fail(field, f"{doc_id!r} is in {doc.lang}, the scenario in {lang}")
    return doc


def _check_criteria(s: Scenario, fail: _Fail) -> None:
    if len(set(s.criteria)) != len(s.criteria):
        raise fail("criteria", "a criterion is listed twice")
    if list(s.criteria) != [c for c in CRITERION_IDS if c in s.criteria]:
        raise fail("criteria", f"must follow the shared order {', '.join(CRITERION_IDS)}")
    for criterion in s.cues:
        if criterion not in s.criteria:
            raise fail(f"cues.{criterion}", "cue words for a criterion the scenario does not use")


def _check_model_handling(s: Scenario, corpus: dict[str, _Doc], fail: _Fail) -> None:
    met: set[str] = set()
    for i, turn in enumerate(s.model_handling):
        for j, cite in enumerate(turn.cites):
            field = f"model_handling.{i}.cites.{j}"
            doc = _check_doc(cite.doc, f"{field}.doc", s.lang, corpus, fail)
            if cite.section not in doc.sections:
                raise fail(
                    f"{field}.section",
                    f"{cite.doc} has no section {cite.section!r} (it has: "
                    f"{', '.join(doc.sections)})",
                )
        for criterion in turn.meets:
            if criterion not in s.criteria:
                raise fail(f"model_handling.{i}.meets", f"{criterion!r} is not in criteria")
        met.update(turn.meets)
        text = _fold(turn.text)
        for phrase in s.forbidden_phrases:
            if _fold(phrase) in text:
                raise fail(f"model_handling.{i}.text", f"uses the forbidden phrase {phrase!r}")
        for offer in s.authority.may_not:
            for cue in offer.cues:
                if _fold(cue) in text:
                    raise fail(
                        f"model_handling.{i}.text",
                        f"promises {offer.label!r} (cue {cue!r}), which is outside authority",
                    )
    missing = [c for c in s.criteria if c != "avoid" and c not in met]
    if missing:
        raise fail("model_handling", f"no turn meets {', '.join(missing)}")
    model_text = _fold(" ".join(turn.text for turn in s.model_handling))
    if not any(_fold(cue) in model_text for offer in s.authority.may_offer for cue in offer.cues):
        raise fail("authority.may_offer", "the model handling uses none of the offers' cues")

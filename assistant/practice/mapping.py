"""The mapping exercise: a written case, a reference map, and the comparison of a trainee's map.

A case lives in `knowledge/practice/mapping/<case>-zh.yaml` and `<case>-en.yaml`. The trainee
reads it and builds a map with the guided interview; `compare` says which reference stages,
touchpoints (under the right stage or not), moments of truth and pain points the map found and
which it missed, with the case's coaching note for each kind it missed.

Names are matched forgivingly, as a trainer would read them: the reference name or one of its
aliases contained in the trainee's name (or the other way round), or enough shared characters
(zh) / words (en). zh-Hant maps are folded to Simplified first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources.abc import Traversable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import knowledge
from assistant.domain import Diagnosis, Lang
from assistant.text.script import to_lang_script, to_simplified
from assistant.text.yaml_text import YAMLError, load_yaml

CaseLang = Literal["zh-Hans", "en"]
Kind = Literal["stages", "touchpoints", "pain_points", "moments_of_truth"]
KINDS: tuple[Kind, ...] = ("stages", "touchpoints", "pain_points", "moments_of_truth")
PAIN_KEYWORDS = 2  # keywords of a reference pain a trainee's pain must contain to match it
MIN_SHARED = 0.6  # share of the shorter name's characters / words the longer one must hold


class CaseError(ValueError):
    """A case file that does not load; the message names the file and the field."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RefTouchpoint(_Frozen):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    moment_of_truth: bool = False


class RefStage(_Frozen):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    touchpoints: tuple[RefTouchpoint, ...] = Field(min_length=1)


class RefPain(_Frozen):
    text: str = Field(min_length=1)
    stage: str = Field(min_length=1)
    keywords: tuple[str, ...] = Field(min_length=1)


class RefMoment(_Frozen):
    touchpoint: str = Field(min_length=1)
    why: str = Field(min_length=1)


class RefPersona(_Frozen):
    name: str
    description: str = ""


class Feedback(_Frozen):
    stages: str
    touchpoints: str
    pain_points: str
    moments_of_truth: str


class Reference(_Frozen):
    goal: str
    persona: RefPersona
    stages: tuple[RefStage, ...] = Field(min_length=2)
    pain_points: tuple[RefPain, ...] = Field(min_length=1)
    moments_of_truth: tuple[RefMoment, ...] = Field(min_length=1)
    feedback: Feedback


class Case(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*-(?:zh|en)$")
    pair: str
    lang: CaseLang
    title: str
    industry: str
    difficulty: int = Field(ge=1, le=3)
    brief: str
    case: str = Field(min_length=50)
    reference: Reference

    @property
    def case_id(self) -> str:
        """The id without its language suffix, shared by the pair (bank-branch)."""
        return self.id.rsplit("-", 1)[0]


def _folder() -> Traversable:
    return knowledge.root().joinpath("practice").joinpath("mapping")


def parse_case(text: str, path: str) -> Case:
    try:
        data = load_yaml(text)
    except YAMLError as exc:
        raise CaseError(f"{path}: not valid YAML: {exc}") from None
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CaseError(f"{path}: {where}: {first['msg']}") from None
    stages = {s.name for s in case.reference.stages}
    touchpoints = {t.name for s in case.reference.stages for t in s.touchpoints}
    for pain in case.reference.pain_points:
        if pain.stage not in stages:
            raise CaseError(f"{path}: pain point {pain.text!r} names no stage {pain.stage!r}")
    for moment in case.reference.moments_of_truth:
        if moment.touchpoint not in touchpoints:
            raise CaseError(f"{path}: moment of truth names no touchpoint {moment.touchpoint!r}")
    if not path.endswith(f"{case.id}.yaml"):
        raise CaseError(f"{path}: the id {case.id!r} must be the file name")
    return case


@cache
def load_cases() -> dict[str, Case]:
    """Every shipped case by id (bank-branch-zh, bank-branch-en, …)."""
    cases: dict[str, Case] = {}
    folder = _folder()
    if not folder.is_dir():
        return cases
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            case = parse_case(entry.read_text(encoding="utf-8"), f"mapping/{entry.name}")
            cases[case.id] = case
    return cases


def case_for(case_id: str, lang: str) -> Case:
    """The case `case_id` (without suffix) in the trainee's language (zh for zh-Hans/zh-Hant)."""
    suffix = "en" if lang == "en" else "zh"
    found = load_cases().get(f"{case_id.removesuffix('-zh').removesuffix('-en')}-{suffix}")
    if found is None:
        raise KeyError(case_id)
    return found


# --- matching ----------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
# Function words, and the light verbs a step is named with ("taking a ticket", "getting a room"):
# what is left is what the step is about.
_STOP = frozenset(
    "a an the of and or to in at on for with by from into our their your my "
    "get getting got take taking took make making do doing go going have having".split()
)


def _fold(text: str) -> str:
    return to_simplified(text).casefold().strip()


def _units(text: str) -> set[str]:
    text = _fold(text)
    words = {w.rstrip("s") for w in _WORD.findall(text) if w not in _STOP}
    han = {c for c in text if "\u3400" <= c <= "\u9fff"}
    return words | han


def similarity(theirs: str, names: Iterable[str]) -> float:
    """How surely the trainee's `theirs` names the same thing as one of `names`: 1 the same
    words, 0.9 one name inside the other, else the share of shared characters (zh) / words (en)
    of the shorter when at least MIN_SHARED, else 0."""
    mine = _fold(theirs)
    best = 0.0
    if not mine:
        return best
    for name in names:
        ref = _fold(name)
        if not ref:
            continue
        if ref == mine:
            return 1.0
        a, b = _units(mine), _units(ref)
        shorter = min(len(a), len(b))
        if (ref in mine or mine in ref) and shorter >= 1:
            best = max(best, 0.9)
        elif a and a == b:  # the same words once the function words are gone
            best = max(best, 0.8)
        elif shorter >= 2 and len(a & b) / shorter >= MIN_SHARED:
            best = max(best, 0.5 * len(a & b) / shorter)
    return best


def names_match(theirs: str, names: Iterable[str]) -> bool:
    """Whether the trainee's `theirs` names the same thing as one of `names`."""
    return similarity(theirs, names) > 0


def pain_similarity(theirs: str, pain: RefPain) -> float:
    """The share of the needed keywords the trainee's pain holds (1 when it holds enough), or
    0.9 when it says the reference pain's words outright."""
    mine = _fold(theirs)
    if not mine:
        return 0.0
    ref = _fold(pain.text)
    if ref in mine or (len(mine) >= 4 and mine in ref):
        return 0.95
    needed = min(PAIN_KEYWORDS, len(pain.keywords))
    hits = sum(1 for k in pain.keywords if _fold(k) and _fold(k) in mine)
    return min(1.0, hits / needed) if hits >= needed else 0.0


def pain_matches(theirs: str, pain: RefPain) -> bool:
    return pain_similarity(theirs, pain) > 0


def assign(scores: Iterable[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one: each reference element (first index) gets at most one trainee element
    (second index) and the other way round, best scores first. A trainee's "客房" cannot be
    credited for both the room and the ironing service."""
    taken: set[int] = set()
    chosen: dict[int, int] = {}
    for score, ref, theirs in sorted(scores, key=lambda t: (-t[0], t[1], t[2])):
        if score <= 0 or ref in chosen or theirs in taken:
            continue
        chosen[ref] = theirs
        taken.add(theirs)
    return chosen


# --- comparison --------------------------------------------------------------------------------


class Found(_Frozen):
    reference: str  # the reference element, in the trainee's script
    theirs: str = ""  # the trainee's element that matched it ("" when missed)
    stage: str = ""  # the reference stage it belongs to (touchpoints, pains)
    note: str = ""  # e.g. found under another stage


class KindReport(_Frozen):
    kind: Kind
    found: tuple[Found, ...]
    missed: tuple[Found, ...]
    feedback: str  # the coaching note, when something was missed

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0


class MappingReport(_Frozen):
    case_id: str
    lang: Lang
    title: str
    parts: tuple[KindReport, ...]
    extra: tuple[str, ...]  # trainee stages that match no reference stage
    total: int = Field(ge=0, le=100)

    def part(self, kind: Kind) -> KindReport:
        return next(p for p in self.parts if p.kind == kind)


WEIGHTS: dict[Kind, int] = {
    "stages": 25,
    "touchpoints": 30,
    "pain_points": 30,
    "moments_of_truth": 15,
}


def compare(case: Case, diagnosis: Diagnosis, lang: Lang) -> MappingReport:
    """What the trainee's map found of the case's reference map, and what it missed."""
    journey = diagnosis.map
    ref = case.reference

    def shown(text: str) -> str:
        return to_lang_script(text, lang)

    stages = journey.stages
    stage_hit = assign(
        (similarity(mine.name, [ref_stage.name, *ref_stage.aliases]), r, t)
        for r, ref_stage in enumerate(ref.stages)
        for t, mine in enumerate(stages)
    )
    stage_of = {ref.stages[r].name: stages[t].id for r, t in stage_hit.items()}
    stages_found = [
        Found(reference=shown(s.name), theirs=stages[stage_hit[r]].name)
        for r, s in enumerate(ref.stages)
        if r in stage_hit
    ]
    stages_missed = [
        Found(reference=shown(s.name)) for r, s in enumerate(ref.stages) if r not in stage_hit
    ]
    extra = tuple(s.name for t, s in enumerate(stages) if t not in stage_hit.values())

    ref_tps = [(stage, tp) for stage in ref.stages for tp in stage.touchpoints]
    tps = journey.touchpoints

    def tp_score(r: int, t: int) -> float:
        stage, tp = ref_tps[r]
        score = similarity(tps[t].name, [tp.name, *tp.aliases])
        same_stage = tps[t].stage_id == stage_of.get(stage.name)
        return score + (0.5 if score and same_stage else 0.0)

    tp_hit = assign((tp_score(r, t), r, t) for r in range(len(ref_tps)) for t in range(len(tps)))
    tp_found: list[Found] = []
    tp_missed: list[Found] = []
    mot_found: list[Found] = []
    mot_missed: list[Found] = []
    moments = {m.touchpoint for m in ref.moments_of_truth}
    for r, (stage, tp) in enumerate(ref_tps):
        hit = tps[tp_hit[r]] if r in tp_hit else None
        if hit is None:
            tp_missed.append(Found(reference=shown(tp.name), stage=shown(stage.name)))
        else:
            right = hit.stage_id == stage_of.get(stage.name)
            tp_found.append(
                Found(
                    reference=shown(tp.name),
                    theirs=hit.name,
                    stage=shown(stage.name),
                    note="" if right else "other_stage",
                )
            )
        if tp.name in moments or tp.moment_of_truth:
            if hit is not None and hit.moment_of_truth:
                mot_found.append(Found(reference=shown(tp.name), theirs=hit.name))
            else:
                mot_missed.append(Found(reference=shown(tp.name), stage=shown(stage.name)))

    pains = journey.pain_points
    pain_hit = assign(
        (pain_similarity(p.description, ref_pain), r, t)
        for r, ref_pain in enumerate(ref.pain_points)
        for t, p in enumerate(pains)
    )
    pain_found = [
        Found(reference=shown(p.text), theirs=pains[pain_hit[r]].description, stage=shown(p.stage))
        for r, p in enumerate(ref.pain_points)
        if r in pain_hit
    ]
    pain_missed = [
        Found(reference=shown(p.text), stage=shown(p.stage))
        for r, p in enumerate(ref.pain_points)
        if r not in pain_hit
    ]

    lists: dict[Kind, tuple[list[Found], list[Found]]] = {
        "stages": (stages_found, stages_missed),
        "touchpoints": (tp_found, tp_missed),
        "pain_points": (pain_found, pain_missed),
        "moments_of_truth": (mot_found, mot_missed),
    }
    parts = tuple(
        KindReport(
            kind=kind,
            found=tuple(found),
            missed=tuple(missed),
            feedback=shown(getattr(ref.feedback, kind)) if missed else "",
        )
        for kind, (found, missed) in lists.items()
    )
    total = round(sum(WEIGHTS[p.kind] * p.recall for p in parts))
    return MappingReport(
        case_id=case.case_id,
        lang=lang,
        title=shown(case.title),
        parts=parts,
        extra=extra,
        total=max(0, min(100, total)),
    )


def case_text(case: Case, lang: Lang) -> tuple[str, str, str]:
    """Title, brief and case text in the trainee's script."""
    return (
        to_lang_script(case.title, lang),
        to_lang_script(case.brief, lang),
        to_lang_script(case.case, lang),
    )


def case_ids(cases: Sequence[Case] | None = None) -> list[str]:
    """The case ids without language suffix, in order."""
    return list(dict.fromkeys(c.case_id for c in (cases or list(load_cases().values()))))

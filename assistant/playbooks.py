"""Industry playbooks (knowledge/playbooks/playbook-<industry>-{zh,en}.md) as typed structures.

The playbooks are written to a fixed, parseable structure (stages, touchpoints per stage, pain
points with stage and severity, moments of truth, improvements with impact/effort/owner, metrics),
so the interview can offer them as concrete suggestions and the plan can draw actions from them.
A line that breaks the structure is an error naming the file and the line: a silently dropped
suggestion would be a bug nobody notices.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, TypeVar

import knowledge
from assistant.domain.common import ChannelMode, Lang
from assistant.domain.provenance import Citation
from assistant.retrieval.corpus import parse_document
from assistant.text.script import to_simplified
from assistant.text.tokens import tokenize

PlaybookLang = Literal["zh-Hans", "en"]
ItemT = TypeVar("ItemT")
INDUSTRIES: tuple[str, ...] = (
    "banking",
    "telecom",
    "restaurant",
    "ecommerce",
    "retail",
    "hotel",
    "insurance",
    "healthcare",
)

# 高/中/低 on the 1..5 scale of the impact/effort matrix, which splits at 3 (model-impact-effort):
# "medium" lands on the split, so medium effort already counts as a project.
LEVELS: dict[str, int] = {"高": 4, "中": 3, "低": 2, "high": 4, "medium": 3, "low": 2}

SECTIONS: dict[str, tuple[str, str]] = {
    "stages": ("典型阶段", "Typical stages"),
    "touchpoints": ("典型触点", "Typical touchpoints"),
    "pains": ("常见痛点", "Common pain points"),
    "moments": ("关键时刻", "Moments of truth"),
    "improvements": ("行之有效的改进", "Proven improvements"),
    "metrics": ("常用指标", "Key metrics"),
}


class PlaybookError(ValueError):
    """A playbook that does not follow the fixed structure; the message names file and line."""


@dataclass(frozen=True)
class PlaybookStage:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class PlaybookTouchpoint:
    stage: str
    name: str
    channel: str
    mode: ChannelMode
    action: str


@dataclass(frozen=True)
class PlaybookPain:
    name: str
    description: str
    stage: str
    severity: int


@dataclass(frozen=True)
class PlaybookMoment:
    name: str
    description: str


@dataclass(frozen=True)
class PlaybookImprovement:
    name: str
    description: str
    addresses: str  # the name of the pain point it fixes
    impact: int
    effort: int
    owner: str


@dataclass(frozen=True)
class PlaybookMetric:
    name: str
    description: str
    target: float | None
    unit: str


@dataclass(frozen=True)
class Playbook:
    id: str
    industry: str
    lang: PlaybookLang
    title: str
    source: str
    stages: tuple[PlaybookStage, ...]
    touchpoints: tuple[PlaybookTouchpoint, ...]
    pains: tuple[PlaybookPain, ...]
    moments: tuple[PlaybookMoment, ...]
    improvements: tuple[PlaybookImprovement, ...]
    metrics: tuple[PlaybookMetric, ...]

    def citation(self, section: str) -> Citation:
        """A citation of one section, by key ("stages", "pains", ...)."""
        heading = SECTIONS[section][1 if self.lang == "en" else 0]
        return Citation(doc_id=self.id, title=self.title, source=self.source, section=heading)

    def touchpoints_of(self, stage_name: str) -> list[PlaybookTouchpoint]:
        return [t for t in self.touchpoints if t.stage == stage_name]

    def pains_of(self, stage_name: str) -> list[PlaybookPain]:
        return [p for p in self.pains if p.stage == stage_name]

    def match_stage(self, name: str) -> PlaybookStage | None:
        """The playbook stage a user's stage name most likely means, if any is close enough."""
        return best_match(name, self.stages, lambda s: (s.name, f"{s.name} {s.description}"))

    def match_pain(self, description: str) -> PlaybookPain | None:
        return best_match(description, self.pains, lambda p: (p.name, f"{p.name} {p.description}"))

    def improvements_for(self, pain_name: str) -> list[PlaybookImprovement]:
        return [i for i in self.improvements if i.addresses == pain_name]

    def match_metric(self, text: str) -> PlaybookMetric | None:
        return best_match(text, self.metrics, lambda m: (m.name, f"{m.name} {m.description}"))


# Similarity ----------------------------------------------------------------------------------

# Jaccard overlap of search tokens (jieba words plus single characters for Chinese) at which two
# names are taken to mean the same thing; tuned on the playbooks' own stage and pain names.
MATCH_THRESHOLD = 0.2


def similarity(a: str, b: str) -> float:
    """Token-set overlap of two short texts, 0..1, script- and case-insensitive."""
    ta, tb = set(tokenize(a)), set(tokenize(b))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def best_match(
    query: str, items: Sequence[ItemT], texts_of: Callable[[ItemT], tuple[str, ...]]
) -> ItemT | None:
    """The item whose texts (its name, its name with a description ...) overlap `query` most,
    if above MATCH_THRESHOLD.

    An exact (folded) name match wins outright, so "审批等待" never loses to a longer neighbour.
    """
    folded = _fold(query)
    for item in items:
        name = getattr(item, "name", None)
        if isinstance(name, str) and _fold(name) == folded:
            return item
    scored = [
        (max(similarity(query, text) for text in texts_of(item)), i) for i, item in enumerate(items)
    ]
    if not scored:
        return None
    score, index = max(scored, key=lambda pair: (pair[0], -pair[1]))
    return items[index] if score >= MATCH_THRESHOLD else None


def _fold(text: str) -> str:
    return to_simplified(text).strip().casefold()


# Parsing -------------------------------------------------------------------------------------

_STAGE = re.compile(r"^(?P<n>\d+)\.\s*(?P<name>.+?)\s+[—–-]+\s+(?P<desc>.+)$")
_TOUCHPOINT = re.compile(
    r"^-\s*(?P<name>[^（(]+?)\s*[（(](?P<channel>.+)[，,]\s*(?P<mode>线上|线下|online|offline)"
    r"\s*[）)]\s*[：:]\s*(?P<action>.+)$"
)
_PAIN = re.compile(
    r"^-\s*(?P<name>[^：:]+?)\s*[：:]\s*(?P<desc>.+?)\s*[（(](?P<stage>[^（()）]+?)\s*[；;]\s*"
    r"(?:严重程度|severity)\s*(?P<sev>[1-5])\s*[）)]$"
)
_MOMENT = re.compile(r"^-\s*(?P<name>[^：:]+?)\s*[：:]\s*(?P<desc>.+)$")
_IMPROVEMENT = re.compile(
    r"^-\s*(?P<name>[^：:]+?)\s*[：:]\s*(?P<desc>.+?)\s*[（(](?:addresses\s+)?(?P<pain>[^；;（()）]+?)"
    r"\s*[；;]\s*(?:影响|impact)\s*(?P<impact>\S+?)\s*[；;]\s*(?:投入|effort)\s*(?P<effort>\S+?)"
    r"\s*[；;]\s*(?:owner\s+)?(?P<owner>[^；;（()）]+?)\s*[）)]$"
)
_NUMBER_WITH_UNIT = (
    r"[^\d]{0,12}?(?P<a>\d+(?:\.\d+)?)(?:\s*[–~-]\s*(?P<b>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>%|分钟|minutes?|秒|seconds?|小时|hours?|天|days?)?"
)
_TARGET = re.compile(r"(?:目标|target)" + _NUMBER_WITH_UNIT, re.IGNORECASE)
# Softer wording ("should stay below 1%", "first dish within 15 minutes") is a target too, except
# for rates measured over a window ("share buying again within 30 days" is no target of 30).
_LIMIT = re.compile(r"(?:应低于|below|宜|within)" + _NUMBER_WITH_UNIT, re.IGNORECASE)
_RATE = re.compile(r"率|比例|rate|share", re.IGNORECASE)
_UNIT = re.compile(r"%|分钟|minutes?|秒|seconds?|小时|hours?|天|days?", re.IGNORECASE)
_UNIT_NAMES = {"minute": "minutes", "second": "seconds", "hour": "hours", "day": "days"}


def _sections(body: str, path: str) -> dict[str, list[tuple[int, str]]]:
    """Lines of each known `## ` section, with their line numbers for error messages."""
    by_heading = {heading: key for key, pair in SECTIONS.items() for heading in pair}
    found: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, raw in enumerate(body.splitlines(), 1):
        line = raw.strip()
        if line.startswith("## "):
            current = by_heading.get(line[3:].strip())
            if current is not None:
                found[current] = []
            continue
        if current is not None and line:
            found[current].append((number, line))
    missing = [key for key in SECTIONS if key not in found]
    if missing:
        raise PlaybookError(f"{path}: missing sections {', '.join(missing)}")
    return found


def _level(value: str, path: str, number: int) -> int:
    try:
        return LEVELS[value.strip().lower()]
    except KeyError:
        raise PlaybookError(
            f"{path}:{number}: unknown level {value!r} (高/中/低, high/medium/low)"
        ) from None


def _fail(path: str, number: int, what: str, line: str) -> PlaybookError:
    return PlaybookError(f"{path}:{number}: not a {what} line: {line!r}")


def _parse_metric(line: str) -> PlaybookMetric | None:
    found = _MOMENT.match(line)
    if not found:
        return None
    desc = found["desc"]
    target: float | None = None
    unit = ""
    hit = _TARGET.search(desc)
    if hit is None:
        hit = _LIMIT.search(desc)
        if hit and hit["unit"] != "%" and _RATE.search(found["name"]):
            hit = None
    if hit:
        # A target range ("3–5 minutes") is read as its reachable end, the upper bound.
        target = float(hit["b"] or hit["a"])
        # "often 15–30 minutes; target under 15": the unit may be named before the target.
        named = hit["unit"] or next(iter(_UNIT.findall(desc)), "")
        unit = _UNIT_NAMES.get(named.lower(), named.lower())
    return PlaybookMetric(found["name"].strip(), desc.strip(), target, unit)


def parse_playbook(text: str, path: str) -> Playbook:
    doc = parse_document(text, path)
    if doc.kind != "playbook":
        raise PlaybookError(f"{path}: kind is {doc.kind!r}, not playbook")
    industries = doc.values("industry")
    if not industries:
        raise PlaybookError(f"{path}: front matter lacks industry")
    lang: PlaybookLang = "en" if doc.lang == "en" else "zh-Hans"
    sections = _sections(doc.body, path)

    stages = []
    for number, line in sections["stages"]:
        found = _STAGE.match(line)
        if not found:
            raise _fail(path, number, "stage", line)
        stages.append(PlaybookStage(int(found["n"]), found["name"].strip(), found["desc"].strip()))

    touchpoints = []
    stage_names = {s.name for s in stages}
    current_stage = ""
    for number, line in sections["touchpoints"]:
        if line.startswith("### "):
            current_stage = line[4:].strip()
            if current_stage not in stage_names:
                raise PlaybookError(f"{path}:{number}: unknown stage {current_stage!r}")
            continue
        found = _TOUCHPOINT.match(line)
        if not found or not current_stage:
            raise _fail(path, number, "touchpoint", line)
        mode: ChannelMode = "online" if found["mode"] in ("线上", "online") else "offline"
        touchpoints.append(
            PlaybookTouchpoint(
                current_stage,
                found["name"].strip(),
                found["channel"].strip(),
                mode,
                found["action"].strip(),
            )
        )

    pains = []
    for number, line in sections["pains"]:
        found = _PAIN.match(line)
        if not found or found["stage"].strip() not in stage_names:
            raise _fail(path, number, "pain point", line)
        pains.append(
            PlaybookPain(
                found["name"].strip(),
                found["desc"].strip(),
                found["stage"].strip(),
                int(found["sev"]),
            )
        )

    moments = []
    for number, line in sections["moments"]:
        found = _MOMENT.match(line)
        if not found:
            raise _fail(path, number, "moment of truth", line)
        moments.append(PlaybookMoment(found["name"].strip(), found["desc"].strip()))

    improvements = []
    pain_names = {p.name for p in pains}
    for number, line in sections["improvements"]:
        found = _IMPROVEMENT.match(line)
        if not found or found["pain"].strip() not in pain_names:
            raise _fail(path, number, "improvement", line)
        improvements.append(
            PlaybookImprovement(
                found["name"].strip(),
                found["desc"].strip(),
                found["pain"].strip(),
                _level(found["impact"], path, number),
                _level(found["effort"], path, number),
                found["owner"].strip(),
            )
        )

    metrics = []
    for number, line in sections["metrics"]:
        metric = _parse_metric(line)
        if metric is None:
            raise _fail(path, number, "metric", line)
        metrics.append(metric)

    return Playbook(
        id=doc.id,
        industry=industries[0],
        lang=lang,
        title=doc.title,
        source=doc.path,
        stages=tuple(stages),
        touchpoints=tuple(touchpoints),
        pains=tuple(pains),
        moments=tuple(moments),
        improvements=tuple(improvements),
        metrics=tuple(metrics),
    )


def playbook_lang(lang: Lang | str) -> PlaybookLang:
    """Playbooks exist in Simplified Chinese and English; Traditional readers get Simplified
    content converted on display."""
    return "en" if lang == "en" else "zh-Hans"


@cache
def load_playbook(industry: str, lang: PlaybookLang = "zh-Hans") -> Playbook:
    """The shipped playbook of `industry` in `lang`, parsed once per process."""
    if industry not in INDUSTRIES:
        raise KeyError(f"no playbook for industry {industry!r} (known: {', '.join(INDUSTRIES)})")
    suffix = "en" if lang == "en" else "zh"
    name = f"playbook-{industry}-{suffix}.md"
    entry = knowledge.root().joinpath("playbooks", name)
    return parse_playbook(entry.read_text(encoding="utf-8"), f"knowledge/playbooks/{name}")


def all_playbooks() -> list[Playbook]:
    return [load_playbook(i, lang) for i in INDUSTRIES for lang in ("zh-Hans", "en")]

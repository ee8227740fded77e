"""`cxcoach eval tutor`: the practice tutor measured against a trainer's judgement.

Labelled sets written blind to the scoring code (tests/practice/), each of two kinds:

- replies — single trainee replies, each labelled per criterion (met / missed / broken) and graded
  1-5 as a whole. Printed: accuracy per criterion, and Spearman's rank correlation between the
  tutor's points and the trainer's grade.
- runs — scripted conversations that any reasonable customer would end calmed or escalated.
  Printed: the share that end in the expected state with the offline customer.

Two pairs: the development set (`tutor_set.yaml`, `roleplay_runs.yaml`), which the scorer and the
customer were adjusted on, and the held-out set (`tutor_holdout.yaml`, `roleplay_holdout.yaml`),
written afterwards by another hand, blind to the code and never studied: its figures are the ones
that say how the tutor does on replies it has not seen. Beside them a blind check of replies alone
(`tutor_blind.yaml`, 150 replies aimed at "explain": causes told plainly, statuses, vague causes,
blame put on the customer, a colleague, a department, an outside party or the system, and owned
causes that look like blame), written by a hand that never read the scoring code, kept unseen
until one change to the "explain" judgement was made, and scored once after it: what that change
does on replies nobody tuned it on. The earlier blind checks, once scored and then studied, joined
the development set (`tutor_set_explain_blind.yaml`, `_2`, `_4`), as did the sets written blind
in the tutor's own definitions (`tutor_set_conv_a.yaml` … `_i`), each scored once first.

A set of replies may be split over several files: `tutor_set.yaml` is read together with every
`tutor_set_<topic>.yaml` beside it (`tutor_set_explain_remedy.yaml` and
`tutor_set_explain_remedy_2.yaml`: replies written to probe "explain" and "remedy", the second
labelled for those two and "avoid" only), as one set (`replies_files`). A reply's labels may name
only some of the scenario's criteria: each criterion is measured on the replies labelled for it.

Also the time of a role-play turn (`RolePlay.respond`, scoring included), p50 and p95, warm.

How far two trainers agree (`agreement`): a second trainer's labels of one criterion for the
held-out replies (`second_trainer_holdout.yaml`, written blind to the first trainer's labels and to
the scoring code) against the set's own labels — raw agreement and Cohen's kappa —, and the tutor
against each trainer and on the replies where the two agree. It says what accuracy the labels can
show: a tutor cannot be measured more finely than two trainers agree.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.practice.roleplay import RolePlay
from assistant.practice.scenarios import CRITERION_IDS, Scenario, load_scenarios
from assistant.practice.scoring import score_reply
from assistant.text.yaml_text import load_yaml

TARGET_ACCURACY = 0.85
TARGET_SPEARMAN = 0.80
TARGET_ROLEPLAY = 0.90
TARGET_P95_MS = 100.0


@dataclass(frozen=True)
class Miss:
    item: str
    lang: str
    criterion: str
    expected: str
    got: str
    reply: str


@dataclass
class TutorReport:
    replies: int = 0
    scenarios: int = 0
    by_lang: dict[str, int] = field(default_factory=dict)
    accuracy: dict[str, float] = field(default_factory=dict)  # per criterion
    counts: dict[str, int] = field(default_factory=dict)  # labels per criterion
    overall: float = 0.0
    spearman: float = 0.0
    runs: int = 0
    run_scenarios: int = 0
    runs_expected: int = 0
    run_by_expected: dict[str, tuple[int, int]] = field(default_factory=dict)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    misses: list[Miss] = field(default_factory=list)
    run_misses: list[tuple[str, str, str]] = field(default_factory=list)  # id, expected, got

    @property
    def run_rate(self) -> float:
        return self.runs_expected / self.runs if self.runs else 0.0


def _ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho: Pearson's correlation of the ranks (ties averaged)."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("two sequences of the same length, at least 2")
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else 0.0


def _load(path: Path, key: str) -> list[Mapping[str, Any]]:
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ValueError(f"{path}: expected a mapping with a '{key}' list")
    return list(data[key])


def replies_files(path: Path) -> list[Path]:
    """`path` and its companions beside it (`tutor_set.yaml` → `tutor_set_*.yaml`), in name order."""
    return [path, *sorted(path.parent.glob(f"{path.stem}_*{path.suffix}"))]


def _scenario(library: Mapping[str, Scenario], scenario_id: str, where: str) -> Scenario:
    found = library.get(scenario_id)
    if found is None:
        raise ValueError(f"{where}: no scenario {scenario_id!r}")
    return found


def evaluate(replies_path: Path, runs_path: Path | None) -> TutorReport:
    """The figures of one pair of labelled sets (the replies with their companion files); a
    set of replies alone (`runs_path` None) has no role-play figures."""
    library = load_scenarios()
    report = TutorReport()
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    points: list[float] = []
    grades: list[float] = []
    scenarios: set[str] = set()
    by_lang: dict[str, int] = defaultdict(int)
    items = [item for path in replies_files(replies_path) for item in _load(path, "replies")]
    for item in items:
        scenario = _scenario(library, item["scenario"], item["id"])
        scenarios.add(scenario.situation_id)
        by_lang[item["lang"]] += 1
        score = score_reply(scenario, item["reply"], item["lang"], item.get("history") or [])
        for criterion, expected in item["labels"].items():
            got = score.result(criterion).status
            total[criterion] += 1
            if got == expected:
                right[criterion] += 1
            else:
                report.misses.append(
                    Miss(item["id"], item["lang"], criterion, expected, got, item["reply"])
                )
        points.append(score.points)
        grades.append(float(item["grade"]))
    report.replies = len(points)
    report.scenarios = len(scenarios)
    report.by_lang = dict(by_lang)
    order = [c for c in CRITERION_IDS if c in total]
    report.accuracy = {c: right[c] / total[c] for c in order}
    report.counts = {c: total[c] for c in order}
    report.overall = sum(right.values()) / sum(total.values()) if total else 0.0
    report.spearman = spearman(points, grades) if len(points) > 1 else 0.0

    timings: list[float] = []
    run_scenarios: set[str] = set()
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for run in _load(runs_path, "runs") if runs_path is not None else []:
        scenario = _scenario(library, run["scenario"], run["id"])
        run_scenarios.add(scenario.situation_id)
        play = RolePlay(scenario, run["lang"], seed=0)
        play.start()
        for reply in run["replies"]:
            if play.ended:
                break
            started = time.perf_counter()
            play.respond(reply)
            timings.append((time.perf_counter() - started) * 1000)
        outcome: str = play.outcome or "unresolved"
        expected = run["expected"]
        tally[expected][1] += 1
        if outcome == expected:
            tally[expected][0] += 1
        else:
            report.run_misses.append((run["id"], expected, outcome))
    report.runs = sum(n for _, n in tally.values())
    report.runs_expected = sum(ok for ok, _ in tally.values())
    report.run_by_expected = {k: (v[0], v[1]) for k, v in sorted(tally.items())}
    report.run_scenarios = len(run_scenarios)
    if timings:
        ordered = sorted(timings)
        report.p50_ms = statistics.median(ordered)
        report.p95_ms = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return report


@dataclass(frozen=True)
class Agreement:
    criterion: str
    replies: int
    trainers: float  # the share of replies where the two trainers give the same status
    kappa: float  # Cohen's kappa between the two trainers
    tutor_first: float  # the tutor against the set's own labels
    tutor_second: float  # the tutor against the second trainer
    consensus: int  # replies where the two trainers agree
    tutor_consensus: float  # the tutor on those


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Agreement beyond chance between two labellers of the same items."""
    n = len(first)
    if n == 0 or n != len(second):
        raise ValueError("two label sequences of the same, non-zero length")
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    expected = sum((first.count(k) / n) * (second.count(k) / n) for k in set(first) | set(second))
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(replies_path: Path, second_path: Path) -> Agreement:
    """The second trainer's labels (`criterion`, `labels`: id → status) against the set's own
    and the tutor's, over the replies both trainers labelled."""
    data = load_yaml(second_path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
        raise ValueError(f"{second_path}: expected 'criterion' and a 'labels' mapping")
    criterion = next((c for c in CRITERION_IDS if c == data.get("criterion")), None)
    if criterion is None:
        raise ValueError(f"{second_path}: 'criterion' is none of {', '.join(CRITERION_IDS)}")
    second: Mapping[str, str] = data["labels"]
    library = load_scenarios()
    firsts: list[str] = []
    seconds: list[str] = []
    tutors: list[str] = []
    for item in _load(replies_path, "replies"):
        first = item["labels"].get(criterion)
        if first is None or item["id"] not in second:
            continue
        scenario = _scenario(library, item["scenario"], item["id"])
        score = score_reply(scenario, item["reply"], item["lang"], item.get("history") or [])
        firsts.append(first)
        seconds.append(second[item["id"]])
        tutors.append(score.result(criterion).status)
    if not firsts:
        raise ValueError(f"{second_path}: no reply of {replies_path.name} labelled by both")
    n = len(firsts)
    both = [i for i in range(n) if firsts[i] == seconds[i]]

    def share(a: Sequence[str], b: Sequence[str], among: Sequence[int]) -> float:
        return sum(a[i] == b[i] for i in among) / len(among) if among else 0.0

    every = range(n)
    return Agreement(
        criterion=criterion,
        replies=n,
        trainers=len(both) / n,
        kappa=cohen_kappa(firsts, seconds),
        tutor_first=share(tutors, firsts, every),
        tutor_second=share(tutors, seconds, every),
        consensus=len(both),
        tutor_consensus=share(tutors, firsts, both),
    )

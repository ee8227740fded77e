"""The figures of a run: counts against their targets (all zero), each with what caused it, and
the load figures; printed as one table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

# (key, label) in the order of the table; every count's target is zero.
COUNTS = (
    ("http_500", "HTTP 500s"),
    ("tracebacks", "tracebacks (CLI output, responses, server log)"),
    ("over_budget", "jobs over budget"),
    ("unclear", "answers without a clear message or the expected refusal"),
    ("escaped", "upload names written outside their folder / script served unescaped"),
    ("lost_answers", "lost answers"),
    ("half_ingested", "half-ingested sources"),
    ("stuck_jobs", "jobs left running"),
    ("leaks", "cross-workspace leaks"),
    ("load_errors", "errors under load"),
)
P95_TARGET_S = 1.0


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    causes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    figures: dict[str, str] = field(default_factory=dict)  # label → value (informative)
    ran: set[str] = field(default_factory=set)  # the parts that ran
    p95_s: float | None = None

    def add(self, key: str, cause: str, n: int = 1) -> None:
        assert key in dict(COUNTS), key
        self.counts[key] += n
        self.causes[key].append(cause)

    def touch(self, *keys: str) -> None:
        """These counts were measured (a zero is a result, not a part that did not run)."""
        self.ran.update(keys)

    @property
    def failed(self) -> bool:
        return any(self.counts[key] for key, _ in COUNTS)

    def table(self, seconds: float) -> str:
        width = max(len(label) for _, label in COUNTS) + 2
        lines = [f"{'figure':<{width}}{'value':>10}  target", "-" * (width + 22)]
        for key, label in COUNTS:
            if key in self.ran:
                value = str(self.counts[key])
                mark = "ok" if not self.counts[key] else "MISSED"
            else:
                value, mark = "not run", ""
            lines.append(f"{label:<{width}}{value:>10}  0 {mark}")
        if self.p95_s is not None:
            mark = "ok" if self.p95_s <= P95_TARGET_S else "MISSED"
            lines.append(
                f"{'p95 turn latency under load (s)':<{width}}{self.p95_s:>10.3f}"
                f"  ≤ {P95_TARGET_S:g} {mark}"
            )
        else:
            lines.append(f"{'p95 turn latency under load (s)':<{width}}{'not run':>10}")
        for label, value in self.figures.items():
            lines.append(f"{label:<{width}}{value:>10}")
        lines.append(f"{'suite duration (s)':<{width}}{seconds:>10.0f}")
        return "\n".join(lines)

    def details(self, limit: int = 25) -> str:
        out = []
        for key, label in COUNTS:
            causes = self.causes.get(key) or []
            if causes:
                out.append(f"\n{label} ({len(causes)}):")
                out += [f"  - {c}" for c in causes[:limit]]
                if len(causes) > limit:
                    out.append(f"  … and {len(causes) - limit} more")
        return "\n".join(out)

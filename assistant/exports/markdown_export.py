"""Markdown report (GitHub-flavoured: tables, footnotes, a Mermaid block) in the export language.

User text is put on one line and its Markdown/HTML punctuation backslash-escaped, so a name like
`<script>` or `a | b` shows as typed and cannot break a table or inject markup.
"""

from __future__ import annotations

import re

from assistant.domain import Action, Diagnosis, Emotion, Lang, Provenance
from assistant.exports.common import (
    BUCKETS,
    Lookup,
    Notes,
    has_inferred,
    is_inferred,
    kpi_change,
    one_line,
    signed,
    step_label,
    with_unit,
)
from assistant.exports.mermaid_export import render_mermaid
from assistant.i18n.labels import Labels, labels_for

_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")


def md(text: str) -> str:
    """User text as inline Markdown that renders exactly as typed."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


class _Report:
    def __init__(self, diagnosis: Diagnosis, lang: Lang) -> None:
        self.d = diagnosis
        self.m = diagnosis.map
        self.lang = lang
        self.L: Labels = labels_for(lang)
        self.notes = Notes(self.L)
        self.lookup = Lookup.of(self.m)
        self.out: list[str] = []

    # -- small pieces --------------------------------------------------------------------------
    def mark(self, provenance: Provenance) -> str:
        note = self.notes.mark(provenance)
        return f" {note.symbol}[^{note.number}]" if note else ""

    def guess(self, provenance: Provenance, *fields: str) -> str:
        """The mark after a value the assistant filled in (explained by the legend)."""
        return "\\*" if is_inferred(provenance, *fields) else ""

    def field(self, key: str, value: str) -> str:
        return f"- **{self.L[key]}**{self.L['colon']}{value}"

    def joined(self, items: list[str]) -> str:
        return self.L["list_sep"].join(md(i) for i in items)

    def emit(self, *lines: str) -> None:
        self.out.extend(lines)

    # -- sections ------------------------------------------------------------------------------
    def header(self) -> None:
        ctx = self.m.context
        facts = [ctx.industry, ctx.product_or_service, ctx.company]
        self.emit(f"# {md(self.m.title)}", "")
        self.emit(f"*{self.L['report']}* · " + " · ".join(md(f) for f in facts if f), "")
        self.emit(f"> {self.L['provenance_legend']}", "")
        if has_inferred(self.d):
            self.emit(f"> {md(self.L['inferred_legend'])}", "")

    def goal_and_context(self) -> None:
        goal, ctx = self.m.goal, self.m.context
        self.emit(f"## {self.L['goal_scope']}", "")
        self.emit(self.field("goal", md(goal.goal) + self.mark(goal.provenance)))
        if goal.scope:
            self.emit(self.field("scope", md(goal.scope)))
        self.emit("", f"## {self.L['context']}", "")
        self.emit(self.field("industry", md(ctx.industry) + self.mark(ctx.provenance)))
        self.emit(self.field("product", md(ctx.product_or_service)))
        if ctx.company:
            self.emit(self.field("company", md(ctx.company)))
        self.emit("")

    def personas(self) -> None:
        self.emit(f"## {self.L['personas']}", "")
        if not self.m.personas:
            self.emit(self.L["no_items"], "")
            return
        for persona in self.m.personas:
            line = f"- **{md(persona.name)}**{self.mark(persona.provenance)}"
            if persona.description:
                line += f" — {md(persona.description)}"
            self.emit(line)
            for key, items in (
                ("persona_goals", persona.goals),
                ("persona_needs", persona.needs),
                ("persona_expectations", persona.expectations),
                ("persona_frustrations", persona.frustrations),
            ):
                if items:
                    self.emit(f"  - {self.L[key]}{self.L['colon']}{self.joined(items)}")
            if persona.quote:
                self.emit(f"  - {self.L['persona_quote']}{self.L['colon']}“{md(persona.quote)}”")
        self.emit("")

    def stages(self) -> None:
        self.emit(f"## {self.L['journey']}", "")
        for number, stage in enumerate(self.m.stages, start=1):
            self.emit(f"### {number}. {md(stage.name)}{self.mark(stage.provenance)}", "")
            if stage.description:
                self.emit(md(stage.description), "")
            touchpoints = self.m.touchpoints_of(stage.id)
            if not touchpoints:
                self.emit(f"*{self.L['touchpoints']}{self.L['colon']}{self.L['no_items']}*", "")
            for tp in touchpoints:
                mot = f" ★ {self.L['moment_of_truth']}" if tp.moment_of_truth else ""
                self.emit(f"#### {md(tp.name)}{mot}{self.mark(tp.provenance)}", "")
                channel = " · ".join(
                    part
                    for part in (
                        md(tp.channel),
                        self.L[f"mode.{tp.mode}"] + self.guess(tp.provenance, "mode"),
                        self.L[f"category.{tp.category}"] if tp.category else "",
                    )
                    if part
                )
                self.emit(self.field("channel", channel))
                for key, value in (
                    ("customer_action", tp.customer_action),
                    ("frontstage", tp.frontstage),
                    ("backstage", tp.backstage),
                    ("support", tp.support),
                ):
                    if value:
                        self.emit(self.field(key, md(value)))
                self.emit(self.field("emotion", self.emotion_text(tp.emotion)))
                self.emit("")
            self.stage_pain_points(stage.id)
        self.emit(f"### {self.L['emotion_curve']}", "", "```mermaid")
        self.emit(render_mermaid(self.d, self.lang).rstrip("\n"), "```", "")

    def emotion_text(self, emotion: Emotion | None) -> str:
        if emotion is None:
            return f"*{self.L['emotion_missing']}*"
        text = f"**{signed(emotion.score)}**"
        if emotion.label:
            text += f" {md(emotion.label)}"
        if emotion.quote:
            text += f" — “{md(emotion.quote)}”"
        return text

    def stage_pain_points(self, stage_id: str) -> None:
        pains = self.m.pain_points_of(stage_id)
        if not pains:
            return
        self.emit(f"**{self.L['pain_points']}**", "")
        for pain in sorted(pains, key=lambda p: -p.severity):
            where = ""
            if pain.touchpoint_id:
                where = f" ({self.L['touchpoint']}{self.L['colon']}"
                where += f"{md(self.lookup.touchpoints[pain.touchpoint_id])})"
            badge = f"**[{self.L['severity']} {pain.severity}/5 {self.L[f'severity.{pain.severity}']}]**"
            badge += self.guess(pain.provenance, "severity")
            self.emit(f"- {badge} {md(pain.description)}{where}{self.mark(pain.provenance)}")
            if pain.evidence:
                self.emit(f"  - {self.L['evidence']}{self.L['colon']}{self.joined(pain.evidence)}")
        self.emit("")

    def opportunities(self) -> None:
        self.emit(f"## {self.L['opportunities']}", "")
        if not self.m.opportunities:
            self.emit(self.L["no_items"], "")
            return
        for opp in self.m.opportunities:
            prov = opp.provenance
            facts = (
                f"{self.L['impact']} {opp.impact}/5{self.guess(prov, 'impact')} · "
                f"{self.L['effort']} {opp.effort}/5{self.guess(prov, 'effort')}"
            )
            line = f"- {md(opp.description)}{self.mark(opp.provenance)} — {facts}"
            if opp.pain_point_ids:
                pains = [self.lookup.pain_points[i] for i in opp.pain_point_ids]
                line += f" · {self.L['addresses']}{self.L['colon']}{self.joined(pains)}"
                line += self.guess(prov, "pain_point_ids")
            self.emit(line)
        self.emit("")

    def kpis(self) -> None:
        self.emit(f"## {self.L['kpis']}", "")
        if not self.m.kpis:
            self.emit(self.L["no_items"], "")
            return
        head = [self.L[k] for k in ("kpi", "stage", "baseline", "target")]
        self.emit(_row(head), _row(["---"] * len(head)))
        for kpi in self.m.kpis:
            stage = self.lookup.stages[kpi.stage_id] if kpi.stage_id else self.L["whole_journey"]
            self.emit(
                _row(
                    [
                        md(kpi.name) + self.mark(kpi.provenance),
                        md(stage),
                        md(with_unit(kpi.baseline, kpi.unit)),
                        md(with_unit(kpi.target, kpi.unit)),
                    ]
                )
            )
        self.emit("")

    def plan(self) -> None:
        self.emit(f"## {self.L['plan']}", "")
        actions = self.d.plan.actions
        if not actions:
            self.emit(self.L["no_actions"], "")
        numbers = {a.id: n for n, a in enumerate(actions, start=1)}
        keys = ("action", "addresses", "impact", "effort", "kano", "owner", "kpi_change", "horizon")
        head = ["#", *(self.L[k] for k in keys)]
        for bucket in BUCKETS:
            in_bucket = self.d.plan.by_bucket(bucket)
            if not in_bucket:
                continue
            hint = self.L[f"bucket_hint.{bucket}"]
            self.emit(f"### {self.L[f'bucket.{bucket}']}", "", f"*{hint}*", "")
            self.emit(_row(head), _row(["---"] * len(head)))
            for action in in_bucket:
                self.emit(_row([str(numbers[action.id]), *self.action_cells(action)]))
            self.emit("")
        self.review_loop()

    def action_cells(self, action: Action) -> list[str]:
        title = f"**{md(action.title)}**{self.mark(action.provenance)}"
        if action.description:
            title += f"{self.L['colon']}{md(action.description)}"
        kpi, prov, guess = action.kpi, action.provenance, self.guess
        change = md(kpi_change(kpi.baseline, kpi.target, kpi.unit)) + guess(prov, "kpi.target")
        pains = self.joined([self.lookup.pain_points[i] for i in action.pain_point_ids])
        return [
            title,
            pains + guess(prov, "pain_point_ids"),
            f"{action.impact}/5{guess(prov, 'impact')}",
            f"{action.effort}/5{guess(prov, 'effort')}",
            self.L[f"kano.{action.kano}"] + guess(prov, "kano"),
            md(action.owner_department) + guess(prov, "owner"),
            f"{md(kpi.name)}{guess(prov, 'kpi.name')}{self.L['colon']}{change}",
            self.L[f"horizon.{action.horizon}"] + guess(prov, "horizon"),
        ]

    def review_loop(self) -> None:
        loop = self.d.plan.review_loop
        self.emit(f"### {self.L['review_loop']}", "")
        self.emit(self.field("cadence", self.L[f"cadence.{loop.cadence}"]))
        if loop.owner:
            self.emit(self.field("owner", md(loop.owner)))
        if loop.steps:
            steps = " → ".join(md(step_label(self.L, s)) for s in loop.steps)
            self.emit(self.field("steps", f"{steps} ↺"))
        self.emit("")

    def footnotes(self) -> None:
        if not self.notes.items:
            return
        self.emit(f"## {self.L['sources']}", "")
        for note in self.notes.items:
            details = self.joined(list(note.details))
            body = f"{note.heading}{self.L['colon']}{details}" if details else note.heading
            self.emit(f"[^{note.number}]: {note.symbol} {body}")
        self.emit("")

    def render(self) -> str:
        self.header()
        self.goal_and_context()
        self.personas()
        self.stages()
        self.opportunities()
        self.kpis()
        self.plan()
        self.footnotes()
        self.emit("---", "", f"*{self.L['generated_by']}*")
        return "\n".join(self.out) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(diagnosis: Diagnosis, lang: Lang) -> str:
    return _Report(diagnosis, lang).render()

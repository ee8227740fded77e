"""Composing the assistant's reply: what changed, what is missing or thin, why the step
matters (cited), the one question, and the suggestions on offer."""

from __future__ import annotations

from assistant.domain import Citation
from assistant.exports.labels import labels_for
from assistant.interview.methodology import Methodology
from assistant.interview.progress import counts
from assistant.interview.rules import focus_stage_name
from assistant.interview.say import Say, number_text, unit_suffix
from assistant.interview.state import InterviewState, Reply
from assistant.interview.steps import STEP_IDS, step_number
from assistant.interview.suggestions import Suggester
from assistant.interview.turn import Turn


def step_title(state: InterviewState, say: Say) -> str:
    return say(f"step_{state.step}")


def plan_lines(state: InterviewState, say: Say) -> str:
    labels = labels_for(state.lang)
    lines = []
    for number, action in enumerate(state.draft.plan.actions, 1):
        kpi = action.kpi
        kpi_text = say(
            "kpi_text",
            name=kpi.name,
            baseline=number_text(kpi.baseline),
            target=number_text(kpi.target),
            unit=unit_suffix(kpi.unit, state.lang),
        )
        lines.append(
            say(
                "plan_line",
                number=number,
                title=action.title,
                owner=action.owner_department,
                kpi=kpi_text,
                horizon=labels[f"horizon.{action.horizon}"],
                bucket=labels[f"bucket.{action.priority}"],
                kano=labels[f"kano.{action.kano}"],
            )
        )
    return "\n".join(lines)


def summary(state: InterviewState, say: Say) -> str:
    numbers = counts(state)
    return say(
        "map_summary",
        personas=numbers["personas"],
        stages=numbers["stages"],
        touchpoints=numbers["touchpoints"],
        pains=numbers["pains"],
        moments=numbers["moments"],
        actions=numbers["actions"],
    )


class ReplyComposer:
    def __init__(self, methodology: Methodology, suggester: Suggester) -> None:
        self.methodology = methodology
        self.suggester = suggester

    def question(self, state: InterviewState, say: Say) -> str:
        """The question for the current slot; numbers the touchpoints it lists."""
        slot = state.slot
        state.numbered = []
        if state.finished:
            return say("q_finished")
        if slot == "touchpoints":
            stage = focus_stage_name(state.draft)
            return say("q_touchpoints", stage=stage) if stage else say("q_touchpoints_more")
        if slot == "emotions":
            listed = state.draft.touchpoints_without_emotion() or state.draft.ordered_touchpoints()
            state.numbered = [t.id for t in listed]
            lines = []
            for number, touchpoint in enumerate(listed, 1):
                in_stage = state.draft.stage_of(touchpoint.id)
                where = ""
                if in_stage is not None:
                    where = f" ({in_stage.name})" if say.lang == "en" else f"（{in_stage.name}）"
                lines.append(f"{number}. {touchpoint.name}{where}")
            return say("q_emotions", items="\n".join(lines))
        if slot == "plan":
            return say("q_plan", actions=plan_lines(state, say))
        if slot == "review":
            return say("q_review", summary=summary(state, say))
        return say(f"q_{slot}")

    def why(self, state: InterviewState, say: Say) -> tuple[str, list[Citation]]:
        citations = self.methodology.citations(state.step, state.lang)
        sources = say.join_clauses(
            say("cite", title=say.script(c.title), section=say.script(c.section)) for c in citations
        )
        why = say(f"why_{state.step}")
        return (say("why_cited", why=why, sources=sources) if sources else why), citations

    def compose(self, turn: Turn) -> Reply:
        state, say = turn.state, turn.say
        state.pending = [] if state.finished else self.suggester.chips(state)
        question = self.question(state, say)
        if turn.follow_up and not turn.entered and not state.finished and state.slot != "emotions":
            question = say.script(turn.follow_up.strip())
        why, citations = self.why(state, say)
        parts = [*turn.notices, *turn.lines]
        if turn.echo:
            parts.append(say("understood", what=say.join_clauses(turn.echo)))
        if turn.missing:
            parts.append(say("missing_intro", items=say.join_clauses(turn.missing)))
        if turn.thin:
            parts.append(say("thin_intro", items=say.join_clauses(turn.thin)))
        if turn.entered:
            index = step_number(state.step)
            parts.append(
                say("progress_line", index=index, total=len(STEP_IDS), title=step_title(state, say))
            )
            parts.append(why)
        parts.append(question)
        if state.pending:
            parts.append(say("suggestions_intro"))
            parts.extend(f"{chip.number}. {chip.label}" for chip in state.pending)
        return Reply(
            text="\n".join(p for p in parts if p),
            question=question,
            why=why,
            echo=list(turn.echo),
            missing=list(turn.missing),
            thin=list(turn.thin),
            notices=list(turn.notices),
            citations=citations,
            mode=turn.mode,
            completed_steps=list(turn.completed),
            act=turn.act,
        )

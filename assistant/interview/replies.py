"""Composing the assistant's reply: what changed, what is missing or thin, why the step
matters (cited), the one question, and the suggestions on offer."""

from __future__ import annotations

from assistant.domain import Citation
from assistant.interview.methodology import Methodology
from assistant.interview.registry import ask
from assistant.interview.say import Say
from assistant.interview.state import InterviewState, Reply
from assistant.interview.steps import STEP_IDS, step_number
from assistant.interview.suggestions import Suggester
from assistant.interview.turn import Turn


def step_title(state: InterviewState, say: Say) -> str:
    return say(f"step_{state.step}")


class ReplyComposer:
    def __init__(self, methodology: Methodology, suggester: Suggester) -> None:
        self.methodology = methodology
        self.suggester = suggester

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
        question = ask(state, say)
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

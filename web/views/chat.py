"""The interview as a chat: the latest reply laid out in parts, and the conversation so far.

The reply text (`TurnResult.text`) is the engine's whole message: notices, confirmations, what
was understood, what is missing, why the step matters, the question, then the suggestions as
numbered lines. The page shows the suggestions as buttons (chips), the "why" as a cited aside,
the question emphasised, and every other line as it is — so no line of the engine is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from assistant.domain import Citation, Lang
from assistant.interview.say import Say
from assistant.interview.service import TurnResult
from assistant.interview.state import SuggestionChip, TranscriptEntry
from assistant.interview.steps import STEP_IDS, StepId

LineKind = Literal["notice", "line"]

# What the buttons say on the user's behalf, in the session's language. These are the engine's
# own navigation words (assistant/interview/vocabulary.py), shown in the chat as typed.


@dataclass(frozen=True)
class ReplyLine:
    kind: LineKind
    text: str


@dataclass(frozen=True)
class ReplyView:
    lines: list[ReplyLine]
    question: str
    why: str
    citations: list[Citation]
    chips: list[SuggestionChip]
    lang: Lang
    finished: bool

    @property
    def streamed_text(self) -> str:
        """What is sent piece by piece while a reply streams in: the lines and the question."""
        return "\n".join([*(line.text for line in self.lines), self.question]).strip()


@dataclass(frozen=True)
class StepView:
    id: StepId
    number: int
    title: str
    state: Literal["done", "current", "todo"]


@dataclass(frozen=True)
class ProgressView:
    index: int
    total: int
    title: str
    percent: int
    finished: bool
    steps: list[StepView] = field(default_factory=list)


def _without_chips(text: str, chips: Sequence[SuggestionChip]) -> str:
    lines = text.split("\n")
    if chips:
        listed = [f"{chip.number}. {chip.label}" for chip in chips]
        if lines[-len(listed) :] == listed:
            lines = lines[: -len(listed) - 1]  # the chip lines and the line introducing them
    return "\n".join(lines)


def reply_view(result: TurnResult) -> ReplyView:
    body = _without_chips(result.text, result.suggestions)
    question = result.question
    if question and body.endswith(question):
        lead = body[: -len(question)]
    else:
        lead, question = body, ""
    notices = set(result.notices)
    lines = [
        ReplyLine("notice" if line in notices else "line", line)
        for line in lead.split("\n")
        if line.strip() and line != result.why
    ]
    return ReplyView(
        lines=lines,
        question=question,
        why=result.why,
        citations=list(result.citations),
        chips=list(result.suggestions),
        lang=result.lang,
        finished=result.finished,
    )


def progress_view(result: TurnResult, ui_lang: Lang) -> ProgressView:
    say = Say(ui_lang)
    done = set(result.progress.completed_steps)
    steps = [
        StepView(
            id=step,
            number=number,
            title=say(f"step_{step}"),
            state="done" if step in done else "current" if step == result.step else "todo",
        )
        for number, step in enumerate(STEP_IDS, 1)
    ]
    return ProgressView(
        index=result.step_index,
        total=result.step_total,
        title=say(f"step_{result.step}"),
        percent=result.progress.percent,
        finished=result.finished,
        steps=steps,
    )


def history(transcript: Sequence[TranscriptEntry]) -> list[TranscriptEntry]:
    """The conversation before the latest reply (which the page lays out in parts)."""
    entries = list(transcript)
    if entries and entries[-1].role == "assistant":
        entries.pop()
    return entries

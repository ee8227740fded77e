"""One turn in progress: the state being changed and what the reply will say about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.interview.say import Say
from assistant.interview.state import InterviewState, Mode
from assistant.interview.steps import StepId


@dataclass
class Turn:
    state: InterviewState
    message: str = ""
    lines: list[str] = field(default_factory=list)  # confirmations of commands
    echo: list[str] = field(default_factory=list)  # what was understood, one phrase each
    notices: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    thin: list[str] = field(default_factory=list)
    follow_up: str = ""  # a model's own follow-up question, used while the question stays
    mode: Mode = "guided"
    entered: bool = False  # a new step began: announce it and say why it matters
    understood: bool = False
    act: str = "answer"  # what the message was read as (acts.ActKind)
    act_by_rule: bool = False  # decided by a rule, not by weighing: a model does not overrule it
    completed: list[StepId] = field(default_factory=list)

    @property
    def say(self) -> Say:
        # Built on use: the language may change during the turn ("switch to English").
        return Say(self.state.lang)

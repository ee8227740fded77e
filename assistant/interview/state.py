"""The state of one interview: what is checkpointed after every turn.

Plain pydantic, JSON all the way down, so the checkpoint holds data and never pickled classes;
LangGraph stores `InterviewState.model_dump(mode="json")` and nothing else.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import Citation, KanoClass, Lang
from assistant.domain.common import ChannelMode
from assistant.interview.draft import MapDraft
from assistant.interview.steps import SlotKey, StepId

Mode = Literal["guided", "llm"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Suggestion chips: what accepting one adds to the map ---------------------------------------


class IndustryChoice(_Model):
    kind: Literal["industry"] = "industry"
    industry: str


class StageChoice(_Model):
    kind: Literal["stage"] = "stage"
    name: str
    description: str = ""


class TouchpointChoice(_Model):
    kind: Literal["touchpoint"] = "touchpoint"
    stage_id: str
    name: str
    channel: str = ""
    mode: ChannelMode = "offline"
    action: str = ""


class PainChoice(_Model):
    kind: Literal["pain"] = "pain"
    stage_id: str
    touchpoint_id: str | None = None
    description: str
    severity: int = 3
    evidence: list[str] = Field(default_factory=list)


class MomentChoice(_Model):
    kind: Literal["moment"] = "moment"
    touchpoint_id: str


class OpportunityChoice(_Model):
    kind: Literal["opportunity"] = "opportunity"
    description: str
    pain_point_ids: list[str]
    impact: int
    effort: int
    kano: KanoClass = "performance"
    owner: str = ""


Choice = Annotated[
    IndustryChoice | StageChoice | TouchpointChoice | PainChoice | MomentChoice | OpportunityChoice,
    Field(discriminator="kind"),
]


class SuggestionChip(_Model):
    """A numbered suggestion the user can accept with one word ("好", "ok") or by number."""

    number: int
    label: str  # as shown, in the session's language and script
    choice: Choice
    origin: Literal["playbook", "data", "map", "catalogue"]
    citation: Citation | None = None  # playbook suggestions: the section they come from
    refs: list[str] = Field(default_factory=list)  # data suggestions: the records


# Turns ----------------------------------------------------------------------------------


class TranscriptEntry(_Model):
    role: Literal["user", "assistant"]
    text: str
    step: StepId


class Reply(_Model):
    """What the assistant said in one turn, in parts a UI can lay out, and as one text."""

    text: str
    question: str
    why: str = ""
    echo: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    thin: list[str] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    mode: Mode = "guided"
    completed_steps: list[StepId] = Field(default_factory=list)  # finished in this turn
    act: str = "answer"  # what the message was read as (acts.py): only answers and corrections
    # change the map


CommandAction = Literal["back", "skip", "next", "progress", "finish", "accept", "choose", "goto"]


class TypedCommand(_Model):
    """What a button sends (back, skip, accept all, chips 1 and 3, go to a step): read as it is,
    never as words parsed back from the button's label."""

    action: CommandAction
    choices: list[int] = Field(default_factory=list)  # chip numbers, for "choose"
    step: StepId | None = None  # for "goto"


class TurnInput(_Model):
    """What a turn receives: the user's message (or a button's typed command) and, when the map
    was edited by hand since the interview last saved it (see edits.py), the draft with those
    edits, taken in first."""

    message: str = ""
    command: TypedCommand | None = None
    edited_draft: MapDraft | None = None
    edited_version: int | None = None
    # "Finish now", confirmed: the interview ends in this turn, whatever step it is at. Not a
    # button's command on the turns API (it goes through the finish confirmation) and never a
    # line of the transcript: the user typed nothing.
    finish_now: bool = False
    # The stored turn this is (assistant/services/turns.py): recorded on the state with the
    # turn's checkpoint, so a turn found unfinished after a crash is never applied twice.
    turn_id: str = ""


class InterviewState(_Model):
    session_id: str
    workspace_id: str
    workspace_name: str = ""
    lang: Lang = "zh-Hans"
    lang_pinned: bool = False  # the user asked for a language: stop following detection
    industry: str | None = None  # playbook key (banking, telecom, ...) once known
    industry_guessed: bool = False  # unused since playbooks are no longer borrowed; kept so
    # checkpoints written before still load
    step: StepId = "goal"
    slot: SlotKey = "goal"  # the question currently asked
    passed: list[SlotKey] = Field(default_factory=list)  # skipped, or optional and asked once
    completed_steps: list[StepId] = Field(default_factory=list)
    plan_confirmed: bool = False
    finished: bool = False
    draft: MapDraft = Field(default_factory=MapDraft)
    pending: list[SuggestionChip] = Field(default_factory=list)
    numbered: list[str] = Field(default_factory=list)  # ids the last question numbered 1..n
    transcript: list[TranscriptEntry] = Field(default_factory=list)
    last_reply: Reply | None = None
    llm_failures: int = 0  # consecutive; the model is set aside after a few
    edits_version: int | None = None  # the newest hand-edited map version taken into the draft
    last_turn_id: str = ""  # the stored turn last applied (TurnInput.turn_id)
    # Plan actions moved in words this turn (plan_moves.py): the service saves each move as the
    # plan page does, so its version note and undo are the page's.
    plan_moved: list[str] = Field(default_factory=list)

    def dump(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_computed_fields=True)

"""What an answer to each question says, before it goes into the map.

Both brains produce these: the rule parsers (`rules.py`) and a language model (`llm_brain.py`,
where they are the JSON schemas of structured output). One applier (`apply.py`) puts them into
the draft, so the map cannot tell which brain heard the answer. Kept flat and small on purpose:
small local models fill simple schemas far more reliably than nested ones.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import KanoClass

FOLLOW_UP = "One short question about what is still missing or unclear; empty if nothing"


ACT = (
    "What the message is: 'answer' (content for the question), 'question' (asks you something), "
    "'non_answer' (no content: don't know, whatever), 'off_topic' (unrelated request), "
    "'correction' (changes something said before), 'navigation' (back, skip, next, done)"
)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a model's extra keys are noise, not errors

    act: Literal["answer", "question", "non_answer", "off_topic", "correction", "navigation"] = (
        Field("answer", description=ACT)
    )
    follow_up: str = Field("", description=FOLLOW_UP)


class KPIItem(BaseModel):
    name: str = Field(description="e.g. average waiting time, NPS")
    baseline: float | None = Field(None, description="the value now, if said")
    target: float | None = Field(None, description="the value wanted, if said")
    unit: str = ""


class GoalAnswer(_Answer):
    goal: str = Field("", description="Why the map is made, in the user's words")
    scope: str = Field("", description="Where the journey starts and ends, if said")
    product: str = Field("", description="The product or service, if said")
    industry: str = Field("", description="The industry, e.g. banking, telecom, restaurant")
    company: str = ""
    kpis: list[KPIItem] = Field(default_factory=list)


class PersonaItem(BaseModel):
    name: str
    description: str = Field("", description="Situation, goals and needs")


class PersonasAnswer(_Answer):
    personas: list[PersonaItem] = Field(default_factory=list)


class StageItem(BaseModel):
    name: str
    description: str = ""


class StagesAnswer(_Answer):
    stages: list[StageItem] = Field(default_factory=list, description="In journey order")


class TouchpointItem(BaseModel):
    stage: str = Field("", description="The stage name it belongs to; empty for the current one")
    name: str
    channel: str = Field("", description="e.g. app, hotline, branch")
    mode: Literal["online", "offline", ""] = ""
    customer_action: str = Field("", description="What the customer does there")
    frontstage: str = Field("", description="What staff or systems visibly do")
    backstage: str = Field("", description="What happens behind the scenes")


class TouchpointsAnswer(_Answer):
    touchpoints: list[TouchpointItem] = Field(default_factory=list)


class BlueprintItem(BaseModel):
    touchpoint: str = Field(description="Touchpoint name as on the map")
    frontstage: str = Field("", description="What staff visibly do for the customer there")
    backstage: str = Field("", description="What supports it out of sight: systems, other teams")
    support: str = Field(
        "",
        description="Support processes, only if named as such: the systems and teams the "
        "backstage relies on (e.g. credit approval system, CRM, courier dispatch)",
    )


class BlueprintAnswer(_Answer):
    lanes: list[BlueprintItem] = Field(default_factory=list)


class EmotionItem(BaseModel):
    touchpoint: str = Field(description="Touchpoint name, or its number in the question")
    score: int = Field(ge=-2, le=2, description="-2 very bad .. +2 very good")
    label: str = Field("", description="A feeling word, e.g. anxious")
    quote: str = Field("", description="What a customer said, if quoted")


class EmotionsAnswer(_Answer):
    emotions: list[EmotionItem] = Field(default_factory=list)
    rest_score: int | None = Field(
        None, ge=-2, le=2, description="A score for all touchpoints not named, if the user said so"
    )
    rest_label: str = ""


class PainItem(BaseModel):
    description: str
    stage: str = Field("", description="Stage name, if said")
    touchpoint: str = Field("", description="Touchpoint name, if said")
    severity: int | None = Field(
        None, ge=1, le=5, description="1 minor .. 5 critical, if said; null when not said"
    )
    quote: str = ""


class PainsAnswer(_Answer):
    pain_points: list[PainItem] = Field(default_factory=list)
    moments_of_truth: list[str] = Field(
        default_factory=list, description="Names of touchpoints the user calls moments of truth"
    )


class OpportunityItem(BaseModel):
    description: str = Field(description="The fix in the user's words, whole")
    pain: str = Field("", description="The pain point it addresses, name or number, if said")
    impact: int | None = Field(None, ge=1, le=5, description="If said; null when not said")
    effort: int | None = Field(None, ge=1, le=5, description="If said; null when not said")
    kano: KanoClass | None = None
    owner: str = ""


class OpportunitiesAnswer(_Answer):
    opportunities: list[OpportunityItem] = Field(default_factory=list)


Answer = (
    GoalAnswer
    | PersonasAnswer
    | StagesAnswer
    | TouchpointsAnswer
    | BlueprintAnswer
    | EmotionsAnswer
    | PainsAnswer
    | OpportunitiesAnswer
)


def is_empty(answer: Answer) -> bool:
    """Nothing usable in it (a follow-up question alone changes nothing in the map)."""
    data = answer.model_dump(exclude={"follow_up", "act"})
    return not any(value not in ("", None, [], {}) for value in data.values())

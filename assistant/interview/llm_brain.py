"""The interview with a language model: structured extraction and natural follow-up questions.

For the free-text questions of steps 1–7 the model fills the step's Answer model (extraction.py)
through `provider.structured`, and may phrase a follow-up question. Whatever goes wrong — an
LLMError of any kind, or a reply that validates but says nothing usable or names things the user
never said — the rule parsers read the same message, the reply says so, and nothing is lost.
After a few failures in a row the session stops asking the model (each try may cost a timeout).
The plan and review steps, commands and chosen suggestions never need the model.
"""

from __future__ import annotations

import logging

from assistant.interview import registry
from assistant.interview.draft import MapDraft
from assistant.interview.engine import Answerer, RuleAnswerer
from assistant.interview.extraction import (
    is_empty,
)
from assistant.interview.llm_guard import fill_from_rules, keep_what_was_said
from assistant.interview.replies import step_title
from assistant.interview.say import signed
from assistant.interview.turn import Turn
from assistant.llm import ChatMessage, ChatProvider, LLMError

log = logging.getLogger(__name__)

MAX_FAILURES = 3
CONTEXT_CHARS = 1500  # the map summary sent along; small models have small contexts


class UnusableAnswer(Exception):
    """A reply that validated but cannot go into the map."""


def map_context(draft: MapDraft) -> str:
    """A compact, plain view of the map so far for the model."""
    lines = []
    if draft.goal:
        lines.append(f"goal: {draft.goal}")
    if draft.industry:
        lines.append(f"industry: {draft.industry}")
    if draft.personas:
        lines.append("personas: " + "; ".join(p.name for p in draft.personas))
    for number, stage in enumerate(draft.stages, 1):
        touchpoints = ", ".join(
            t.name + (f" ({signed(t.emotion.score)})" if t.emotion else "")
            for t in draft.touchpoints_of(stage.id)
        )
        lines.append(f"stage {number}: {stage.name}" + (f" — {touchpoints}" if touchpoints else ""))
    for number, pain in enumerate(draft.pain_points, 1):
        lines.append(f"pain point {number}: {pain.description}")
    text = "\n".join(lines) or "(empty)"
    return text if len(text) <= CONTEXT_CHARS else text[:CONTEXT_CHARS] + "…"


class LLMAnswerer:
    uses_model = True

    def __init__(
        self,
        provider: ChatProvider,
        fallback: Answerer | None = None,
        *,
        timeout: float | None = None,
    ) -> None:
        self.provider = provider
        self.fallback = fallback or RuleAnswerer()
        self.timeout = timeout

    def answer(self, turn: Turn) -> None:
        state, say = turn.state, turn.say
        schema = registry.QUESTIONS[state.slot].schema
        if schema is None or state.llm_failures >= MAX_FAILURES:
            self.fallback.answer(turn)
            return
        try:
            reply = self.provider.structured(self._messages(turn), schema, timeout=self.timeout)
            if reply.act != "answer" and turn.act == "answer" and not turn.act_by_rule:
                # The model hears no content (a question, "不知道"…): nothing is stored, and
                # the engine answers the act. Corrections and navigation stay with the rules.
                state.llm_failures = 0
                turn.mode = "llm"
                turn.act = reply.act if reply.act not in ("correction", "navigation") else "unclear"
                return
            answer = keep_what_was_said(reply, turn)
            if is_empty(answer):
                raise UnusableAnswer
            answer = fill_from_rules(answer, registry.read(state, turn.message), turn)
        except LLMError as exc:
            log.warning("LLM turn failed, falling back to the guided engine: %r", exc)
            reason: str = exc.kind
        except UnusableAnswer:
            reason = say("reason_garbage")
        else:
            registry.apply(turn, answer)
            turn.understood = True
            turn.mode = "llm"
            turn.follow_up = answer.follow_up
            state.llm_failures = 0
            return
        state.llm_failures += 1
        turn.notices.append(say("notice_llm_fallback", reason=reason))
        if state.llm_failures >= MAX_FAILURES:
            turn.notices.append(say("notice_llm_off"))
        self.fallback.answer(turn)

    def _messages(self, turn: Turn) -> list[ChatMessage]:
        state, say = turn.state, turn.say
        question = state.last_reply.question if state.last_reply else ""
        return [
            ChatMessage("system", say("llm_system")),
            ChatMessage(
                "user",
                say(
                    "llm_request",
                    step=step_title(state, say),
                    question=question,
                    context=map_context(state.draft),
                    message=turn.message,
                ),
            ),
        ]

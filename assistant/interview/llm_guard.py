"""Keeping a language model honest and complete, without a second model call.

Small local models "complete" lists with items nobody said, fill fields with generic prose,
copy the question as their follow-up, and drop items from long answers. The guard removes
what the user did not say, and the rule parsers — reliable on answers written in the format
the question suggests — add what the model missed.
"""

from __future__ import annotations

import re

from assistant.interview.apply import resolve_touchpoint
from assistant.interview.draft import fold
from assistant.interview.extraction import (
    Answer,
    EmotionsAnswer,
    GoalAnswer,
    OpportunitiesAnswer,
    PainsAnswer,
    PersonasAnswer,
    StagesAnswer,
    TouchpointsAnswer,
)
from assistant.interview.turn import Turn
from assistant.playbooks import similarity
from assistant.text.tokens import tokenize

SAID_SHARE = 0.5  # share of a detail's words that must come from the message
PARROT = 0.5  # a follow-up this close to the question just asked is an echo, not a question
NAME_CHARS, NAME_WORDS = 16, 6  # a list item longer than this is a sentence, not a name
_CJK = re.compile(r"[\u3400-\u9fff]")
# A list written one item per line, or with 、/；: the format the questions suggest, where the
# rule parsers are exact. In running prose ("they read the page and pay at checkout") they
# are not, and only the model's reading counts.
_LISTED = re.compile(r"[\n；;、]")


def _shares_a_word(text: str, said: set[str]) -> bool:
    return bool(set(tokenize(text)) & said)


def _mostly_said(text: str, said: set[str]) -> bool:
    words = set(tokenize(text))
    return not words or len(words & said) >= SAID_SHARE * len(words)


def looks_like_name(text: str) -> bool:
    if _CJK.search(text):
        return len(text) <= NAME_CHARS
    return len(text.split()) <= NAME_WORDS


def keep_what_was_said(answer: Answer, turn: Turn) -> Answer:
    """Drop invented items (names that share no word with the message, emotions and moments for
    touchpoints that do not exist) and invented details (prose the user never wrote)."""
    said = set(tokenize(turn.message))
    draft, numbered = turn.state.draft, turn.state.numbered
    if isinstance(answer, PersonasAnswer):
        answer.personas = [x for x in answer.personas if _shares_a_word(x.name, said)]
        for persona in answer.personas:
            persona.description = (
                persona.description if _mostly_said(persona.description, said) else ""
            )
    elif isinstance(answer, StagesAnswer):
        answer.stages = [x for x in answer.stages if _shares_a_word(x.name, said)]
    elif isinstance(answer, TouchpointsAnswer):
        answer.touchpoints = [x for x in answer.touchpoints if _shares_a_word(x.name, said)]
        for item in answer.touchpoints:
            for field in ("customer_action", "frontstage", "backstage"):
                if not _mostly_said(getattr(item, field), said):
                    setattr(item, field, "")
    elif isinstance(answer, EmotionsAnswer):
        answer.emotions = [
            x for x in answer.emotions if resolve_touchpoint(draft, x.touchpoint, numbered)
        ]
    elif isinstance(answer, PainsAnswer):
        answer.pain_points = [x for x in answer.pain_points if _shares_a_word(x.description, said)]
        answer.moments_of_truth = [
            x for x in answer.moments_of_truth if resolve_touchpoint(draft, x, [])
        ]
    elif isinstance(answer, OpportunitiesAnswer):
        answer.opportunities = [
            x for x in answer.opportunities if _shares_a_word(x.description, said)
        ]
    elif isinstance(answer, GoalAnswer):
        if answer.goal and not _shares_a_word(answer.goal, said):
            answer.goal = ""
        if answer.scope and not _mostly_said(answer.scope, said):
            answer.scope = ""
    question = turn.state.last_reply.question if turn.state.last_reply else ""
    if answer.follow_up and similarity(answer.follow_up, question) >= PARROT:
        answer.follow_up = ""
    return answer


def fill_from_rules(answer: Answer, ruled: Answer | None, turn: Turn) -> Answer:
    """Add what the rule parsers read and the model missed (same kind of answer only)."""
    if ruled is None or type(ruled) is not type(answer):
        return answer
    if isinstance(answer, StagesAnswer) and isinstance(ruled, StagesAnswer):
        model = {fold(s.name): s for s in answer.stages}
        if set(model) < {fold(s.name) for s in ruled.stages} and all(
            looks_like_name(s.name) for s in ruled.stages
        ):
            # The rules saw more, in the user's order; the model's spelling wins where both saw.
            answer.stages = [model.get(fold(s.name), s) for s in ruled.stages]
    elif isinstance(answer, EmotionsAnswer) and isinstance(ruled, EmotionsAnswer):
        _add_emotions(answer, ruled, turn)
    elif isinstance(answer, GoalAnswer) and isinstance(ruled, GoalAnswer):
        for field in ("scope", "product", "industry", "company"):
            if not getattr(answer, field):
                setattr(answer, field, getattr(ruled, field))
        answer.kpis = answer.kpis or ruled.kpis
    elif isinstance(answer, PainsAnswer) and isinstance(ruled, PainsAnswer):
        answer.moments_of_truth = answer.moments_of_truth or ruled.moments_of_truth
    elif not _LISTED.search(turn.message):
        return answer
    elif isinstance(answer, PersonasAnswer) and isinstance(ruled, PersonasAnswer):
        have = {fold(x.name) for x in answer.personas}
        answer.personas += [
            x for x in ruled.personas if fold(x.name) not in have and looks_like_name(x.name)
        ]
    elif isinstance(answer, TouchpointsAnswer) and isinstance(ruled, TouchpointsAnswer):
        by_name = {fold(x.name): x for x in ruled.touchpoints}
        for item in answer.touchpoints:
            known = by_name.get(fold(item.name))
            if known is not None and not item.stage:
                item.stage = known.stage  # "咨询：App产品页" said which stage it belongs to
        have = {fold(x.name) for x in answer.touchpoints}
        answer.touchpoints += [
            x for x in ruled.touchpoints if fold(x.name) not in have and looks_like_name(x.name)
        ]
    return answer


def _add_emotions(answer: EmotionsAnswer, ruled: EmotionsAnswer, turn: Turn) -> None:
    """Emotions the rules read for touchpoints the model left out (matched by touchpoint)."""
    draft, numbered = turn.state.draft, turn.state.numbered

    def target(reference: str) -> str | None:
        found = resolve_touchpoint(draft, reference, numbered)
        return found.id if found else None

    covered = {target(x.touchpoint) for x in answer.emotions}
    answer.emotions += [x for x in ruled.emotions if target(x.touchpoint) not in covered]
    if answer.rest_score is None:
        answer.rest_score, answer.rest_label = ruled.rest_score, ruled.rest_label

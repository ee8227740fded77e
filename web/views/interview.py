"""Everything the interview page shows for one turn: the reply, progress, chips, live map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.domain import Diagnosis, Lang
from assistant.interview.service import TurnResult
from assistant.interview.state import TranscriptEntry
from assistant.services.sessions import finish_check
from web.views.chat import history, progress_view, reply_view
from web.views.journey import columns, shown


@dataclass(frozen=True)
class PanelCounts:
    stages: int
    touchpoints: int
    pains: int
    moments: int
    actions: int


def panel_counts(diagnosis: Diagnosis) -> PanelCounts:
    journey = diagnosis.map
    return PanelCounts(
        stages=len(journey.stages),
        touchpoints=len(journey.touchpoints),
        pains=len(journey.pain_points),
        moments=sum(1 for t in journey.touchpoints if t.moment_of_truth),
        actions=len(diagnosis.plan.actions),
    )


def interview_context(
    result: TurnResult, ui_lang: Lang, transcript: list[TranscriptEntry] | None = None
) -> dict[str, Any]:
    """The template context of the interview page (or of its blocks after a turn)."""
    diagnosis = shown(result.diagnosis, ui_lang)
    draft = result.draft
    return {
        "result": result,
        "session_id": result.session_id,
        "reply": reply_view(result),
        "chips": result.suggestions,
        "progress": progress_view(result, ui_lang),
        "history": history(transcript or []),
        "user_message": None,
        # "Finish now" asks first, saying what is missing: current after every turn.
        "check": finish_check(result.session_id, draft, result.finished, ui_lang),
        "panel": {
            "diagnosis": diagnosis,
            "columns": columns(diagnosis.map),
            "counts": panel_counts(diagnosis),
            "goal": diagnosis.map.goal.goal if draft.goal else "",
            "personas": diagnosis.map.personas,
            "has_emotion": any(t.emotion is not None for t in diagnosis.map.touchpoints),
            "map_id": result.map_id,
            "map_version": result.map_version,
        },
    }

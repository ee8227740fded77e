"""An example answer for the question being asked, from the session's own industry.

Used where the user needs a nudge (a non-answer, an unclear message): the example comes from the
industry's playbook when it has one (its stages, touchpoints, pain points, improvements), else
from a per-industry line in the prompts, else from a generic one. Never another industry's.
"""

from __future__ import annotations

from assistant.interview.apply import playbook_for
from assistant.interview.rules import focus_stage_name
from assistant.interview.say import Say
from assistant.interview.state import InterviewState
from assistant.playbooks import Playbook

EXAMPLE_STAGES = 5


def example_for(state: InterviewState, say: Say) -> str:
    """One example answer to the current question, in the session's language and script."""
    playbook = playbook_for(state)
    slot = state.slot
    text = _from_playbook(state, playbook, say) if playbook is not None else ""
    if text:
        return say.script(text)
    key = f"example_{slot}_{state.industry}" if state.industry else ""
    if key and say.has(key):
        return say(key)
    return say(f"example_{slot}") if say.has(f"example_{slot}") else ""


def _from_playbook(state: InterviewState, playbook: Playbook, say: Say) -> str:
    slot, zh = state.slot, say.lang != "en"
    sep, colon = ("、", "：") if zh else (", ", ": ")
    if slot == "stages":
        return sep.join(s.name for s in playbook.stages[:EXAMPLE_STAGES])
    if slot == "touchpoints":
        stage = state.draft.stage_named(focus_stage_name(state.draft))
        matched = playbook.match_stage(stage.name) if stage else None
        listed = playbook.touchpoints_of(matched.name) if matched else list(playbook.touchpoints)
        if not listed:
            return ""
        first = listed[0]
        return (
            f"{first.name}（{first.channel}）{colon}{first.action}"
            if zh
            else (f"{first.name} ({first.channel}){colon}{first.action}")
        )
    if slot == "pains" and playbook.pains:
        pain = playbook.pains[0]
        return f"{pain.name}{colon}{pain.description}"
    if slot == "opportunities" and playbook.improvements:
        return playbook.improvements[0].name
    return ""

"""Mermaid `journey` diagram: a section per stage, a task per touchpoint.

Mermaid journey scores run 1..5; the map's emotion −2..+2 maps to score + 3. A touchpoint without
an emotion is drawn neutral (3) and flagged in a `%%` comment so the diagram keeps every touchpoint.
Mermaid's journey grammar ends a name at ':' '#' ';' or a line break, so user text is sanitised:
those become their full-width forms and line breaks become spaces. '<' and '>' become full-width
too: some sites render Mermaid with `securityLevel: 'loose'`, where labels are HTML.
"""

from __future__ import annotations

from assistant.domain import Diagnosis, Lang
from assistant.exports.common import one_line
from assistant.i18n.labels import labels_for

NEUTRAL_SCORE = 3
_REPLACEMENTS = str.maketrans({":": "：", "#": "＃", ";": "；", ",": "，", "<": "＜", ">": "＞"})


def mermaid_score(emotion_score: int) -> int:
    """Emotion −2..+2 → Mermaid journey score 1..5."""
    return emotion_score + 3


def sanitise(text: str, *, keep_commas: bool = True) -> str:
    """Text safe for a Mermaid journey line; commas separate actors, so actors lose theirs."""
    cleaned = one_line(text).replace("%%", "%")
    if keep_commas:
        return cleaned.translate(_REPLACEMENTS | {ord(","): ","})
    return cleaned.translate(_REPLACEMENTS)


def render_mermaid(diagnosis: Diagnosis, lang: Lang) -> str:
    journey = diagnosis.map
    labels = labels_for(lang)
    actors = (
        ", ".join(
            name for name in (sanitise(p.name, keep_commas=False) for p in journey.personas) if name
        )
        or labels["customer"]
    )
    lines = ["journey", f"    title {sanitise(journey.title) or labels['report']}"]
    for stage in journey.stages:
        lines.append(f"    section {sanitise(stage.name) or stage.id}")
        for touchpoint in journey.touchpoints_of(stage.id):
            name = sanitise(touchpoint.name) or sanitise(touchpoint.id)
            if touchpoint.emotion is None:
                lines.append(f"        %% {name}: {sanitise(labels['emotion_missing'])}")
                score = NEUTRAL_SCORE
            else:
                score = mermaid_score(touchpoint.emotion.score)
            lines.append(f"        {name}: {score}: {actors}")
    return "\n".join(lines) + "\n"

"""Version notes: what each saved version of a map says about how it came to be.

A note is stored as a short phrase in a fixed English form: the JSON API returns it as stored,
and versions saved before pages translated their notes hold the same forms, so one reader serves
old and new versions alike. Pages show a note in the reader's language (`web/views/notes.py`).

    goal, personas                               the interview completed these steps
    touchpoints, hand edits taken in             … and took in edits made on the map meanwhile
    stages, …, review, finished early            "Finish now" ended the interview
    edited after review                          a change after the interview had finished
    edit touchpoint tp-6: frontstage, backstage  an inline edit: the element and its fields
    copied from map <id> version <n>             version 1 of a duplicated session's map
    add touchpoint tp-7                          the canvas: an element added,
    delete pain_point pain-3 “Form times out”    … deleted (with its name: it is gone),
    move touchpoint tp-7 to stage stage-2        … moved to another stage,
    reorder stage stage-3                        … moved within its list,
    restore version 11                           "undo": version 11 saved again

Write notes with the functions here, never by hand, so that every note can be read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from assistant.interview.steps import STEP_IDS

NoteKey = Literal[
    "step",
    "hand_edits",
    "finished_early",
    "edited_after_review",
    "edit",
    "copied",
    "added",
    "deleted",
    "moved",
    "reordered",
    "restored",
]

HAND_EDITS = "hand edits taken in"
FINISHED_EARLY = "finished early"
EDITED_AFTER_REVIEW = "edited after review"
_PHRASES: dict[str, NoteKey] = {
    HAND_EDITS: "hand_edits",
    FINISHED_EARLY: "finished_early",
    EDITED_AFTER_REVIEW: "edited_after_review",
}
_EDIT = re.compile(r"^edit (?P<kind>[a-z_]+) (?P<id>\S+): (?P<fields>[a-z_]+(?:, [a-z_]+)*)$")
_COPIED = re.compile(r"^copied from map (?P<map>\S+) version (?P<version>\d+)$")
_ADDED = re.compile(r"^add (?P<kind>[a-z_]+) (?P<id>\S+)$")
_DELETED = re.compile(r"^delete (?P<kind>[a-z_]+) (?P<id>\S+)(?: “(?P<name>.*)”)?$")
_MOVED = re.compile(r"^move (?P<kind>[a-z_]+) (?P<id>\S+) to stage (?P<stage>\S+)$")
_REORDERED = re.compile(r"^reorder (?P<kind>[a-z_]+) (?P<id>\S+)$")
_RESTORED = re.compile(r"^restore version (?P<version>\d+)$")
NAME_IN_NOTE = 40  # characters of a deleted element's name kept in its note


@dataclass(frozen=True)
class NotePart:
    """One thing a note says: `key` and what it needs to be said (`step`, `kind`, `id`,
    `fields`, `map`, `version`)."""

    key: NoteKey
    step: str = ""
    kind: str = ""
    id: str = ""
    fields: tuple[str, ...] = field(default_factory=tuple)
    map: str = ""
    version: int = 0
    name: str = ""  # a deleted element's name, as the map called it
    stage: str = ""  # the stage an element was moved to


def interview_note(
    steps: Iterable[str], *, hand_edits: bool = False, finished_early: bool = False
) -> str:
    """The note of a version the interview saved: the steps completed in the turn, and whether
    it took in hand edits or ended with "Finish now"."""
    parts = [*steps]
    if hand_edits:
        parts.append(HAND_EDITS)
    if finished_early:
        parts.append(FINISHED_EARLY)
    return ", ".join(parts)


def edit_note(kind: str, element_id: str, fields: Sequence[str]) -> str:
    """The note of an inline edit: which element, which fields."""
    return f"edit {kind} {element_id}: {', '.join(fields)}"


def copied_note(map_id: str, version: int) -> str:
    return f"copied from map {map_id} version {version}"


def added_note(kind: str, element_id: str) -> str:
    return f"add {kind} {element_id}"


def deleted_note(kind: str, element_id: str, name: str) -> str:
    """The note of a deletion keeps the element's name (its first line, shortened): the map
    that could name it no longer has it."""
    lines = name.strip().splitlines()
    line = lines[0].strip() if lines else ""
    if len(line) > NAME_IN_NOTE:
        line = line[: NAME_IN_NOTE - 1] + "…"
    line = line.replace("”", '"')
    return f"delete {kind} {element_id} “{line}”" if line else f"delete {kind} {element_id}"


def moved_note(kind: str, element_id: str, stage_id: str) -> str:
    return f"move {kind} {element_id} to stage {stage_id}"


def reordered_note(kind: str, element_id: str) -> str:
    return f"reorder {kind} {element_id}"


def restored_note(version: int) -> str:
    return f"restore version {version}"


def restored_version(note: str) -> int | None:
    """The version a "restore version N" note (an undo) saved again; None for other notes."""
    restored = _RESTORED.match(note.strip())
    return int(restored["version"]) if restored else None


def parse_note(note: str) -> list[NotePart] | None:
    """What a stored note says, part by part; None for a note in no known form (shown as it is).
    An empty note has no parts."""
    text = note.strip()
    if not text:
        return []
    if edited := _EDIT.match(text):
        fields = tuple(edited["fields"].split(", "))
        return [NotePart("edit", kind=edited["kind"], id=edited["id"], fields=fields)]
    if copied := _COPIED.match(text):
        return [NotePart("copied", map=copied["map"], version=int(copied["version"]))]
    if added := _ADDED.match(text):
        return [NotePart("added", kind=added["kind"], id=added["id"])]
    if deleted := _DELETED.match(text):
        name = deleted["name"] or ""
        return [NotePart("deleted", kind=deleted["kind"], id=deleted["id"], name=name)]
    if moved := _MOVED.match(text):
        return [NotePart("moved", kind=moved["kind"], id=moved["id"], stage=moved["stage"])]
    if reordered := _REORDERED.match(text):
        return [NotePart("reordered", kind=reordered["kind"], id=reordered["id"])]
    if restored := _RESTORED.match(text):
        return [NotePart("restored", version=int(restored["version"]))]
    parts: list[NotePart] = []
    for token in text.split(", "):
        if token in _PHRASES:
            parts.append(NotePart(_PHRASES[token]))
        elif token in STEP_IDS:
            parts.append(NotePart("step", step=token))
        else:
            return None
    return parts

"""Version notes are written in one fixed form and read back part by part, old notes included."""

from __future__ import annotations

from assistant.storage.notes import (
    NotePart,
    copied_note,
    edit_note,
    interview_note,
    parse_note,
)


def test_notes_written_here_read_back() -> None:
    note = interview_note(["goal", "personas"], hand_edits=True)
    assert note == "goal, personas, hand edits taken in"
    assert parse_note(note) == [
        NotePart("step", step="goal"),
        NotePart("step", step="personas"),
        NotePart("hand_edits"),
    ]
    early = interview_note(["stages", "review"], finished_early=True)
    assert [p.key for p in parse_note(early) or []] == ["step", "step", "finished_early"]
    edit = edit_note("touchpoint", "tp-6", ["frontstage", "backstage", "emotion_label"])
    assert parse_note(edit) == [
        NotePart(
            "edit",
            kind="touchpoint",
            id="tp-6",
            fields=("frontstage", "backstage", "emotion_label"),
        )
    ]
    assert parse_note(copied_note("m-1", 3)) == [NotePart("copied", map="m-1", version=3)]


def test_notes_saved_before_read_the_same() -> None:
    """The forms versions already hold (before notes were written through this module)."""
    assert parse_note("review") == [NotePart("step", step="review")]
    assert parse_note("plan") == [NotePart("step", step="plan")]
    assert parse_note("edited after review") == [NotePart("edited_after_review")]
    assert parse_note("edit touchpoint tp-6: frontstage, backstage, emotion_label") is not None
    copied = "copied from map 1f0c9a2e-0000-4000-8000-000000000000 version 12"
    assert parse_note(copied) == [
        NotePart("copied", map="1f0c9a2e-0000-4000-8000-000000000000", version=12)
    ]
    assert parse_note("") == []


def test_a_note_in_no_known_form_is_left_as_it_is() -> None:
    for note in ("首次访谈", "drafted", "renamed", "goal, drafted", "added a stage", "edit: all"):
        assert parse_note(note) is None, note

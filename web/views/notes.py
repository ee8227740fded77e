"""A map version's note in the reader's language (the notes are stored in one fixed form:
assistant/storage/notes.py). An element edited by hand is named as the map now calls it; one
no longer on the map by its id. A note in no known form is shown as it was written."""

from __future__ import annotations

from typing import Any

from assistant.domain import Diagnosis, Lang
from assistant.i18n.labels import Labels
from assistant.interview.say import Say
from assistant.interview.steps import STEP_IDS
from assistant.services.editing import EDITABLE_KINDS, EditError, find_element
from assistant.storage.notes import NotePart, parse_note
from assistant.text.script import convert_tree
from web.views.journey import FIELD_LABELS, KIND_LABELS, label_of

NAME_LIMIT = 30  # characters of an element's name in a note


class NoteReader:
    """`read(note)` → the note as a sentence in `lang`, for one map's history."""

    def __init__(self, lang: Lang, labels: Labels, t: Any, latest: Diagnosis | None) -> None:
        self.lang = lang
        self.say = Say(lang)
        self.labels = labels
        self.t = t
        self.latest = latest

    def read(self, note: str) -> str:
        parts = parse_note(note)
        if parts is None:
            return note
        steps = [p.step for p in parts if p.key == "step"]
        sentences: list[str] = []
        if steps:
            titles = [self._step(step) for step in steps]
            sentences.append(self.t("note_steps", steps=self.say.join(titles)))
        for part in parts:
            if part.key != "step":
                sentences.append(self._part(part))
        return self.say.join_clauses(sentences)

    def _step(self, step: str) -> str:
        return self.say(f"step_{step}") if step in STEP_IDS else step

    def _part(self, part: NotePart) -> str:
        if part.key == "edit":
            kind = part.kind
            known = kind in EDITABLE_KINDS
            fields = [
                label_of(FIELD_LABELS[f], self.labels, self.t) if f in FIELD_LABELS else f
                for f in part.fields
            ]
            return str(
                self.t(
                    "note_edit",
                    kind=label_of(KIND_LABELS[kind], self.labels, self.t) if known else kind,
                    name=self._name(kind, part.id),
                    fields=self.say.join(fields),
                )
            )
        if part.key == "copied":
            return str(self.t("note_copied", version=part.version))
        if part.key == "restored":
            return str(self.t("note_restored", version=part.version))
        if part.key in ("added", "deleted", "moved", "reordered"):  # changes made on the canvas
            kind = part.kind
            shown_kind = (
                label_of(KIND_LABELS[kind], self.labels, self.t) if kind in KIND_LABELS else kind
            )
            # A deleted element is named as its note keeps it (in the reader's script).
            name = self._name(kind, part.id)
            if part.name:
                name = part.name if self.lang == "en" else str(convert_tree(part.name, self.lang))
            if part.key == "moved":
                stage = self._name("stage", part.stage)
                return str(self.t("note_moved", kind=shown_kind, name=name, stage=stage))
            return str(self.t(f"note_{part.key}", kind=shown_kind, name=name))
        return str(self.t(f"note_{part.key}"))

    def _name(self, kind: str, element_id: str) -> str:
        """The element's name on the latest map (its id when it is gone, or has no name)."""
        if self.latest is None or kind not in EDITABLE_KINDS:
            return element_id
        try:
            element = find_element(self.latest, kind, element_id)
        except EditError:
            return element_id
        data = element.model_dump()
        for key in ("name", "title", "description", "goal", "industry"):
            if data.get(key):
                text = str(data[key])
                return text if len(text) <= NAME_LIMIT else text[: NAME_LIMIT - 1] + "…"
        return element_id

"""Loading a map version for a page, and the context the map and plan pages share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.domain import Diagnosis, Lang
from assistant.services.map_editing import MapEditor
from assistant.storage import Database, MapRecord
from web.views.journey import columns, shown, unplaced_opportunities


@dataclass(frozen=True)
class MapVersion:
    record: MapRecord
    diagnosis: Diagnosis  # as stored
    version: int

    @property
    def is_latest(self) -> bool:
        return self.version == self.record.latest_version


def load_map(db: Database, map_id: str, version: int | None = None) -> MapVersion:
    """The map at `version` (the latest when None); NotFound for an unknown map or version."""
    record = db.maps.get(map_id)
    if version is None or version == record.latest_version:
        diagnosis, number = db.maps.latest(map_id)
        return MapVersion(record, diagnosis, number)
    return MapVersion(record, db.maps.get_version(map_id, version), version)


def map_context(loaded: MapVersion, lang: Lang, db: Database | None = None) -> dict[str, Any]:
    """What the map and plan pages show of a version. With `db`, also whether the last hand
    change can be undone (only the latest version is edited)."""
    diagnosis = shown(loaded.diagnosis, lang)
    can_undo = (
        db is not None
        and loaded.is_latest
        and MapEditor(db).undo_target(loaded.record.id) is not None
    )
    return {
        "record": loaded.record,
        "map_id": loaded.record.id,
        "version": loaded.version,
        "latest": loaded.record.latest_version,
        "is_latest": loaded.is_latest,
        "diagnosis": diagnosis,
        "m": diagnosis.map,
        "plan": diagnosis.plan,
        "columns": columns(diagnosis.map),
        "unplaced": unplaced_opportunities(diagnosis.map),
        "detail": None,
        "editing": False,
        "saved": None,
        "error": "",
        "can_undo": can_undo,
        "toast": None,
        "arrange": None,
    }

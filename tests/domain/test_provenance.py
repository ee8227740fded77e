"""Provenance.inferred: which values of an element the assistant filled in, apart from who stated
the element itself."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from assistant.domain import (
    Diagnosis,
    PainPoint,
    Provenance,
    json_schema,
    mark_inferred,
    mark_stated,
)
from assistant.examples import load_example


def test_a_stated_element_can_say_which_values_were_guessed() -> None:
    pain = PainPoint(
        id="pain-1",
        stage_id="s",
        description="不知道审批进度",
        severity=3,
        provenance=Provenance(source="user", inferred=["severity"]),
    )
    assert pain.provenance.source == "user" and pain.provenance.is_inferred("severity")
    assert Provenance().inferred == []  # stated, all of it, unless said otherwise


def test_marking_guessed_and_stated_values() -> None:
    provenance = Provenance()
    assert mark_inferred(provenance, "owner", "kpi.target", "owner") is provenance
    assert provenance.inferred == ["owner", "kpi.target"]
    mark_stated(provenance, "owner_department")  # the model's field path works too
    assert provenance.inferred == ["kpi.target"]
    mark_stated(provenance, "horizon")  # never guessed: nothing changes
    assert provenance.inferred == ["kpi.target"]
    assert Provenance(inferred=["mode", " mode ", ""]).inferred == ["mode"]


def test_suggested_still_needs_a_citation() -> None:
    with pytest.raises(ValidationError):
        Provenance(source="suggested", inferred=["owner"])


def test_saved_maps_without_the_field_still_load_and_the_schema_publishes_it() -> None:
    data = load_example("bank-loan.zh-Hans").model_dump(mode="json", exclude_computed_fields=True)
    text = json.dumps(data)
    assert '"inferred"' in text
    for element in data["map"]["pain_points"]:
        element["provenance"].pop("inferred")
    loaded = Diagnosis.model_validate(data)
    assert all(p.provenance.inferred == [] for p in loaded.map.pain_points)
    schema = json_schema()
    inferred = schema["$defs"]["Provenance"]["properties"]["inferred"]
    assert inferred["type"] == "array" and "assistant filled in" in inferred["description"]

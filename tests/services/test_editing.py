from __future__ import annotations

import pytest

from assistant.examples import load_example
from assistant.services.editing import EditError, current_values, edit_element, find_element


def test_edit_returns_a_new_valid_diagnosis_and_the_fields_changed() -> None:
    original = load_example("bank-loan.zh-Hans")
    edited, changed = edit_element(
        original, "touchpoint", "tp-hotline", {"name": "热线", "emotion_score": "-2"}
    )
    assert changed == ["name", "emotion_score"]
    touchpoint = find_element(edited, "touchpoint", "tp-hotline")
    assert current_values(touchpoint, "touchpoint")["name"] == "热线"
    assert find_element(original, "touchpoint", "tp-hotline") != touchpoint  # not in place


def test_values_as_stored_change_nothing() -> None:
    original = load_example("bank-loan.zh-Hans")
    values = current_values(find_element(original, "action", "a-repay-care"), "action")
    edited, changed = edit_element(original, "action", "a-repay-care", values)
    assert changed == [] and edited is original


def test_a_person_editing_makes_the_element_stated_keeping_its_evidence() -> None:
    original = load_example("bank-loan.zh-Hans")
    before = find_element(original, "pain_point", "pp-form-timeout")
    edited, _ = edit_element(original, "pain_point", "pp-form-timeout", {"severity": 2})
    after = find_element(edited, "pain_point", "pp-form-timeout")
    assert after.provenance.source == "user"  # type: ignore[attr-defined]
    assert after.provenance.refs == before.provenance.refs  # type: ignore[attr-defined]


def test_clearing_the_score_removes_the_emotion() -> None:
    original = load_example("bank-loan.zh-Hans")
    edited, _ = edit_element(original, "touchpoint", "tp-hotline", {"emotion_score": ""})
    assert find_element(edited, "touchpoint", "tp-hotline").emotion is None  # type: ignore[attr-defined]


def test_form_semantics_for_checkboxes() -> None:
    original = load_example("bank-loan.zh-Hans")
    mot = next(t for t in original.map.touchpoints if t.moment_of_truth)
    kept, changed = edit_element(original, "touchpoint", mot.id, {"name": mot.name})
    assert changed == []  # JSON-style partial update: absent means unchanged
    edited, changed = edit_element(original, "touchpoint", mot.id, {"_form": "1"})
    assert changed == ["moment_of_truth"]  # a form without the box ticked means False


@pytest.mark.parametrize(
    ("kind", "element_id", "values", "message"),
    [
        ("pain_point", "pp-black-box", {"severity": "9"}, "between 1 and 5"),
        ("pain_point", "pp-black-box", {"severity": "high"}, "not a number"),
        ("pain_point", "pp-black-box", {"description": ""}, "description"),
        ("action", "a-repay-care", {"horizon": "someday"}, "choose one of"),
        ("stage", "nope", {"name": "x"}, "no stage 'nope'"),
        ("spaceship", "x", {}, "cannot be edited"),
        ("goal", "context", {}, "has the id 'goal'"),
    ],
)
def test_invalid_edits_say_why(
    kind: str, element_id: str, values: dict[str, str], message: str
) -> None:
    with pytest.raises(EditError, match=message):
        edit_element(load_example("bank-loan.zh-Hans"), kind, element_id, values)

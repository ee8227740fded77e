from __future__ import annotations

import pytest

from assistant.domain import Diagnosis, Lang
from assistant.examples import load_example
from assistant.exports import export_diagnosis
from assistant.exports.markdown_export import md
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


def _with_guesses() -> Diagnosis:
    """The bank example with a touchpoint's mode and a pain point's severity filled in by the
    assistant (as the interview records them when the person did not say)."""
    data = load_example("bank-loan.zh-Hans").model_dump(mode="json", exclude_computed_fields=True)
    touchpoint = next(t for t in data["map"]["touchpoints"] if t["id"] == "tp-hotline")
    touchpoint["provenance"] = {"source": "user", "inferred": ["mode"]}
    pain = next(p for p in data["map"]["pain_points"] if p["id"] == "pp-form-timeout")
    pain["provenance"] = {**pain["provenance"], "inferred": ["severity"]}
    return Diagnosis.model_validate(data)


def test_a_field_the_person_sets_is_no_longer_marked_as_filled_in() -> None:
    original = _with_guesses()
    renamed, _ = edit_element(original, "touchpoint", "tp-hotline", {"name": "客服热线"})
    # Only the name was set: the guessed mode stays a guess.
    assert find_element(renamed, "touchpoint", "tp-hotline").provenance.inferred == ["mode"]  # type: ignore[attr-defined]
    mode = find_element(original, "touchpoint", "tp-hotline").mode  # type: ignore[attr-defined]
    other = "online" if mode == "offline" else "offline"
    edited, changed = edit_element(renamed, "touchpoint", "tp-hotline", {"mode": other})
    assert changed == ["mode"]
    assert find_element(edited, "touchpoint", "tp-hotline").provenance.inferred == []  # type: ignore[attr-defined]
    guessed = find_element(original, "pain_point", "pp-form-timeout").severity  # type: ignore[attr-defined]
    severity = 2 if guessed != 2 else 3
    severe, _ = edit_element(original, "pain_point", "pp-form-timeout", {"severity": severity})
    pain = find_element(severe, "pain_point", "pp-form-timeout")
    assert pain.provenance.inferred == [] and pain.provenance.source == "user"  # type: ignore[attr-defined]
    # The export no longer marks the severity as filled in by the assistant.
    marked = export_diagnosis(original, "md").content.decode("utf-8")
    stated = export_diagnosis(severe, "md").content.decode("utf-8")
    description = md(pain.description)  # type: ignore[attr-defined]
    assert f"]**\\* {description}" in marked  # the badge's "filled in" mark
    assert f"]** {description}" in stated


def test_support_processes_are_editable_like_the_other_lanes() -> None:
    original = load_example("bank-loan.zh-Hans")
    assert (
        current_values(find_element(original, "touchpoint", "tp-hotline"), "touchpoint")["support"]
        == ""
    )
    edited, changed = edit_element(
        original, "touchpoint", "tp-hotline", {"support": "信贷审批系统、CRM"}
    )
    assert changed == ["support"]
    touchpoint = find_element(edited, "touchpoint", "tp-hotline")
    assert touchpoint.support == "信贷审批系统、CRM"  # type: ignore[attr-defined]
    assert touchpoint.provenance.source == "user"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-Hans", "description: 不能为空"),
        ("zh-Hant", "description: 不能為空"),
        ("en", "description: should not be empty"),
    ],
)
def test_an_edit_that_breaks_the_map_says_why_in_the_readers_language(
    lang: Lang, said: str
) -> None:
    with pytest.raises(EditError) as refused:
        edit_element(
            load_example("bank-loan.zh-Hans"), "pain_point", "pp-black-box", {"description": ""}
        )
    message = refused.value.message(lang)
    assert said in message and "String should" not in message
    assert "String should have at least 1 character" in str(refused.value)  # the API's English

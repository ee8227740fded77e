from __future__ import annotations

from assistant.domain import Diagnosis, Stage
from assistant.domain.diff import diff_diagnoses, field_changes, flatten
from assistant.examples import load_example


def example() -> Diagnosis:
    return load_example("bank-loan.zh-Hans")


def test_identical_versions_have_no_difference() -> None:
    diff = diff_diagnoses(example(), example())
    assert diff.empty and diff.count("changed") == 0


def test_added_removed_and_changed_elements_by_id() -> None:
    old = example()
    data = old.model_dump(mode="json", exclude_computed_fields=True)
    journey = data["map"]
    journey["stages"].append({"id": "s-new", "name": "售后回访"})
    journey["touchpoints"][0]["name"] = "试算页"
    journey["touchpoints"][0]["emotion"]["score"] = 2
    removed = journey["kpis"].pop()
    data["plan"]["actions"][0]["kpi"]["target"] = 99
    data["map"]["goal"]["scope"] = "只看线上"
    new = Diagnosis.model_validate(data)

    diff = diff_diagnoses(old, new)
    by_key = {(e.kind, e.id): e for e in diff.elements}
    assert by_key[("stage", "s-new")].status == "added"
    assert by_key[("stage", "s-new")].name == "售后回访"
    assert by_key[("kpi", removed["id"])].status == "removed"
    changed = by_key[("touchpoint", journey["touchpoints"][0]["id"])]
    assert changed.status == "changed" and changed.name == "试算页"
    assert {c.field for c in changed.changes} == {"name", "emotion.score"}
    action = by_key[("action", data["plan"]["actions"][0]["id"])]
    (target,) = action.changes
    assert target.field == "kpi.target" and target.new == 99
    assert by_key[("goal", "goal")].changes[0].field == "scope"
    assert diff.count("added") == 1 and diff.count("removed") == 1


def test_order_follows_the_map() -> None:
    old = example()
    new = old.model_copy(deep=True)
    new.map.stages.append(Stage(id="s-z", name="Z"))
    new.map.title = "新标题"
    kinds = [e.kind for e in diff_diagnoses(old, new).elements]
    assert kinds == ["map", "stage"]


def test_flatten_and_field_changes() -> None:
    assert flatten({"a": {"b": 1, "c": {"d": 2}}, "e": [1]}) == {"a.b": 1, "a.c.d": 2, "e": [1]}
    changes = field_changes({"x": 1, "gone": 2}, {"x": 3, "new": 4})
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("x", 1, 3),
        ("new", None, 4),
        ("gone", 2, None),
    ]

"""Reshaping a map by hand without the web layer: add, delete, move, undo, their version notes,
and a running interview taking the changes in at its next turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain import Diagnosis, PainPoint, Persona, Touchpoint
from assistant.examples import load_example
from assistant.interview.draft import MapDraft
from assistant.interview.edits import apply_edits
from assistant.services.editing import find_element
from assistant.services.map_editing import (
    MapEditError,
    MapEditor,
    add_element,
    delete_element,
    edit_fields,
    move_element,
)
from assistant.storage import Database
from assistant.storage.notes import parse_note


def bank() -> Diagnosis:
    return load_example("bank-loan.zh-Hans")


def stage_names(diagnosis: Diagnosis) -> list[str]:
    return [s.name for s in diagnosis.map.stages]


def names_in(diagnosis: Diagnosis, stage_id: str) -> list[str]:
    return [t.name for t in diagnosis.map.touchpoints_of(stage_id)]


def test_adding_a_touchpoint_puts_it_in_its_stage_stated_by_the_user() -> None:
    original = bank()
    first = original.map.stages[0].id
    change = add_element(
        original, "touchpoint", {"stage_id": first, "name": "微信公众号推文", "channel": "微信"}
    )
    added = find_element(change.diagnosis, "touchpoint", change.element_id)
    assert isinstance(added, Touchpoint)
    assert added.stage_id == first and added.channel == "微信"
    assert added.provenance.source == "user"
    assert names_in(change.diagnosis, first)[-1] == "微信公众号推文"
    assert change.note == f"add touchpoint {change.element_id}"
    # the touchpoints stay grouped by stage, journey order first
    assert change.diagnosis.map.touchpoints == change.diagnosis.map.ordered_touchpoints()
    assert len(original.map.touchpoints) + 1 == len(change.diagnosis.map.touchpoints)


def test_adding_needs_a_name_and_a_real_stage_said_in_the_users_language() -> None:
    with pytest.raises(MapEditError) as empty:
        add_element(bank(), "stage", {"name": "   "})
    assert empty.value.message("zh-Hant") == "請寫上名稱。"
    assert str(empty.value) == "Please give it a name."
    with pytest.raises(MapEditError) as nowhere:
        add_element(bank(), "pain_point", {"stage_id": "st-mars", "description": "排队太久"})
    assert nowhere.value.message("zh-Hans") == "请选择旅程图上已有的阶段。"
    with pytest.raises(MapEditError):
        add_element(bank(), "kpi", {"name": "NPS"})


def test_new_ids_never_collide_with_the_interviews_ids() -> None:
    change = add_element(bank(), "stage", {"name": "续贷", "position": "1"})
    assert change.element_id == "stage-1"
    again = add_element(change.diagnosis, "stage", {"name": "结清"})
    assert again.element_id == "stage-2"
    assert stage_names(again.diagnosis)[1] == "续贷" and stage_names(again.diagnosis)[-1] == "结清"


def test_a_pain_point_on_a_touchpoint_and_an_opportunity_for_it() -> None:
    original = bank()
    tp = original.map.touchpoints[0]
    pain = add_element(
        original, "pain_point", {"touchpoint_id": tp.id, "description": "试算结果看不懂"}
    )
    added = find_element(pain.diagnosis, "pain_point", pain.element_id)
    assert isinstance(added, PainPoint)
    assert added.stage_id == tp.stage_id and added.severity == 3
    opp = add_element(
        pain.diagnosis,
        "opportunity",
        {"description": "试算页加一句白话解释", "pain_point_id": pain.element_id},
    )
    assert opp.diagnosis.map.opportunities[-1].pain_point_ids == [pain.element_id]


def test_persona_goals_needs_frustrations_and_quote() -> None:
    change = add_element(bank(), "persona", {"name": "赶时间的上班族"})
    edited = edit_fields(
        change.diagnosis,
        "persona",
        change.element_id,
        {
            "goals": "当天拿到额度\n少跑网点",
            "frustrations": "表单填到一半超时\n\n",
            "quote": "我只想知道能借多少。",
        },
    )
    assert edited is not None
    persona = find_element(edited.diagnosis, "persona", change.element_id)
    assert isinstance(persona, Persona)
    assert persona.goals == ["当天拿到额度", "少跑网点"]
    assert persona.frustrations == ["表单填到一半超时"]
    assert persona.quote == "我只想知道能借多少。"
    assert edited.note == f"edit persona {change.element_id}: goals, frustrations, quote"
    # A map stored before personas had these fields still loads.
    data = bank().model_dump(mode="json")
    for p in data["map"]["personas"]:
        p.pop("frustrations", None)
        p.pop("quote", None)
    assert Diagnosis.model_validate(data).map.personas[0].frustrations == []


def test_deleting_a_stage_takes_its_touchpoints_and_pains_and_keeps_the_plan_valid() -> None:
    original = bank()
    stage = original.map.stages[2]
    pains = {p.id for p in original.map.pain_points_of(stage.id)}
    assert pains  # the example has pain points in this stage
    change = delete_element(original, "stage", stage.id)
    m = change.diagnosis.map
    assert stage.id not in {s.id for s in m.stages}
    assert not m.touchpoints_of(stage.id) and not m.pain_points_of(stage.id)
    for action in change.diagnosis.plan.actions:
        assert not pains & set(action.pain_point_ids)
    for opportunity in m.opportunities:
        assert not pains & set(opportunity.pain_point_ids)
    (part,) = parse_note(change.note) or []
    assert part.key == "deleted" and part.name == stage.name


def test_deleting_a_touchpoint_keeps_its_pain_points_on_the_stage() -> None:
    original = bank()
    pain = next(p for p in original.map.pain_points if p.touchpoint_id)
    change = delete_element(original, "touchpoint", str(pain.touchpoint_id))
    kept = find_element(change.diagnosis, "pain_point", pain.id)
    assert isinstance(kept, PainPoint)
    assert kept.touchpoint_id is None and kept.stage_id == pain.stage_id


def test_moving_a_touchpoint_to_the_next_stage_takes_its_pain_points() -> None:
    original = bank()
    pain = next(p for p in original.map.pain_points if p.touchpoint_id)
    tp_id = str(pain.touchpoint_id)
    stages = [s.id for s in original.map.stages]
    here = stages.index(pain.stage_id)
    change = move_element(original, "touchpoint", tp_id, direction="right")
    assert change is not None
    moved = find_element(change.diagnosis, "touchpoint", tp_id)
    assert moved.stage_id == stages[here + 1]  # type: ignore[attr-defined]
    assert find_element(change.diagnosis, "pain_point", pain.id).stage_id == stages[here + 1]  # type: ignore[attr-defined]
    assert change.note == f"move touchpoint {tp_id} to stage {stages[here + 1]}"


def test_dragging_to_a_place_in_another_stage_and_moving_up() -> None:
    original = bank()
    first, second = original.map.stages[0].id, original.map.stages[1].id
    tp = original.map.touchpoints_of(first)[0]
    dragged = move_element(original, "touchpoint", tp.id, stage_id=second, index=0)
    assert dragged is not None
    assert names_in(dragged.diagnosis, second)[0] == tp.name
    target = original.map.touchpoints_of(second)[-1]
    up = move_element(original, "touchpoint", target.id, direction="up")
    assert up is not None and up.note == f"reorder touchpoint {target.id}"
    assert names_in(up.diagnosis, second)[-2] == target.name


def test_moving_past_the_edge_changes_nothing() -> None:
    original = bank()
    assert move_element(original, "stage", original.map.stages[0].id, direction="left") is None
    last = original.map.stages[-1].id
    tp = original.map.touchpoints_of(last)[0]
    assert move_element(original, "touchpoint", tp.id, direction="right") is None
    right = move_element(original, "stage", original.map.stages[0].id, direction="right")
    assert right is not None
    assert stage_names(right.diagnosis)[:2] == stage_names(original)[1::-1]


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path / 'maps.db'}")


def test_every_change_is_a_version_and_undo_walks_back(db: Database) -> None:
    workspace = db.workspaces.get_or_create("acme")
    record = db.maps.create(workspace.id, bank(), note="example", author="import")
    editor = MapEditor(db)
    assert editor.undo_target(record.id) is None  # nothing done by hand yet
    first = bank().map.stages[0]
    added = editor.add(record.id, "touchpoint", {"stage_id": first.id, "name": "短信提醒"})
    renamed = editor.edit(record.id, "stage", first.id, {"name": "了解产品"})
    assert (added.version, renamed and renamed.version) == (2, 3)
    assert editor.undo_target(record.id) == 2
    undone = editor.undo(record.id)
    assert undone.version == 4 and undone.note == "restore version 2"
    assert stage_names(db.maps.latest(record.id)[0])[0] == first.name
    again = editor.undo(record.id)  # the addition goes too
    latest = db.maps.latest(record.id)[0]
    assert again.note == "restore version 1" and "短信提醒" not in names_in(latest, first.id)
    with pytest.raises(MapEditError):
        editor.undo(record.id)  # version 1 was imported, not a hand change


def test_a_new_element_never_takes_the_id_of_a_deleted_one(db: Database) -> None:
    workspace = db.workspaces.get_or_create("acme")
    record = db.maps.create(workspace.id, bank(), note="example", author="import")
    editor = MapEditor(db)
    first = bank().map.stages[0]
    one = editor.add(record.id, "touchpoint", {"stage_id": first.id, "name": "短信提醒"})
    two = editor.add(record.id, "touchpoint", {"stage_id": first.id, "name": "微信提醒"})
    editor.delete(record.id, "touchpoint", two.element_id)
    three = editor.add(record.id, "touchpoint", {"stage_id": first.id, "name": "App 推送"})
    assert (one.element_id, two.element_id, three.element_id) == ("tp-1", "tp-2", "tp-3")
    names = {t.id: t.name for t in db.maps.latest(record.id)[0].map.touchpoints}
    assert (names["tp-1"], names["tp-3"]) == ("短信提醒", "App 推送") and "tp-2" not in names


def test_a_running_interviews_draft_takes_in_additions_deletions_and_order() -> None:
    base = bank()
    draft = MapDraft(
        lang="zh-Hans",
        title=base.map.title,
        stages=list(base.map.stages),
        touchpoints=list(base.map.touchpoints),
        pain_points=list(base.map.pain_points),
        opportunities=list(base.map.opportunities),
        plan=base.plan,
        counters={"tp": 3},
    )
    first = base.map.stages[0].id
    change = add_element(base, "touchpoint", {"stage_id": first, "name": "短信提醒"})
    edited = delete_element(change.diagnosis, "pain_point", base.map.pain_points[0].id).diagnosis
    moved = move_element(edited, "stage", first, direction="right")
    assert moved is not None
    taken = apply_edits(draft, base, moved.diagnosis)
    assert [s.id for s in taken.stages] == [s.id for s in moved.diagnosis.map.stages]
    assert "短信提醒" in [t.name for t in taken.touchpoints]
    assert base.map.pain_points[0].id not in {p.id for p in taken.pain_points}
    assert taken.new_id("touchpoint") != change.element_id  # the draft counts past it
    result = taken.to_diagnosis(placeholder="?", title="t")
    assert [s.name for s in result.map.stages] == stage_names(moved.diagnosis)

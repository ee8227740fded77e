"""Plan editing without the web (assistant/services/plan_editing.py): every field of an action,
its pain points, deleting and adding, each saved as a version with a note; a value the manager
sets is theirs (no longer the assistant's guess); refusals said in the user's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain import Action, Diagnosis
from assistant.examples import load_example
from assistant.services.plan_editing import (
    PlanEditError,
    PlanEditor,
    add_action,
    delete_action,
    edit_action,
)
from assistant.storage import Database


@pytest.fixture
def bank() -> Diagnosis:
    return load_example("bank-loan.zh-Hans")


def action(diagnosis: Diagnosis, action_id: str) -> Action:
    (found,) = [a for a in diagnosis.plan.actions if a.id == action_id]
    return found


def test_every_field_of_an_action_can_be_edited(bank: Diagnosis) -> None:
    change = edit_action(
        bank,
        "a-progress-tracker",
        {
            "title": "审批进度短信+App 双推送",
            "description": "每个节点推送一次",
            "pain_point_ids": ["pp-black-box", "pp-late-supplement"],
            "owner_department": "数字银行部",
            "kpi_name": "进度咨询来电量",
            "kpi_unit": "通/周",
            "kpi_baseline": "1200",
            "kpi_target": "300",
            "horizon": "60d",
            "impact": "4",
            "effort": "2",
            "kano": "attractive",
        },
    )
    assert change is not None
    edited = action(change.diagnosis, "a-progress-tracker")
    assert edited.title == "审批进度短信+App 双推送" and edited.description == "每个节点推送一次"
    assert edited.pain_point_ids == ["pp-black-box", "pp-late-supplement"]
    assert edited.owner_department == "数字银行部"
    assert (edited.kpi.name, edited.kpi.unit, edited.kpi.baseline, edited.kpi.target) == (
        "进度咨询来电量",
        "通/周",
        1200,
        300,
    )
    assert (edited.horizon, edited.impact, edited.effort, edited.kano) == (
        "60d",
        4,
        2,
        "attractive",
    )
    assert edited.priority == "quick_win"  # recomputed from the new impact and effort
    assert change.note == (
        "edit action a-progress-tracker: title, description, owner_department, kpi_name, "
        "kpi_unit, kpi_baseline, kpi_target, horizon, impact, effort, kano, pain_point_ids"
    )


def test_an_owner_set_by_the_manager_is_no_longer_a_guess(bank: Diagnosis) -> None:
    suggested = action(bank, "a-amount-explain")
    assert suggested.provenance.source == "suggested"
    change = edit_action(bank, "a-amount-explain", {"owner_department": "风险管理部"})
    assert change is not None
    owned = action(change.diagnosis, "a-amount-explain").provenance
    assert owned.source == "user" and owned.citations == suggested.provenance.citations
    assert not owned.is_inferred("owner")
    # What the manager did not touch is still the assistant's.
    assert owned.is_inferred("horizon") and owned.is_inferred("kpi.target")

    guessed = bank.model_copy(deep=True)
    action(guessed, "a-repay-care").provenance.inferred = ["owner", "horizon"]
    change = edit_action(guessed, "a-repay-care", {"owner_department": "贷后管理部"})
    assert change is not None
    assert action(change.diagnosis, "a-repay-care").provenance.inferred == ["horizon"]


def test_nothing_changed_is_no_change(bank: Diagnosis) -> None:
    same = action(bank, "a-repay-care")
    values = {"owner_department": same.owner_department, "impact": str(same.impact)}
    assert edit_action(bank, "a-repay-care", values) is None


@pytest.mark.parametrize(
    ("values", "key", "zh_hans", "en"),
    [
        ({"impact": "9"}, "impact", "影响要填 1 到 5 的整数。", "Impact must be a whole number"),
        (
            {"kpi_target": "很多"},
            "kpi_target",
            "目标值要填一个数字。",
            "The target must be a number",
        ),
        ({"title": "  "}, "title", "请填写行动名称。", "Give the action a name."),
        ({"pain_point_ids": []}, "pain_point_ids", "请至少选一个", "Choose at least one pain"),
        ({"pain_point_ids": ["pp-gone"]}, "unknown_pain", "旅程图上没有痛点“pp-gone”", "pp-gone"),
        ({"horizon": "next year"}, "horizon", "请从列表里选一个周期。", "Choose a horizon"),
    ],
)
def test_a_refused_edit_says_what_to_fix(
    bank: Diagnosis, values: dict[str, object], key: str, zh_hans: str, en: str
) -> None:
    with pytest.raises(PlanEditError) as refused:
        edit_action(bank, "a-repay-care", values)
    assert refused.value.key == key
    assert refused.value.message("zh-Hans").startswith(zh_hans)
    assert en in str(refused.value)


def test_delete_keeps_the_pain_points_and_names_the_action(bank: Diagnosis) -> None:
    change = delete_action(bank, "a-key-terms")
    assert "a-key-terms" not in [a.id for a in change.diagnosis.plan.actions]
    assert len(change.diagnosis.map.pain_points) == len(bank.map.pain_points)
    assert change.note == "delete action a-key-terms “签约页「关键条款一页纸」+ App 提前还款”"
    with pytest.raises(PlanEditError) as refused:
        delete_action(change.diagnosis, "a-key-terms")
    assert refused.value.message("zh-Hant").startswith("計畫裡已經沒有這項行動（a-key-terms）")


def test_add_an_action_with_what_the_manager_gave(bank: Diagnosis) -> None:
    change = add_action(
        bank,
        {
            "title": "在线客服答疑",
            "pain_point_ids": "pp-black-box",
            "owner_department": "远程银行中心",
            "kpi_name": "进度咨询来电量",
            "kpi_target": "200",
            "impact": "4",
        },
    )
    new = change.diagnosis.plan.actions[-1]
    assert (new.id, new.title, new.pain_point_ids, new.impact) == (
        "action-1",
        "在线客服答疑",
        ["pp-black-box"],
        4,
    )
    assert new.provenance.source == "user"
    assert new.provenance.inferred == ["effort", "horizon", "kano"]  # not given: middle values
    assert change.note == "add action action-1"
    with pytest.raises(PlanEditError) as refused:
        add_action(bank, {"title": "在线客服答疑", "pain_point_ids": ["pp-black-box"]})
    assert refused.value.key == "owner_department"


def test_each_change_is_saved_as_a_version(tmp_path: Path, bank: Diagnosis) -> None:
    db = Database(f"sqlite:///{tmp_path / 'cxcoach.db'}")
    try:
        workspace = db.workspaces.get_or_create("acme")
        map_id = db.maps.create(workspace.id, bank, note="example", author="import").id
        editor = PlanEditor(db)
        edited = editor.edit(map_id, "a-repay-care", {"horizon": "60d"})
        assert edited is not None and edited.version == 2
        assert editor.edit(map_id, "a-repay-care", {"horizon": "60d"}) is None  # no new version
        deleted = editor.delete(map_id, "a-key-terms")
        added = editor.add(
            map_id,
            {
                "title": "Online chat",
                "pain_point_ids": ["pp-black-box"],
                "owner_department": "Digital",
                "kpi_name": "calls",
                "kpi_target": 10,
            },
        )
        assert (deleted.version, added.version, added.element_id) == (3, 4, "action-1")
        history = db.maps.history(map_id)
        assert [(v.version, v.author, v.note) for v in history[1:]] == [
            (2, "edit", "edit action a-repay-care: horizon"),
            (3, "edit", "delete action a-key-terms “签约页「关键条款一页纸」+ App 提前还款”"),
            (4, "edit", "add action action-1"),
        ]
    finally:
        db.dispose()


def test_a_new_action_never_takes_the_id_of_a_deleted_one(tmp_path: Path, bank: Diagnosis) -> None:
    db = Database(f"sqlite:///{tmp_path / 'cxcoach.db'}")
    try:
        workspace = db.workspaces.get_or_create("acme")
        map_id = db.maps.create(workspace.id, bank, note="example", author="import").id
        editor = PlanEditor(db)
        values = {
            "title": "在线客服答疑",
            "pain_point_ids": ["pp-black-box"],
            "owner_department": "远程银行中心",
            "kpi_name": "进度咨询来电量",
            "kpi_target": 200,
        }
        first = editor.add(map_id, values)
        editor.add(map_id, {**values, "title": "进度短信"})
        deleted = editor.delete(map_id, "action-2")  # the highest number goes
        third = editor.add(map_id, {**values, "title": "进度查询页"})
        assert (first.element_id, third.element_id) == ("action-1", "action-3")
        assert deleted.note == "delete action action-2 “进度短信”"  # still names action-2 alone
        ids = [a.id for a in db.maps.latest(map_id)[0].plan.actions]
        assert ids[-2:] == ["action-1", "action-3"]
        assert "action-2" in db.maps.ids_in_history(map_id)
        # The pure operation without a history numbers from the plan it is given.
        plan_now = db.maps.latest(map_id)[0]
        assert add_action(plan_now, values).element_id == "action-4"
        assert add_action(plan_now, values, retired={"action-9"}).element_id == "action-10"
    finally:
        db.dispose()

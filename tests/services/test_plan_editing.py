"""Plan editing without the web (assistant/services/plan_editing.py): every field of an action,
its pain points, deleting, adding and moving up or down the plan, each saved as a version with a
note (read in the user's language); a value the manager
sets is theirs (no longer the assistant's guess); refusals said in the user's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain import Action, Diagnosis, Lang
from assistant.examples import load_example
from assistant.i18n import Translator
from assistant.i18n.labels import labels_for
from assistant.services.map_editing import MapEditor
from assistant.services.plan_editing import (
    PlanEditError,
    PlanEditor,
    add_action,
    delete_action,
    edit_action,
    move_action,
    unmoved_message,
)
from assistant.storage import Database
from web.views.journey import shown
from web.views.notes import NoteReader


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


def ids(diagnosis: Diagnosis) -> list[str]:
    return [a.id for a in diagnosis.plan.actions]


BANK_ORDER = [
    "a-one-checklist",
    "a-resume-autofill",
    "a-progress-tracker",
    "a-single-supplement",
    "a-amount-explain",
    "a-repay-care",
    "a-key-terms",
]


def test_an_action_moves_up_down_and_to_an_index(bank: Diagnosis) -> None:
    assert ids(bank) == BANK_ORDER
    down = move_action(bank, "a-one-checklist", direction="down")
    assert down is not None
    assert ids(down.diagnosis)[:3] == ["a-resume-autofill", "a-one-checklist", "a-progress-tracker"]
    assert down.note == "reorder action a-one-checklist"
    assert (down.kind, down.element_id) == ("action", "a-one-checklist")
    up = move_action(bank, "a-key-terms", direction="up")
    assert up is not None and ids(up.diagnosis)[-2:] == ["a-key-terms", "a-repay-care"]
    dragged = move_action(bank, "a-repay-care", index=0)
    assert dragged is not None and ids(dragged.diagnosis)[:2] == ["a-repay-care", "a-one-checklist"]
    to_end = move_action(bank, "a-one-checklist", index="99")  # past the end: last
    assert to_end is not None and ids(to_end.diagnosis)[-1] == "a-one-checklist"
    # Nothing else about the plan changes: the same actions, each as it was.
    assert sorted(ids(dragged.diagnosis)) == sorted(BANK_ORDER)
    assert action(dragged.diagnosis, "a-repay-care") == action(bank, "a-repay-care")


def test_moving_past_either_end_is_no_change_and_says_so(bank: Diagnosis) -> None:
    assert move_action(bank, "a-one-checklist", direction="up") is None
    assert move_action(bank, "a-key-terms", direction="down") is None
    assert move_action(bank, "a-progress-tracker", index=2) is None  # already third
    first = "a-one-checklist"
    assert unmoved_message(bank, first, "zh-Hans") == (
        "“统一「一次告知」材料清单与咨询话术”已经是第一条行动，没有保存新版本。"
    )
    assert unmoved_message(shown(bank, "zh-Hant"), first, "zh-Hant") == (
        "「統一「一次告知」材料清單與諮詢話術」已經是第一項行動，沒有儲存新版本。"
    )
    assert unmoved_message(bank, first, "en") == (
        "“统一「一次告知」材料清单与咨询话术” is already the first action, "
        "so no new version was saved."
    )
    assert unmoved_message(bank, "a-key-terms", "en").endswith(
        "is already the last action, so no new version was saved."
    )
    assert "已经排在第 3 位" in unmoved_message(bank, "a-progress-tracker", "zh-Hans")


def test_a_refused_move_says_what_to_fix(bank: Diagnosis) -> None:
    with pytest.raises(PlanEditError) as sideways:
        move_action(bank, "a-repay-care", direction="left")
    assert sideways.value.key == "direction"
    assert sideways.value.message("zh-Hans") == "请说明往哪边移动：上移（up）或下移（down）。"
    with pytest.raises(PlanEditError) as nowhere:
        move_action(bank, "a-repay-care")
    assert nowhere.value.key == "direction"
    with pytest.raises(PlanEditError) as bad_index:
        move_action(bank, "a-repay-care", index="second")
    assert str(bad_index.value) == "The position must be a whole number (0 is first)."
    with pytest.raises(PlanEditError) as gone:
        move_action(bank, "a-gone", direction="up")
    assert gone.value.key == "not_found"


@pytest.mark.parametrize(
    ("lang", "read"),
    [
        ("zh-Hans", "调整改进行动“T−3 / T−1 还款提醒与余额不足预警”的位置"),
        ("zh-Hant", "調整改善行動「T−3 / T−1 還款提醒與餘額不足預警」的位置"),
        ("en", "Action “T−3 / T−1 还款提醒与余额不足预警” moved"),
    ],
)
def test_a_move_is_saved_as_a_version_read_in_the_users_language(
    tmp_path: Path, bank: Diagnosis, lang: Lang, read: str
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'cxcoach.db'}")
    try:
        workspace = db.workspaces.get_or_create("acme")
        map_id = db.maps.create(workspace.id, bank, note="example", author="import").id
        editor = PlanEditor(db)
        moved = editor.move(map_id, "a-repay-care", direction="up")
        assert moved is not None and moved.version == 2
        assert moved.note == "reorder action a-repay-care"
        assert ids(db.maps.latest(map_id)[0])[4:6] == ["a-repay-care", "a-amount-explain"]
        assert editor.move(map_id, "a-one-checklist", direction="up") is None  # no new version
        assert len(db.maps.history(map_id)) == 2
        latest = shown(db.maps.latest(map_id)[0], lang)
        reader = NoteReader(lang, labels_for(lang), Translator(lang), latest)
        assert reader.read(moved.note) == read
        # Undo brings the old order back, as for any hand change.
        MapEditor(db).undo(map_id)
        assert ids(db.maps.latest(map_id)[0]) == BANK_ORDER
    finally:
        db.dispose()

"""Corrections and navigation in zh-Hans, zh-Hant and English, parsed and applied to a draft."""

from __future__ import annotations

import pytest

from assistant.domain import PainPoint, Provenance, Touchpoint
from assistant.interview.commands import (
    AddStage,
    AddTouchpoint,
    Delete,
    ItemRef,
    Navigate,
    Rename,
    SetField,
    SwitchLanguage,
    apply_correction,
    parse_command,
)
from assistant.interview.draft import MapDraft
from assistant.interview.engine import new_state
from assistant.interview.turn import Turn


def banking_draft() -> MapDraft:
    draft = MapDraft()
    for name in ("咨询了解", "申请提交", "审批等待"):
        draft.add_stage(name, "", Provenance())
    first, second, _ = draft.stages
    for stage, name in ((first, "贷款产品页"), (second, "线上申请"), (second, "客服热线")):
        draft.add_touchpoint(
            Touchpoint(id=draft.new_id("touchpoint"), stage_id=stage.id, name=name)
        )
    draft.add_pain(
        PainPoint(
            id=draft.new_id("pain"), stage_id=second.id, description="材料反复补交", severity=5
        )
    )
    return draft


@pytest.mark.parametrize(
    ("message", "command"),
    [
        ("把第二个阶段改成提交申请", Rename(ItemRef("stage", 2), "提交申请")),
        ("把第二個階段改成提交申請", Rename(ItemRef("stage", 2), "提交申請")),
        ("rename the second stage to Apply", Rename(ItemRef("stage", 2), "Apply")),
        ("rename stage 2 to Apply", Rename(ItemRef("stage", 2), "Apply")),
        ("把客服热线改成电话客服", Rename(ItemRef(name="客服热线"), "电话客服")),
        ("rename 贷款产品页 to Product page", Rename(ItemRef(name="贷款产品页"), "Product page")),
        ("删除客服热线", Delete(ItemRef(name="客服热线"))),
        ("刪除客服熱線", Delete(ItemRef(name="客服熱線"))),
        ("刪除第一個痛點", Delete(ItemRef("pain", 1))),
        ("delete the third stage", Delete(ItemRef("stage", 3))),
        ("remove touchpoint 2", Delete(ItemRef("touchpoint", 2))),
        ("在申请提交阶段加一个触点：网点面签", AddTouchpoint("网点面签", "申请提交")),
        ("在申請提交階段加一個觸點：網點面簽", AddTouchpoint("網點面簽", "申請提交")),
        ("添加触点 电话回访 到 审批等待", AddTouchpoint("电话回访", "审批等待")),
        ("add a touchpoint Callback to Approval", AddTouchpoint("Callback", "Approval")),
        ("加一个阶段：签约放款", AddStage("签约放款")),
        ("add a stage Renewal after Repayment", AddStage("Renewal", "Repayment")),
        ("把目标改成降低投诉率", SetField("goal", "降低投诉率")),
        ("行业改成电信", SetField("industry", "电信")),
        ("change the product to mortgage", SetField("product", "mortgage")),
        ("上一步", Navigate("back")),
        ("back", Navigate("back")),
        ("跳过", Navigate("skip")),
        ("跳過", Navigate("skip")),
        ("skip", Navigate("skip")),
        ("继续", Navigate("next")),
        ("繼續", Navigate("next")),
        ("next", Navigate("next")),
        ("where are we?", Navigate("progress")),
        ("进度", Navigate("progress")),
        ("到哪了？", Navigate("progress")),
        ("switch to English", SwitchLanguage("en")),
        ("请用中文", SwitchLanguage("zh-Hans")),
        ("請用中文", SwitchLanguage("zh-Hant")),
        ("用繁體", SwitchLanguage("zh-Hant")),
        ("简体", SwitchLanguage("zh-Hans")),
    ],
)
def test_commands_are_recognised_in_every_script(message: str, command: object) -> None:
    assert parse_command(message, banking_draft()) == command


@pytest.mark.parametrize(
    "message",
    [
        "网点排队太久了",
        "把握好每个细节",
        "Late delivery: rider 40 minutes late",
        "好",
        "1,3",
        "rename nothing that exists to X",
        "change the process to something",
    ],
)
def test_answers_are_not_mistaken_for_commands(message: str) -> None:
    assert parse_command(message, banking_draft()) is None


def _turn(draft: MapDraft, lang: str = "zh-Hans") -> Turn:
    state = new_state("s", "w", "acme", lang)
    state.draft = draft
    return Turn(state)


def test_rename_delete_and_add_change_the_draft_and_say_so() -> None:
    draft = banking_draft()
    turn = _turn(draft)
    for message in (
        "把第二个阶段改成提交申请",
        "删除客服热线",
        "在提交申请阶段加一个触点：网点面签（网点，线下）：核实身份",
        "加一个阶段：签约放款",
    ):
        command = parse_command(message, turn.state.draft)
        assert isinstance(command, Rename | Delete | AddTouchpoint | AddStage)
        apply_correction(turn, command)
    draft = turn.state.draft
    assert [s.name for s in draft.stages] == ["咨询了解", "提交申请", "审批等待", "签约放款"]
    names = [t.name for t in draft.touchpoints_of(draft.stages[1].id)]
    assert names == ["线上申请", "网点面签"]
    added = draft.touchpoint_named("网点面签")
    assert added is not None and (added.channel, added.mode) == ("网点", "offline")
    assert added.customer_action == "核实身份"
    assert turn.lines == [
        "已把「申请提交」改为「提交申请」",
        "已删除「客服热线」",
        "已在「提交申请」加入触点「网点面签」",
        "已加入阶段「签约放款」",
    ]


def test_deleting_a_stage_takes_its_touchpoints_and_pain_points_along() -> None:
    turn = _turn(banking_draft())
    apply_correction(turn, Delete(ItemRef("stage", 2)))
    draft = turn.state.draft
    assert [s.name for s in draft.stages] == ["咨询了解", "审批等待"]
    assert [t.name for t in draft.touchpoints] == ["贷款产品页"]
    assert draft.pain_points == []
    draft.to_diagnosis(placeholder="-", title="t")  # still a valid map


def test_an_unknown_target_is_reported_not_guessed() -> None:
    turn = _turn(banking_draft(), "en")
    apply_correction(turn, Delete(ItemRef(name="Nothing like it")))
    apply_correction(turn, Rename(ItemRef("stage", 9), "X"))
    assert turn.lines == [
        'I could not find "Nothing like it"; check the name or number.',
        "There is no stage 9: there are 3. Say which one (1–3), or give its name.",
    ]


def test_setting_the_industry_switches_the_playbook() -> None:
    turn = _turn(banking_draft())
    apply_correction(turn, SetField("industry", "电信"))
    assert turn.state.industry == "telecom"
    assert turn.state.draft.industry == "电信运营商"

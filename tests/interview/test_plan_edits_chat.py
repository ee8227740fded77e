"""Deleting and renaming plan actions in plain words, in zh-Hans, zh-Hant and English ("刪除第1個
改進行動", "删掉第二个行动", "delete action 2", "remove the 'online chat' action", "把第1个行动改名
为…"): what is deleted stays deleted when the plan is confirmed, a number that is not there is
asked about and nothing is confirmed; changes made on the plan page are taken in at the next turn
(issue #13)."""

from __future__ import annotations

from assistant.interview.service import InterviewService, TurnResult
from assistant.services.plan_editing import PlanEditor
from tests.interview.scripts import RESTAURANT_EN, drive_to, run

# What the canonical zh-Hans banking interview plans at step 8 (tests/interview/scripts.py).
COST = "综合年化成本明示"
CHECKLIST = "一次性材料清单与预审"


def titles(result: TurnResult) -> list[str]:
    return [a.title for a in result.diagnosis.plan.actions]


def at_plan(service: InterviewService) -> TurnResult:
    result = drive_to(service, "plan")
    assert titles(result) == [COST, CHECKLIST]
    return result


def test_delete_the_first_action_in_traditional_and_it_stays_deleted(
    service: InterviewService,
) -> None:
    start = at_plan(service)
    deleted = service.reply(start.session_id, "刪除第1個改進行動")
    assert deleted.text.startswith("已刪除「綜合年化成本明示」")
    assert [t for t in titles(deleted) if "成本" in t] == []
    assert len(titles(deleted)) == 1
    # Confirming the plan does not bring back the action, or a new one for its pain point.
    confirmed = service.reply(start.session_id, "好")
    assert len(titles(confirmed)) == 1 and "共 1 條措施" in confirmed.text


def test_delete_the_second_action_in_words(service: InterviewService) -> None:
    start = at_plan(service)
    deleted = service.reply(start.session_id, "删掉第二个行动")
    assert deleted.text.startswith(f"已删除「{CHECKLIST}」")
    assert titles(deleted) == [COST]


def test_a_number_that_is_not_there_is_asked_about_never_confirmed(
    service: InterviewService,
) -> None:
    start = at_plan(service)
    result = service.reply(start.session_id, "删掉第9个行动")
    assert result.text.startswith("没有第 9 个改进行动：现在一共 2 个。请说是第几个（1–2）")
    assert "已删除" not in result.text
    assert titles(result) == [COST, CHECKLIST]


def test_rename_an_action_by_its_number(service: InterviewService) -> None:
    start = at_plan(service)
    renamed = service.reply(start.session_id, "把第1个行动改名为线上预约取号")
    assert renamed.text.startswith(f"已把「{COST}」改为「线上预约取号」")
    assert titles(renamed) == ["线上预约取号", CHECKLIST]


def test_english_delete_by_number_and_by_quoted_name(service: InterviewService) -> None:
    start = run(service, RESTAURANT_EN[:-2], lang="en")
    assert start.step == "plan"
    assert titles(start) == ["Dynamic delivery estimates", "Heat-smart packing"]
    renamed = service.reply(start.session_id, "rename action 1 to Online chat support")
    assert titles(renamed) == ["Online chat support", "Heat-smart packing"]
    missing = service.reply(start.session_id, "delete action 5")
    assert missing.text.startswith("There is no action 5: there are 2. Say which one (1–2)")
    assert len(titles(missing)) == 2
    deleted = service.reply(start.session_id, "delete action 2")
    assert deleted.text.startswith('deleted "Heat-smart packing"')
    removed = service.reply(start.session_id, "remove the 'online chat' action")
    assert removed.text.startswith('deleted "Online chat support"')
    assert titles(removed) == []


def test_actions_deleted_and_added_on_the_plan_page_are_taken_in(
    service: InterviewService,
) -> None:
    start = at_plan(service)
    map_id = service.db.maps.for_session(start.session_id)[0].id
    plan = start.diagnosis.plan
    editor = PlanEditor(service.db)
    editor.delete(map_id, plan.actions[0].id)
    added = editor.add(
        map_id,
        {
            "title": "网点叫号短信提醒",
            "pain_point_ids": plan.actions[0].pain_point_ids,
            "owner_department": "网点运营部",
            "kpi_name": "到店等候时长",
            "kpi_target": "15",
        },
    )
    result = service.reply(start.session_id, "1 负责：网点运营部")
    assert "网点叫号短信提醒" in titles(result) and COST not in titles(result)
    confirmed = service.reply(start.session_id, "好")
    assert sorted(titles(confirmed)) == sorted([CHECKLIST, "网点叫号短信提醒"])
    ids = [a.id for a in confirmed.diagnosis.plan.actions]
    assert added.element_id in ids and len(set(ids)) == len(ids)

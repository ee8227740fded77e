"""Reordering plan actions in plain words, in zh-Hans, zh-Hant and English ("把第3个行动往前移",
"第二個行動移到最前面", "move action 2 below action 4", "put the 'staff training' action first"):
the move is saved as the plan page saves it (a version authored `edit`, note "reorder action …",
undone by the page's undo), the reply says what moved in the user's language and script, and a
request that is not understood (no action named, a number not there, already first…) changes
nothing and says why with an example. Answers with "移" / "move" / "first" in them stay answers."""

from __future__ import annotations

import re

import pytest

from assistant.domain import Action
from assistant.interview.commands import Rename, parse_command
from assistant.interview.draft import MapDraft
from assistant.interview.plan_moves import Reorder, match_actions, parse_reorder
from assistant.interview.service import InterviewService, TurnResult
from assistant.services.map_editing import MapEditor
from assistant.services.plan_editing import PlanEditor
from tests.interview.scripts import RESTAURANT_EN, drive_to, run

COST = "综合年化成本明示"
CHECKLIST = "一次性材料清单与预审"
SMS = "网点叫号短信提醒"
KIOSK = "增加自助取号机"
ZH = [COST, CHECKLIST, SMS, KIOSK]
EN = ["Dynamic delivery estimates", "Heat-smart packing", "Staff training on allergens",
      "Manager training"]  # fmt: skip


def titles(result: TurnResult) -> list[str]:
    return [a.title for a in result.diagnosis.plan.actions]


def map_id(service: InterviewService, result: TurnResult) -> str:
    return service.db.maps.for_session(result.session_id)[0].id


def versions(service: InterviewService, result: TurnResult) -> list[tuple[int, str, str]]:
    return [(v.version, v.author, v.note) for v in service.db.maps.history(map_id(service, result))]


def stored_titles(service: InterviewService, result: TurnResult) -> list[str]:
    diagnosis, _ = service.db.maps.latest(map_id(service, result))
    return [a.title for a in diagnosis.plan.actions]


def add_actions(
    service: InterviewService, result: TurnResult, names: list[str], owner: str
) -> None:
    """Two more actions added on the plan page (taken in at the next turn)."""
    plan = result.diagnosis.plan
    for name in names:
        PlanEditor(service.db).add(
            map_id(service, result),
            {
                "title": name,
                "pain_point_ids": plan.actions[0].pain_point_ids,
                "owner_department": owner,
                "kpi_name": "KPI",
                "kpi_target": "10",
            },
        )


def zh_plan(service: InterviewService) -> TurnResult:
    """The zh-Hans banking interview at the plan with four actions, taken in."""
    start = drive_to(service, "plan")
    add_actions(service, start, [SMS, KIOSK], "网点运营部")
    result = service.reply(start.session_id, "1 负责：网点运营部")
    assert titles(result) == ZH
    return result


def en_plan(service: InterviewService) -> TurnResult:
    start = run(service, RESTAURANT_EN[:-2], lang="en")
    assert start.step == "plan" and titles(start) == EN[:2]
    add_actions(service, start, EN[2:], "Operations")
    result = service.reply(start.session_id, "action 1 owner: Delivery ops")
    assert titles(result) == EN
    return result


def last_version(service: InterviewService, result: TurnResult) -> tuple[int, str, str]:
    return versions(service, result)[-1]


# Moves that are understood ----------------------------------------------------------------
def test_up_by_number_in_simplified_is_saved_as_the_plan_page_saves_it(
    service: InterviewService,
) -> None:
    start = zh_plan(service)
    moved = service.reply(start.session_id, "把第3个行动往前移")
    assert moved.text.startswith(f"已把「{SMS}」往前移了 1 位：现在是第 2 个（共 4 个）。")
    assert f"现在的顺序：1. {COST}；2. {SMS}；3. {CHECKLIST}；4. {KIOSK}" in moved.text
    assert titles(moved) == [COST, SMS, CHECKLIST, KIOSK]
    assert moved.act == "correction" and moved.step == "plan"
    # One version, as the page's ↑ saves it: authored `edit`, note "reorder action <id>".
    sms_id = moved.diagnosis.plan.actions[1].id
    version, author, note = last_version(service, moved)
    assert (author, note) == ("edit", f"reorder action {sms_id}")
    assert stored_titles(service, moved) == [COST, SMS, CHECKLIST, KIOSK]
    assert MapEditor(service.db).undo_target(map_id(service, moved)) == version - 1
    # The next turn keeps the order and saves nothing over it; confirming keeps it too.
    again = service.reply(start.session_id, "2 负责：数字渠道部")
    assert titles(again) == [COST, SMS, CHECKLIST, KIOSK]
    assert last_version(service, again)[0] == version
    confirmed = service.reply(start.session_id, "好")
    assert titles(confirmed) == [COST, SMS, CHECKLIST, KIOSK]


def test_to_the_front_in_traditional_with_a_traditional_reply(service: InterviewService) -> None:
    start = zh_plan(service)
    moved = service.reply(start.session_id, "第二個行動移到最前面")
    assert moved.lang == "zh-Hant"
    assert moved.text.startswith(
        "已把「一次性材料清單與預審」移到最前面：現在是第 1 個（共 4 個）。"
    )
    assert "现在" not in moved.text and "顺序" not in moved.text
    assert [t[:4] for t in titles(moved)] == ["一次性材", "綜合年化", "網點叫號", "增加自助"]


@pytest.mark.parametrize(
    ("message", "order", "reply"),
    [
        # full-width digit, 措施, 请
        ("请把第３个措施上移一位", [0, 2, 1, 3], f"已把「{SMS}」往前移了 1 位"),
        # Chinese numeral and Traditional script, 往後挪: the reply in Traditional
        ("把第一個改善行動往後挪", [1, 0, 2, 3], "已把「綜合年化成本明示」往後移了 1 位"),
        # "第3条" with no kind, "一位" typed as 以为
        ("第3条下移以为", [0, 1, 3, 2], f"已把「{SMS}」往后移了 1 位"),
        # two places
        ("第4个行动往前挪两位", [0, 3, 1, 2], f"已把「{KIOSK}」往前移了 2 位"),
        # to a position
        ("把第1个行动移到第3位", [1, 2, 0, 3], f"已把「{COST}」移到第 3 个"),
        # before / after another action
        ("把第四个行动放到第二个前面", [0, 3, 1, 2], f"已把「{KIOSK}」移到「{CHECKLIST}」前面"),
        ("把第1个行动移到第4个后面", [1, 2, 3, 0], f"已把「{COST}」移到「{KIOSK}」后面"),
        # a quoted title, and one typed from memory without quotes
        (f"把“{SMS}”放到最后", [0, 1, 3, 2], f"已把「{SMS}」移到最后"),
        ("把自助取号机放到最前面吧", [3, 0, 1, 2], f"已把「{KIOSK}」移到最前面"),
        # after a lead-in
        ("不对，把第3个行动置顶", [2, 0, 1, 3], f"已把「{SMS}」移到最前面"),
    ],
)  # fmt: skip
def test_chinese_wordings(
    service: InterviewService, message: str, order: list[int], reply: str
) -> None:
    start = zh_plan(service)
    ids = [a.id for a in start.diagnosis.plan.actions]
    moved = service.reply(start.session_id, message)
    assert moved.text.startswith(reply), moved.text
    assert [a.id for a in moved.diagnosis.plan.actions] == [ids[i] for i in order]
    stored, _ = service.db.maps.latest(map_id(service, moved))
    assert [a.id for a in stored.plan.actions] == [ids[i] for i in order]
    title = re.match(r"已把「(.+?)」", moved.text)
    assert title is not None
    mover = next(a.id for a in moved.diagnosis.plan.actions if a.title == title[1])
    assert last_version(service, moved)[1:] == ("edit", f"reorder action {mover}")


@pytest.mark.parametrize(
    ("message", "order", "reply"),
    [
        ("move action 2 below action 4", [EN[0], EN[2], EN[3], EN[1]],
         f'Moved "{EN[1]}" below "{EN[3]}": it is now action 4 of 4.'),
        ("put the 'staff training' action first", [EN[2], EN[0], EN[1], EN[3]],
         f'Moved "{EN[2]}" to the top: it is now action 1 of 4.'),
        ("pls mvoe the staf training action to the bottom", [EN[0], EN[1], EN[3], EN[2]],
         f'Moved "{EN[2]}" to the bottom: it is now action 4 of 4.'),
        ("move action 3 up", [EN[0], EN[2], EN[1], EN[3]], f'Moved "{EN[2]}" up 1 place:'),
        ("Move up the third action", [EN[0], EN[2], EN[1], EN[3]], f'Moved "{EN[2]}" up 1 place:'),
        ("action 4 should go first", [EN[3], EN[0], EN[1], EN[2]], f'Moved "{EN[3]}" to the top:'),
        ("move #1 down two places", [EN[1], EN[2], EN[0], EN[3]], f'Moved "{EN[0]}" down 2 places:'),
        ("could you move action 4 to position 2 please", [EN[0], EN[3], EN[1], EN[2]],
         f'Moved "{EN[3]}" to place 2:'),
        ("move 'manager training' above 'heat-smart packing'", [EN[0], EN[3], EN[1], EN[2]],
         f'Moved "{EN[3]}" above "{EN[1]}":'),
    ],
)  # fmt: skip
def test_english_wordings(
    service: InterviewService, message: str, order: list[str], reply: str
) -> None:
    start = en_plan(service)
    moved = service.reply(start.session_id, message)
    assert moved.text.startswith(reply), moved.text
    assert titles(moved) == order
    assert "Order now: 1. " in moved.text
    assert last_version(service, moved)[1] == "edit"
    assert stored_titles(service, moved) == order


# Refusals: nothing moves, the reply says why and gives an example ---------------------------
@pytest.mark.parametrize(
    ("message", "reply"),
    [
        ("move action 9 up", "There is no action 9: the plan has 4, so nothing was moved. For example"),
        ("move it up", "Which action should move? Say its number or its title; nothing was moved. For example"),
        ("move action 1 up", f'"{EN[0]}" is already first, so it cannot go up; nothing was moved.'),
        ("move action 4 to the bottom", f'"{EN[3]}" is already last (action 4)'),
        ("move 'training' up", '"training" fits more than one action: 3 "Staff training on allergens", 4 "Manager training".'),
        ("move the 'online chat' action first", 'No action in the plan matches "online chat", so nothing was moved.'),
        ("move action 2 up 3 places", f'"{EN[1]}" is action 2: it can move up 1 place at most'),
        ("move action 3", f'Where should "{EN[2]}" (action 3) go? Nothing was moved.'),
        ("move action 2 to position 7", "There is no place 7: the plan has 4 actions"),
        ("move action 2 below action 2", f'"{EN[1]}" cannot go above or below itself'),
        ("move action 2 above action 3", f'"{EN[1]}" is already above "{EN[2]}"'),
    ],
)  # fmt: skip
def test_english_refusals_change_nothing(
    service: InterviewService, message: str, reply: str
) -> None:
    start = en_plan(service)
    before = versions(service, start)
    result = service.reply(start.session_id, message)
    assert result.text.startswith(reply), result.text
    assert "Moved" not in result.text
    assert titles(result) == EN
    assert versions(service, result) == before


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        ("把第9个行动往前移", "没有第 9 个改进行动：计划里一共 4 个，什么也没有移动。例如：「把第 2 个行动往前移」"),
        ("往前移一下", "要移动哪一个改进行动？请说它的编号或名称"),
        ("把它放到最后", "要移动哪一个改进行动？"),
        ("第1个行动往前移", f"「{COST}」已经是第 1 个，不能再往前了，什么也没有移动。"),
        ("第一個行動移到最前面", "「綜合年化成本明示」已經是第 1 個，不能再往前了，什麼也沒有移動。"),
        ("把第4个行动往后移", f"「{KIOSK}」已经是最后一个（第 4 个），不能再往后了"),
        ("把第3个行动移到前面", f"要把「{SMS}」（第 3 个）移到哪里？什么也没有移动。例如"),
        ("把“线上客服”放到最后", "计划里没有找到「线上客服」这个改进行动，什么也没有移动。"),
        ("把第2个行动移到第2位", f"「{CHECKLIST}」已经在第 2 个，什么也没有移动。"),
    ],
)  # fmt: skip
def test_chinese_refusals_change_nothing(
    service: InterviewService, message: str, reply: str
) -> None:
    start = zh_plan(service)
    before = versions(service, start)
    result = service.reply(start.session_id, message)
    assert result.text.startswith(reply), result.text
    assert "已把" not in result.text
    assert len(titles(result)) == 4 and titles(result)[1][:3] in ("一次性", "一次性")
    assert versions(service, result) == before


def test_reorder_with_one_action_or_none_says_so(service: InterviewService) -> None:
    start = drive_to(service, "plan")
    service.reply(start.session_id, "删掉第二个行动")
    result = service.reply(start.session_id, "把第1个行动往后移")
    assert result.text.startswith(
        f"计划里只有一个改进行动「{COST}」，没有顺序可调，什么也没有移动。"
    )
    assert titles(result) == [COST]


# Undo, hand edits and the finished interview -------------------------------------------------
def test_the_plan_pages_undo_takes_a_move_in_words_back(service: InterviewService) -> None:
    start = zh_plan(service)
    moved = service.reply(start.session_id, "第4个行动移到最前面")
    assert titles(moved) == [KIOSK, COST, CHECKLIST, SMS]
    MapEditor(service.db).undo(map_id(service, moved))
    assert stored_titles(service, moved) == ZH
    after = service.reply(start.session_id, "1 负责：网点运营部")
    assert titles(after) == ZH
    confirmed = service.reply(start.session_id, "好")
    assert titles(confirmed) == ZH


def test_a_move_on_the_plan_page_is_taken_in_and_kept(service: InterviewService) -> None:
    start = zh_plan(service)
    last = start.diagnosis.plan.actions[-1].id
    PlanEditor(service.db).move(map_id(service, start), last, direction="up")
    result = service.reply(start.session_id, "2 负责：数字渠道部")
    assert titles(result) == [COST, CHECKLIST, KIOSK, SMS]
    confirmed = service.reply(start.session_id, "好")
    assert titles(confirmed) == [COST, CHECKLIST, KIOSK, SMS]


def test_a_move_taken_in_with_hand_edits_can_still_be_undone(service: InterviewService) -> None:
    start = drive_to(service, "plan")
    add_actions(service, start, [SMS, KIOSK], "网点运营部")
    moved = service.reply(start.session_id, "把第4个行动往前移")  # takes the additions in too
    assert titles(moved) == [COST, CHECKLIST, KIOSK, SMS]
    history = versions(service, moved)
    assert history[-2][1:] == ("assistant", "hand edits taken in")
    assert history[-1][1:] == ("edit", f"reorder action {moved.diagnosis.plan.actions[2].id}")
    MapEditor(service.db).undo(map_id(service, moved))
    assert stored_titles(service, moved) == ZH


def test_a_move_after_the_review_is_an_undoable_edit(service: InterviewService) -> None:
    start = run(service, RESTAURANT_EN, lang="en")
    assert start.finished
    add_actions(service, start, EN[2:], "Operations")
    taken = service.reply(start.session_id, "action 1 owner: Delivery ops")
    assert titles(taken) == EN
    moved = service.reply(start.session_id, "put action 3 at the top")
    assert titles(moved) == [EN[2], EN[0], EN[1], EN[3]]
    version, author, note = last_version(service, moved)
    assert author == "edit" and note.startswith("reorder action ")
    assert MapEditor(service.db).undo_target(map_id(service, moved)) == version - 1


# Not a reorder: answers and other edits -------------------------------------------------------
def _draft() -> MapDraft:
    draft = MapDraft()
    for number, title in enumerate([*EN, "增加自助点餐机"], 1):
        draft.plan.actions.append(
            Action.model_validate(
                {"id": f"action-{number}", "title": title, "pain_point_ids": ["pain-1"],
                 "owner_department": "ops", "kpi": {"name": "k", "target": 1}, "impact": 3,
                 "effort": 3, "horizon": "90d", "kano": "performance"}
            )
        )  # fmt: skip
    return draft


@pytest.mark.parametrize(
    "message",
    [
        "顾客先在手机上下单，然后移到柜台取餐",
        "顧客先在手機上下單，然後移到櫃檯取餐",
        "First they move to the counter",
        "first they order, then move to the counter to pick up",
        "Put the menu first",
        "move to the counter first",
        "顾客把东西放到最后",
        "排队的人往前挪，很慢",
        "把柜台后面的流程移到前面",
        "他们先上移动端看看，再去门店",
        "move on",
        "2 负责：数字渠道部",
        "第2个行动改一下",
    ],
)
def test_answers_with_move_words_are_not_reorders(message: str) -> None:
    draft = _draft()
    assert parse_reorder(message, draft) is None
    assert not isinstance(parse_command(message, draft), Reorder)


@pytest.mark.parametrize(
    "message",
    ["把第1个行动改名为移到最后", "rename action 1 to Move up faster", "把第二个行动改成置顶服务"],
)
def test_renames_with_move_words_stay_renames(message: str) -> None:
    assert isinstance(parse_command(message, _draft()), Rename)


def test_answers_at_the_plan_stay_answers(service: InterviewService) -> None:
    start = en_plan(service)
    before = versions(service, start)
    result = service.reply(start.session_id, "First they move to the counter")
    assert "Moved" not in result.text and "nothing was moved" not in result.text
    assert titles(result) == EN and versions(service, result) == before


def test_names_are_matched_roughly_but_never_guessed_between_two() -> None:
    actions = _draft().plan.actions
    assert match_actions("staf training", actions) == [2]
    assert match_actions("training", actions) == [2, 3]
    assert match_actions("增设自助点餐机", actions) == [4]
    assert match_actions("點餐機", actions) == [4]
    assert match_actions("menu", actions) == []


@pytest.mark.parametrize(
    "message", ["这个放到最后吧", "這個放到最後吧", "move it up", "把它往前移"]
)
def test_a_move_naming_no_action_before_there_is_a_plan_is_an_answer(message: str) -> None:
    """Before the plan has an action, "这个放到最后吧" talks about the step being asked (a stage,
    a touchpoint), not about an action: it is not read as a reorder. With actions it asks
    which one (test_english_refusals_change_nothing)."""
    empty = _draft()
    empty.plan.actions.clear()
    assert parse_reorder(message, empty) is None
    assert parse_reorder(message, _draft()) is not None
    assert parse_reorder("把第1个行动往后移", empty) is not None  # named: "there is no plan yet"

"""Hand edits made in the map view while an interview runs are taken into its draft: the next
turn says so, builds on them, and saves them; they are never applied twice nor lost."""

from __future__ import annotations

from assistant.domain import Stage
from assistant.interview.draft import MapDraft
from assistant.interview.edits import apply_edits, pending_edits
from assistant.interview.service import InterviewService
from assistant.services.editing import edit_element
from tests.interview.scripts import drive_to


def hand_edit(
    service: InterviewService, map_id: str, kind: str, element_id: str, **values: str
) -> int:
    diagnosis, _ = service.db.maps.latest(map_id)
    edited, changed = edit_element(diagnosis, kind, element_id, values)
    assert changed
    return service.db.maps.save_version(map_id, edited, note="edit", author="edit")


def test_only_what_was_edited_is_taken_and_placeholders_stay_unfilled() -> None:
    draft = MapDraft(goal="减少排队投诉", industry="银行")
    draft_stage = Stage(id=draft.new_id("stage"), name="到店排队")
    draft.stages.append(draft_stage)
    base = draft.to_diagnosis(placeholder="（待补充）", title="地图")
    assert base.map.context.product_or_service == "银行"
    stage = base.map.stages[0].model_copy(update={"name": "到店取号排队"})
    context = base.map.context.model_copy(update={"company": "青禾银行"})
    journey = base.map.model_copy(update={"stages": [stage], "context": context})
    edited = base.model_copy(update={"map": journey})
    taken = apply_edits(draft, base, edited)
    assert taken.stages[0].name == "到店取号排队" and taken.stages[0].id == draft_stage.id
    assert taken.company == "青禾银行"
    assert taken.product == "" and taken.scope == ""  # not given: still not given
    assert draft.stages[0].name == "到店排队"  # the original draft is untouched
    assert apply_edits(draft, base, base) == draft


def test_the_next_turn_takes_in_a_map_view_edit(service: InterviewService) -> None:
    result = drive_to(service, "touchpoints")
    session, map_id = result.session_id, result.map_id
    assert map_id is not None
    stage = result.diagnosis.map.stages[0]
    assert pending_edits(service.db, session, service.state(session).draft) is None
    version = hand_edit(service, map_id, "stage", stage.id, name="线上了解产品")

    turn = service.reply(session, "到哪了")
    assert f"已采纳你在地图视图里的修改（第 {version} 版）" in turn.text
    assert turn.diagnosis.map.stages[0].name == "线上了解产品"
    assert turn.draft.stages[0].name == "线上了解产品"
    saved, number = service.db.maps.latest(map_id)
    assert number == version + 1 and saved.map.stages[0].name == "线上了解产品"
    history = service.db.maps.history(map_id)
    assert history[-1].author == "assistant" and "hand edits taken in" in history[-1].note

    # A later correction in the chat is kept: the hand edit is not applied a second time.
    renamed = service.reply(session, "把第一个阶段改成网上了解")
    assert renamed.draft.stages[0].name == "网上了解"
    again = service.reply(session, "到哪了")
    assert again.draft.stages[0].name == "网上了解" and "已采纳" not in again.text


def test_an_edit_to_a_finished_interview_is_kept_by_the_next_message(
    service: InterviewService,
) -> None:
    result = drive_to(service, "review")
    done = service.reply(result.session_id, "完成")
    assert done.finished and done.map_id is not None
    touchpoint = done.diagnosis.map.touchpoints[0]
    hand_edit(service, done.map_id, "touchpoint", touchpoint.id, name="手机银行预约")
    reply = service.reply(result.session_id, "到哪了")
    assert "已采纳" in reply.text
    latest, _ = service.db.maps.latest(done.map_id)
    assert latest.map.touchpoints[0].name == "手机银行预约"

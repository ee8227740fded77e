"""The journey-map canvas: stages across and lanes down, the drawer, and changes made in place
(add, delete, move, rename, undo) — with htmx, without JavaScript, and through the JSON API —
each a new version with a note in the reader's language; personas' goals, needs, frustrations
and quote; a running interview taking a canvas change in at its next turn."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from assistant.services.container import Services
from assistant.text.script import is_simplified_only

from .conftest import HX, RESTAURANT_ZH, example_map, say, start_session, text_of


@pytest.fixture
def map_id(services: Services) -> str:
    return example_map(services, "telecom-service-hall.zh-Hant")


def simplified_in(html: str) -> str:
    """Simplified-only characters of a page's main content (the language switcher says 简体)."""
    main = html[html.index("<main") : html.index("</main>")]
    return "".join(c for c in text_of(main) if is_simplified_only(c))


def test_the_canvas_has_every_stage_and_lane_and_add_forms(client: TestClient, map_id: str) -> None:
    client.cookies.set("cxcoach_lang", "zh-Hant")
    page = client.get(f"/maps/{map_id}").text
    assert 'class="page page-canvas"' in page
    stages = re.findall(r'<th scope="col" class="stage-head" data-stage="([^"]+)"', page)
    assert len(stages) == 6
    for lane in ("顧客行動", "觸點與管道", "前台", "後台", "情緒", "痛點", "機會點", "關鍵時刻"):
        assert f'class="lane-label">{lane}<' in page, lane
    # One "+ touchpoint" and one "+ pain point" form per stage, posting with the CSRF field.
    assert page.count('action="/maps/' + map_id + '/elements/touchpoint"') == 6
    assert page.count('action="/maps/' + map_id + '/elements/pain_point"') == 6
    form = page[page.index('action="/maps/' + map_id + '/elements/stage"') :][:600]
    assert 'name="csrf_token"' in form and "新階段的名稱" in form
    # Touchpoint and pain-point lists can be dragged (canvas.js + vendored SortableJS).
    assert page.count('<ul class="drop" data-kind="touchpoint"') == 6
    assert "/static/vendor/Sortable.min.js" in page and "/static/canvas.js" in page
    assert '<section id="detail" class="drawer"' in page  # closed until a card is clicked
    assert not simplified_in(page), simplified_in(page)


def test_adding_a_touchpoint_opens_it_and_says_which_version(
    client: TestClient, map_id: str, services: Services
) -> None:
    client.cookies.set("cxcoach_lang", "zh-Hant")
    stage = services.db.maps.latest(map_id)[0].map.stages[1]
    answer = client.post(
        f"/maps/{map_id}/elements/touchpoint",
        data={"stage_id": stage.id, "name": "LINE 官方帳號預約"},
        headers=HX,
    ).text
    assert answer.lstrip().startswith('<section id="detail" class="drawer open"')
    toast = re.search(r'<div id="toast"[^>]*>(.*?)</div>', answer, re.S)
    assert toast is not None
    assert "已儲存為第 2 版：新增觸點「LINE 官方帳號預約」" in text_of(toast.group(1))
    assert re.search(r'id="grid"[^>]*hx-swap-oob="true"', answer)
    assert "復原上一次修改" in answer  # undo offered at once
    diagnosis, version = services.db.maps.latest(map_id)
    added = diagnosis.map.touchpoints_of(stage.id)[-1]
    assert version == 2 and added.name == "LINE 官方帳號預約"
    assert services.db.maps.history(map_id)[-1].author == "edit"


def test_without_javascript_forms_move_and_delete(
    client: TestClient, map_id: str, services: Services
) -> None:
    before = services.db.maps.latest(map_id)[0].map
    tp = before.touchpoints_of(before.stages[0].id)[0]
    page = client.post(
        f"/maps/{map_id}/elements/touchpoint/{tp.id}/move", data={"direction": "right"}
    ).text
    assert "<html" in page and "已保存为第 2 版：把触点" in page
    moved = services.db.maps.latest(map_id)[0].map
    assert next(t for t in moved.touchpoints if t.id == tp.id).stage_id == before.stages[1].id
    # Its drawer is open on the whole page, with the move buttons at the new stage.
    assert '<section id="detail" class="drawer open"' in page
    assert 'name="direction" value="left">' in page  # enabled now: not in the first stage
    pain = before.pain_points[0]
    client.post(f"/maps/{map_id}/elements/pain_point/{pain.id}/delete")
    assert pain.id not in {p.id for p in services.db.maps.latest(map_id)[0].map.pain_points}


def test_rename_delete_and_undo_read_in_traditional(
    client: TestClient, map_id: str, services: Services
) -> None:
    client.cookies.set("cxcoach_lang", "zh-Hant")
    stage = services.db.maps.latest(map_id)[0].map.stages[0]
    renamed = client.post(
        f"/maps/{map_id}/elements/stage/{stage.id}",
        data={"_form": "1", "name": "上網比較方案"},
        headers=HX,
    ).text
    assert "已儲存為第 2 版" in renamed and "上網比較方案" in renamed
    pain = services.db.maps.latest(map_id)[0].map.pain_points[0]
    deleted = client.post(f"/maps/{map_id}/elements/pain_point/{pain.id}/delete", headers=HX).text
    assert '<section id="detail" class="drawer"' in deleted  # the drawer closes
    assert f"刪除痛點「{pain.description[:10]}" in deleted
    undone = client.post(f"/maps/{map_id}/undo", headers=HX).text
    assert "已儲存為第 4 版：復原上一次修改（回到第 2 版）" in text_of(undone)
    latest = services.db.maps.latest(map_id)[0].map
    assert pain.id in {p.id for p in latest.pain_points}
    assert latest.stages[0].name == "上網比較方案"  # only the last change was undone
    plan = client.get(f"/maps/{map_id}/plan").text
    history = text_of(plan)
    for note in ("編輯階段「上網比較方案」：名稱", "刪除痛點「", "復原上一次修改（回到第 2 版）"):
        assert note in history, note
    assert not simplified_in(plan), simplified_in(plan)


def test_support_processes_are_a_lane_edited_in_the_drawer_in_three_languages(
    client: TestClient, map_id: str, services: Services
) -> None:
    client.cookies.set("cxcoach_lang", "zh-Hant")
    page = client.get(f"/maps/{map_id}").text
    # Under the backstage, past the line of internal interaction; empty entries invite a fill.
    back, internal, support = (
        page.index(marker)
        for marker in ('class="lane-label">後台<', "內部互動線", 'class="lane-label">支援流程<')
    )
    assert back < internal < support
    tp = services.db.maps.latest(map_id)[0].map.touchpoints[0]
    form = client.get(f"/maps/{map_id}/elements/touchpoint/{tp.id}/edit", headers=HX).text
    assert re.search(r'<label for="f-support">支援流程</label>', form)
    assert re.search(r'<textarea[^>]*name="support"', form)
    answer = client.post(
        f"/maps/{map_id}/elements/touchpoint/{tp.id}",
        data={"_form": "1", "support": "預約系統、門市排班系統"},
        headers=HX,
    ).text
    assert f"已儲存為第 2 版：編輯觸點「{tp.name}」：支援流程" in text_of(answer)
    saved = services.db.maps.latest(map_id)[0].map.touchpoints[0]
    assert (saved.support, saved.backstage) == ("預約系統、門市排班系統", tp.backstage)
    lane = client.get(f"/maps/{map_id}").text.split('<tr class="lane-support">')[1]
    assert "預約系統、門市排班系統" in text_of(lane.split("</tr>")[0])
    # The version note reads in each language.
    for lang, note in (
        ("zh-Hans", "：支持流程"),
        ("en", "edited: Support processes"),
        ("zh-Hant", "：支援流程"),
    ):
        client.cookies.set("cxcoach_lang", lang)
        assert note in text_of(client.get(f"/maps/{map_id}/plan").text), lang
    # And in the exports, with the label of the export's language.
    csv_text = client.get(f"/maps/{map_id}/export/csv").content.decode("utf-8-sig")
    assert "支援流程" in csv_text.splitlines()[0] and "預約系統、門市排班系統" in csv_text


def test_a_refused_change_says_why_and_saves_nothing(
    client: TestClient, map_id: str, services: Services
) -> None:
    answer = client.post(
        f"/maps/{map_id}/elements/touchpoint", data={"stage_id": "nowhere", "name": "官网"}
    ).text
    assert "没有保存：请选择旅程图上已有的阶段。" in text_of(answer)
    first = services.db.maps.latest(map_id)[0].map.stages[0].id
    edge = client.post(
        f"/maps/{map_id}/elements/stage/{first}/move", data={"direction": "left"}, headers=HX
    ).text
    assert "没有变化，没有保存新版本。" in edge
    nothing = client.post(f"/maps/{map_id}/undo", headers=HX).text
    assert "没有可以撤销的修改" in nothing
    assert services.db.maps.get(map_id).latest_version == 1


def test_persona_goals_needs_frustrations_and_quote_in_the_drawer_and_exports(
    client: TestClient, map_id: str, services: Services
) -> None:
    client.cookies.set("cxcoach_lang", "en")
    persona = services.db.maps.latest(map_id)[0].map.personas[0]
    form = client.get(f"/maps/{map_id}/elements/persona/{persona.id}/edit", headers=HX).text
    for field in ("goals", "needs", "frustrations", "quote"):
        assert f'name="{field}"' in form, field
    saved = client.post(
        f"/maps/{map_id}/elements/persona/{persona.id}",
        data={
            "_form": "1",
            "goals": "辦完門號移轉\n不要排太久",
            "frustrations": "號碼牌叫號看不到",
            "quote": "我午休只有一小時。",
        },
        headers=HX,
    ).text
    assert "Saved as version 2" in saved and "Frustrations" in saved
    assert "辦完門號移轉; 不要排太久" in text_of(saved)
    again = client.get(f"/maps/{map_id}/elements/persona/{persona.id}/edit", headers=HX).text
    assert ">辦完門號移轉\n不要排太久</textarea>" in again  # one item a line
    page = client.get(f"/maps/{map_id}").text
    assert "我午休只有一小時。" in page and "號碼牌叫號看不到" in page
    markdown = client.get(f"/maps/{map_id}/export/md").text
    assert "困擾：號碼牌叫號看不到" in markdown and "原話：“我午休只有一小時。”" in markdown
    report = client.get(f"/maps/{map_id}/export/html").text
    assert "號碼牌叫號看不到" in report and "我午休只有一小時。" in report
    assert "前台" in report and "後台" in report  # the blueprint lanes


def test_json_api_add_move_delete_undo(client: TestClient, map_id: str, services: Services) -> None:
    stages = services.db.maps.latest(map_id)[0].map.stages
    added = client.post(
        f"/api/maps/{map_id}/elements/touchpoint",
        json={"values": {"stage_id": stages[0].id, "name": "官網比價頁", "channel": "web"}},
    )
    assert added.status_code == 201
    body = added.json()
    tp_id = body["element_id"]
    assert body["version"] == 2 and body["note"] == f"add touchpoint {tp_id}"
    moved = client.post(
        f"/api/maps/{map_id}/elements/touchpoint/{tp_id}/move",
        json={"stage_id": stages[2].id, "index": 0},
    ).json()
    tps = moved["map"]["diagnosis"]["map"]["touchpoints"]
    first_of_stage = next(t for t in tps if t["stage_id"] == stages[2].id)
    assert first_of_stage["id"] == tp_id
    gone = client.delete(f"/api/maps/{map_id}/elements/stage/{stages[2].id}").json()
    assert stages[2].id not in {s["id"] for s in gone["map"]["diagnosis"]["map"]["stages"]}
    undone = client.post(f"/api/maps/{map_id}/undo").json()
    assert undone["note"] == "restore version 3" and undone["version"] == 5
    refused = client.post(f"/api/maps/{map_id}/elements/stage", json={"values": {"name": ""}})
    assert refused.status_code == 422 and refused.json()["detail"] == "Please give it a name."
    persona = client.patch(
        f"/api/maps/{map_id}/elements/persona/{services.db.maps.latest(map_id)[0].map.personas[0].id}",
        json={"values": {"needs": ["少排隊", "一次辦完"]}},
    ).json()
    assert persona["diagnosis"]["map"]["personas"][0]["needs"] == ["少排隊", "一次辦完"]


def test_a_running_interview_takes_a_canvas_change_in(
    client: TestClient, services: Services
) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:3])
    (record,) = services.db.maps.for_session(session_id)
    diagnosis, _ = services.db.maps.latest(record.id)
    assert diagnosis.map.stages
    first = diagnosis.map.stages[0]
    client.post(
        f"/maps/{record.id}/elements/stage",
        data={"name": "看到优惠推送", "position": "0"},
        headers=HX,
    )
    client.post(f"/maps/{record.id}/elements/stage/{first.id}/delete", headers=HX)
    reply = say(client, session_id, RESTAURANT_ZH[3])
    assert "已采纳" in reply
    latest, _ = services.db.maps.latest(record.id)
    names = [s.name for s in latest.map.stages]
    assert names[0] == "看到优惠推送" and first.name not in names
    assert services.db.maps.history(record.id)[-1].author == "assistant"

"""Sessions through SessionService on the pages and the API: meaningful titles, a copy that says
"copy" and is confirmed, delete taking the checkpoint too, "Finish now" confirmed first with what
is missing (with htmx, without JavaScript, on the API), and the small language fixes: the 404
page, the English Ask card's colon, version notes in the reader's language."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant.examples import load_example
from assistant.services.container import Services
from assistant.storage.notes import copied_note, interview_note
from web.i18n import LANG_COOKIE

from .conftest import HX, RESTAURANT_ZH, say, start_session, text_of

EMPTY_ZH = "还没有阶段、触点、情绪和痛点：现在结束，旅程图会是空的。"
TITLE_ZH = "我们是外卖平台，想把差评率从8%降到5%，尤其是配送慢和餐…"  # RESTAURANT_ZH[0], shortened


def user_messages(page: str) -> list[str]:
    return re.findall(r'<article class="msg user">.*?<div class="bubble">(.*?)</div>', page, re.S)


# Finish now -------------------------------------------------------------------------------------
def test_the_interview_page_asks_before_finishing_and_says_what_is_missing(
    client: TestClient,
) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:2])  # goal and personas, at the stages
    page = client.get(f"/sessions/{session_id}").text
    block = page[page.index('id="finish-now"') :]
    block = block[: block.index("</details>")]
    assert '<details class="menu finish">' in block and "直接完成并生成计划" in block
    assert EMPTY_ZH in text_of(block) and 'data-missing="stages touchpoints emotions pain_points"'
    # The button inside the confirmation finishes; a plain form, so it works without JavaScript.
    assert re.search(r'<form[^>]*method="post" action="/sessions/[^"]+/finish"', block)
    assert '<input type="hidden" name="confirm" value="yes">' in block
    assert 'name="csrf_token"' in block and "确认结束" in block and "继续访谈" in block


def test_the_confirmation_follows_the_map_after_every_turn(client: TestClient) -> None:
    session_id = start_session(client)
    html = say(client, session_id, *RESTAURANT_ZH[:4])  # stages, then one stage's touchpoints
    assert re.search(r'id="finish-now"[^>]*hx-swap-oob="true"', html)
    oob = html[html.index('id="finish-now"') :]
    assert EMPTY_ZH not in oob and "还没有情绪和痛点：现在结束，旅程图会缺这些部分" in text_of(oob)
    assert 'data-missing="emotions pain_points"' in oob


def test_finish_without_confirmation_shows_the_confirmation_and_finishes_nothing(
    client: TestClient, services: Services
) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:2])
    plain = client.post(f"/sessions/{session_id}/finish", follow_redirects=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == f"/sessions/{session_id}/finish"
    page = client.get(f"/sessions/{session_id}/finish")
    assert page.status_code == 200 and "<h1>现在结束访谈？</h1>" in page.text
    assert EMPTY_ZH in text_of(page.text) and 'value="yes"' in page.text
    assert f'href="/sessions/{session_id}"' in page.text  # keep going
    fragment = client.post(f"/sessions/{session_id}/finish", headers=HX).text
    assert "<html" not in fragment and EMPTY_ZH in text_of(fragment)
    assert services.db.sessions.get(session_id).status == "active"


def test_a_confirmed_finish_puts_no_words_in_the_users_mouth(
    client: TestClient, services: Services
) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:2])
    before = user_messages(client.get(f"/sessions/{session_id}").text)
    response = client.post(
        f"/sessions/{session_id}/finish", data={"confirm": "yes"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == f"/sessions/{session_id}"
    page = client.get(f"/sessions/{session_id}").text
    assert user_messages(page) == before and len(before) == 2  # no "完成", no "继续"
    assert "已完成" in page and 'aria-valuenow="100"' in page
    assert 'id="finish-now"' in page and '<details class="menu finish">' not in page
    assert services.db.sessions.get(session_id).status == "finished"
    done = client.get(f"/sessions/{session_id}/finish").text
    assert "这个访谈已经完成了。" in done and 'value="yes"' not in done


def test_the_confirmation_speaks_the_interface_language(client: TestClient) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:2])
    client.cookies.set(LANG_COOKIE, "en")
    page = text_of(client.get(f"/sessions/{session_id}/finish").text)
    assert "Finish the interview now?" in page
    assert "No stages, touchpoints, emotions or pain points yet: if you finish now" in page
    assert "Yes, finish now" in page and "Keep going" in page
    client.cookies.set(LANG_COOKIE, "zh-Hant")
    page = text_of(client.get(f"/sessions/{session_id}/finish").text)
    assert "還沒有階段、觸點、情緒和痛點：現在結束，旅程圖會是空的。" in page


def test_the_api_asks_for_confirmation_and_says_what_is_missing(
    client: TestClient, services: Services
) -> None:
    session_id = client.post("/api/sessions", json={"workspace": "acme", "lang": "en"}).json()[
        "session_id"
    ]
    client.post(
        f"/api/sessions/{session_id}/turns",
        json={"message": "We run a restaurant chain and want fewer bad reviews about late orders."},
    )
    check = client.get(f"/api/sessions/{session_id}/finish").json()
    assert check["finished"] is False and check["empty"] is True
    assert check["missing"] == ["personas", "stages", "touchpoints", "emotions", "pain_points"]
    assert check["message"].startswith("No personas, stages, touchpoints")
    zh = client.get(f"/api/sessions/{session_id}/finish", params={"lang": "zh-Hans"}).json()
    assert zh["message"].startswith("还没有客户角色、阶段")
    refused = client.post(f"/api/sessions/{session_id}/finish")
    assert refused.status_code == 409
    assert refused.json()["detail"]["missing"] == check["missing"]
    assert (
        client.post(f"/api/sessions/{session_id}/finish", json={"confirm": False}).status_code
        == 409
    )
    assert services.db.sessions.get(session_id).status == "active"
    said_before = services.interview.state(session_id).transcript
    finished = client.post(f"/api/sessions/{session_id}/finish", json={"confirm": True}).json()
    assert finished["finished"] is True and finished["step"] == "review"
    said = services.interview.state(session_id).transcript
    assert [e for e in said if e.role == "user"] == [e for e in said_before if e.role == "user"]
    # Finished: nothing left to confirm.
    assert client.post(f"/api/sessions/{session_id}/finish").status_code == 200


# Titles, copy, delete ---------------------------------------------------------------------------
def test_sessions_are_titled_by_their_goal_and_a_copy_says_so(
    client: TestClient, services: Services
) -> None:
    first, second = start_session(client, "restaurant"), start_session(client, "restaurant")
    listing = text_of(client.get("/sessions").text)
    assert listing.count("新访谈 · 餐饮") == 2  # nothing known yet but the industry
    say(client, first, RESTAURANT_ZH[0])
    say(client, second, "我们是外卖平台，想让骑手准时送达，少收超时投诉")
    listing = text_of(client.get("/sessions").text)
    assert "我们是外卖平台，想把差评率从8%降到5%" in listing
    assert "我们是外卖平台，想让骑手准时送达，少收超时投诉" in listing
    assert "旅程图：外卖客户旅程图" in listing  # the map's own title beside

    copied = client.post(f"/sessions/{second}/duplicate", headers=HX).text
    assert "<html" not in copied and 'role="status"' in copied
    assert "已复制为“我们是外卖平台，想让骑手准时送达，少收超时投诉（副本）”" in copied
    assert copied.count("（副本）") == 2  # the confirmation and the copy's entry
    assert len(set(re.findall(r'data-session="([0-9a-f-]{36})"', copied))) == 3


def test_a_copy_without_javascript_is_confirmed_on_the_list(client: TestClient) -> None:
    session_id = start_session(client)
    say(client, session_id, RESTAURANT_ZH[0])
    client.cookies.set(LANG_COOKIE, "en")
    response = client.post(f"/sessions/{session_id}/duplicate", follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/sessions\?copied=[0-9a-f-]{36}", location)
    page = client.get(location).text
    assert f"Copied as “{TITLE_ZH} (copy)”" in text_of(page)
    assert "Copied as" not in client.get("/sessions?copied=nope").text  # a stale link: nothing
    client.cookies.set(LANG_COOKIE, "zh-Hant")
    copied = client.post(f"/sessions/{session_id}/duplicate", headers=HX).text
    assert "已複製為「我們是外賣平臺，想把差評率從8%降到5%，尤其是配送慢和餐…（副本）」" in text_of(
        copied
    )


def test_deleting_a_session_takes_its_checkpoint_too(
    client: TestClient, services: Services
) -> None:
    session_id = start_session(client)
    say(client, session_id, RESTAURANT_ZH[0])
    assert services.interview.graph.exists(session_id)
    remaining = client.post(f"/sessions/{session_id}/delete", headers=HX).text
    assert f"已删除“{TITLE_ZH}”和它的旅程图。" in remaining
    assert not services.interview.graph.exists(session_id)
    assert client.get(f"/sessions/{session_id}").status_code == 404
    other = client.post("/api/sessions", json={"workspace": "acme"}).json()["session_id"]
    assert client.delete(f"/api/sessions/{other}").status_code == 204
    assert not services.interview.graph.exists(other)
    assert client.delete(f"/api/sessions/{other}").status_code == 404


def test_api_duplicate_title_and_language(client: TestClient) -> None:
    session_id = client.post("/api/sessions", json={"workspace": "acme", "lang": "en"}).json()[
        "session_id"
    ]
    copy = client.post(f"/api/sessions/{session_id}/duplicate").json()
    assert copy["title"] == "New interview (copy)"
    copy = client.post(f"/api/sessions/{session_id}/duplicate", params={"lang": "zh-Hans"}).json()
    assert copy["title"] == "New interview（副本）"


# Small language fixes ---------------------------------------------------------------------------
def test_not_found_says_what_is_missing_in_the_users_language(client: TestClient) -> None:
    page = text_of(client.get("/maps/doesnotexist").text)
    assert "找不到旅程图“doesnotexist”。" in page and "not found" not in page
    assert "找不到访谈“nope”。" in text_of(client.get("/sessions/nope").text)
    client.cookies.set(LANG_COOKIE, "en")
    assert "There is no map “doesnotexist”." in text_of(client.get("/maps/doesnotexist").text)
    client.cookies.set(LANG_COOKIE, "zh-Hant")
    assert "找不到旅程圖「doesnotexist」。" in text_of(client.get("/maps/doesnotexist").text)
    api = client.get("/api/maps/doesnotexist")
    assert api.status_code == 404 and api.json()["detail"] == "map 'doesnotexist' not found"


def test_the_english_card_has_an_english_colon(client: TestClient) -> None:
    question = "A customer waited 40 minutes in the queue and is angry"
    for lang in ("zh-Hans", "en"):
        client.cookies.set(LANG_COOKIE, lang)
        card = client.get("/ask", params={"q": question}).text
        assert "You asked: <span" in card and "You asked：" not in card
    chinese = client.get("/ask", params={"q": "顾客排队40分钟很生气，怎么办？"}).text
    assert "你的问题：<span" in chinese


def test_version_notes_read_in_the_users_language(client: TestClient, services: Services) -> None:
    workspace = services.db.workspaces.get_or_create("acme")
    diagnosis = load_example("bank-loan.zh-Hans")
    map_id = services.db.maps.create(workspace.id, diagnosis, note="goal", author="assistant").id
    db = services.db
    db.maps.save_version(map_id, diagnosis, note="review", author="assistant")
    db.maps.save_version(map_id, diagnosis, note="plan", author="assistant")
    db.maps.save_version(map_id, diagnosis, note=interview_note(["plan"], hand_edits=True))
    db.maps.save_version(map_id, diagnosis, note=copied_note("m-1", 4))
    db.maps.save_version(map_id, diagnosis, note="edited after review", author="assistant")
    db.maps.save_version(map_id, diagnosis, note="drafted by hand", author="edit")
    client.post(
        f"/maps/{map_id}/elements/touchpoint/tp-hotline",
        data={
            "_form": "1",
            "name": "95xxx 客服热线个贷咨询",
            "frontstage": "坐席解答",
            "backstage": "知识库",
        },
        headers=HX,
    )
    db.maps.save_version(
        map_id, diagnosis, note="edit touchpoint tp-gone: frontstage, backstage, emotion_label"
    )
    assert db.maps.history(map_id)[7].note == "edit touchpoint tp-hotline: frontstage, backstage"

    page = text_of(client.get(f"/maps/{map_id}/plan").text)
    for expected in (
        "完成步骤：目标与范围",
        "完成步骤：检查与导出",
        "完成步骤：改进计划；采纳了在旅程图上的修改",
        "复制自原访谈旅程图的第 4 版",
        "访谈完成后又做了修改",
        "drafted by hand",  # a note in no known form: as written
        "编辑触点“95xxx 客服热线个贷咨询”：前台、后台",
        "编辑触点“tp-gone”：前台、后台、情绪描述",
    ):
        assert expected in page, expected
    assert "edit touchpoint" not in page and "copied from" not in page

    client.cookies.set(LANG_COOKIE, "en")
    page = text_of(client.get(f"/maps/{map_id}/plan").text)
    assert "Steps completed: Goal and scope" in page
    assert "Touchpoint “95xxx 客服热线个贷咨询” edited: Frontstage, Backstage" in page
    client.cookies.set(LANG_COOKIE, "zh-Hant")
    page = text_of(client.get(f"/maps/{map_id}/plan").text)
    assert "編輯觸點「95xxx 客服熱線個貸諮詢」：前台、後台" in page  # the map in the page's script
    assert "完成步驟：目標與範圍" in page

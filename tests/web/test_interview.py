"""The interview page: start, turns as htmx partials, chips, back/skip/correct, progress, the live
map panel, resume, duplicate, delete, finish — and the same through the JSON API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant.services.container import Services

from .conftest import HX, RESTAURANT_ZH, say, start_session, text_of


def test_start_shows_the_first_question_and_progress(client: TestClient) -> None:
    session_id = start_session(client)
    page = client.get(f"/sessions/{session_id}").text
    text = text_of(page)
    assert "第 1/9 步" in text and "目标与范围" in text
    assert "这张客户旅程图要解决什么问题" in text  # the question
    assert 'id="progress"' in page and 'aria-valuenow="0"' in page
    assert 'aria-current="step"' in page
    assert "随着你的回答" in text  # the empty map panel says what will appear
    # The composer is a labelled textarea; back/skip are real buttons sending typed commands.
    assert '<label for="message"' in page and '<textarea id="message"' in page
    assert re.search(r'<button[^>]*name="command" value="back"', page)
    assert re.search(r'<button[^>]*name="command" value="skip"', page)


def test_a_turn_returns_the_reply_and_swaps_progress_chips_and_map(client: TestClient) -> None:
    session_id = start_session(client)
    html = say(client, session_id, RESTAURANT_ZH[0])
    # The user's message and the reply are appended to the transcript …
    assert '<article class="msg user">' in html and "我们是外卖平台" in html
    assert "记下了" in html and "客户角色" in html
    # … and the progress strip, the chips and the map panel are swapped out of band.
    assert re.search(r'id="progress"[^>]*hx-swap-oob="true"', html)
    assert re.search(r'id="chips"[^>]*hx-swap-oob="true"', html)
    assert re.search(r'id="map-panel"[^>]*hx-swap-oob="true"', html)
    assert "第 2/9 步" in html and "<html" not in html
    assert "把差评率从8%降到5%" in html  # the goal, now in the panel


def test_chips_can_be_ticked_together_and_sent_as_a_typed_command(client: TestClient) -> None:
    session_id = start_session(client)
    html = say(client, session_id, *RESTAURANT_ZH[:2])
    chips = re.findall(r'<input type="checkbox" name="choices" value="(\d+)">', html)
    assert chips[:3] == ["1", "2", "3"]
    assert "浏览选餐" in html and "全部采用" in html and "采用勾选的建议" in html
    # Two ticked suggestions, one press: both go into the map, nothing is parsed from words.
    html = client.post(
        f"/sessions/{session_id}/turns",
        data={"command": "choose", "choices": ["2", "3"]},
        headers=HX,
    ).text
    assert "阶段——下单支付、" in html
    panel = html[html.index('id="map-panel"') :]
    assert "1. 下单支付" in panel and "2. " in panel


def test_buttons_send_commands_not_words(client: TestClient) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:2])  # at step 3, the stages
    skipped = client.post(
        f"/sessions/{session_id}/turns", data={"command": "skip"}, headers=HX
    ).text
    assert '<span class="count">第 4/9 步</span><strong>触点</strong>' in skipped
    assert "跳过 →" in skipped  # the button's label stands for the user in the transcript
    back = client.post(f"/sessions/{session_id}/turns", data={"command": "back"}, headers=HX).text
    assert '<span class="count">第 3/9 步</span><strong>旅程阶段</strong>' in back
    api = client.post(
        f"/api/sessions/{session_id}/turns", json={"command": {"action": "progress"}}
    ).json()
    assert api["act"] == "navigation" and "现在是第 3/9 步" in api["text"]
    assert client.post(f"/api/sessions/{session_id}/turns", json={}).status_code == 422


def test_back_and_skip_move_between_steps(client: TestClient) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:2])  # now at step 3, the stages
    skipped = say(client, session_id, "跳过")
    assert '<span class="count">第 4/9 步</span><strong>触点</strong>' in skipped
    back = say(client, session_id, "上一步")
    assert '<span class="count">第 3/9 步</span><strong>旅程阶段</strong>' in back


def test_a_correction_renames_in_the_map(client: TestClient) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:3])
    html = say(client, session_id, "把第2个阶段改成在线下单")
    panel = html[html.index('id="map-panel"') :]
    assert "2. 在线下单" in panel


def test_a_whole_interview_fills_the_map_panel(client: TestClient) -> None:
    session_id = start_session(client)
    html = say(client, session_id, *RESTAURANT_ZH)
    panel = text_of(html[html.index('id="map-panel"') :])
    for expected in ("浏览选餐", "骑手配送", "配送超时", "★"):
        assert expected in panel, expected
    assert re.search(r"<b>[1-9]\d*</b><span>改进行动</span>", html)
    assert '<svg class="chart curve"' in html or "<svg" in html  # the emotion curve
    page = client.get(f"/sessions/{session_id}").text
    assert 'href="/maps/' in page  # the map was saved: links to the map and plan views


def test_resume_shows_the_transcript(client: TestClient) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:2])
    page = client.get(f"/sessions/{session_id}").text
    assert page.count('<article class="msg user">') == 2
    assert "上班族：午休点外卖" in page and "第 3/9 步" in page


def test_empty_message_does_nothing(client: TestClient) -> None:
    session_id = start_session(client)
    response = client.post(f"/sessions/{session_id}/turns", data={"message": "  "}, headers=HX)
    assert response.status_code == 204


def test_without_javascript_a_turn_redirects_back_to_the_page(client: TestClient) -> None:
    session_id = start_session(client)
    response = client.post(
        f"/sessions/{session_id}/turns", data={"message": RESTAURANT_ZH[0]}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/sessions/{session_id}"
    assert "第 2/9 步" in client.get(f"/sessions/{session_id}").text


def test_finish_now_completes_the_plan(client: TestClient) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:4])
    response = client.post(f"/sessions/{session_id}/finish", data={"confirm": "yes"}, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/sessions/{session_id}"
    page = client.get(f"/sessions/{session_id}").text
    assert "已完成" in page and 'aria-valuenow="100"' in page


def test_sessions_list_resume_duplicate_delete(client: TestClient, services: Services) -> None:
    session_id = start_session(client)
    say(client, session_id, *RESTAURANT_ZH[:3])
    listing = client.get("/sessions").text
    assert f'href="/sessions/{session_id}"' in listing and "外卖客户旅程图" in listing
    for fmt in ("html", "md", "csv", "json", "mermaid", "zip"):
        assert f'href="/sessions/{session_id}/export/{fmt}"' in listing

    copied = client.post(f"/sessions/{session_id}/duplicate", headers=HX).text
    ids = set(re.findall(r'data-session="([0-9a-f-]{36})"', copied))
    assert len(ids) == 2 and session_id in ids
    (copy_id,) = ids - {session_id}
    # The copy resumes where the original stood, then goes its own way.
    copy_page = client.get(f"/sessions/{copy_id}").text
    assert "第 3/9 步" in copy_page and "上班族：午休点外卖" in copy_page
    say(client, copy_id, "好")
    assert "第 4/9 步" in client.get(f"/sessions/{copy_id}").text
    assert "第 3/9 步" in client.get(f"/sessions/{session_id}").text

    remaining = client.post(f"/sessions/{copy_id}/delete", headers=HX).text
    assert copy_id not in remaining and session_id in remaining
    assert client.get(f"/sessions/{copy_id}").status_code == 404
    assert services.db.maps.for_session(session_id)


def test_api_sessions_and_turns(client: TestClient) -> None:
    started = client.post("/api/sessions", json={"workspace": "acme", "lang": "en"})
    assert started.status_code == 201
    body = started.json()
    session_id = body["session_id"]
    assert body["step"] == "goal" and body["lang"] == "en" and body["progress"]["percent"] == 0
    turn = client.post(
        f"/api/sessions/{session_id}/turns",
        json={"message": "We run a restaurant chain and want fewer bad reviews about late orders."},
    ).json()
    assert turn["step"] == "personas" and turn["echo"]
    assert client.get(f"/api/sessions/{session_id}").json()["step"] == "personas"
    listed = client.get("/api/sessions", params={"workspace": "acme"}).json()
    assert [s["id"] for s in listed] == [session_id] and listed[0]["workspace"] == "acme"
    copy = client.post(f"/api/sessions/{session_id}/duplicate").json()
    assert copy["id"] != session_id and copy["step"] == "personas"
    finished = client.post(f"/api/sessions/{session_id}/finish", json={"confirm": True}).json()
    assert finished["finished"] is True and finished["diagnosis"]["plan"]["actions"] is not None
    assert client.delete(f"/api/sessions/{copy['id']}").status_code == 204
    assert client.get(f"/api/sessions/{copy['id']}").status_code == 404
    bad = client.post("/api/sessions", json={"workspace": "acme", "industry": "spaceflight"})
    assert bad.status_code == 422
    assert client.post(f"/api/sessions/{session_id}/turns", json={"message": ""}).status_code == 422

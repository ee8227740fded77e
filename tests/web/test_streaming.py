"""With a language model the reply streams over server-sent events (the fake provider streams
for real too); without one it comes back whole."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from assistant.llm import FakeChatProvider
from web.app import create_app
from web.streaming import pieces, sse

from .conftest import HX, MakeServices, start_session

GOAL = {
    "goal": "把差评率从8%降到5%",
    "scope": "从下单到评价",
    "product": "外卖",
    "industry": "restaurant",
    "kpis": [{"name": "差评率", "baseline": 8, "target": 5, "unit": "%"}],
    "follow_up": "",
}


def events(client: TestClient, url: str) -> list[tuple[str, str]]:
    """The (event, data) pairs of a stream, in order."""
    found: list[tuple[str, str]] = []
    with client.stream("GET", url) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        event, data = "", []
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and event:
                found.append((event, "\n".join(data)))
                event, data = "", []
    return found


def streamed_turn(client: TestClient, session_id: str, message: str) -> list[tuple[str, str]]:
    posted = client.post(f"/sessions/{session_id}/turns", data={"message": message}, headers=HX)
    assert posted.status_code == 200
    # The post answers at once: the user's message and a placeholder wired to the stream.
    assert html.escape(message, quote=False) in posted.text
    match = re.search(r'sse-connect="(/sessions/[^"]+/stream)"', posted.text)
    assert match, posted.text
    assert 'sse-swap="chunk"' in posted.text and 'sse-close="done"' in posted.text
    return events(client, match.group(1))


def test_reply_streams_in_pieces_then_done_with_the_laid_out_turn(
    make_services: MakeServices,
) -> None:
    llm = FakeChatProvider([GOAL])
    client = TestClient(create_app(services=make_services(llm=llm)))
    session_id = start_session(client)
    stream = streamed_turn(
        client, session_id, "我们是外卖平台，想把差评率从8%降到5%，范围从下单到评价。"
    )
    kinds = [kind for kind, _ in stream]
    assert kinds[-1] == "done" and kinds.count("done") == 1
    chunks = [data for kind, data in stream if kind == "chunk"]
    assert len(chunks) > 5  # really in pieces
    text = html.unescape("".join(chunks))
    assert "差评率" in text and "这张图为谁而画" in text
    done = stream[-1][1]
    assert 'class="msg assistant reply"' in done
    assert re.search(r'id="map-panel"[^>]*hx-swap-oob="true"', done)
    assert "第 2/9 步" in done
    assert llm.calls and llm.calls[0].schema == "GoalAnswer"  # the model heard the turn
    state = client.get(f"/api/sessions/{session_id}").json()
    assert state["step"] == "personas"


def test_a_reconnect_shows_the_session_without_running_the_turn_again(
    make_services: MakeServices,
) -> None:
    services = make_services(llm=FakeChatProvider([GOAL]))
    client = TestClient(create_app(services=services))
    session_id = start_session(client)
    posted = client.post(
        f"/sessions/{session_id}/turns", data={"message": "外卖，减少差评"}, headers=HX
    )
    url = re.search(r'sse-connect="([^"]+)"', posted.text)
    assert url
    first = events(client, url.group(1))
    second = events(client, url.group(1))
    assert first[-1][0] == second[-1][0] == "done"
    transcript = services.interview.state(session_id).transcript
    assert [e.text for e in transcript if e.role == "user"] == ["外卖，减少差评"]


def test_model_failure_is_said_in_the_reply(make_services: MakeServices) -> None:
    client = TestClient(create_app(services=make_services(llm=FakeChatProvider([]))))
    session_id = start_session(client)
    stream = streamed_turn(client, session_id, "我们是外卖平台，想减少差评。")
    done = stream[-1][1]
    assert 'class="notice alert warn"' in done  # the fallback notice, shown as a warning
    assert "第 2/9 步" in done  # and the guided engine carried on


def test_without_a_model_there_is_no_stream(client: TestClient) -> None:
    session_id = start_session(client)
    posted = client.post(
        f"/sessions/{session_id}/turns", data={"message": "外卖，减少差评"}, headers=HX
    )
    assert "sse-connect" not in posted.text and 'class="msg assistant reply"' in posted.text


def test_stream_of_an_unknown_session_ends_with_an_error(client: TestClient) -> None:
    found = events(client, "/sessions/nope/turns/nope/stream")
    assert found[-1][0] == "done" and "alert error" in found[-1][1]


def test_sse_wire_format() -> None:
    assert sse("chunk", "a\nb") == "event: chunk\ndata: a\ndata: b\n\n"
    assert "".join(pieces("<b>&")) == "&lt;b&gt;&amp;"

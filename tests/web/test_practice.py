"""The practice pages and API: a trainee signs in by name, role-plays, takes a quiz, maps a case
and sees progress; a trainer sets up a course and exports the roster. Replies are typed the way
staff type in chat, in both scripts and English."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from fastapi.testclient import TestClient

from assistant.practice.scenarios import load_scenarios
from assistant.services.container import Services
from assistant.text.script import is_simplified_only
from tests.web.conftest import HX, say, text_of

SCENARIO = "callback-broken-bank"
GOOD_ZH = [
    "彭女士，说好两天回电结果让您白等了一个多礼拜，换谁都会失望，这是我们没做到，真的对不起。",
    "我现在就帮您查工单、推进处理，今天下午四点前我亲自给您回电，我叫小李。这样可以吗？",
    "那就这么说定了，四点前我打给您，您有事也可以直接找我小李。",
]
GOOD_HANT = [
    "彭小姐，說好兩天回電結果讓您白等了一個多禮拜，換誰都會失望，是我們沒做到，真的很抱歉。",
    "我現在就幫您查工單、推進處理，今天下午四點前我親自回電給您，我叫小李。這樣可以嗎？",
    "那就這樣說定了，四點前我打給您，有事也可以直接找我小李。",
]
RUDE_EN = [
    "My colleague was on leave, we've been very busy. Could you explain it again?",
    "Like I said, we've been very busy. It'll be done as soon as possible.",
    "Nothing more I can do, we've been very busy.",
]


def sign_in(client: TestClient, name: str = "小王", workspace: str = "acme") -> None:
    response = client.post("/practice/trainee", data={"name": name, "workspace": workspace})
    assert response.status_code == 200, response.text


def start(client: TestClient, scenario: str = SCENARIO) -> str:
    response = client.post("/practice/roleplays", data={"scenario": scenario})
    assert response.status_code == 200, response.text
    match = re.search(r"/practice/roleplays/([0-9a-f-]{36})$", str(response.url))
    assert match, response.url
    return match.group(1)


def reply(client: TestClient, attempt: str, text: str) -> str:
    response = client.post(
        f"/practice/roleplays/{attempt}/replies", data={"text": text}, headers=HX
    )
    assert response.status_code == 200, response.text
    return response.text


def lang(client: TestClient, code: str) -> None:
    client.cookies.set("cxcoach_lang", code)


# Signing in -------------------------------------------------------------------------------------


def test_practice_asks_who_is_practising_then_lists_the_scenario_library(
    client: TestClient,
) -> None:
    page = client.get("/practice").text
    assert 'name="name"' in page and "data-scenario=" not in page
    sign_in(client)
    page = client.get("/practice").text
    assert 'data-trainee="小王"' in page
    library = [s for s in load_scenarios().values() if s.lang == "zh-Hans"]
    assert page.count("data-scenario=") == len(library) >= 40
    assert "练习" in client.get("/").text and 'href="/practice"' in client.get("/").text


def test_the_trainee_is_remembered_across_visits(client: TestClient) -> None:
    sign_in(client, "Amy Chen")
    assert 'data-trainee="Amy Chen"' in client.get("/practice").text
    client.post("/practice/sign-out")
    assert 'data-trainee="Amy Chen"' not in client.get("/practice").text


def test_a_blank_name_is_refused_with_a_message_not_stored(
    client: TestClient, services: Services
) -> None:
    response = client.post("/practice/trainee", data={"name": "   ", "workspace": "acme"})
    assert response.status_code == 422
    workspace = services.db.workspaces.get_or_create("acme")
    assert services.db.practice.trainees(workspace.id) == []


# Role-play ------------------------------------------------------------------------------------


def test_a_good_conversation_calms_the_customer_and_shows_the_scorecard(
    client: TestClient,
) -> None:
    sign_in(client)
    attempt = start(client)
    page = client.get(f"/practice/roleplays/{attempt}").text
    assert "彭女士" in page and 'data-state="opening"' in page
    assert "你可以给的" in page and "直接承诺退还全部分期手续费" in page  # the authority limits
    html = ""
    for text in GOOD_ZH:
        html = reply(client, attempt, text)
        if 'id="scorecard"' in html:
            break
    assert 'data-outcome="calmed"' in html
    total = int(re.search(r'data-total="(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert total >= 70
    assert 'data-criterion="apologise" data-status="met"' in html
    assert "关键时刻" in html  # the moment of truth is named
    assert "说好两天回电" in html  # the trainee's own sentence is quoted
    # Stored: the conversation is there after a reload.
    again = client.get(f"/practice/roleplays/{attempt}").text
    assert GOOD_ZH[0] in again and 'id="scorecard"' in again


def test_forbidden_phrases_escalate_and_the_scorecard_says_what_to_say_instead(
    client: TestClient,
) -> None:
    lang(client, "en")
    sign_in(client, "Sam")
    attempt = start(client)
    html = ""
    for text in RUDE_EN:
        html = reply(client, attempt, text)
        if 'id="scorecard"' in html:
            break
    assert 'data-outcome="escalated"' in html
    assert 'data-criterion="avoid" data-status="broken"' in html
    assert "You could say" in html and "we&#39;ve been very busy" in html.lower()
    assert 'data-state="angrier"' in html
    # The customer's mood is said in words beside the colour, not by a font-dependent emoji.
    last = html.split('class="msg assistant customer"')[-1]
    assert 'data-mood="4"' in last and '<div class="mood small">furious</div>' in last


def test_empty_one_word_and_abusive_replies_get_feedback_not_an_error(client: TestClient) -> None:
    sign_in(client)
    attempt = start(client)
    html = reply(client, attempt, "")
    assert 'data-flag="empty"' in html
    html = reply(client, attempt, "好的")
    assert 'data-flag="too_short"' in html
    html = reply(client, attempt, "你有病吧，爱等不等")
    assert 'data-flag="abusive"' in html or 'data-criterion="avoid" data-status="broken"' in html


def test_ending_early_scores_the_conversation_as_it_stands(client: TestClient) -> None:
    sign_in(client)
    attempt = start(client)
    reply(client, attempt, GOOD_ZH[0])
    response = client.post(f"/practice/roleplays/{attempt}/finish")
    assert response.status_code == 200
    assert 'data-outcome="ended"' in response.text and 'id="scorecard"' in response.text
    again = client.post(f"/practice/roleplays/{attempt}/replies", data={"text": "还有吗"})
    assert again.status_code == 400 and "已经结束" in again.text


def test_a_zh_hant_trainee_reads_traditional_throughout(client: TestClient) -> None:
    lang(client, "zh-Hant")
    sign_in(client, "林小美")
    home = client.get("/practice").text
    attempt = start(client)
    html = ""
    for text in GOOD_HANT:
        html = reply(client, attempt, text)
        if 'id="scorecard"' in html:
            break
    assert 'id="scorecard"' in html
    for page in (home, html, client.get("/practice/progress").text):
        body = re.sub(
            r'<form class="lang-switch".*?</form>', "", page.split("<body", 1)[-1], flags=re.S
        )
        visible = text_of(body)  # the language switcher names 简体 in its own script
        simplified = sorted({c for c in visible if is_simplified_only(c)})
        assert not simplified, simplified


# Quiz -----------------------------------------------------------------------------------------


def test_a_missed_quiz_question_is_explained_and_comes_back_later(
    client: TestClient, services: Services
) -> None:
    sign_in(client)
    page = client.get("/practice/quiz?topic=kano").text
    item = re.search(r'data-item="([\w-]+)"', page).group(1)  # type: ignore[union-attr]
    assert item.startswith("kano")
    html = client.post(
        "/practice/quiz", data={"item": item, "answer": "不知道", "topics": "kano"}, headers=HX
    ).text
    assert 'data-correct="false"' in html and "正确答案" in html
    # Not due tomorrow morning... but due again after the review interval.
    practice = services.practice
    later = practice.clock() + timedelta(days=2)
    practice.clock = lambda: later
    page = client.get("/practice/quiz?topic=kano").text
    assert f'data-item="{item}"' in page


def test_an_empty_quiz_answer_is_asked_again_and_not_stored(
    client: TestClient, services: Services
) -> None:
    sign_in(client)
    page = client.get("/practice/quiz").text
    item = re.search(r'data-item="([\w-]+)"', page).group(1)  # type: ignore[union-attr]
    html = client.post("/practice/quiz", data={"item": item, "answer": "  "}, headers=HX).text
    assert "先写一个答案" in html and "data-correct" not in html
    workspace = services.db.workspaces.get_or_create("acme")
    assert services.db.practice.attempts(workspace.id, kind="quiz") == []


# Progress and courses ---------------------------------------------------------------------------


def test_progress_shows_criteria_over_time_the_weakest_skill_and_a_next_scenario(
    client: TestClient,
) -> None:
    sign_in(client)
    for _ in range(2):
        attempt = start(client)
        reply(client, attempt, GOOD_ZH[0])  # acknowledges and apologises, offers nothing
        client.post(f"/practice/roleplays/{attempt}/finish")
    page = client.get("/practice/progress").text
    assert 'data-criterion="remedy"' in page and 'class="weak"' in page
    weak = re.findall(r'<tr data-criterion="(\w+)" class="weak">', page)
    assert "remedy" in weak or "explain" in weak
    assert "建议下一个练习" in page


def test_a_trainer_sets_up_a_course_and_sees_the_roster_averages_and_csv(
    client: TestClient,
) -> None:
    sign_in(client, "培训师")
    response = client.post(
        "/practice/courses",
        data={
            "name": "一线服务 1 班",
            "roster": '小王、=HYPERLINK("x")\n小李',
            "scenario": [SCENARIO, "queue-anger-bank"],
            "topic": ["mot", "kano"],
        },
    )
    assert response.status_code == 200
    course_url = str(response.url)
    page = response.text
    assert 'data-trainee="小王"' in page and 'data-trainee="小李"' in page
    # The form beside it: scenarios folded by industry, the group holding the chosen ones open.
    groups = re.findall(r'<details class="pick-group" data-industry="(\w+)"( open)?>', page)
    assert len(groups) == 8 and dict(groups)["banking"] == " open"
    assert sum(1 for _, opened in groups if opened) == 1
    banking = page[page.index('data-industry="banking"') :].split("</details>")[0]
    assert "银行" in banking and re.search(r"已选 2 / \d+", banking)
    # 小王 practises an assigned scenario; the course page shows it.
    sign_in(client, "小王")
    attempt = start(client)
    for text in GOOD_ZH:
        if 'id="scorecard"' in reply(client, attempt, text):
            break
    client.post(f"/practice/roleplays/{attempt}/finish")
    home = client.get("/practice").text
    assert "课程指定" in home  # assigned scenarios are marked for the trainee
    page = client.get(course_url).text
    row = re.search(r'<tr data-trainee="小王">(.*?)</tr>', page, re.S).group(1)  # type: ignore[union-attr]
    assert "<td>1</td>" in row and "1/2" in row
    exported = client.get(course_url + "/roster.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[0][0] == "学员"
    names = [r[0] for r in rows[1:]]
    assert "小王" in names and '\'=HYPERLINK("x")' in names  # never a live formula


def test_another_workspace_cannot_open_an_attempt(client: TestClient) -> None:
    sign_in(client, "小王", "acme")
    attempt = start(client)
    sign_in(client, "小王", "other-company")
    missing = client.get(f"/practice/roleplays/{attempt}")
    assert missing.status_code == 404 and f"找不到练习记录“{attempt}”" in missing.text
    response = client.post(f"/practice/roleplays/{attempt}/replies", data={"text": "您好"})
    assert response.status_code == 404
    api = client.get(f"/api/practice/roleplays/{attempt}", params={"workspace": "other-company"})
    assert api.status_code == 404


# Mapping exercise -----------------------------------------------------------------------------


def test_a_mapping_exercise_compares_the_interview_map_with_the_reference(
    client: TestClient,
) -> None:
    sign_in(client)
    response = client.post("/practice/mappings", data={"case": "bank-branch"})
    assert response.status_code == 200
    exercise = str(response.url)
    session = re.search(r'href="/sessions/([0-9a-f-]{36})"', response.text).group(1)  # type: ignore[union-attr]
    early = client.post(exercise + "/check")
    assert early.status_code == 200 and 'data-notice="no_map_yet"' in early.text
    assert "还没有地图" in early.text
    say(
        client,
        session,
        "想把网点开户的平均等候时间从40分钟降到20分钟，范围从预约到离开网点。",
        "上班族客户，午休时间来办业务",
        "预约、到店取号、等候、柜台办理、离开",
    )
    html = client.post(exercise + "/check").text
    assert 'data-kind="stages"' in html and "data-found=" in html
    assert 'data-kind="pain_points"' in html and "data-missed=" in html


# JSON API -------------------------------------------------------------------------------------


def test_the_api_runs_a_role_play_a_quiz_answer_progress_and_a_course(client: TestClient) -> None:
    started = client.post(
        "/api/practice/roleplays",
        json={"workspace": "acme", "trainee": "Amy", "scenario": SCENARIO, "lang": "en"},
    )
    assert started.status_code == 201, started.text
    play = started.json()
    assert play["turns"][0]["line"] and play["scorecard"] is None
    sent = client.post(
        f"/api/practice/roleplays/{play['id']}/replies",
        json={"workspace": "acme", "text": RUDE_EN[0]},
    ).json()
    assert sent["turns"][-1]["state"] == "angrier"
    done = client.post(
        f"/api/practice/roleplays/{play['id']}/finish", json={"workspace": "acme"}
    ).json()
    assert done["status"] == "finished" and done["scorecard"]["total"] < 50
    questions = client.get(
        "/api/practice/quiz/next",
        params={"workspace": "acme", "trainee": "Amy", "lang": "en", "topic": "metrics"},
    ).json()
    assert questions and all(q["topic"] == "metrics" for q in questions)
    answered = client.post(
        "/api/practice/quiz/answers",
        json={
            "workspace": "acme",
            "trainee": "Amy",
            "item": questions[0]["id"],
            "answer": "42",
            "lang": "en",
        },
    ).json()
    assert "correct" in answered and answered["explanation"]
    progress = client.get(
        "/api/practice/progress", params={"workspace": "acme", "trainee": "Amy", "lang": "en"}
    ).json()
    assert progress["roleplays"][0]["scenario"] == SCENARIO
    assert progress["quiz"]["answered"] == 1
    course = client.post(
        "/api/practice/courses",
        json={
            "workspace": "acme",
            "name": "Night shift",
            "scenarios": [SCENARIO],
            "trainees": ["Amy"],
        },
    ).json()
    report = client.get(
        f"/api/practice/courses/{course['id']}", params={"workspace": "acme", "lang": "en"}
    ).json()
    assert report["roster"][0]["trainee"] == "Amy" and report["roster"][0]["roleplays"] == 1


def test_the_api_refuses_an_unknown_scenario_in_plain_words(client: TestClient) -> None:
    response = client.post(
        "/api/practice/roleplays",
        json={"workspace": "acme", "trainee": "Amy", "scenario": "no-such-thing"},
    )
    assert response.status_code == 404
    assert "no-such-thing" in response.text


def test_with_a_model_configured_the_customer_speaks_in_its_words(make_services: object) -> None:
    from assistant.llm import FakeChatProvider
    from web.app import create_app

    model = FakeChatProvider(["一个礼拜了，你们的专人到底在哪？", "行，四点前我等你电话。"])
    services = make_services(llm=model)  # type: ignore[operator]
    client = TestClient(create_app(services=services))
    sign_in(client)
    attempt = start(client)
    assert "一个礼拜了，你们的专人到底在哪？" in client.get(f"/practice/roleplays/{attempt}").text
    html = reply(client, attempt, GOOD_ZH[0])
    assert "行，四点前我等你电话。" in html
    assert 'data-criterion="apologise" data-status="met"' in html  # still scored offline

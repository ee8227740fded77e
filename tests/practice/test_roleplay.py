"""The simulated customer: a good trainee calms them, a blaming one makes them escalate, the
lines never repeat within a session, replays differ by seed, a session survives being stored
mid-way, and zh-Hant trainees read Traditional script only."""

from __future__ import annotations

import json

import pytest

from assistant.practice.roleplay import (
    MAX_TURNS,
    START_MOOD,
    RolePlay,
    RolePlayError,
)
from assistant.practice.scenarios import REPLY_POOLS, Scenario, load_scenarios
from assistant.text.script import is_simplified_only, to_lang_script


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _scenario(library: dict[str, Scenario], situation: str, lang: str) -> Scenario:
    return library[f"{situation}-{'en' if lang == 'en' else 'zh'}"]


def _pool_lines(scenario: Scenario, lang: str, pool: str) -> set[str]:
    lines = scenario.opening if pool == "opening" else scenario.replies.pool(pool)
    return {to_lang_script(line, lang) for line in lines}


def _play(scenario: Scenario, lang: str, replies: list[str], seed: int = 0) -> RolePlay:
    play = RolePlay(scenario, lang, seed)
    play.start()
    for reply in replies:
        if play.ended:
            break
        play.respond(reply)
    return play


# Trainees as they type: a good one acknowledges the feeling and offers something real within
# authority; a blaming one hides behind rules and blames the customer.
GOOD: dict[tuple[str, str], list[str]] = {
    ("queue-anger-bank", "zh-Hans"): [
        "王先生，站了四十分钟还看不到头，换我也着急，让您等这么久真对不起。前面还有十一位，我先帮您核对一下资料，免得到窗口再折腾",
        "要是一点半前来不及，我给您预约下周一上午，到了直接办。您看行吗？我姓陈。",
    ],
    ("queue-anger-bank", "zh-Hant"): [
        "王先生，等了這麼久換誰都會火大，真的不好意思。我先幫您核對一下資料，缺什麼現在就能補。",
        "來不及的話我幫您預約下週一上午九點半，您看可以嗎？",
    ],
    ("queue-anger-bank", "en"): [
        "Mr Wang, I'm so sorry, forty minutes on your feet would make anyone angry. Let me check your documents now so nothing holds you up at the counter.",
        "If you can't wait, I can book you in for Monday morning and you go straight up. Does that work?",
    ],
    ("foreign-object-restaurant", "zh-Hans"): [
        "女士您一定吓坏了，孩子要紧，小朋友现在有没有不舒服？真的非常抱歉，这碗汤我们留着不会倒掉，店长马上过来",
        "今天这单我们退款，需要的话我陪您去医院看看，您看可以吗？",
    ],
    ("foreign-object-restaurant", "en"): [
        "That must have been a real fright, I'm so sorry. How is your son, is he in any pain?",
        "We'll keep the bowl exactly as it is and the manager is coming now. Today's meal will be a full refund, is that alright?",
    ],
    ("app-locked-bank", "zh-Hant"): [
        "今天要交房租偏偏登不進去，換誰都急，不好意思。您用身分證加刷臉重置密碼就能解鎖，我一步一步陪您弄。",
        "好，您先點下面的忘記密碼，我等您，看到了嗎？",
    ],
    ("app-locked-bank", "en"): [
        "Rent due today and locked out of the app - anyone would be stressed, sorry you've hit this. We can reset your password with a face check, it takes two minutes.",
        "OK, first tap 'Forgot password' at the bottom, I'll go step by step with you. What does it show now?",
    ],
    ("late-gift-ecommerce", "zh-Hans"): [
        "马女士，后天就是生日，礼物还没到，您着急太正常了，对不起是我们没做到。我已经联系站点给您加急派送",
        "要是明天中午还没到，您可以拒收全额退款，运费也退给您。这样可以吗？",
    ],
    ("late-gift-ecommerce", "en"): [
        "Ms Ma, of course you're worried with the birthday so close, I'm sorry we've let you down. I've contacted the depot to give it priority delivery.",
        "If it isn't there by tomorrow noon you can refuse it for a full refund, and I'll refund the shipping too. Is that OK?",
    ],
    ("dirty-room-hotel", "en"): [
        "Ms Luo, after a long day that's really disappointing, I'm very sorry. I'm moving you to another room that has already been checked.",
        "We'll cover your breakfast tomorrow and you can have a late checkout. I'll call you in fifteen minutes to check everything is fine.",
    ],
    ("noise-night-hotel", "zh-Hant"): [
        "唐先生，明早要開會還被吵得睡不著，換誰都火大，真的很抱歉。我現在馬上派人帶保安去提醒他們。",
        "要是您不想等，我給您換一間高樓層安靜的房間，再送您一副耳塞，可以嗎？",
    ],
    ("scam-call-bank", "zh-Hans"): [
        "蒋先生，遇上这种事肯定吓坏了，及时打过来是对的。我现在就把您的卡冻结止付，钱就转不走了",
        "我再帮您查一下最近的交易，建议您拨96110报警。这样可以吗？",
    ],
}

BLAME: dict[str, list[str]] = {
    "zh-Hans": ["这是规定，我也没办法。", "你自己没看清楚怪谁？不是我的问题。"],
    "zh-Hant": ["這是規定，我也沒辦法。", "你自己沒看清楚怪誰？不是我的問題。"],
    "en": [
        "That's the rule, there's nothing I can do.",
        "You should have read the terms. Not my problem.",
    ],
}


@pytest.mark.parametrize(("situation", "lang"), list(GOOD))
def test_a_good_trainee_calms_the_customer(
    library: dict[str, Scenario], situation: str, lang: str
) -> None:
    scenario = _scenario(library, situation, lang)
    play = _play(scenario, lang, GOOD[(situation, lang)])
    turns = play.turns
    assert play.ended and play.outcome == "calmed", [(t.state, t.mood, t.reply) for t in turns]
    assert turns[-1].ended and turns[-1].outcome == "calmed"
    assert turns[-1].line in _pool_lines(scenario, lang, "calmed")
    assert turns[1].state == "calmer" and turns[1].line in _pool_lines(scenario, lang, "calmer")
    assert [t.mood for t in turns[1:]] == sorted((t.mood for t in turns[1:]), reverse=True)
    assert all(t.score is not None and t.score.broken == () for t in turns[1:])
    with pytest.raises(RolePlayError):
        play.respond("谢谢" if lang != "en" else "Thanks")
    assert play.scorecard().total > 50


@pytest.mark.parametrize(("situation", "lang"), list(GOOD))
def test_a_blaming_trainee_makes_the_customer_escalate(
    library: dict[str, Scenario], situation: str, lang: str
) -> None:
    scenario = _scenario(library, situation, lang)
    play = _play(scenario, lang, BLAME[lang])
    turns = play.turns
    assert play.outcome == "escalated", [(t.state, t.mood) for t in turns]
    assert [t.state for t in turns] == ["opening", "angrier", "angrier"]
    assert turns[1].line in _pool_lines(scenario, lang, "angrier")
    assert turns[2].line in _pool_lines(scenario, lang, "escalated")
    assert turns[1].mood == min(START_MOOD[scenario.mood] + 1, 4)
    card = play.scorecard()
    assert card.result("avoid").status == "broken"
    assert card.total == 0


def test_a_promise_outside_authority_makes_the_customer_angrier(
    library: dict[str, Scenario],
) -> None:
    scenario = library["queue-anger-bank-zh"]
    play = RolePlay(scenario, "zh-Hans", seed=3)
    play.start()
    turn = play.respond("王先生，真对不起让您久等了，我理解您着急。我先给您办，手续费也不收了。")
    assert turn.state == "angrier" and turn.score is not None
    assert turn.score.result("remedy").status == "broken"
    assert not turn.ended
    # the trainee recovers: the customer gives them another chance
    turn = play.respond(
        "刚才说错了，插队我没法安排。前面还有十一位，我先帮您核对一下资料，您看行吗？"
    )
    assert turn.state == "calmer"


def test_a_blaming_line_is_answered_by_a_line_that_echoes_it(library: dict[str, Scenario]) -> None:
    scenario = library["queue-anger-bank-en"]
    for seed in range(5):
        play = RolePlay(scenario, "en", seed)
        play.start()
        turn = play.respond("Everyone has to wait, sir.")
        assert turn.state == "angrier"
        assert turn.line.startswith("Everyone has to wait?")


def test_a_trainee_who_says_nothing_useful_ends_unresolved(library: dict[str, Scenario]) -> None:
    for lang in ("zh-Hans", "zh-Hant", "en"):
        scenario = _scenario(library, "queue-anger-bank", lang)
        play = _play(scenario, lang, ["ok", "嗯", "", "?", "hmm", "好的", "..."][:MAX_TURNS])
        assert play.outcome == "unresolved"
        assert len(play.turns) == MAX_TURNS + 1
        assert all(t.state == "same" for t in play.turns[1:])
        assert play.turns[-1].ended and not play.turns[-2].ended


# --- lines --------------------------------------------------------------------------------------

MIXED = [
    "ok",
    "这是规定。",
    "Sorry for any inconvenience.",
    "我理解您，先帮您核对一下资料。",
    "",
    "I understand, let me check your documents.",
    "Please be patient.",
    "好的",
]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_no_line_repeats_within_a_session(library: dict[str, Scenario], lang: str) -> None:
    scenarios = [s for s in library.values() if (s.lang == "en") == (lang == "en")]
    for seed in range(3):
        for scenario in scenarios:
            for script in (["ok"] * MAX_TURNS, MIXED[seed:] + MIXED[:seed]):
                play = _play(scenario, lang, script, seed)
                lines = [t.line for t in play.turns]
                assert len(lines) == len(set(lines)), (scenario.id, seed, lines)
                assert play.ended or len(play.turns) == len(script) + 1


def test_the_same_seed_replays_the_same_and_other_seeds_differ(
    library: dict[str, Scenario],
) -> None:
    scenario = library["queue-anger-bank-zh"]
    openings = {RolePlay(scenario, "zh-Hans", seed).start().line for seed in range(12)}
    assert len(openings) > 1
    assert openings <= set(scenario.opening)
    script = ["嗯", "您再等等", "前面还有十一位，我先帮您核对一下资料。"]
    first = _play(scenario, "zh-Hans", script, seed=7).turns
    again = _play(scenario, "zh-Hans", script, seed=7).turns
    assert first == again
    sessions = {
        tuple(t.line for t in _play(scenario, "zh-Hans", script, seed).turns) for seed in range(12)
    }
    assert len(sessions) > 1
    en = library["queue-anger-bank-en"]
    assert len({RolePlay(en, "en", f"trainee-{i}").start().line for i in range(12)}) > 1


# --- storing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "lang"), [("queue-anger-bank", "zh-Hant"), ("late-gift-ecommerce", "en")]
)
def test_a_session_stored_mid_way_goes_on_as_if_never_stored(
    library: dict[str, Scenario], situation: str, lang: str
) -> None:
    scenario = _scenario(library, situation, lang)
    first, second = GOOD[(situation, lang)]
    play = RolePlay(scenario, lang, seed=11)
    play.start()
    play.respond("嗯" if lang != "en" else "hmm")
    stored = json.loads(json.dumps(play.to_dict()))
    restored = RolePlay.from_dict(stored)
    assert restored.to_dict() == play.to_dict()
    assert restored.turns == play.turns
    assert restored.mood == play.mood and not restored.ended
    for reply in (first, second):
        assert restored.respond(reply) == play.respond(reply)
    assert restored.outcome == play.outcome == "calmed"
    assert restored.scorecard() == play.scorecard()
    done = RolePlay.from_dict(json.loads(json.dumps(play.to_dict())))
    assert done.ended and done.turns[-1].outcome == "calmed"
    with pytest.raises(RolePlayError):
        done.respond("hello")


def test_a_fresh_session_round_trips_and_bad_data_is_refused(library: dict[str, Scenario]) -> None:
    scenario = library["queue-anger-bank-zh"]
    fresh = RolePlay(scenario, "zh-Hans", seed=2)
    assert RolePlay.from_dict(fresh.to_dict()).start() == fresh.start()
    stored = fresh.to_dict()
    with pytest.raises(RolePlayError, match="scenario"):
        RolePlay.from_dict({**stored, "scenario_id": "no-such-thing-zh"})
    with pytest.raises(RolePlayError):
        RolePlay.from_dict({**stored, "mood": 9})
    with pytest.raises(RolePlayError):
        RolePlay.from_dict({**stored, "replies": ["你好", "你好"]})
    with pytest.raises(RolePlayError):
        RolePlay.from_dict({**stored, "lang": "en"})  # a zh scenario for an English trainee
    with pytest.raises(ValueError):
        RolePlay(scenario, "en")


# --- zh-Hant ------------------------------------------------------------------------------------


def test_zh_hant_trainees_read_traditional_script_only(library: dict[str, Scenario]) -> None:
    scripts = [
        BLAME["zh-Hant"],
        ["嗯"] * MAX_TURNS,
        GOOD[("queue-anger-bank", "zh-Hant")],
        ["讓您久等了，真不好意思，我理解您著急。", "我先幫您核對一下資料，您看行嗎？"],
    ]
    zh = [s for s in library.values() if s.lang == "zh-Hans"]
    for scenario in zh:
        for seed, script in enumerate(scripts):
            play = _play(scenario, "zh-Hant", script, seed)
            card = play.scorecard()
            texts = [t.line for t in play.turns] + [card.title, card.moment_of_truth, card.summary]
            texts += [c.label for c in card.criteria]
            texts += [c.feedback.replace(c.sentence, "") for c in card.criteria]
            bad = [(text, c) for text in texts for c in text if is_simplified_only(c)]
            assert bad == [], scenario.id
    for scenario in zh:  # every line a zh-Hant trainee could be shown
        for pool in ("opening", *REPLY_POOLS):
            for line in _pool_lines(scenario, "zh-Hant", pool):
                assert not any(is_simplified_only(c) for c in line), line


# --- how the mood moves -------------------------------------------------------------------------

# Realistic calmed runs with a customer who starts angry (mood 3): the feeling and a sorry, then
# the cause and a remedy, then a check or the next step.
STAGED: dict[tuple[str, str], list[str]] = {
    ("late-takeaway-restaurant", "en"): [
        "Mr Gao, an hour waiting in this rain, I'd be furious too. I'm so sorry.",
        "I've just spoken to the rider - his scooter broke down, which is why the map hasn't moved. "
        "He's ten minutes away now, and I'll take the delivery fee off your order.",
        "Is that OK with you? I'm Lin, I'll text you when he's at your door.",
    ],
    ("noise-night-hotel", "zh-Hans"): [
        "唐先生，明早要投标还被吵得睡不着，换谁都火大，真的很抱歉。",
        "隔壁是几位客人在房间聚会喝酒，我现在就派值班经理带保安上去提醒他们。",
        "五分钟内我给您回电话，您看可以吗？我是夜班经理潘越。",
    ],
    ("vip-room-not-ready-hotel", "zh-Hant"): [
        "馮先生，提早趕過來還要開會，房間卻還沒好，真的很抱歉讓您等。",
        "上一位客人中午才退房，房間還在打掃。我先幫您安排行政酒廊的小會議室開會，行李我們幫您送上去。",
        "這樣安排可以嗎？房間一好我馬上打電話給您。",
    ],
}


@pytest.mark.parametrize(("situation", "lang"), list(STAGED))
def test_good_handling_adds_up_and_the_customer_agrees_after_the_remedy(
    library: dict[str, Scenario], situation: str, lang: str
) -> None:
    scenario = _scenario(library, situation, lang)
    assert START_MOOD[scenario.mood] == 3
    play = RolePlay(scenario, lang, seed=4)
    play.start()
    first, second, third = STAGED[(situation, lang)]
    turn = play.respond(first)
    assert turn.state == "calmer" and play.heard and not play.remedied and not turn.ended
    turn = play.respond(second)
    assert turn.state == "calmer" and play.remedied and not turn.ended  # not agreed yet
    turn = play.respond(third)
    assert turn.ended and play.outcome == "calmed"
    assert turn.line in _pool_lines(scenario, lang, "calmed")


def test_a_remedy_and_a_question_in_one_reply_wait_for_the_customer_s_answer(
    library: dict[str, Scenario],
) -> None:
    scenario = library["queue-anger-bank-en"]
    play = RolePlay(scenario, "en", seed=1)
    play.start()
    turn = play.respond(
        "Mr Wang, I'm sorry you've waited so long. I can book you in for Monday at 9:30 — "
        "would that work?"
    )
    assert turn.state == "calmer" and not turn.ended  # heard and a remedy, not yet agreed
    turn = play.respond("Great, you're booked. I'm Chen, here's my card.")
    assert turn.ended and play.outcome == "calmed"


def test_the_mood_reaching_zero_calms_an_anxious_customer(library: dict[str, Scenario]) -> None:
    scenario = library["app-locked-bank-en"]  # anxious: starts at 2
    assert START_MOOD[scenario.mood] == 2
    play = RolePlay(scenario, "en", seed=0)
    play.start()
    play.respond("Rent due today and the app locks you out — that's awful timing, I'm sorry.")
    turn = play.respond(
        "It locked because of five wrong passwords in a row, to stop someone guessing."
    )
    assert turn.mood == 0 and turn.ended and play.outcome == "calmed"


@pytest.mark.parametrize(
    ("situation", "lang", "replies"),
    [
        (
            "refund-slow-ecommerce",
            "zh-Hans",
            [
                "亲，您的退款正在走流程哦，请耐心等待~",
                "退款都是系统按顺序自动跑的，客服这边改不了哦。",
            ],
        ),
        (
            "review-threat-restaurant",
            "zh-Hant",
            [
                "鄭總不好意思，您別發，今天這桌給您免單。",
                "剛問了經理，整桌免單不行，最多打個九折。",
            ],
        ),
        (
            "queue-anger-bank",
            "en",
            ["Please take a ticket and wait like everyone else.", "The queue is the queue, sir."],
        ),
    ],
)
def test_blame_or_a_broken_promise_then_stonewalling_escalates(
    library: dict[str, Scenario], situation: str, lang: str, replies: list[str]
) -> None:
    play = _play(_scenario(library, situation, lang), lang, replies)
    assert [t.state for t in play.turns[1:]] == ["angrier", "angrier"]
    assert play.outcome == "escalated"


def test_stonewalling_angers_an_angry_customer_at_once_and_a_calmer_one_on_the_second_try(
    library: dict[str, Scenario],
) -> None:
    angry = library["queue-anger-bank-zh"]  # starts at 3
    play = RolePlay(angry, "zh-Hant", seed=0)
    play.start()
    assert play.respond("先生，那邊有椅子，您可以坐著等。").state == "angrier"
    anxious = library["late-gift-ecommerce-en"]  # starts at 2
    play = RolePlay(anxious, "en", seed=0)
    play.start()
    states = [play.respond(r).state for r in ("Parcels are sometimes late.", "Tracking can lag.")]
    assert states == ["same", "angrier"]
    assert play.respond("It should turn up at some point.").ended
    assert play.outcome == "escalated"


def test_nothing_before_a_remedy_counts_as_agreement(library: dict[str, Scenario]) -> None:
    scenario = library["late-gift-ecommerce-en"]
    play = RolePlay(scenario, "en", seed=0)
    play.start()
    play.respond("I'm so sorry, Ms Ma, that must be really stressful.")
    turn = play.respond("Is there anything else I can help with? I'm Amy.")
    assert turn.state == "same" and not turn.ended  # a check with no remedy agrees to nothing


def test_a_session_stored_after_the_remedy_remembers_it(library: dict[str, Scenario]) -> None:
    scenario = _scenario(library, "noise-night-hotel", "zh-Hans")
    first, second, third = STAGED[("noise-night-hotel", "zh-Hans")]
    play = RolePlay(scenario, "zh-Hans", seed=5)
    play.start()
    play.respond(first)
    play.respond(second)
    stored = json.loads(json.dumps(play.to_dict()))
    assert stored["format"] == 1 and stored["acknowledged"] is True
    restored = RolePlay.from_dict(stored)
    assert (restored.heard, restored.remedied) == (play.heard, play.remedied) == (True, True)
    assert restored.respond(third) == play.respond(third)
    assert restored.outcome == play.outcome == "calmed"


def test_sorry_after_sorry_and_nothing_more_is_stonewalling(library: dict[str, Scenario]) -> None:
    play = _play(
        library["queue-anger-bank-en"],
        "en",
        [
            "I'm so sorry for the wait, Mr Wang.",
            "Really sorry again, sir.",
            "I do apologise for all this.",
            "I'm terribly sorry about the queue.",
        ],
    )
    assert [t.state for t in play.turns[1:]] == ["calmer", "same", "angrier", "angrier"]
    assert play.outcome == "escalated"


@pytest.mark.parametrize(
    ("situation", "lang", "replies"),
    [
        (
            "queue-anger-bank",
            "en",
            ["Please calm down, sir.", "That's the rule.", "You'll have to wait."],
        ),
        (
            "specialist-slot-hospital",
            "zh-Hans",
            ["号已经约满了，按规定不能加号。", "没办法，您下周再来吧。"],
        ),
        (
            "claim-slow-insurance",
            "zh-Hant",
            ["案件還在審核中，請您耐心等候。", "這個我們沒辦法，流程就是這樣。"],
        ),
        (
            "callback-broken-insurance",
            "en",
            [
                "Mr Song, I'm sorry - I'll call you by 3pm today with the repair plan.",
                "Actually, I can't promise that call after all; you'll have to wait for the handler.",
                "There's nothing more I can do from here.",
            ],
        ),
        (
            "callback-broken-insurance",
            "zh-Hans",
            [
                "宋先生，对不起，我今天下午三点前给您回电确认维修方案。",
                "刚才说的下午回电可能做不到了，您还是等理赔员联系您吧。",
                "我这边也没办法，只能按流程走。",
            ],
        ),
    ],
)
def test_stonewalling_and_a_promise_taken_back_make_the_customer_escalate(
    library: dict[str, Scenario], situation: str, lang: str, replies: list[str]
) -> None:
    play = _play(_scenario(library, situation, lang), lang, replies)
    assert play.outcome == "escalated"

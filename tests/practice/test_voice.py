"""With a language model configured the customer speaks in character; what is scored and how the
customer feels stay the offline customer's, and a failing model loses nothing."""

from __future__ import annotations

from assistant.llm import FakeChatProvider, LLMError
from assistant.practice.roleplay import RolePlay
from assistant.practice.scenarios import load_scenarios
from assistant.practice.voice import LLMVoice
from assistant.text.script import is_simplified_only

SCENARIO = load_scenarios()["callback-broken-bank-zh"]
REPLIES = [
    "彭女士，说好两天回电让您白等了一个多礼拜，是我们没做到，真的对不起。",
    "我现在就帮您查工单，今天下午四点前我亲自给您回电，我叫小李。这样可以吗？",
]


def test_the_voice_says_the_line_and_the_offline_customer_keeps_score() -> None:
    model = FakeChatProvider(
        ["上周说两天回电，到现在都没人理我。", "好吧，四点前我等你电话。", "行，就这样。"]
    )
    voiced = RolePlay(SCENARIO, "zh-Hans", seed=3)
    plain = RolePlay(SCENARIO, "zh-Hans", seed=3)
    voice = LLMVoice(model)
    assert voiced.start(voice).line == "上周说两天回电，到现在都没人理我。"
    plain.start()
    for reply in REPLIES:
        a, b = voiced.respond(reply, voice), plain.respond(reply)
        assert (a.state, a.mood, a.outcome) == (b.state, b.mood, b.outcome)
        assert a.score == b.score
    assert voiced.turns[1].line == "好吧，四点前我等你电话。"
    system, user = model.calls[0].messages
    assert "彭女士" in system.content and SCENARIO.situation in system.content
    assert "你一开始的情绪" in system.content
    restored = RolePlay.from_dict(voiced.to_dict())
    assert [t.line for t in restored.turns] == [t.line for t in voiced.turns]  # stored as said


def test_a_failing_model_leaves_the_offline_line() -> None:
    model = FakeChatProvider([LLMError("down", kind="unavailable"), "   "])
    play = RolePlay(SCENARIO, "zh-Hans", seed=1)
    first = play.start(LLMVoice(model))
    assert first.line in SCENARIO.opening
    turn = play.respond(REPLIES[0], LLMVoice(model))
    assert turn.line and turn.line in {*SCENARIO.replies.pool(turn.pool), *SCENARIO.opening}


def test_a_zh_hant_trainee_hears_traditional_and_labels_and_quotes_are_stripped() -> None:
    model = FakeChatProvider(["顾客：“你们这个回电到底谁负责？”"])
    play = RolePlay(SCENARIO, "zh-Hant", seed=0)
    line = play.start(LLMVoice(model)).line
    assert line == "你們這個回電到底誰負責？"
    assert not any(is_simplified_only(c) for c in line)
    _, user = model.calls[0].messages
    assert not any(is_simplified_only(c) for c in user.content)


def test_a_rambling_model_is_cut_to_a_spoken_line() -> None:
    model = FakeChatProvider(["I waited a week. " * 40])
    play = RolePlay(load_scenarios()["callback-broken-bank-en"], "en", seed=0)
    line = play.start(LLMVoice(model)).line
    assert len(line) <= 240 and line.endswith(".")

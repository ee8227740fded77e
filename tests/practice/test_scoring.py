"""Rubric scoring of trainee replies: the model handling scores full marks, blame and promises
outside authority are caught and quoted, a blanket apology is no apology, missed criteria come
with what to say instead and where it comes from, and odd replies (empty, one word, a pasted
essay, off topic, abusive) are flagged without a crash — in zh-Hans, zh-Hant and English."""

from __future__ import annotations

import pytest

from assistant.practice.scenarios import (
    CRITERIA,
    CRITERION_IDS,
    Scenario,
    cite_label,
    load_scenarios,
)
from assistant.practice.scoring import (
    FLAG_CODES,
    ReplyScore,
    load_lexicon,
    score_reply,
    score_session,
    suggestion_turn,
)
from assistant.text.script import is_simplified_only, to_lang_script, to_traditional


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _scenario(library: dict[str, Scenario], situation: str, lang: str) -> Scenario:
    return library[f"{situation}-{'en' if lang == 'en' else 'zh'}"]


def _model_replies(scenario: Scenario, lang: str) -> list[str]:
    return [to_lang_script(turn.text, lang) for turn in scenario.model_handling]


def _no_simplified(text: str) -> bool:
    return not any(is_simplified_only(c) for c in text)


# --- the model handling -----------------------------------------------------------------------

FLAGSHIP = [
    ("queue-anger-bank", "zh-Hans"),
    ("queue-anger-bank", "zh-Hant"),
    ("queue-anger-bank", "en"),
]
OTHERS = [
    ("foreign-object-restaurant", "zh-Hans"),
    ("foreign-object-restaurant", "en"),
    ("app-locked-bank", "zh-Hant"),
    ("late-gift-ecommerce", "en"),
    ("claim-denied-insurance", "zh-Hans"),
    ("rude-staff-telecom", "en"),
    ("scam-call-bank", "zh-Hant"),
    ("elderly-hospital-kiosk", "zh-Hans"),
]


@pytest.mark.parametrize(("situation", "lang"), FLAGSHIP + OTHERS)
def test_the_model_handling_meets_every_criterion_turn_by_turn(
    library: dict[str, Scenario], situation: str, lang: str
) -> None:
    scenario = _scenario(library, situation, lang)
    replies = _model_replies(scenario, lang)
    for turn, reply in zip(scenario.model_handling, replies, strict=True):
        score = score_reply(scenario, reply, lang)
        assert set(turn.meets) <= set(score.met), (reply, score.met)
        assert score.broken == ()
        assert score.flags == ()
    card = score_session(scenario, replies, lang)
    assert card.total == 100
    assert [c.status for c in card.criteria] == ["met"] * len(scenario.criteria)
    for result in card.criteria:  # met: the trainee's own sentence is quoted
        assert result.sentence in result.feedback
        if result.criterion != "avoid":
            assert result.sentence and result.sentence in replies[result.reply or 0]


def test_every_scenario_s_model_handling_scores_full_marks(library: dict[str, Scenario]) -> None:
    short = []
    for scenario in library.values():
        for lang in ("en",) if scenario.lang == "en" else ("zh-Hans", "zh-Hant"):
            card = score_session(scenario, _model_replies(scenario, lang), lang)
            if card.total != 100:
                short.append((scenario.id, lang, card.summary))
    assert short == []


def test_the_scorecard_names_the_moment_of_truth_in_the_trainee_s_script(
    library: dict[str, Scenario],
) -> None:
    zh = library["queue-anger-bank-zh"]
    hant = score_session(zh, ["王先生，讓您久等了，真對不起。"], "zh-Hant")
    assert hant.moment_of_truth.startswith("顧客等了四十分鐘")
    assert _no_simplified(hant.moment_of_truth + hant.title + hant.summary)
    assert score_session(zh, [], "zh-Hans").moment_of_truth == zh.moment_of_truth
    en = score_session(library["queue-anger-bank-en"], [], "en")
    assert en.moment_of_truth.startswith("The moment the customer first reaches")
    assert en.total == 0 and all(c.status == "missed" for c in en.criteria)


# --- blame, promises outside authority, blanket apologies --------------------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "offending"),
    [
        (
            "queue-anger-bank",
            "zh-Hans",
            "王先生您好。你自己没看通知吗？周六人本来就多。",
            "你自己没看通知吗？",
        ),
        (
            "queue-anger-bank",
            "zh-Hant",
            "您好，請稍等。不是我的錯，今天就開兩個窗口！",
            "不是我的錯，今天就開兩個窗口！",
        ),
        (
            "queue-anger-bank",
            "en",
            "Hi Mr Wang. Didn't you see the notice? Saturdays are always busy.",
            "Didn't you see the notice?",
        ),
        (
            "foreign-object-restaurant",
            "zh-Hans",
            "女士您先别激动，我们后厨很干净的，是不是您自己带进来的",
            "女士您先别激动，我们后厨很干净的，是不是您自己带进来的",
        ),
        (
            "late-gift-ecommerce",
            "en",
            "I've checked the tracking. That's the courier's problem, not ours.",
            "That's the courier's problem, not ours.",
        ),
        (
            "rude-staff-telecom",
            "zh-Hant",
            "先生，他平時不這樣的，您可能誤會了。",
            "先生，他平時不這樣的，您可能誤會了。",
        ),
    ],
)
def test_a_blaming_reply_breaks_avoid_and_quotes_the_offending_sentence(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, offending: str
) -> None:
    scenario = _scenario(library, situation, lang)
    avoid = score_reply(scenario, reply, lang).result("avoid")
    assert avoid.status == "broken"
    assert avoid.sentence == offending
    assert offending in avoid.feedback
    assert avoid.suggestion and avoid.suggestion in avoid.feedback  # what to say instead
    first = avoid.cites[0]
    assert cite_label(first.doc, first.section, lang) in avoid.feedback  # titled, not an id
    assert first.doc not in avoid.feedback
    card = score_session(scenario, _model_replies(scenario, lang)[:2] + [reply], lang)
    assert card.result("avoid").status == "broken"  # one blaming line is not undone by good ones
    assert card.result("avoid").reply == 2
    assert card.total < 100


def test_blame_is_heard_through_negation_and_a_negated_apology_is_none(
    library: dict[str, Scenario],
) -> None:
    zh, en = library["queue-anger-bank-zh"], library["queue-anger-bank-en"]
    assert (
        score_reply(zh, "不是我的错，我也是按规矩办事。", "zh-Hans").result("avoid").status
        == "broken"
    )
    assert score_reply(en, "It's not my problem, sir.", "en").result("avoid").status == "broken"
    not_sorry = score_reply(en, "I'm not sorry, you chose to come on a Saturday.", "en")
    assert not_sorry.result("apologise").status == "missed"
    assert (
        score_reply(zh, "我不觉得抱歉，周六本来就人多。", "zh-Hans").result("apologise").status
        == "missed"
    )
    assert (
        score_reply(en, "I don't understand why you're so upset.", "en")
        .result("acknowledge")
        .status
        == "missed"
    )


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "promise"),
    [
        (
            "queue-anger-bank",
            "zh-Hans",
            "王先生，真对不起让您等这么久，我特别理解您的心情。这样吧，我先给您办，手续费也不收了，您看行吗？",
            "插队",
        ),
        (
            "queue-anger-bank",
            "zh-Hant",
            "王先生，讓您等這麼久真不好意思，我理解您著急。今天這筆轉帳給您免手續費，當作賠罪，好嗎？",
            "手續費",
        ),
        (
            "queue-anger-bank",
            "en",
            "I'm so sorry you've waited this long, I completely understand. Let me put you first "
            "and I'll waive the fee for today's transfer.",
            "jump the queue",
        ),
        (
            "foreign-object-restaurant",
            "zh-Hans",
            "真的非常抱歉，孩子吓坏了吧？您放心，医药费我们全包，赔多少都行。",
            "医药费",
        ),
        (
            "bad-review-hotel",
            "en",
            "Ms Huang, I'm truly sorry about the mould and the hot water. If you delete the review "
            "we'll refund the whole stay.",
            "review",
        ),
        (
            "roaming-bill-telecom",
            "zh-Hans",
            "林先生，出差回来看到这么多钱肯定吓一跳，很抱歉。这样，漫游费我全额退给您。",
            "全额退还",
        ),
    ],
)
def test_a_polite_reply_that_promises_outside_authority_breaks_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, promise: str
) -> None:
    scenario = _scenario(library, situation, lang)
    score = score_reply(scenario, reply, lang)
    assert "apologise" in score.met  # polite ...
    remedy = score.result("remedy")
    assert remedy.status == "broken"  # ... but not within authority
    assert remedy.sentence and remedy.sentence in reply
    assert promise in remedy.detail
    turn = suggestion_turn(scenario, "remedy")
    assert turn is not None
    assert remedy.suggestion == to_lang_script(turn.text, score.lang)
    assert remedy.cites == turn.cites
    if lang == "zh-Hant":
        assert _no_simplified(remedy.feedback.replace(remedy.sentence, ""))


def test_declining_a_promise_outside_authority_is_not_making_it(
    library: dict[str, Scenario],
) -> None:
    zh, en = library["queue-anger-bank-zh"], library["queue-anger-bank-en"]
    zh_reply = (
        "王先生，真抱歉让您等这么久。插队我没法安排，手续费也不能免，不过我可以先帮您核对一下资料。"
    )
    assert score_reply(zh, zh_reply, "zh-Hans").result("remedy").status == "met"
    en_reply = "I'm sorry, I can't let you jump the queue or waive the fee, but I can check your paperwork now."
    assert score_reply(en, en_reply, "en").result("remedy").status == "met"
    assert (
        score_reply(en, "There's no way I can waive the fee.", "en").result("remedy").status
        == "missed"
    )


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("queue-anger-bank", "en", "Sorry for any inconvenience."),
        (
            "queue-anger-bank",
            "en",
            "We apologise for the inconvenience caused and thank you for your patience.",
        ),
        ("queue-anger-bank", "zh-Hans", "给您带来不便，敬请谅解。"),
        ("queue-anger-bank", "zh-Hans", "不好意思，给您带来不便了"),
        ("queue-anger-bank", "zh-Hant", "造成您的不便，敬請見諒。"),
        ("late-gift-ecommerce", "en", "I'm very sorry for any inconvenience this may have caused."),
    ],
)
def test_sorry_for_any_inconvenience_alone_is_not_an_apology(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    apologise = score.result("apologise")
    assert apologise.status == "missed"
    assert apologise.detail  # says why: a blanket apology
    assert apologise.detail in apologise.feedback
    assert "off_topic" not in {f.code for f in score.flags}


def test_a_specific_apology_counts_even_with_a_blanket_one(library: dict[str, Scenario]) -> None:
    en = library["queue-anger-bank-en"]
    score = score_reply(
        en,
        "I'm sorry you've been standing for forty minutes, and sorry for any inconvenience.",
        "en",
    )
    assert score.result("apologise").status == "met"
    zh = library["queue-anger-bank-zh"]
    score = score_reply(zh, "很抱歉让您等了这么久，给您带来不便敬请谅解。", "zh-Hans")
    assert score.result("apologise").status == "met"


# --- what to say instead ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "reply", "section"),
    [
        ("zh-Hans", "王先生，站了这么久换谁都会着急。", "排队太长、客户等得不耐烦 · 现在就做"),
        ("zh-Hant", "王先生，站了這麼久換誰都會著急。", "排隊太長、顧客等得不耐煩 · 現在就做"),
        (
            "en",
            "Mr Wang, forty minutes on your feet, I'd be fuming too.",
            "Long queue — customers waiting too long in a store, branch or service hall · Do now",
        ),
    ],
)
def test_a_missed_criterion_quotes_the_model_turn_and_cites_its_guide_section(
    library: dict[str, Scenario], lang: str, reply: str, section: str
) -> None:
    scenario = _scenario(library, "queue-anger-bank", lang)
    score = score_reply(scenario, reply, lang)
    assert score.result("acknowledge").status == "met"
    remedy = score.result("remedy")
    assert remedy.status == "missed"
    model = scenario.model_handling[1]  # the first turn that meets remedy
    assert remedy.suggestion == to_lang_script(model.text, lang)
    assert remedy.suggestion in remedy.feedback
    assert remedy.cites == model.cites
    assert section in remedy.feedback
    close = score.result("close")
    assert close.suggestion == to_lang_script(scenario.model_handling[3].text, lang)
    if lang == "zh-Hant":
        for result in score.results:
            assert _no_simplified(result.feedback.replace(result.sentence, "")), result.feedback
            assert _no_simplified(result.label)


def test_feedback_in_a_session_says_met_missed_and_broken_each_its_own_way(
    library: dict[str, Scenario],
) -> None:
    scenario = library["queue-anger-bank-en"]
    replies = [
        "Mr Wang, I'm really sorry you've been kept waiting this long, I can see how frustrating it is.",
        "Everyone has to wait, that's how it works on Saturdays.",
    ]
    card = score_session(scenario, replies, "en")
    acknowledge, avoid, close = (
        card.result("acknowledge"),
        card.result("avoid"),
        card.result("close"),
    )
    assert acknowledge.status == "met" and acknowledge.reply == 0
    assert acknowledge.sentence in acknowledge.feedback and "done" in acknowledge.feedback
    assert avoid.status == "broken" and avoid.reply == 1
    assert "Everyone has to wait, that's how it works on Saturdays." in avoid.feedback
    assert "forbidden phrase" in avoid.feedback and avoid.suggestion in avoid.feedback
    assert close.status == "missed" and "not yet" in close.feedback
    assert "I'm Chen" in close.feedback and "Long queue — customers waiting" in close.feedback
    assert card.summary.startswith(f"Total {card.total}/100")


# --- good > mediocre > bad --------------------------------------------------------------------

SESSIONS = {
    ("queue-anger-bank", "zh-Hans"): (
        [
            "王先生，站了四十分钟还没轮到，换我也着急，让您等这么久真对不起。",
            "今天只开了两个窗口，前面还有十一位，大概二十五分钟。我先帮您核对一下资料，缺什么现在补，您看可以吗？",
            "我姓陈，快轮到您的时候我过来叫您。",
        ],
        ["您好，不好意思，今天人比较多。", "前面还有十一位，大概还要二十多分钟。"],
        ["大家都在排，我也没办法。", "你自己没看通知吗？周六人多很正常。"],
    ),
    ("queue-anger-bank", "zh-Hant"): (
        [
            "王先生，站了四十分鐘還沒輪到，換我也著急，讓您等這麼久真對不起。",
            "今天只開了兩個窗口，前面還有十一位，大概二十五分鐘。我先幫您核對一下資料，您看可以嗎？",
            "我姓陳，快輪到您的時候我過來叫您。",
        ],
        ["您好，不好意思，今天人比較多。", "前面還有十一位，大概還要二十多分鐘。"],
        ["大家都在排，這是規定。", "你自己沒看通知嗎"],
    ),
    ("queue-anger-bank", "en"): (
        [
            "Mr Wang, forty minutes on your feet - I'd be fuming too. I'm sorry to keep you waiting this long.",
            "We only have two counters open today, so there are eleven people ahead of you, about 25 minutes. "
            "Let me check your documents while you wait, does that work?",
            "I'm Chen, I'll come and fetch you when you're next.",
        ],
        ["Hello, sorry, it's busy today.", "There are eleven people ahead of you, please wait."],
        ["Everyone has to wait, that's the rule.", "You should have read the notice."],
    ),
    ("dirty-room-hotel", "en"): (
        [
            "Ms Luo, after a long day that's really disappointing, I'm very sorry.",
            "Our inspection missed that room, that's on us. I'm moving you to another room that has already "
            "been checked and a colleague will bring your bags up. Is that OK?",
            "I'm Xie Lin at reception, I'll call you in fifteen minutes to check everything is fine.",
        ],
        ["Sorry about that.", "I can move you to another room."],
        ["Housekeeping must have missed it. They're all like that.", "Calm down, madam."],
    ),
    ("foreign-object-restaurant", "zh-Hans"): (
        [
            "您一定吓坏了，孩子要紧，小朋友现在有没有不舒服？真的非常抱歉。",
            "这碗汤我们原样留着，不会倒掉，店长马上过来。铁丝可能是后厨清洗锅具时留下的，今天这单退款，您看可以吗？",
            "我是店长卢刚，三天内我把调查结果打电话告诉您。",
        ],
        ["不好意思。", "我让店长过来看看。"],
        ["我们后厨很干净，不可能有这个。", "您小声点别影响其他客人。"],
    ),
    ("app-locked-bank", "zh-Hant"): (
        [
            "今天要交房租偏偏登不進去，換誰都急，不好意思讓您碰上這個麻煩。",
            "密碼連著輸錯五次系統會鎖住，是怕別人亂試。用身分證加刷臉重置密碼就能解鎖，我一步一步陪您弄，可以嗎？",
            "我是熱線的周可，如果還是不行我再打給您。",
        ],
        ["不好意思。", "您可以去網點辦。"],
        ["這是系統的安全策略，等二十四小時就好了。", "您卸載重裝試試。"],
    ),
    ("late-gift-ecommerce", "en"): (
        [
            "Ms Ma, the birthday is the day after tomorrow and the gift is stuck - of course you're worried. "
            "We promised three days and didn't deliver, I'm sorry.",
            "The parcel is at the city sorting centre because of a backlog. I've contacted the depot for "
            "priority delivery tomorrow morning. Would that work for you?",
            "I'll message you by 4 pm today to confirm the delivery slot.",
        ],
        ["Sorry for the delay.", "You can refuse it if it's late."],
        ["Please be patient, that's the courier's problem.", "It will definitely arrive today."],
    ),
}


@pytest.mark.parametrize(("situation", "lang"), list(SESSIONS))
def test_good_scores_above_mediocre_above_bad(
    library: dict[str, Scenario], situation: str, lang: str
) -> None:
    scenario = _scenario(library, situation, lang)
    good, mediocre, bad = (
        score_session(scenario, replies, lang) for replies in SESSIONS[(situation, lang)]
    )
    assert good.total > mediocre.total > bad.total, (good.summary, mediocre.summary, bad.summary)
    assert good.total >= 85
    assert bad.result("avoid").status == "broken"
    assert bad.total <= 15


# --- odd replies ------------------------------------------------------------------------------

ESSAY_ZH = (
    "关于客户投诉处理的几点体会：第一，客户体验是企业竞争力的核心，任何一次服务接触都是关键时刻；"
    "第二，面对情绪激动的客户，一线员工要先处理心情，再处理事情，不能急于解释；第三，道歉要真诚具体，"
    "避免使用笼统的套话；第四，解决方案必须在权限之内，超出权限的承诺会带来更大的失望；第五，"
    "服务补救之后要闭环跟进，让客户知道后续由谁负责、什么时候反馈。"
) * 2 + "王先生，让您等这么久真对不起，我理解您着急，前面还有十一位，我先帮您核对一下资料。"
ESSAY_EN = (
    (
        "Customer experience is built moment by moment, and every contact between a customer and a "
        "member of staff is a moment of truth that can make or break the relationship. When a customer "
        "is angry, the first job is to deal with the feeling and only then with the facts. "
    )
    * 5
    + "Mr Wang, I'm sorry you've waited so long, I understand. There are eleven people ahead of "
    "you, so let me check your documents while you wait."
)


@pytest.mark.parametrize(
    ("lang", "reply", "flag"),
    [
        ("zh-Hans", "", "empty"),
        ("zh-Hant", "   \n ", "empty"),
        ("en", "", "empty"),
        ("zh-Hans", "好的", "too_short"),
        ("zh-Hant", "嗯嗯。", "too_short"),
        ("en", "ok", "too_short"),
        ("en", "Sorry.", "too_short"),
        ("zh-Hans", ESSAY_ZH, "essay"),
        ("zh-Hant", to_traditional(ESSAY_ZH), "essay"),
        ("en", ESSAY_EN, "essay"),
        ("zh-Hans", "今天天气真不错，我们中午去吃火锅吧。", "off_topic"),
        ("zh-Hant", "你看昨晚的球賽了嗎？太精彩了。", "off_topic"),
        ("en", "Did you watch the football last night? What a game.", "off_topic"),
        ("zh-Hans", "你有病吧，吵什么吵，爱等不等。", "abusive"),
        ("zh-Hant", "閉嘴，神經病。", "abusive"),
        ("en", "Shut up, you idiot. Wait like everyone else.", "abusive"),
    ],
)
def test_odd_replies_are_flagged_with_feedback_in_the_trainee_s_language(
    library: dict[str, Scenario], lang: str, reply: str, flag: str
) -> None:
    scenario = _scenario(library, "queue-anger-bank", lang)
    score = score_reply(scenario, reply, lang)
    flags = {f.code: f.message for f in score.flags}
    assert flag in flags
    message = flags[flag]
    assert message
    if lang == "en":
        assert message.isascii()
    else:
        assert not message.isascii()
        if lang == "zh-Hant":
            assert _no_simplified(message)
    assert 0 <= score.points <= 100
    assert len(score.results) == len(scenario.criteria)
    if flag in ("empty", "too_short", "off_topic"):
        assert score.result("avoid").status == "missed"  # nothing said, nothing earned
        assert score.points <= 15
    if flag == "off_topic":
        assert score.met == ()
    if flag == "abusive":
        assert score.result("avoid").status == "broken"
        assert score.points == 0
    if flag == "essay":  # still scored
        assert {"apologise", "remedy"} <= set(score.met)


def test_flag_codes_are_all_reachable_and_a_repeat_is_flagged(library: dict[str, Scenario]) -> None:
    scenario = library["queue-anger-bank-zh"]
    first = "王先生，让您久等了，真对不起。"
    score = score_reply(scenario, first, "zh-Hans", history=[first])
    assert [f.code for f in score.flags] == ["repeated"]
    assert "apologise" in score.met
    assert set(FLAG_CODES) == {"empty", "too_short", "essay", "off_topic", "abusive", "repeated"}


# --- how people type --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "reply", "expected"),
    [
        ("zh-Hans", "对布起让您久等了，我报歉，今天只开两个窗口", {"apologise", "explain"}),
        (
            "zh-Hans",
            "王先生 排这么久您肯定着几了 我先帮您核对一下资料 您看行吗",
            {"acknowledge", "remedy", "confirm"},
        ),
        (
            "zh-Hans",
            "王先生，讓你等這麼久真對不起。",
            {"apologise"},
        ),  # Traditional in a zh-Hans session
        (
            "zh-Hant",
            "王先生，排了這麼久換誰都火大，我先幫你核對一下資料。",
            {"acknowledge", "remedy"},
        ),
        (
            "en",
            "im sory, i undrestand ur frustrated. theres 11 ppl ahead of u, let me chek ur documents",
            {"apologise", "acknowledge", "remedy"},
        ),
        (
            "en",
            "I\u2019m really sorry \u2014 I totally understand. Let me check your paperwork.",
            {"apologise", "acknowledge", "remedy"},
        ),
        (
            "en",
            "MR WANG I APOLOGIZE FOR THE WAIT. I CAN BOOK YOU IN FOR MONDAY, IS THAT OK?",
            {"apologise", "remedy", "confirm"},
        ),
    ],
)
def test_typos_script_and_punctuation_are_forgiven(
    library: dict[str, Scenario], lang: str, reply: str, expected: set[str]
) -> None:
    score = score_reply(_scenario(library, "queue-anger-bank", lang), reply, lang)
    assert expected <= set(score.met), score.met
    assert score.broken == ()


def test_scores_are_deterministic_and_points_follow_the_share_met(
    library: dict[str, Scenario],
) -> None:
    scenario = library["queue-anger-bank-en"]
    reply = "I'm sorry you've waited so long. There are eleven people ahead of you."
    first, second = score_reply(scenario, reply, "en"), score_reply(scenario, reply, "en")
    assert first == second
    assert first.points == round(100 * len(first.met) / len(scenario.criteria))
    blamed = score_reply(
        scenario, "Sorry, but everyone has to wait. Eleven people ahead of you.", "en"
    )
    assert blamed.result("avoid").status == "broken"
    assert blamed.points == max(0, round(100 * (len(blamed.met) - 1) / len(scenario.criteria)))


def test_the_wrong_language_or_scenario_is_refused(library: dict[str, Scenario]) -> None:
    with pytest.raises(ValueError, match="queue-anger-bank-en"):
        score_reply(library["queue-anger-bank-zh"], "Sorry", "en")
    with pytest.raises(ValueError, match="queue-anger-bank-zh"):
        score_reply(library["queue-anger-bank-en"], "抱歉", "zh-Hant")
    with pytest.raises(ValueError, match="lang"):
        score_reply(library["queue-anger-bank-zh"], "抱歉", "fr")


def test_the_lexicon_has_cues_for_every_criterion_in_both_languages() -> None:
    lexicon = load_lexicon()
    for criterion in ("acknowledge", "apologise", "explain", "confirm", "close"):
        assert lexicon.cues[criterion].zh and lexicon.cues[criterion].en, criterion
    for words in (lexicon.blame, lexicon.jargon, lexicon.abusive, lexicon.blanket_apology):
        assert words.zh and words.en
    assert set(CRITERIA) == set(CRITERION_IDS)


def test_reply_scores_serialise(library: dict[str, Scenario]) -> None:
    score = score_reply(library["queue-anger-bank-zh"], "王先生，让您久等了，真对不起。", "zh-Hant")
    data = score.model_dump(mode="json")
    assert ReplyScore.model_validate(data) == score


# --- explain: the cause or the state, told plainly; blame is no explanation -------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        (
            "queue-anger-bank",
            "en",
            "Sorry Mr Wang, today only two counters are open, so it's slow.",
        ),
        ("queue-anger-bank", "en", "sorry, its lunchtime and only 2 counters r open"),
        (
            "late-takeaway-restaurant",
            "en",
            "I'm so sorry, the courier had an accident on the way, that's why it's late.",
        ),
        ("late-takeaway-restaurant", "zh-Hans", "不好意思，因为下雨骑手路上摔了一跤，所以晚了。"),
        ("vas-charge-telecom", "zh-Hans", "阿姨，系统升级导致短信没发出去，是我们的问题。"),
        ("vas-charge-telecom", "zh-Hant", "阿姨，我查了一下，系統顯示是上個月十號開通的。"),
        (
            "late-gift-ecommerce",
            "zh-Hant",
            "馬小姐，包裹是因為轉運中心爆倉的關係才卡住，不是遺失。",
        ),
        ("vip-room-not-ready-hotel", "en", "Sorry Mr Feng, your room's still being cleaned."),
        (
            "plan-price-rise-telecom",
            "en",
            "Your old plan was withdrawn last month, that's the change.",
        ),
        (
            "specialist-slot-hospital",
            "en",
            "I'm afraid the specialist was fully booked a week ago.",
        ),
        (
            "outage-broadband-telecom",
            "zh-Hans",
            "我查了，不是您家设备的问题，是附近施工把光缆挖断了。",
        ),
    ],
)
def test_a_plain_cause_or_state_explains(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("explain").status == "met", score.results
    assert score.result("avoid").status == "met"


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("claim-slow-insurance", "zh-Hant", "目前還在審核中，有進度會通知您。"),
        ("claim-slow-insurance", "zh-Hans", "您的案子还在审核中，我帮您催一催。"),
        ("claim-slow-insurance", "en", "Your claim is still under review, you'll hear from us."),
        ("claim-slow-insurance", "en", "At the moment it's with the assessors."),
        ("refund-slow-ecommerce", "en", "Refunds usually take 3-5 working days."),
        ("late-gift-ecommerce", "en", "We'll look into it and get back to you."),
    ],
)
def test_a_status_or_a_promise_to_look_is_no_explanation(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("explain").status == "missed"


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "blamed"),
    [
        (
            "wrong-size-ecommerce",
            "zh-Hant",
            "齁又是倉庫那邊出包，他們最近一直寄錯。",
            "仓库那边出包",
        ),
        ("wrong-size-ecommerce", "zh-Hans", "那是快递的问题，不归我们管。", "快递的问题"),
        (
            "callback-broken-bank",
            "zh-Hant",
            "那位同事休假了所以沒回電，最近真的太忙了。",
            "同事休假了所以",
        ),
        ("manager-demand-retail", "zh-Hant", "價格牌是別人沒撤的，不是我們收銀的問題。", "别人没"),
        (
            "rude-staff-hospital",
            "zh-Hans",
            "护士也很辛苦的，老人家可能听错了吧。",
            "老人家可能听错",
        ),
        (
            "marketing-calls-telecom",
            "zh-Hans",
            "您是不是在别的地方留过电话？",
            "你是不是在别的地方",
        ),
        (
            "repeated-calls-broadband",
            "zh-Hant",
            "已經幫您催了，可能是您家路由器的問題。",
            "路由器的问题",
        ),
        ("vas-charge-telecom", "zh-Hans", "记录显示是您自己点开通的，系统不会错的。", ""),
        (
            "wrong-size-ecommerce",
            "en",
            "Are you sure you ordered an L? A lot of customers pick the wrong one.",
            "are you sure you ordered",
        ),
        (
            "late-takeaway-restaurant",
            "en",
            "The rider isn't our staff, it's the delivery company's problem.",
            "",
        ),
        (
            "rude-staff-telecom",
            "en",
            "She's been really stressed lately. You probably misheard.",
            "",
        ),
        ("dirty-room-hotel", "en", "The cleaner must have missed it, she's new.", ""),
    ],
)
def test_blaming_the_customer_a_colleague_or_another_party_breaks_explain_and_avoid(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, blamed: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    explain, avoid = score.result("explain"), score.result("avoid")
    assert explain.status == "broken" and avoid.status == "broken", score.results
    why = "blames the customer" if lang == "en" else to_lang_script("怪客户或同事", lang)
    assert why in explain.feedback
    if blamed:
        assert to_lang_script(blamed, lang) in explain.feedback
    assert explain.suggestion  # what to say instead


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("wrong-size-ecommerce", "zh-Hans", "仓库那边发错了，是我们的问题，我马上给您加急补发。"),
        ("wrong-size-ecommerce", "zh-Hant", "倉庫那邊寄錯了，這是我們的疏失，我現在就幫您重寄。"),
        (
            "wrong-size-ecommerce",
            "en",
            "The warehouse packed the wrong size - that's on us. I'll send the right one today by express.",
        ),
    ],
)
def test_owning_a_colleague_s_mistake_explains_it(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("explain").status == "met"
    assert score.result("avoid").status == "met"
    assert score.result("remedy").status == "met"


# --- remedy: a concrete action committed to, within authority ---------------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("wrong-size-ecommerce", "zh-Hant", "我幫您重寄一套L，今天寄出。"),
        ("dirty-room-hotel", "zh-Hant", "我幫您換到12樓的一間，主管剛檢查過。"),
        ("late-gift-ecommerce", "zh-Hans", "我现在就联系站点给您优先配送。"),
        ("rude-staff-hospital", "zh-Hant", "我現在就帶伯伯去抽血窗口，不用再重新排號。"),
        ("cancel-broadband-telecom", "en", "No problem, I can cancel it for you today."),
        ("scam-call-bank", "en", "I've frozen your card just now, so nothing more can go out."),
        (
            "child-fever-wait-hospital",
            "en",
            "I'm getting a nurse to check her temperature right now.",
        ),
        (
            "claim-denied-insurance",
            "en",
            "I'll record what the agent told you and submit it for review today.",
        ),
        (
            "loan-rejected-bank",
            "en",
            "There are two routes. One is to reapply for a lower amount with your lease added.",
        ),
    ],
)
def test_a_concrete_action_the_trainee_commits_to_is_a_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("remedy").status == "met", score.results


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("wrong-size-ecommerce", "zh-Hans", "不好意思，我们会尽快帮您处理的。"),
        ("callback-broken-bank", "zh-Hant", "不好意思喔，我們會盡快幫您處理。"),
        ("late-gift-ecommerce", "en", "We'll look into it and get back to you asap."),
        ("refund-slow-ecommerce", "en", "I'm sorry your refund is taking so long."),
        ("new-phone-login-ecommerce", "zh-Hans", "需要换绑的话，在App里走申诉流程就可以了。"),
        ("oos-after-payment-ecommerce", "zh-Hans", "亲，活动商品数量有限，您可以重新下单的~"),
        ("queue-anger-bank", "en", "There are eleven people ahead of you."),  # telling, not doing
        ("premium-rise-insurance", "zh-Hans", "保费涨是因为您进入了新的年龄段，费率高一些。"),
    ],
)
def test_vague_handed_over_or_only_told_is_no_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("remedy").status == "missed", score.results


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "heard"),
    [
        ("dirty-room-hotel", "en", "I guarantee it will never happen again.", "never happen again"),
        (
            "late-gift-ecommerce",
            "en",
            "Sorry about that! It'll definitely be there tomorrow, I promise.",
            "",
        ),
        ("mortgage-delay-bank", "zh-Hans", "您放心，我保证月底前放款。", ""),
        (
            "mortgage-delay-bank",
            "en",
            "Don't worry, I'll make sure it's approved by the end of the month.",
            "",
        ),
        ("specialist-slot-hospital", "zh-Hans", "我去跟主任说一声，私下给您加一个号。", "私下"),
        (
            "child-fever-wait-hospital",
            "en",
            "I'll quietly move you up the list, just don't tell the others.",
            "",
        ),
        (
            "roaming-bill-telecom",
            "en",
            "Leave it with me, I'll refund the whole roaming charge today.",
            "",
        ),
        ("roaming-bill-telecom", "zh-Hans", "林先生别急，这个漫游费我全部给您退掉。", ""),
        ("cancel-broadband-telecom", "zh-Hant", "違約金我給您免了，今天就幫您辦。", ""),
        (
            "cancel-broadband-telecom",
            "en",
            "Tell you what, I'll waive the early exit fee for you.",
            "",
        ),
        (
            "foreign-object-restaurant",
            "en",
            "We'll pay all his hospital bills and 2,000 yuan compensation.",
            "",
        ),
        ("rude-staff-telecom", "zh-Hans", "我们会把她开除的。", "开除"),
        ("rude-staff-telecom", "en", "I'll make sure she's disciplined today.", "disciplined"),
        ("app-locked-bank", "zh-Hant", "您把收到的驗證碼念給我，我後台幫您登進去。", ""),
        ("bad-review-hotel", "zh-Hans", "黄女士，您把差评删了，我们就给您退一半房费。", ""),
        (
            "outage-broadband-telecom",
            "en",
            "If it isn't back by three, we'll compensate you for the interview.",
            "",
        ),
    ],
)
def test_a_promise_beyond_front_line_authority_breaks_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, heard: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    remedy = score.result("remedy")
    assert remedy.status == "broken", score.results
    assert remedy.sentence and remedy.cue
    if heard:
        assert to_lang_script(heard, lang) in remedy.cue
    assert ("authority" if lang == "en" else to_lang_script("权限", lang)) in remedy.feedback


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("outage-broadband-telecom", "en", "I can't promise it'll be fixed before three."),
        (
            "outage-broadband-telecom",
            "zh-Hans",
            "我没法保证三点前一定修好，但我会帮您登记恢复短信。",
        ),
        ("queue-anger-bank", "zh-Hant", "不能私下讓您插隊，不過我先幫您核對資料。"),
        (
            "missing-dish-takeaway",
            "en",
            "I'm remaking it now, and have a drink on the house while you wait.",
        ),
    ],
)
def test_a_refused_promise_or_an_allowed_gift_is_not_beyond_authority(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("remedy").status != "broken", score.results


def test_a_lone_question_mark_checks_nothing(library: dict[str, Scenario]) -> None:
    for lang in ("zh-Hans", "zh-Hant", "en"):
        score = score_reply(_scenario(library, "queue-anger-bank", lang), "?", lang)
        assert score.met == () and score.flagged("empty")


# --- explain without connectives, blame broad but owned, brush-offs -----------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "expected"),
    [
        ("noise-night-hotel", "zh-Hans", "唐先生，隔壁在办派对，比较吵，我马上让保安上去。", "met"),
        ("queue-anger-bank", "zh-Hans", "王先生，今天人手只有两个，另一位同事在培训。", "met"),
        ("late-takeaway-restaurant", "zh-Hant", "高先生，今天雨下很大，外送單一下子爆量。", "met"),
        ("outage-broadband-telecom", "en", "Tom, the system was down this morning.", "met"),
        (
            "queue-anger-bank",
            "en",
            "Mr Wang, there are only two of us on the counters today.",
            "met",
        ),
        (
            "manager-demand-retail",
            "en",
            "The promo ended yesterday but nobody took the label down.",
            "met",
        ),
        ("mortgage-delay-bank", "zh-Hans", "许先生，您的贷款还在审批中。", "missed"),
        ("claim-slow-insurance", "zh-Hant", "白小姐，您的案件目前審核中。", "missed"),
        ("mortgage-delay-bank", "en", "Your application is still pending, sir.", "missed"),
        ("callback-broken-insurance", "zh-Hant", "宋先生，造成您的不便非常抱歉。", "missed"),
    ],
)
def test_a_cause_or_state_told_without_a_connective_explains_a_bare_status_does_not(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, expected: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("explain").status == expected, reply


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "explain"),
    [
        ("claim-denied-insurance", "zh-Hans", "那是业务部门的事，我们只管理赔。", "broken"),
        ("manager-demand-retail", "zh-Hans", "价签是理货员没撤，不关我们收银的事。", "broken"),
        ("oos-after-payment-ecommerce", "zh-Hans", "库存是商家设的，您找商家吧。", "broken"),
        ("dirty-room-hotel", "zh-Hant", "保潔今天是新來的，您多擔待。", "broken"),
        (
            "wrong-size-ecommerce",
            "en",
            "That's the warehouse's mistake. You'll need to contact them.",
            "broken",
        ),
        ("roaming-bill-telecom", "en", "You left data roaming on, so that's on you.", "broken"),
        (
            "callback-broken-bank",
            "en",
            "My colleague was on leave last week so it fell through the cracks.",
            "broken",
        ),
        ("dirty-room-hotel", "zh-Hant", "羅小姐，房務同事漏掉了這間，是我們沒檢查好。", "met"),
        ("callback-broken-bank", "zh-Hans", "专员上周在休假，单子没人跟，这是我们没做好。", "met"),
        (
            "callback-broken-bank",
            "en",
            "My colleague was off sick and your case wasn't handed over, which is our failure.",
            "met",
        ),
    ],
)
def test_blame_on_anyone_breaks_explain_and_avoid_unless_the_reply_owns_it(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, explain: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("explain").status == explain, reply
    assert score.result("avoid").status == ("broken" if explain == "broken" else "met"), reply


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "avoid"),
    [
        ("queue-anger-bank", "zh-Hans", "按规定必须取号排队。", "broken"),
        ("specialist-slot-hospital", "zh-Hans", "没办法，您下周再来吧。", "broken"),
        ("refund-slow-ecommerce", "zh-Hant", "退款還在處理中，請您再耐心等候。", "broken"),
        ("claim-slow-insurance", "zh-Hant", "這個我們沒辦法，流程就是這樣。", "broken"),
        ("queue-anger-bank", "en", "You'll have to wait like everyone else.", "broken"),
        ("claim-slow-insurance", "en", "These things just take a while, I'm afraid.", "broken"),
        (
            "noise-night-hotel",
            "en",
            "We can't knock on guests' doors, that's hotel policy.",
            "broken",
        ),
        (
            "callback-broken-insurance",
            "en",
            "Actually, I can't promise that call after all.",
            "broken",
        ),
        ("callback-broken-insurance", "zh-Hans", "刚才说的下午回电可能做不到了。", "broken"),
        ("queue-anger-bank", "zh-Hans", "王先生，感谢您耐心等待，今天窗口只有两个。", "met"),
        (
            "specialist-slot-hospital",
            "zh-Hans",
            "我没办法给您加号，但我现在就帮您约下周一上午的号。",
            "met",
        ),
        (
            "queue-anger-bank",
            "en",
            "You won't have to wait again: I'll book you Monday at 9:30.",
            "met",
        ),
    ],
)
def test_brush_offs_and_a_promise_taken_back_break_avoid(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, avoid: str
) -> None:
    score = score_reply(_scenario(library, situation, lang), reply, lang)
    assert score.result("avoid").status == avoid, reply


# --- the trainers' rubric, rule by rule -------------------------------------------------------


def _status(library: dict[str, Scenario], situation: str, lang: str, reply: str) -> ReplyScore:
    return score_reply(_scenario(library, situation, lang), reply, lang)


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "expected"),
    [
        # a bare sorry names nothing
        ("late-takeaway-restaurant", "zh-Hans", "不好意思，我帮您催一下骑手。", "missed"),
        ("late-takeaway-restaurant", "zh-Hant", "高先生，不好意思，我們會盡快處理。", "missed"),
        (
            "late-takeaway-restaurant",
            "en",
            "Sorry about that, I'll chase the rider for you.",
            "missed",
        ),
        ("refund-slow-ecommerce", "zh-Hant", "劉小姐，不好意思造成您的不便。", "missed"),
        ("mortgage-delay-bank", "zh-Hans", "许先生，造成您的困扰很抱歉。", "missed"),
        ("abusive-diner-restaurant", "en", "Sir, I'm sorry you're upset.", "missed"),
        ("roaming-bill-telecom", "zh-Hant", "林先生，不好意思喔，有結果我們再通知您。", "missed"),
        # an apology for the specific thing
        ("late-takeaway-restaurant", "zh-Hans", "让您等了四十分钟，实在抱歉。", "met"),
        ("late-takeaway-restaurant", "zh-Hant", "下大雨還讓您等這麼久，真的很抱歉。", "met"),
        ("late-takeaway-restaurant", "en", "I'm sorry your dinner is half an hour late.", "met"),
        ("queue-anger-bank", "en", "I'm really sorry, Mr Wang, 40 minutes is far too long.", "met"),
    ],
)
def test_a_bare_sorry_is_no_apology(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, expected: str
) -> None:
    assert _status(library, situation, lang, reply).result("apologise").status == expected


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("outage-broadband-telecom", "zh-Hans", "谭同学，别急，我帮您登记一下。"),
        ("outage-broadband-telecom", "zh-Hant", "譚同學，別擔心，請您理解。"),
        ("outage-broadband-telecom", "en", "Don't worry, our engineers are on it."),
    ],
)
def test_reassurance_names_no_feeling(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = _status(library, situation, lang, reply)
    assert score.result("acknowledge").status == "missed"
    assert score.result("avoid").status == "met"  # a real attempt, not off topic


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("refund-slow-ecommerce", "zh-Hans", "我查了一下，您的退款还在处理中。"),
        ("late-gift-ecommerce", "zh-Hant", "馬小姐，物流顯示已到達本市轉運中心，還在運輸中喔。"),
        (
            "late-gift-ecommerce",
            "en",
            "I've checked and your parcel has arrived at the city sorting centre.",
        ),
        ("refund-slow-ecommerce", "en", "I've checked and it's still in progress."),
    ],
)
def test_i_checked_and_a_visible_status_do_not_explain(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _status(library, situation, lang, reply).result("explain").status == "missed"


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("roaming-bill-telecom", "zh-Hans", "系统不会错的，这是标准资费。"),
        ("noise-night-hotel", "zh-Hant", "上一班早該處理的，那個保全太不靠譜了。"),
        ("noise-night-hotel", "en", "The last shift should have dealt with them hours ago."),
        ("roaming-bill-telecom", "en", "The system doesn't make mistakes, sir."),
    ],
)
def test_blaming_a_colleague_or_denying_any_fault_breaks_explain(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = _status(library, situation, lang, reply)
    assert score.result("explain").status == "broken"
    assert score.result("avoid").status == "broken"


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "expected"),
    [
        # a chase with no outcome or time
        (
            "refund-slow-ecommerce",
            "zh-Hans",
            "您的退款还在处理中，我帮您催一下，有结果会通知您。",
            "missed",
        ),
        ("mortgage-delay-bank", "zh-Hant", "許先生，我幫您催辦一下，我們會盡快處理。", "missed"),
        (
            "mortgage-delay-bank",
            "en",
            "Your application is still pending. I'll chase it.",
            "missed",
        ),
        ("late-gift-ecommerce", "en", "We'll chase the courier and get back to you.", "missed"),
        # a chase with a time, or a concrete remedy
        (
            "mortgage-delay-bank",
            "en",
            "I'll chase the underwriters now and call you back by 4 this afternoon.",
            "met",
        ),
        ("mortgage-delay-bank", "zh-Hans", "我今天下午四点前向审批岗催办，催完给您回电话。", "met"),
        ("late-gift-ecommerce", "zh-Hant", "我已經請站點幫您加急派送，明天中午前會到。", "met"),
        # beyond front-line authority
        (
            "scam-call-bank",
            "en",
            "To look into this I'll need your full card number and your PIN.",
            "broken",
        ),
        ("queue-anger-bank", "en", "I'll have the transfer fee waived for the trouble.", "broken"),
        ("plan-price-rise-telecom", "zh-Hant", "我現在就幫您把老套餐恢復回來。", "broken"),
    ],
)
def test_a_remedy_is_concrete_and_within_authority(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, expected: str
) -> None:
    assert _status(library, situation, lang, reply).result("remedy").status == expected


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "expected"),
    [
        ("claim-slow-insurance", "zh-Hans", "有结果会通知您的。", "missed"),
        ("claim-slow-insurance", "zh-Hant", "白小姐，有消息我們再通知您。", "missed"),
        ("claim-slow-insurance", "en", "We'll let you know when there's an update.", "missed"),
        ("noise-night-hotel", "en", "I'll send someone up to have a word with them now.", "missed"),
        ("claim-slow-insurance", "zh-Hans", "今天下午四点前我打给您，我叫小李。", "met"),
        ("claim-slow-insurance", "zh-Hant", "明天下午三點前我打給您確認進度。", "met"),
        ("claim-slow-insurance", "en", "I'll text you by 6pm.", "met"),
        ("claim-slow-insurance", "en", "I'm Sam, I'll keep an eye on it.", "met"),
        ("missing-dish-takeaway", "zh-Hans", "骑手出发后我发短信告诉您。", "met"),
    ],
)
def test_closing_the_loop_needs_a_time_or_a_name(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, expected: str
) -> None:
    assert _status(library, situation, lang, reply).result("close").status == expected


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_avoid_met_says_what_was_avoided_not_an_empty_quote(lang: str) -> None:
    library = load_scenarios()
    scenario = library["callback-broken-bank-en" if lang == "en" else "callback-broken-bank-zh"]
    reply = (
        "Mrs Peng, we promised a call within two days and you waited a week. I'm so sorry."
        if lang == "en"
        else "彭女士，说好两天回电让您白等了一个多礼拜，是我们没做到，真的对不起。"
    )
    avoid = score_session(scenario, [reply], lang).result("avoid")
    assert avoid.status == "met"
    assert "“”" not in avoid.feedback
    assert ("nobody blamed" if lang == "en" else "指責" if lang == "zh-Hant" else "指责") in (
        avoid.feedback
    )

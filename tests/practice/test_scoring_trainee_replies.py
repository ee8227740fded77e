"""The "explain" and "remedy" criteria on replies written the way trainees write them, in
zh-Hans, zh-Hant and English: blame put on the customer, a colleague or an outside party in words
no forbidden phrase lists ("好多人都会点错码的", "the couriers are useless", "that's on him not
us"), a cause told as a state or in the passive, a refused promise followed by what is within
authority, a promise outside authority worded in the trainee's own order ("贵的那款我也照特价卖给您",
"打个九折"), Taiwan wording the script conversion leaves as it is (身分證, 在背景, 級距), and an
ordinary word that is no typo of a cue ("cash" is not "crash"). Also the second labelled file of
such replies and how it is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.practice.evaluation import replies_files
from assistant.practice.scenarios import Scenario, load_scenarios
from assistant.practice.scoring import ReplyScore, score_reply
from assistant.text.script import is_simplified_only
from assistant.text.yaml_text import load_yaml

SETS = Path(__file__).parent
FILE = SETS / "tutor_set_explain_remedy_2.yaml"


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _score(library: dict[str, Scenario], situation: str, lang: str, reply: str) -> ReplyScore:
    return score_reply(library[f"{situation}-{'en' if lang == 'en' else 'zh'}"], reply, lang)


def _statuses(score: ReplyScore, *criteria: str) -> tuple[str, ...]:
    return tuple(score.result(c).status for c in criteria)  # type: ignore[arg-type]


# --- blame in the trainee's own words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        # the customer: "lots of people pick the wrong size", "was it your family", "we did tell you"
        (
            "wrong-size-ecommerce",
            "zh-Hans",
            "您确定下单时选的是L吗？好多人都会点错码的。",
        ),
        (
            "vas-charge-telecom",
            "zh-Hans",
            "记录上清清楚楚是您手机点的开通，要不您回去问问家里人是不是他们弄的。",
        ),
        ("plan-price-rise-telecom", "zh-Hant", "秦先生，全行業都漲價了，簡訊也有通知過您。"),
        ("foreign-object-restaurant", "zh-Hant", "不可能有這個，是不是小朋友自己帶進來的？"),
        ("roaming-bill-telecom", "en", "We did text you when you landed, sir."),
        # a colleague or an outside party, run down or disowned
        ("dirty-room-hotel", "zh-Hans", "可能是打扫阿姨没仔细看，她们今天房间多，难免的。"),
        ("review-threat-restaurant", "zh-Hant", "廚房那邊出菜就是這麼慢，我也催不動。"),
        ("late-gift-ecommerce", "zh-Hans", "快递那边怎么派我们这边真的管不着，您再等两天吧。"),
        ("mortgage-delay-bank", "zh-Hans", "您的客户经理休假了，我们这边也看不到审批到哪。"),
        ("late-gift-ecommerce", "en", "Honestly the couriers are useless this time of year."),
        (
            "late-takeaway-restaurant",
            "en",
            "The rider's the one holding it up, that's on him not us.",
        ),
        ("queue-checkout-supermarket", "en", "Honestly the cashiers are just slow tonight."),
        (
            "callback-broken-insurance",
            "en",
            "Your handler's been off all week, we'll get to it asap.",
        ),
    ],
)
def test_blame_in_the_trainee_s_own_words_breaks_explain_and_avoid(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = _score(library, situation, lang, reply)
    assert _statuses(score, "explain", "avoid") == ("broken", "broken"), score.result("explain")


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        # taken on: the failure put elsewhere, then apologised for in the same sentence
        (
            "vip-manager-demand-bank",
            "zh-Hant",
            "錢小姐，您的理專剛好又休假，還讓您站在門口等，真的很抱歉。單筆超過限額的海外匯款要附貿易合約，"
            "這是外匯主管機關對每位客戶的要求。",
        ),
        # … or taken over: "I'm looking after it now"
        (
            "vip-manager-demand-bank",
            "zh-Hans",
            "钱女士，您的理财经理今天休假，我先帮您把合同预审了。单笔超过限额的境外汇款要附贸易合同，"
            "这是外汇监管对每位客户都一样的要求。",
        ),
        # "not us" about a scam call is a fact, not a colleague blamed
        (
            "scam-call-bank",
            "en",
            "That call wasn't us - we never ask for codes over the phone, it was a scam using our name.",
        ),
        # "put a cooling patch on her" is not "it's on her"
        (
            "child-fever-wait-hospital",
            "en",
            "It's flu season and we've four doctors on, so there are 14 ahead of you. We'll put a "
            "cooling patch on her forehead.",
        ),
        # a machine "有毛病" is a fault, not an insult
        (
            "refund-refused-retail",
            "zh-Hans",
            "您这台已经第十天了，所以收银台退不了。不过声音大也可能是电机有毛病，我现在就帮您免费测一下。",
        ),
    ],
)
def test_a_fact_or_a_failure_taken_on_is_no_blame(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = _score(library, situation, lang, reply)
    assert _statuses(score, "explain", "avoid") == ("met", "met"), score.results


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("queue-anger-bank", "zh-Hant", "每個人都是這樣排的，這是規定，我也沒辦法。"),
        ("specialist-slot-hospital", "zh-Hant", "沒號就是沒號，下次請早一點約。"),
        ("promo-sold-out-retail", "en", "Sold out is sold out I'm afraid. Maybe check online?"),
    ],
)
def test_a_brush_off_or_not_knowing_why_explains_nothing(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "missed"


@pytest.mark.parametrize(
    ("lang", "reply"),
    [
        ("zh-Hans", "系统拒的我也不知道原因。"),
        ("en", "The system declined it, I don't know the reason."),
    ],
)
def test_the_system_as_the_one_who_refused_is_blame_not_a_cause(
    library: dict[str, Scenario], lang: str, reply: str
) -> None:
    """ "The system did it" puts the decision on a machine instead of saying why: the later
    labelled sets (er2, er3 and the blind set) mark it broken, like blame on a department."""
    score = _score(library, "loan-rejected-bank", lang, reply)
    assert score.result("explain").status == "broken", score.results


def test_the_customer_s_timing_given_as_the_reason_is_blame(library: dict[str, Scenario]) -> None:
    """ "You're a bit early" / 「您来得太晚啦」 says the customer caused it (the er2 labels)."""
    for situation, lang, reply in (
        ("vip-room-not-ready-hotel", "en", "Other members wait too sir. You're a bit early."),
        ("promo-sold-out-retail", "zh-Hans", "阿姨您来得太晚啦，下次早点来排队。"),
    ):
        score = _score(library, situation, lang, reply)
        assert score.result("avoid").status == "broken", reply
        assert score.result("explain").status == "broken", reply


# --- causes told as a state, in the passive, in Taiwan wording ------------------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("mortgage-delay-bank", "zh-Hant", "許先生，現在是卡在審批這關，收入那塊比較弱。"),
        (
            "roaming-bill-telecom",
            "zh-Hant",
            "林先生，這幾筆都是出國第一天晚上的流量，手機在背景自動更新APP。",
        ),
        (
            "noise-night-hotel",
            "en",
            "There's a group next door celebrating something and it's got out of hand.",
        ),
        (
            "promo-sold-out-retail",
            "en",
            "We got far fewer of these than we ordered and they went within the hour.",
        ),
        (
            "dirty-room-hotel",
            "en",
            "Tonight was a busy turnover and the room inspection was skipped on that floor.",
        ),
        (
            "review-threat-restaurant",
            "en",
            "A big banquet order went into the kitchen just before yours.",
        ),
        (
            "roaming-bill-telecom",
            "en",
            "Those charges came from data roaming being left on while you travelled.",
        ),
    ],
)
def test_a_cause_told_as_a_state_or_in_the_passive_explains(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "met"


def test_a_word_of_its_own_is_no_typo_of_a_cue(library: dict[str, Scenario]) -> None:
    # "cash" read as "crashed", "store" as "storm" once explained; "chek" is still "check"
    cash = _score(library, "refund-refused-retail", "en", "I'll give you cash back at staff price.")
    assert cash.result("explain").status == "missed"
    store = _score(library, "noise-night-hotel", "en", "Let me ring the store downstairs.")
    assert store.result("explain").status == "missed"
    typo = _score(
        library, "queue-anger-bank", "en", "theres 11 ppl ahead of u, let me chek ur documents"
    )
    assert typo.result("remedy").status == "met"


# --- remedies: refused promises, promises in other words ------------------------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        # what is outside authority refused, then what is inside it offered
        (
            "noise-night-hotel",
            "zh-Hans",
            "唐先生，让他们退房我这边做不到，不过我马上派人上去提醒他们小声点。",
        ),
        (
            "wrong-size-ecommerce",
            "zh-Hant",
            "陳先生，我沒辦法保證幾點一定送到，但我今天就用同城快送把L號寄出。",
        ),
        (
            "queue-anger-bank",
            "en",
            "I can't let you skip the line I'm afraid, but I can book you in for 9:30 on Monday.",
        ),
        # an offer in words that share the offer's own ("sale" and "price", however short the stem)
        (
            "promo-sold-out-retail",
            "en",
            "Let me ring the Eastgate store now, they might have one I can transfer over for you at "
            "the sale price.",
        ),
    ],
)
def test_a_refused_promise_then_an_offer_within_authority_is_a_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("remedy").status == "met"


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("queue-checkout-supermarket", "zh-Hant", "這樣吧，您這車東西我給您打個九折當補償。"),
        (
            "promo-sold-out-retail",
            "zh-Hant",
            "阿姨沒關係啦，旁邊那台比較貴的那款我也照特價賣給您。",
        ),
        (
            "wrong-size-ecommerce",
            "zh-Hant",
            "如果今天趕不上，我幫您全額退款，另外婚禮那邊的損失我們也會賠償您。",
        ),
        ("outage-broadband-telecom", "en", "I'll make sure you get compensated for the interview."),
        (
            "bad-review-hotel",
            "zh-Hant",
            "如果您願意把評論撤掉，我們可以退您一半房費。",
        ),
        ("elderly-bank-app", "zh-Hant", "奶奶，手機給我，密碼跟我說一下，我幫您弄好。"),
        ("rude-staff-telecom", "en", "I'll get her to come over and apologise to your face."),
    ],
)
def test_a_promise_outside_authority_in_the_trainee_s_own_words_breaks_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("remedy").status == "broken"


def test_the_system_s_own_doing_is_no_commitment(library: dict[str, Scenario]) -> None:
    score = _score(
        library,
        "oos-after-payment-ecommerce",
        "zh-Hans",
        "活动商品本来数量就有限，是系统自动给您取消的，您重新拍一单就行。",
    )
    assert score.result("remedy").status == "missed"


# --- the labelled file ---------------------------------------------------------------------------


def test_the_second_explain_remedy_file_is_well_formed_and_read_with_the_development_set(
    library: dict[str, Scenario],
) -> None:
    items = load_yaml(FILE.read_text(encoding="utf-8"))["replies"]
    assert len(items) >= 120
    assert len({library[i["scenario"]].situation_id for i in items}) >= 20
    assert {i["lang"] for i in items} == {"zh-Hans", "zh-Hant", "en"}
    others = [
        i["id"]
        for path in replies_files(SETS / "tutor_set.yaml")
        if path != FILE
        for i in load_yaml(path.read_text(encoding="utf-8"))["replies"]
    ]
    ids = [i["id"] for i in items]
    assert len(set(ids)) == len(ids) and not set(ids) & set(others)
    for item in items:
        scenario = library[item["scenario"]]
        # the criteria this file probes, each one the scenario scores
        assert set(item["labels"]) == {"explain", "remedy", "avoid"} & set(scenario.criteria)
        assert set(item["labels"].values()) <= {"met", "missed", "broken"}
        assert 1 <= item["grade"] <= 5
        if item["lang"] == "zh-Hant":
            assert not any(is_simplified_only(c) for c in item["reply"]), item["id"]
    for criterion in ("explain", "remedy"):
        assert {i["labels"][criterion] for i in items} == {"met", "missed", "broken"}
    assert FILE in replies_files(SETS / "tutor_set.yaml")
    assert FILE not in replies_files(SETS / "tutor_holdout.yaml")

"""Blame heard by the structure of a sentence, not by a listed phrase, and by the small learned
check (`reply_model`) for what no pattern holds — in zh-Hans, zh-Hant and English, in wordings
written for these tests (none of them is in a labelled set): a counterfactual or a rhetorical
doubt put to the customer, a colleague, another department, an outside party or the system as the
one who failed, "we can do nothing" once a party is named; while the same parties named in a cause
told plainly, or in a failure the reply owns, are no blame."""

from __future__ import annotations

import pytest

from assistant.practice.reply_model import load_model, ngrams
from assistant.practice.scenarios import Scenario, load_scenarios
from assistant.practice.scoring import ReplyScore, matching_text, score_reply


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _score(library: dict[str, Scenario], situation: str, lang: str, reply: str) -> ReplyScore:
    return score_reply(library[f"{situation}-{'en' if lang == 'en' else 'zh'}"], reply, lang)


BLAME = [
    # the customer: a counterfactual, "should have", a rhetorical doubt, "came too late"
    ("queue-anger-bank", "zh-Hans", "月底人本来就多，您要是早上来就不用等这么久了。"),
    ("promo-sold-out-retail", "zh-Hans", "您要是早一点来肯定还有，现在确实卖完了。"),
    ("roaming-bill-telecom", "zh-Hans", "您出国前应该先开通漫游包的，不开当然贵啊。"),
    ("roaming-bill-telecom", "zh-Hant", "您出國前如果先來辦漫遊方案，就不會有這麼多費用了。"),
    ("refund-refused-retail", "zh-Hant", "您當時買的時候應該先看清楚退換貨規定的。"),
    ("new-phone-login-ecommerce", "zh-Hans", "换手机登录要验证，谁叫您换手机之前不先解绑呢。"),
    ("specialist-slot-hospital", "zh-Hans", "专家号都是提前一周放的，您当时没抢到也怪不了医院。"),
    ("foreign-object-restaurant", "zh-Hant", "這根頭髮不一定是我們廚房的，您確定不是您自己的嗎？"),
    ("claim-slow-insurance", "zh-Hans", "资料是您上周五才交齐的，所以才慢了。"),
    # … with only its outcome, no "earlier": "您要是当时选了顺丰就不会这样了"
    ("late-gift-ecommerce", "zh-Hans", "您要是当时选了顺丰配送就不会这样了，我帮您问问吧"),
    ("specialist-slot-hospital", "zh-Hant", "您下次提早預約就不會這麼麻煩了啦"),
    # the norm as a rhetorical question or as what everybody knows
    ("roaming-bill-telecom", "zh-Hans", "出门前不是应该先查一下流量套餐吗？这个大家都知道的"),
    # the customer named as the source, or as the one who should have looked
    ("scam-call-bank", "zh-Hant", "這種詐騙電話一定是您自己在網路上留了資料"),
    ("claim-denied-insurance", "zh-Hans", "您投保的时候就应该仔细看一下免责条款的"),
    # other customers as the measure
    ("review-threat-restaurant", "zh-Hans", "隔壁桌都没抱怨，就您嫌慢"),
    (
        "plan-price-rise-telecom",
        "en",
        "You ticked the auto-upgrade box when you renewed, so you have to pay the new price.",
    ),
    (
        "noise-night-hotel",
        "en",
        "Nobody else on your floor has complained about the noise tonight.",
    ),
    # the customer as the one who did it, a handler away, "his problem", "we can't change it"
    ("vas-charge-telecom", "zh-Hans", "查了记录，是您上个月自己点了短信链接开通的"),
    ("callback-broken-bank", "zh-Hans", "负责您这笔业务的那位同事请假了，工单就一直压着"),
    ("claim-denied-insurance", "zh-Hant", "這個是當初賣保單的業務沒講清楚，是他的問題"),
    ("mortgage-delay-bank", "zh-Hans", "审批进度要看总行那边，我们支行也不太好管"),
    ("premium-rise-insurance", "en", "The underwriters set the new rate and we can't change it."),
    (
        "plan-price-rise-telecom",
        "en",
        "That price change came from head office marketing, not from us in the store.",
    ),
    (
        "roaming-bill-telecom",
        "en",
        "If you'd turned on the roaming pack before you flew, this wouldn't have happened.",
    ),
    ("queue-anger-bank", "en", "If you'd booked online you wouldn't have had to queue at all."),
    ("roaming-bill-telecom", "en", "You should have switched off data roaming before you landed."),
    (
        "foreign-object-restaurant",
        "en",
        "Are you sure that didn't come from your own plate or your bag?",
    ),
    (
        "claim-denied-insurance",
        "en",
        "You didn't mention the condition on the form, so the underwriters had no choice.",
    ),
    (
        "foreign-object-restaurant",
        "en",
        "Our kitchen is inspected weekly, so I'm not sure how that could have got in there.",
    ),
    # a colleague, another department or an outside party as the one who failed
    ("late-gift-ecommerce", "zh-Hans", "包裹延误主要是快递那边派送不及时造成的，跟我们关系不大。"),
    ("dirty-room-hotel", "zh-Hans", "可能是保洁阿姨今天太忙了没顾上，她们人手不够。"),
    ("dirty-room-hotel", "zh-Hant", "可能是打掃的阿姨趕時間沒檢查到，她們最近人比較少。"),
    ("claim-slow-insurance", "zh-Hant", "理賠慢是因為醫院那邊診斷證明一直沒給，我們也只能等。"),
    ("mortgage-delay-bank", "zh-Hant", "是代書那邊文件送太晚，我們這邊都是照流程走的。"),
    (
        "late-gift-ecommerce",
        "zh-Hans",
        "物流公司那边分拣出了差错，把您的包裹发到外地去了，我们也是刚知道。",
    ),
    ("queue-checkout-supermarket", "zh-Hans", "收银员新来的，手脚慢，您多担待。"),
    (
        "late-gift-ecommerce",
        "en",
        "The parcel got stuck because the courier mislabelled it, that's their mistake rather than ours.",
    ),
    (
        "dirty-room-hotel",
        "en",
        "The cleaning crew obviously skipped your room, they've been sloppy all week.",
    ),
    (
        "dirty-room-hotel",
        "en",
        "Our housekeeper must have been in a rush, she's usually better than that.",
    ),
    (
        "refund-slow-ecommerce",
        "en",
        "Refunds go through your card issuer, so the delay sits with your bank, not us.",
    ),
    (
        "late-takeaway-restaurant",
        "en",
        "The driver must have picked up two other orders first, that's on the delivery side.",
    ),
    # the system as the one who did it
    ("oos-after-payment-ecommerce", "zh-Hans", "系统自动把您的订单取消了，这个我们也控制不了。"),
    ("app-locked-bank", "zh-Hant", "是您自己連續輸錯密碼，系統才把帳號鎖起來的。"),
    (
        "oos-after-payment-ecommerce",
        "en",
        "The system cancelled it automatically, it's just how the software works.",
    ),
    # "we can do nothing" once a party is named
    ("plan-price-rise-telecom", "zh-Hant", "漲價是總公司決定的，我們門市也沒辦法。"),
    ("plan-price-rise-telecom", "zh-Hans", "资费调整是集团统一定的，我们营业厅说了不算。"),
    (
        "noise-night-hotel",
        "zh-Hant",
        "隔壁那團客人本來就很吵，我們也勸過了，他們不聽我們也沒辦法。",
    ),
    (
        "plan-price-rise-telecom",
        "en",
        "Head office set the new prices, we in store have no say in it at all.",
    ),
    (
        "plan-price-rise-telecom",
        "en",
        "Pricing is set centrally by head office, so honestly it's out of our hands.",
    ),
    (
        "noise-night-hotel",
        "en",
        "Honestly the guests next door are the problem, we can't control what they do.",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), BLAME)
def test_blame_by_structure_breaks_explain_and_avoid(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = _score(library, situation, lang, reply)
    assert score.result("explain").status == "broken", score.result("explain")
    assert score.result("avoid").status == "broken", score.result("avoid")


NO_BLAME = [
    # the failure owned: naming the courier, a colleague or the system is then the cause told
    (
        "late-gift-ecommerce",
        "zh-Hans",
        "包裹在转运中心压了两天，是我们没及时跟快递确认，这是我们的问题，我现在帮您加急。",
    ),
    (
        "dirty-room-hotel",
        "zh-Hant",
        "是我們房務交接沒做好，清潔沒有確認就把房間放出來了，這是我們的疏失。",
    ),
    (
        "refund-slow-ecommerce",
        "zh-Hans",
        "退款已经在上周五原路退回了，是我们财务审核拖了三天，这是我们的问题，我现在帮您催加急。",
    ),
    (
        "late-gift-ecommerce",
        "en",
        "The courier missed the delivery slot, and we should have told you straight away - that's our failure.",
    ),
    (
        "callback-broken-insurance",
        "en",
        "Your handler was off sick and nobody picked up her calls - that's our failure, and I'm taking your claim on myself now.",
    ),
    # a cause told plainly, with a third party, the system or the customer's own use in it
    (
        "outage-broadband-telecom",
        "zh-Hant",
        "目前是您那區的光纖線路被施工挖斷了，工程師正在搶修，預計今晚八點前恢復。",
    ),
    (
        "outage-broadband-telecom",
        "zh-Hans",
        "我查了，不是您家设备的问题，是附近施工把光缆挖断了，抢修队已经在现场。",
    ),
    (
        "app-locked-bank",
        "zh-Hant",
        "您的帳號因為連續三次密碼錯誤被系統暫時鎖住了，這是保護機制，我現在就幫您解鎖。",
    ),
    (
        "late-takeaway-restaurant",
        "zh-Hans",
        "今晚订单太多，厨房出餐比平时慢了二十分钟，我现在帮您催一下，再送您一份小菜。",
    ),
    (
        "roaming-bill-telecom",
        "zh-Hans",
        "这笔费用是您在日本用的流量按标准漫游资费计的，您的线路上没有漫游包。",
    ),
    (
        "outage-broadband-telecom",
        "en",
        "There's a fault at the street cabinet after a power cut last night, and our engineers are on site now.",
    ),
    (
        "mortgage-delay-bank",
        "en",
        "The valuation report came back a week late, which held up the offer; I've escalated it and will call you Friday.",
    ),
    (
        "roaming-bill-telecom",
        "en",
        "The charge is for data used while roaming in Japan, billed at the pay-as-you-go rate because no roaming pack was on the line.",
    ),
]


@pytest.mark.parametrize(("situation", "lang", "reply"), NO_BLAME)
def test_a_party_named_in_a_cause_told_or_owned_is_no_blame(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    score = _score(library, situation, lang, reply)
    assert score.result("explain").status == "met", score.result("explain")


def test_we_can_do_nothing_alone_or_before_a_party_is_no_blame(
    library: dict[str, Scenario],
) -> None:
    # a refusal of what is outside authority, or a brush-off: not blame put on anyone
    for situation, lang, reply in (
        (
            "queue-checkout-supermarket",
            "zh-Hans",
            "这个点都是这么多人，我也没办法，您跟收银员说吧。",
        ),
        (
            "noise-night-hotel",
            "en",
            "I'm afraid we can't do anything about it tonight, but I can move you to a quieter room.",
        ),
    ):
        assert _score(library, situation, lang, reply).result("explain").status != "broken", reply


def test_the_model_reads_blame_no_pattern_holds(library: dict[str, Scenario]) -> None:
    score = _score(
        library,
        "outage-broadband-telecom",
        "zh-Hans",
        "断网估计是您家里的线被老鼠咬了，您先自己检查一下。",
    )
    explain = score.result("explain")
    assert explain.status == "broken"
    assert "读起来" in explain.detail  # said as read, not as a cue heard
    assert score.result("avoid").status == "broken"


def test_the_model_leaves_a_reply_that_owns_the_failure_alone(library: dict[str, Scenario]) -> None:
    reply = "是我们的疏失，客服那边没跟进，我现在帮您加急处理，今天下午四点前给您回电。"
    assert (
        _score(library, "callback-broken-bank", "zh-Hans", reply).result("explain").status
        != "broken"
    )


def test_what_the_model_reads_leaves_the_customer_cleared_out() -> None:
    assert "问题" not in matching_text("不是您家设备的问题，是施工挖断了光缆。", "zh-Hans")
    assert "施工" in matching_text("不是您家设备的问题，是施工挖断了光缆。", "zh-Hant")
    assert "fault" not in matching_text("It's not your fault at all.", "en")


def test_the_model_is_shipped_small() -> None:
    model = load_model()
    assert model is not None
    assert 0.5 <= model.threshold < 1
    assert len(model.idf) == len(model.coef) <= 10_000
    text = matching_text("快递那边怎么派我们这边真的管不着，您再等两天吧。" * 3, "zh-Hans")
    assert 0.0 < model.probability(text) < 1.0  # its speed: the turn p95 of `cxcoach eval tutor`


def test_ngrams_are_character_grams_inside_padded_words() -> None:
    grams = list(ngrams("ab cd", 2, 3))
    assert grams[:3] == [" a", "ab", "b "]
    assert " ab" in grams and "cd " in grams
    assert all(len(g) in (2, 3) for g in grams)

"""The "explain" and "remedy" criteria as trainers read them: a status the customer can already
see or the failure named inside an apology explains nothing, an owned failure or a load told
plainly does; an offer made in the trainee's own words is a remedy, a chase or a check already
done is not, and a promise beyond authority breaks it however it is worded — in zh-Hans, zh-Hant
and English. Also the labelled replies written for these two criteria and how the evaluation reads
them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.practice.evaluation import evaluate, replies_files
from assistant.practice.scenarios import Scenario, load_scenarios
from assistant.practice.scoring import ReplyScore, score_reply
from assistant.text.script import is_simplified_only, to_lang_script
from assistant.text.yaml_text import load_yaml

SETS = Path(__file__).parent


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _score(library: dict[str, Scenario], situation: str, lang: str, reply: str) -> ReplyScore:
    return score_reply(library[f"{situation}-{'en' if lang == 'en' else 'zh'}"], reply, lang)


# --- explain ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        (
            "late-takeaway-restaurant",
            "zh-Hans",
            "您好，系统上显示骑手目前还在配送中，您再稍等一下。",
        ),
        ("late-takeaway-restaurant", "zh-Hant", "系統上顯示外送員目前還在配送中喔。"),
        ("claim-slow-insurance", "en", "Your claim is under review at the moment."),
        ("outage-broadband-telecom", "en", "We know about it and it's being worked on."),
        ("wrong-size-ecommerce", "en", "Sorry for the mix-up with the size."),
        ("foreign-object-restaurant", "zh-Hans", "您一定吓坏了，真的非常抱歉。"),
    ],
)
def test_a_status_the_customer_sees_or_the_failure_apologised_for_explains_nothing(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "missed"


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("wrong-size-ecommerce", "zh-Hant", "您訂L號我們寄成S號，是我們出錯，真的很抱歉。"),
        ("late-takeaway-restaurant", "zh-Hans", "今晚下雨，单子是平时的三倍，骑手根本不够用。"),
        ("late-takeaway-restaurant", "en", "We've had three times the usual orders tonight."),
        ("plan-price-rise-telecom", "en", "Your old plan was taken off sale in March."),
        ("cancel-broadband-telecom", "zh-Hans", "前两次都被转到了续约专线，是我们的做法不对。"),
        ("manager-demand-retail", "zh-Hans", "促销是昨天结束的，可价签没人及时撤下来。"),
    ],
)
def test_an_owned_failure_or_a_cause_told_plainly_explains(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    result = _score(library, situation, lang, reply).result("explain")
    assert result.status == "met", result.feedback


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        (
            "mortgage-delay-bank",
            "en",
            "Your relationship manager was off this week so nobody picked it up.",
        ),
        ("callback-broken-insurance", "en", "The claims handler was off sick, so that's why."),
        ("outage-broadband-telecom", "zh-Hans", "是不是您家光猫的问题？您重启一下。"),
        ("mortgage-delay-bank", "zh-Hant", "是審核單位拖的，我們分行也沒辦法。"),
    ],
)
def test_putting_it_on_a_colleague_or_the_customers_equipment_breaks_explain(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("explain").status == "broken"


# --- remedy -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "lang", "reply", "offer"),
    [
        (
            "queue-anger-bank",
            "zh-Hans",
            "我先帮您把材料过一遍，缺什么现在补上。",
            "在队伍里先预审材料",
        ),
        ("queue-anger-bank", "zh-Hant", "我先幫您看一下資料有沒有帶齊。", "在队伍里先预审材料"),
        (
            "queue-anger-bank",
            "zh-Hans",
            "我给您约周一上午十点，到了直接办。",
            "预约其他时段直接办理",
        ),
        (
            "queue-checkout-supermarket",
            "en",
            "I'm opening till 4 for you right now.",
            "Get another till opened",
        ),
    ],
)
def test_an_offer_in_the_trainees_own_words_is_a_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str, offer: str
) -> None:
    result = _score(library, situation, lang, reply).result("remedy")
    assert result.status == "met", result.feedback
    assert result.detail == to_lang_script(offer, lang)  # named, in the trainee's script


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("late-gift-ecommerce", "en", "I've checked and your parcel is at our local depot."),
        ("missing-dish-takeaway", "en", "Sorry we missed a bowl. I'll pass it on to the kitchen."),
        ("review-threat-restaurant", "en", "I'll check with the kitchen."),
        ("mortgage-delay-bank", "zh-Hans", "您的贷款还在审批中，我帮您跟审批那边反映一下。"),
        ("callback-broken-bank", "zh-Hant", "我們會盡快幫您處理。"),
        ("mortgage-delay-bank", "en", "It's in the approval stage. I'll chase them up."),
    ],
)
def test_a_check_done_a_chase_or_passing_it_on_is_no_remedy(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("remedy").status == "missed"


@pytest.mark.parametrize(
    ("situation", "lang", "reply"),
    [
        ("roaming-bill-telecom", "en", "Leave it with me, I'll get the whole lot refunded."),
        ("callback-broken-insurance", "en", "I'll personally pay you 500 on top for the trouble."),
        ("noise-night-hotel", "en", "I'll get security up there and have them thrown out."),
        (
            "missing-dish-takeaway",
            "en",
            "Don't worry about paying, the whole order's on us tonight.",
        ),
        ("queue-anger-bank", "en", "I'll slip you in at counter 3 after this customer."),
        ("rude-staff-telecom", "en", "Trust me, she'll be getting a written warning today."),
        ("cancel-broadband-telecom", "zh-Hant", "違約金我也幫您免了。"),
        ("hotline-wait-insurance", "zh-Hant", "下一期保費我幫您打八折。"),
        ("callback-broken-insurance", "zh-Hans", "我个人再额外补您两千块现金。"),
        ("vip-room-not-ready-hotel", "zh-Hant", "以後您每次來都保證提前入住。"),
    ],
)
def test_a_promise_beyond_authority_breaks_remedy_however_it_is_worded(
    library: dict[str, Scenario], situation: str, lang: str, reply: str
) -> None:
    assert _score(library, situation, lang, reply).result("remedy").status == "broken"


def test_a_load_told_in_numbers_is_no_promise(library: dict[str, Scenario]) -> None:
    reply = (
        "We've had three times the usual orders tonight. I'm taking the delivery charge off "
        "your bill right now."
    )
    score = _score(library, "late-takeaway-restaurant", "en", reply)
    assert score.result("remedy").status == "met"
    zh = _score(
        library, "late-takeaway-restaurant", "zh-Hans", "单子是平时的三倍，我现在就给您取消退款。"
    )
    assert zh.result("remedy").status == "met"


def test_a_deadline_promised_beyond_authority_does_not_close_the_loop(
    library: dict[str, Scenario],
) -> None:
    promised = _score(
        library,
        "wrong-size-ecommerce",
        "en",
        "I promise you it will be at your door before 10 tomorrow.",
    )
    assert promised.result("remedy").status == "broken"
    assert promised.result("close").status == "missed"
    follow_up = _score(
        library, "wrong-size-ecommerce", "en", "I'll text you the tracking number by 6pm."
    )
    assert follow_up.result("close").status == "met"


# --- the labelled replies ---------------------------------------------------------------------


def test_the_explain_remedy_set_is_well_formed_and_read_with_the_development_set(
    library: dict[str, Scenario],
) -> None:
    path = SETS / "tutor_set_explain_remedy.yaml"
    items = load_yaml(path.read_text(encoding="utf-8"))["replies"]
    assert len(items) >= 80
    assert len({library[i["scenario"]].situation_id for i in items}) >= 20
    assert {i["lang"] for i in items} == {"zh-Hans", "zh-Hant", "en"}
    main = load_yaml((SETS / "tutor_set.yaml").read_text(encoding="utf-8"))["replies"]
    ids = [i["id"] for i in items]
    assert len(set(ids)) == len(ids) and not set(ids) & {i["id"] for i in main}
    for item in items:
        assert set(item["labels"]) == set(library[item["scenario"]].criteria), item["id"]
        assert set(item["labels"].values()) <= {"met", "missed", "broken"}
        assert 1 <= item["grade"] <= 5
        if item["lang"] == "zh-Hant":
            assert not any(is_simplified_only(c) for c in item["reply"]), item["id"]
    labelled = {i["labels"][c] for i in items for c in ("explain", "remedy") if c in i["labels"]}
    assert labelled == {"met", "missed", "broken"}
    assert replies_files(SETS / "tutor_set.yaml") == [
        SETS / "tutor_set.yaml",
        SETS / "tutor_set_conv_a.yaml",  # blind sets in the held-out's conventions, now development
        SETS / "tutor_set_conv_b.yaml",
        SETS / "tutor_set_conv_c.yaml",
        SETS / "tutor_set_conv_d.yaml",
        SETS / "tutor_set_conv_e.yaml",
        SETS / "tutor_set_conv_f.yaml",
        SETS / "tutor_set_conv_g.yaml",
        SETS / "tutor_set_conv_h.yaml",
        SETS / "tutor_set_conv_i.yaml",
        SETS / "tutor_set_conv_j.yaml",
        SETS / "tutor_set_conv_k.yaml",
        SETS / "tutor_set_conv_l.yaml",
        SETS / "tutor_set_conv_m.yaml",
        SETS / "tutor_set_conv_o.yaml",
        SETS / "tutor_set_conv_p.yaml",
        SETS / "tutor_set_conv_q.yaml",
        SETS / "tutor_set_conv_r.yaml",
        SETS / "tutor_set_conv_s.yaml",
        SETS / "tutor_set_conv_t.yaml",
        SETS / "tutor_set_conv_u.yaml",
        SETS / "tutor_set_explain_blind.yaml",  # the earlier blind checks, now development
        SETS / "tutor_set_explain_blind_2.yaml",
        SETS / "tutor_set_explain_blind_4.yaml",
        path,
        SETS / "tutor_set_explain_remedy_2.yaml",
    ]
    assert replies_files(SETS / "tutor_holdout.yaml") == [SETS / "tutor_holdout.yaml"]


def test_a_companion_file_is_counted_with_its_set(tmp_path: Path) -> None:
    labels = (
        "{acknowledge: missed, apologise: missed, explain: missed, remedy: missed, "
        "confirm: missed, close: missed, avoid: missed}"
    )
    item = """  - id: {id}
    scenario: callback-broken-bank-en
    lang: en
    kind: bad
    reply: ""
    labels: {labels}
    grade: 1
"""
    (tmp_path / "r.yaml").write_text(
        "version: 1\nreplies:\n" + item.format(id="a", labels=labels), encoding="utf-8"
    )
    (tmp_path / "r_more.yaml").write_text(
        "version: 1\nreplies:\n" + item.format(id="b", labels=labels), encoding="utf-8"
    )
    runs = tmp_path / "s.yaml"
    runs.write_text(
        "version: 1\nruns:\n  - id: r\n    scenario: callback-broken-bank-en\n    lang: en\n"
        '    expected: escalated\n    replies: ["We\'ve been very busy."]\n',
        encoding="utf-8",
    )
    report = evaluate(tmp_path / "r.yaml", runs)
    assert report.replies == 2 and report.accuracy["explain"] == 1.0

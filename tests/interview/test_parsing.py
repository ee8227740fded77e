"""Rule parsers: lists, emotions and scales, severities, choices, industries, channels, KPIs."""

from __future__ import annotations

import pytest

from assistant.interview import parsing as p


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("咨询、申请，审批、放款", ["咨询", "申请", "审批", "放款"]),
        ("咨询和申请", ["咨询", "申请"]),
        ("諮詢及審批與放款", ["諮詢", "審批", "放款"]),
        ("Enquiry and Approval & Payout", ["Enquiry", "Approval", "Payout"]),
        # Between commas, an "and" joins the words of one name (issue #10).
        (
            "Booking, Arrival and check-in, Security and boarding, Baggage claim",
            ["Booking", "Arrival and check-in", "Security and boarding", "Baggage claim"],
        ),
        ("預約、到店與簽到、候診及就診", ["預約", "到店與簽到", "候診及就診"]),
        ("Browse, compare, and buy", ["Browse", "compare", "buy"]),
        ("1. 咨询\n2. 申请\n3) 审批", ["咨询", "申请", "审批"]),
        ("咨询；申请；审批", ["咨询", "申请", "审批"]),
        ("- Browse\n- Order\n- Pay", ["Browse", "Order", "Pay"]),
        ("柜台（网点，线下），自助机", ["柜台（网点，线下）", "自助机"]),
        (
            "排队取号（营业厅，线下）：取号等叫号，看前面还有几人",
            ["排队取号（营业厅，线下）：取号等叫号，看前面还有几人"],
        ),
        ("看产品页 → 填申请表→等审批", ["看产品页", "填申请表", "等审批"]),
        ("Browse -> Order => Pay > Review", ["Browse", "Order", "Pay", "Review"]),
        ("看到廣告 到店參觀 辦卡", ["看到廣告", "到店參觀", "辦卡"]),
        ("Report / Assess / Repair", ["Report", "Assess", "Repair"]),
        ("waiting / updates", ["waiting / updates"]),  # a slash splits three or more
        ("waiting / updates, pick up", ["waiting / updates", "pick up"]),
        ("APP 消息、短信", ["APP 消息", "短信"]),
    ],
)
def test_lists_split_on_separators_conjunctions_and_numbering(text: str, items: list[str]) -> None:
    assert p.split_items(text) == items


@pytest.mark.parametrize(
    ("text", "score", "label"),
    [
        ("-2 焦虑", -2, "焦虑"),
        ("＋1 安心", 1, "安心"),
        ("0", 0, ""),
        ("+2", 2, ""),
        ("2/5", -1, ""),
        ("4分", 1, ""),
        ("5 stars", 2, ""),
        ("3", 0, ""),
        ("1 焦虑", -2, "焦虑"),  # 1 on the 1–5 scale agrees with the word
        ("焦虑", -1, "焦虑"),
        ("非常焦虑", -2, "非常焦虑"),
        ("有点生气", -1, "有点生气"),
        ("不满意", -1, "不满意"),
        ("不开心", -1, "不开心"),
        ("很開心", 2, "很開心"),
        ("生氣", -2, "生氣"),
        ("frustrated", -1, "frustrated"),
        ("very happy", 2, "very happy"),
        ("not happy", -1, "not happy"),
        ("relieved +1", 1, "relieved"),
        ("a bit annoyed", -1, "a bit annoyed"),
        # plain words of managers, in three scripts
        ("好沮喪", -2, "好沮喪"),  # 好 before a word is "very"
        ("都幾順", 1, "都幾順"),
        ("有点懵", -1, "有点懵"),
        ("讲得快听不懂", -1, "听不懂"),  # both signs, no turn: a complaint
        ("買單冇乜感覺", 0, "冇乜感覺"),
        ("ok, they like the free car wash", 1, "they like"),  # neutral yields to a feeling
        ("rushed, they feel ignored", -1, "rushed"),
        ("nobody calls", -1, "nobody calls"),
        ("overwhelmed around week 4", -1, "overwhelmed"),  # "week 4" is no score
        ("一直問好了沒", None, ""),  # 好了沒 is a question, no feeling
    ],
)
def test_emotions_from_words_and_scales(text: str, score: int | None, label: str) -> None:
    emotion = p.parse_emotion(text)
    if score is None:
        assert emotion is None
        return
    assert emotion is not None
    assert (emotion.score, emotion.label) == (score, label)


def test_an_emotion_keeps_the_customer_quote_and_nothing_means_none() -> None:
    emotion = p.parse_emotion("-2 焦虑 “材料总说不全，来回跑了三趟”")
    assert emotion is not None and emotion.quote == "材料总说不全，来回跑了三趟"
    assert p.parse_emotion('"45 minutes late" angry') == p.ParsedEmotion(
        -2, "angry", "45 minutes late"
    )
    assert p.parse_emotion("柜台") is None


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("严重程度 4", 4),
        ("嚴重程度5", 5),
        ("severity 2", 2),
        ("3/5", 3),
        ("非常严重", 5),
        ("很严重", 4),
        ("critical", 5),
        ("a bit annoying", 2),
        ("minor issue", 2),
        ("没有说", None),
    ],
)
def test_severity_from_numbers_and_words(text: str, severity: int | None) -> None:
    assert p.parse_severity(text) == severity


def test_impact_effort_kano_horizon_and_cadence() -> None:
    text = "影响 高；投入 低；必备型；30天内"
    assert (p.parse_level(text, "impact"), p.parse_level(text, "effort")) == (4, 2)
    assert p.parse_level("impact 5, effort: 3", "effort") == 3
    assert p.parse_kano(text) == "must_be"
    assert p.parse_kano("a delighter") == "attractive"
    assert p.parse_horizon(text) == "30d"
    assert p.parse_horizon("this quarter") == "quarter"
    assert p.parse_cadence("复盘 每周") == "weekly"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("好", True),
        ("好的，就用这些吧", True),
        ("可以", True),
        ("接受", True),
        ("用這些", True),
        ("OK", True),
        ("yes please", True),
        ("accept", True),
        ("好慢", False),
        ("ok but add the hotline", False),
        ("", False),
    ],
)
def test_one_word_acceptance(text: str, accepted: bool) -> None:
    assert p.is_accept(text) is accepted


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("1,3", [1, 3]),
        ("第1、3个", [1, 3]),
        ("2-4", [2, 3, 4]),
        ("1 and 3", [1, 3]),
        ("1 3 9", [1, 3]),
        ("3个阶段", None),
        ("排队", None),
    ],
)
def test_picking_numbered_suggestions(text: str, chosen: list[int] | None) -> None:
    assert p.parse_choice(text, 5) == chosen


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("我们想降低个人贷款申请的投诉", "banking"),
        ("營業廳排隊太久，寬帶裝機慢", "telecom"),
        ("外卖配送总是超时", "restaurant"),
        ("网店退货太麻烦", "ecommerce"),
        ("Fewer complaints about late food delivery from our restaurant", "restaurant"),
        ("Our mortgage applications take too long", "banking"),
        ("Hotel check-in queues", "hotel"),
        ("我们是一家做软件的公司", None),
    ],
)
def test_industry_from_keywords(text: str, industry: str | None) -> None:
    assert p.detect_industry(text) == industry


def test_channels_modes_and_the_user_script() -> None:
    assert p.detect_channel("手机银行App上看产品") == ("App", "online")
    assert p.detect_channel("在營業廳櫃台辦理") == ("營業廳", "offline")
    assert p.detect_mode("线下") == "offline"
    assert p.detect_category("申请退款") in ("purchase", "after_sales")


def test_kpis_with_baseline_and_target() -> None:
    kpis = p.parse_kpis("我们想把平均等候时长从25分钟降到15分钟，NPS从-12提升到15")
    assert [(k.name, k.baseline, k.target, k.unit) for k in kpis] == [
        ("平均等候时长", 25.0, 15.0, "分钟"),
        ("NPS", -12.0, 15.0, ""),
    ]
    (en,) = p.parse_kpis("We want to cut the average waiting time from 25 minutes to 15 minutes")
    assert (en.name, en.baseline, en.target, en.unit) == (
        "average waiting time",
        25.0,
        15.0,
        "minutes",
    )


def test_kpis_counted_per_period_as_managers_write_them() -> None:
    said = {
        "我们是连锁药房，想把门店排队投诉从每月40件降到15件": ("门店排队投诉", 40.0, 15.0, "件"),
        "門店排隊投訴從每個月40件減到每月15件": ("門店排隊投訴", 40.0, 15.0, "件"),
        "希望日均差评从30单降到10单左右": ("日均差评", 30.0, 10.0, "单"),
        "客訴從一個月 12 起降到 5 起": ("客訴", 12.0, 5.0, "起"),
    }
    for text, expected in said.items():
        (kpi,) = p.parse_kpis(text)
        assert (kpi.name, kpi.baseline, kpi.target, kpi.unit) == expected, text


@pytest.mark.parametrize(
    ("text", "number"),
    [("3", 3), ("３", 3), ("3rd", 3), ("third", 3), ("two", 2), ("a", 1), ("三", 3),
     ("兩", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("several", None),
     ("", None), ("三百四十五", None)],
)  # fmt: skip
def test_numbers_in_commands_are_read_as_people_type_them(text: str, number: int | None) -> None:
    assert p.read_number(text) == number

"""Reading answers the way managers write them (issue #10): stages told as a story, touchpoints
keyed by a stage typed loosely (other script, typo, part of the name), feelings in plain words,
pains told in one breath, several fixes on one line. The same inputs run in zh-Hans, zh-Hant and
English; assertions are on what lands in the map."""

from __future__ import annotations

import time

import pytest

from assistant.domain import PainPoint, Provenance, Touchpoint
from assistant.interview import parsing as p
from assistant.interview import rules
from assistant.interview.apply import apply_answer
from assistant.interview.engine import new_state
from assistant.interview.state import InterviewState
from assistant.interview.turn import Turn


def mapped(
    lang: str,
    stages: dict[str, list[str]],
    pains: tuple[str, ...] = (),
) -> InterviewState:
    """An interview whose map has these stages, their touchpoints and these pain points."""
    state = new_state("s", "w", "acme", lang)
    draft = state.draft
    for stage_name, touchpoints in stages.items():
        stage = draft.add_stage(stage_name, "", Provenance())
        for name in touchpoints:
            draft.add_touchpoint(
                Touchpoint(id=draft.new_id("touchpoint"), stage_id=stage.id, name=name)
            )
    for description in pains:
        draft.add_pain(
            PainPoint(
                id=draft.new_id("pain"),
                stage_id=draft.stages[0].id,
                description=description,
                severity=3,
                provenance=Provenance(),
            )
        )
    return state


def placed(state: InterviewState) -> set[tuple[str, str]]:
    """(stage, touchpoint) pairs of the map."""
    draft = state.draft
    return {(draft.stage_of(t.id).name, t.name) for t in draft.touchpoints}  # type: ignore[union-attr]


# Stages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "我们的门诊流程是先预约挂号，然后到院签到，接着候诊……最后缴费取药",
            ["预约挂号", "到院签到", "候诊", "缴费取药"],
        ),
        (
            "我們的門診流程是先預約掛號，然後到院簽到，接著候診……最後繳費取藥",
            ["預約掛號", "到院簽到", "候診", "繳費取藥"],
        ),
        (
            "first they book online, then check in at the airport, then security and boarding, "
            "and finally collect their bags",
            ["Book online", "Check in", "Security and boarding", "Collect their bags"],
        ),
        (
            "病人一般先在网上预约挂号，然后到院签到，有时候要排很久，接着候诊、看医生，最后缴费取药",
            ["预约挂号", "到院签到", "候诊", "看医生", "缴费取药"],
        ),
        (
            "It starts with booking, then check-in, security, boarding and finally baggage claim",
            ["Booking", "Check-in", "Security", "Boarding", "Baggage claim"],
        ),
        ("客户先到店咨询，再谈价格签合同，最后提车", ["到店咨询", "谈价格签合同", "提车"]),
    ],
)
def test_stages_told_as_a_story_are_named_short(text: str, names: list[str]) -> None:
    answer = rules.read_stages(mapped("zh-Hans", {}), text)
    assert answer is not None
    assert [s.name for s in answer.stages] == names


def test_a_story_keeps_its_details_as_descriptions() -> None:
    text = "先预约挂号，然后到院签到，有时候要排很久，最后缴费取药"
    answer = rules.read_stages(mapped("zh-Hans", {}), text)
    assert answer is not None
    assert answer.stages[1].description == "有时候要排很久"
    text = "first they book online, then check in at the airport, and finally board"
    answer = rules.read_stages(mapped("en", {}), text)
    assert answer is not None
    assert (answer.stages[1].name, answer.stages[1].description) == (
        "Check in",
        "check in at the airport",
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Booking, Arrival and check-in, Security and boarding, Baggage claim",
            ["Booking", "Arrival and check-in", "Security and boarding", "Baggage claim"],
        ),
        (
            "Booking\nArrival and check-in\nSecurity and boarding",
            ["Booking", "Arrival and check-in", "Security and boarding"],
        ),
        ("预约挂号、到院和签到、候诊与就诊", ["预约挂号", "到院和签到", "候诊与就诊"]),
        ("預約掛號，到院與簽到，候診及就診", ["預約掛號", "到院與簽到", "候診及就診"]),
    ],
)
def test_an_and_inside_a_listed_stage_keeps_it_whole(text: str, names: list[str]) -> None:
    answer = rules.read_stages(mapped("en", {}), text)
    assert answer is not None
    assert [s.name for s in answer.stages] == names


# Touchpoints ------------------------------------------------------------------------------------

CLINIC: dict[str, list[str]] = {
    "预约挂号": [],
    "到院签到": [],
    "候诊": [],
    "看医生": [],
    "缴费取药": [],
}
CLINIC_HANT: dict[str, list[str]] = {
    "預約掛號": [],
    "到院簽到": [],
    "候診": [],
    "看醫生": [],
    "繳費取藥": [],
}
AIRPORT: dict[str, list[str]] = {
    "Booking": [],
    "Arrival and check-in": [],
    "Security and boarding": [],
    "Baggage": [],
}


@pytest.mark.parametrize(
    ("lang", "stages", "text", "expected"),
    [
        (
            "zh-Hans",
            CLINIC,
            "签到：自助机、分诊台\n候诊：候诊区、叫号屏",
            {
                ("到院签到", "自助机"),
                ("到院签到", "分诊台"),
                ("候诊", "候诊区"),
                ("候诊", "叫号屏"),
            },
        ),
        (  # Traditional typed against a Simplified map: the stage is found, the names kept
            "zh-Hant",
            CLINIC,
            "簽到：自助機、分診台\n候診：候診區、叫號屏",
            {
                ("到院签到", "自助機"),
                ("到院签到", "分診台"),
                ("候诊", "候診區"),
                ("候诊", "叫號屏"),
            },
        ),
        (  # and Simplified against a Traditional map
            "zh-Hans",
            CLINIC_HANT,
            "到院签到：自助机\n缴费取药：收费窗口、药房",
            {("到院簽到", "自助机"), ("繳費取藥", "收费窗口"), ("繳費取藥", "药房")},
        ),
        (  # a slip of the pen in the stage name
            "zh-Hans",
            CLINIC,
            "看医声：诊室、检查室",
            {("看医生", "诊室"), ("看医生", "检查室")},
        ),
        (
            "en",
            AIRPORT,
            "Chek-in: kiosk, bag drop; Boarding: gate",
            {
                ("Arrival and check-in", "kiosk"),
                ("Arrival and check-in", "bag drop"),
                ("Security and boarding", "gate"),
            },
        ),
        (
            "zh-Hans",
            CLINIC,
            "在挂号这一步，病人一般用微信小程序或者打电话",
            {("预约挂号", "微信小程序"), ("预约挂号", "电话")},
        ),
        (
            "zh-Hant",
            CLINIC,
            "在掛號這一步，病人一般用微信小程式或者打電話",
            {("预约挂号", "微信小程式"), ("预约挂号", "電話")},
        ),
        (
            "en",
            AIRPORT,
            "At check-in, passengers use the kiosk or the counter",
            {("Arrival and check-in", "kiosk"), ("Arrival and check-in", "counter")},
        ),
        (
            "en",
            AIRPORT,
            "During boarding they use the app or the gate agent",
            {("Security and boarding", "app"), ("Security and boarding", "gate agent")},
        ),
    ],
)
def test_touchpoints_land_under_the_stage_they_name(
    lang: str, stages: dict[str, list[str]], text: str, expected: set[tuple[str, str]]
) -> None:
    state = mapped(lang, stages)
    answer = rules.read_touchpoints(state, text)
    assert answer is not None
    apply_answer(Turn(state, text), answer)
    assert placed(state) == expected


def test_a_stage_the_map_does_not_have_is_not_guessed() -> None:
    state = mapped("zh-Hans", CLINIC)
    assert rules.read_touchpoints(state, "就诊：诊室、检查室") is None  # asked again instead
    answer = rules.read_touchpoints(state, "就诊：诊室、检查室\n签到：自助机")
    assert answer is not None
    assert [(t.stage, t.name) for t in answer.touchpoints] == [("到院签到", "自助机")]


def test_a_touchpoint_with_its_channel_and_action_is_not_taken_for_a_stage() -> None:
    state = mapped("zh-Hans", {"申请": [], "审批": []})
    answer = rules.read_touchpoints(state, "线上申请（手机银行App，线上）：填表上传材料")
    assert answer is not None
    (touchpoint,) = answer.touchpoints
    assert (touchpoint.name, touchpoint.channel, touchpoint.customer_action) == (
        "线上申请",
        "手机银行App",
        "填表上传材料",
    )


# Emotions ---------------------------------------------------------------------------------------

LOAN = {
    "了解产品": ["产品页"],
    "在线申请": ["申请表", "上传材料"],
    "审批等待": ["短信通知", "进度查询"],
    "放款": ["到账通知"],
}
HOTEL = {
    "Booking": ["Website"],
    "Check-in": ["Front desk", "Key card"],
    "Stay": ["Room", "Breakfast"],
}


def felt(state: InterviewState, text: str) -> dict[str, tuple[int, str]]:
    answer = rules.read_emotions(state, text)
    assert answer is not None
    apply_answer(Turn(state, text), answer)
    return {
        t.name: (t.emotion.score, t.emotion.label) for t in state.draft.touchpoints if t.emotion
    }


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "产品页还行，申请表很烦，审批等待非常焦虑，放款很开心",
            ("还行", "很烦", "非常焦虑", "很开心"),
        ),
        (
            "產品頁還行，申請表很煩，審批等待非常焦慮，放款很開心",
            ("還行", "很煩", "非常焦慮", "很開心"),
        ),
    ],
)
def test_feelings_in_plain_words_per_clause(text: str, labels: tuple[str, ...]) -> None:
    ok, annoying, anxious, happy = labels
    assert felt(mapped("zh-Hans", LOAN), text) == {
        "产品页": (0, ok),
        "申请表": (-2, annoying),
        "短信通知": (-2, anxious),  # a stage's feeling goes to its touchpoints
        "进度查询": (-2, anxious),
        "到账通知": (2, happy),
    }


def test_feelings_in_plain_english() -> None:
    state = mapped("en", HOTEL)
    text = "the website was smooth, check-in was a nightmare but breakfast is poor"
    assert felt(state, text) == {
        "Website": (1, "smooth"),
        "Front desk": (-2, "nightmare"),
        "Key card": (-2, "nightmare"),
        "Breakfast": (-1, "poor"),
    }
    state = mapped("en", HOTEL)
    assert felt(state, "Room: not great. Breakfast really good, key card a bit confusing") == {
        "Room": (-1, "not great"),
        "Breakfast": (2, "really good"),
        "Key card": (-1, "a bit confusing"),
    }


def test_a_touchpoint_already_felt_keeps_its_feeling_when_its_stage_is_named() -> None:
    state = mapped("zh-Hans", LOAN)
    felt(state, "进度查询：+1 安心")
    assert felt(state, "审批等待很焦虑")["进度查询"] == (1, "安心")
    assert state.draft.touchpoint_named("短信通知").emotion.score == -2  # type: ignore[union-attr]


def test_two_touchpoints_share_one_feeling_and_quotes_are_kept() -> None:
    state = mapped("zh-Hans", LOAN)
    answer = rules.read_emotions(state, "申请表和上传材料都很麻烦，客户说“又让我重新传一遍”")
    assert answer is not None
    assert [(e.touchpoint, e.score, e.label, e.quote) for e in answer.emotions] == [
        ("申请表", -2, "很麻烦", "又让我重新传一遍"),
        ("上传材料", -2, "很麻烦", "又让我重新传一遍"),
    ]


def test_numbered_scores_still_work_and_a_signed_number_is_not_eaten() -> None:
    state = mapped("en", HOTEL)
    answer = rules.read_emotions(state, '1: -2 anxious\nKey card: -1 "had to go back twice"')
    assert answer is not None
    assert [(e.touchpoint, e.score, e.label, e.quote) for e in answer.emotions] == [
        ("1", -2, "anxious", ""),
        ("Key card", -1, "", "had to go back twice"),
    ]


def test_a_clause_without_a_feeling_word_gets_the_models_sign_and_nothing_is_invented() -> None:
    state = mapped("zh-Hans", LOAN)
    answer = rules.read_emotions(state, "审批等待要等一周才有结果")
    assert answer is not None
    assert {(e.touchpoint, e.score, e.label) for e in answer.emotions} == {
        ("短信通知", -1, ""),
        ("进度查询", -1, ""),
    }
    assert rules.read_emotions(state, "总体来说就那样吧，看情况") is None  # names nothing
    # A fix typed at the wrong question is no feeling, though 缴费 is part of a stage name.
    state = mapped("zh-Hans", {"缴费取药": ["收费窗口"], "候诊": ["候诊区"]})
    assert rules.read_emotions(state, "增加叫号短信提醒，开放线上缴费，自助机加引导员") is None


def test_the_sentiment_fallback_is_fast() -> None:
    p.model_sign("预热")  # loads the model once
    started = time.perf_counter()
    for _ in range(100):
        p.model_sign("审批要等一周才有结果")
    assert (time.perf_counter() - started) / 100 < 0.005


@pytest.mark.parametrize(
    ("text", "score", "label"),
    [
        ("breakfast is poor", -1, "poor"),
        ("很烦", -2, "很烦"),
        ("有点慢", -1, "有点慢"),
        ("不太方便", -1, "不太方便"),
        ("非常不方便", -2, "非常不方便"),
        ("挺顺畅", 1, "挺顺畅"),
        ("好慢", -2, "好慢"),
        ("快递很慢", -2, "很慢"),  # 快递 is no 快
        ("等了3天，很烦", -2, "很烦"),  # "3天" is no score
        ("还行，就是有点慢", -1, "有点慢"),  # what follows the turn is the point
        ("等得久", -1, "等得久"),
        ("貼心", 1, "貼心"),
        ("not great", -1, "not great"),
        ("really not good", -2, "really not good"),
        ("not bad", 1, "not bad"),
        ("pretty smooth", 1, "pretty smooth"),
        ("super quick", 2, "super quick"),
        ("it was fine", 0, "fine"),
        ("terrible", -2, "terrible"),
        ("I love the new app", 2, "love"),
        ("check-in wasn't smooth", -1, "wasn't smooth"),
    ],
)
def test_feeling_words_with_degree_and_negation(text: str, score: int, label: str) -> None:
    emotion = p.parse_emotion(text)
    assert emotion is not None
    assert (emotion.score, emotion.label) == (score, label)


# Pain points ------------------------------------------------------------------------------------

LOAN_EN = {
    "Enquiry": ["Product page"],
    "Application": ["Application form", "Upload"],
    "Approval wait": ["Status page"],
    "Payout": ["Payout notice"],
}


@pytest.mark.parametrize(
    ("lang", "stages", "text", "expected"),
    [
        (
            "zh-Hans",
            LOAN,
            "最烦的是排队，其次是不知道审批到哪了",
            [("排队", ""), ("不知道审批到哪了", "审批等待")],
        ),
        (
            "zh-Hant",
            LOAN,
            "最煩的是排隊，其次是不知道審批到哪了",
            [("排隊", ""), ("不知道審批到哪了", "审批等待")],
        ),
        (
            "en",
            LOAN_EN,
            "The worst is the queue, and second, nobody knows where the approval is",
            [("the queue", ""), ("nobody knows where the approval is", "Approval wait")],
        ),
    ],
)
def test_pains_told_in_one_breath_are_separate(
    lang: str, stages: dict[str, list[str]], text: str, expected: list[tuple[str, str]]
) -> None:
    answer = rules.read_pains(mapped(lang, stages), text)
    assert answer is not None
    assert [(x.description, x.stage) for x in answer.pain_points] == expected
    assert all(x.severity is None for x in answer.pain_points)  # nobody said how bad


def test_a_pain_names_its_touchpoint_and_keeps_a_stated_severity() -> None:
    state = mapped("zh-Hans", LOAN)
    text = "申請表太複雜，要填很多頁\n上传材料经常失败，严重程度4\n審批等待：不知道審批到哪一步了，非常嚴重"
    answer = rules.read_pains(state, text)
    assert answer is not None
    assert [(x.description, x.stage, x.touchpoint, x.severity) for x in answer.pain_points] == [
        ("申請表太複雜，要填很多頁", "", "申请表", None),
        ("上传材料经常失败", "", "上传材料", 4),
        ("不知道審批到哪一步了", "审批等待", "", 5),
    ]


def test_a_word_two_touchpoints_share_names_neither() -> None:
    state = mapped("zh-Hans", {"办理": ["网点面签", "网点取号排队"]})
    answer = rules.read_pains(state, "网点排队久：常等半小时以上")
    assert answer is not None
    assert (answer.pain_points[0].stage, answer.pain_points[0].touchpoint) == ("", "")


# Opportunities ----------------------------------------------------------------------------------

PAINS = ("申请表太复杂", "不知道审批到哪了", "客服电话打不通")
PAINS_EN = (
    "Application form too complex",
    "No idea where the approval is",
    "Hotline never answers",
)


@pytest.mark.parametrize(
    ("lang", "text", "pains", "expected"),
    [
        (
            "zh-Hans",
            "简化申请表，增加进度查询，在线咨询",
            PAINS,
            [("简化申请表", "申请表太复杂"), ("增加进度查询", ""), ("在线咨询", "")],
        ),
        (
            "zh-Hant",
            "簡化申請表，增加進度查詢，線上諮詢",
            PAINS,
            [("簡化申請表", "申请表太复杂"), ("增加進度查詢", ""), ("線上諮詢", "")],
        ),
        (
            "en",
            "Simplify the application form, add a progress tracker, online chat",
            PAINS_EN,
            [
                ("Simplify the application form", "Application form too complex"),
                ("add a progress tracker", ""),
                ("online chat", ""),
            ],
        ),
        (
            "en",
            "simplify the form and add a status tracker",
            PAINS_EN,
            [("simplify the form", "Application form too complex"), ("add a status tracker", "")],
        ),
    ],
)
def test_several_fixes_on_one_line(
    lang: str, text: str, pains: tuple[str, ...], expected: list[tuple[str, str]]
) -> None:
    answer = rules.read_opportunities(mapped(lang, {"A": []}, pains), text)
    assert answer is not None
    assert [(o.description, o.pain) for o in answer.opportunities] == expected


def test_a_fix_keeps_its_own_words_and_its_scores() -> None:
    state = mapped("zh-Hans", {"A": []}, PAINS)
    answer = rules.read_opportunities(state, "简化申请表（针对申请表太复杂），影响高，投入低")
    assert answer is not None
    (fix,) = answer.opportunities
    assert (fix.description, fix.pain, fix.impact, fix.effort) == (
        "简化申请表（针对申请表太复杂）",
        "申请表太复杂",
        4,
        2,
    )
    answer = rules.read_opportunities(state, "上线进度查询，让客户随时知道审批到哪了")
    assert answer is not None
    assert [o.description for o in answer.opportunities] == [
        "上线进度查询，让客户随时知道审批到哪了"
    ]
    text = "Dynamic delivery estimates for pain 1: impact high, effort medium, performance"
    answer = rules.read_opportunities(state, text)
    assert answer is not None
    (fix,) = answer.opportunities
    assert (fix.description, fix.pain, fix.impact, fix.effort, fix.kano) == (
        "Dynamic delivery estimates",
        "1",
        4,
        3,
        "performance",
    )

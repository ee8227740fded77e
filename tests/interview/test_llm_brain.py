"""The interview with a (fake, scripted) language model: structured extraction, follow-up
questions, and the fallback to the guided engine when the model fails or talks nonsense."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.llm import FakeChatProvider, LLMError
from assistant.text.script import to_traditional
from tests.interview.conftest import MakeService
from tests.interview.test_end_to_end import check_complete

# (what the user says, what the model replies — None when no model call is expected)
Turn = tuple[str, dict[str, Any] | None]

ECOMMERCE_EN: list[Turn] = [
    (
        "We sell clothes online and too many orders come back as not as described; we want the "
        "return rate from 30% to 20%.",
        {
            "goal": "Cut returns of clothes that are not as described",
            "scope": "from product page to refund",
            "product": "online clothing store",
            "industry": "ecommerce",
            "kpis": [{"name": "return rate", "baseline": 30, "target": 20, "unit": "%"}],
        },
    ),
    (
        "Busy parent buying school uniforms on the phone",
        {"personas": [{"name": "Busy parent", "description": "buys school uniforms on the phone"}]},
    ),
    (
        "First they browse, then they order",
        {
            "stages": [{"name": "Browse"}, {"name": "Order"}],
            "follow_up": "And what happens after the order is placed?",
        },
    ),
    (
        "Delivery, unboxing and returns",
        {"stages": [{"name": "Delivery"}, {"name": "Unboxing"}, {"name": "Returns"}]},
    ),
    (
        "They read photos and sizes on the product page and the size chart, pay at checkout, "
        "get it from the courier who rings the bell once the warehouse picks and packs, unbox "
        "at home and send returns through the app",
        {
            "touchpoints": [
                {
                    "stage": "Browse",
                    "name": "Product page",
                    "channel": "app",
                    "mode": "online",
                    "customer_action": "reads photos and sizes",
                },
                {"stage": "Browse", "name": "Size chart", "channel": "app", "mode": "online"},
                {"stage": "Order", "name": "Checkout", "channel": "app", "mode": "online"},
                {
                    "stage": "Delivery",
                    "name": "Courier",
                    "channel": "courier",
                    "mode": "offline",
                    "frontstage": "courier rings the bell",
                    "backstage": "warehouse picks and packs",
                },
                {"stage": "Unboxing", "name": "Unboxing at home", "mode": "offline"},
                {"stage": "Returns", "name": "Return request in the app", "channel": "app"},
            ]
        },
    ),
    (
        "Product page fine +1, size chart confusing -1, checkout 0, courier late -2 'third time "
        "this month', unboxing disappointed -2, returns annoying -1",
        {
            "emotions": [
                {"touchpoint": "Product page", "score": 1},
                {"touchpoint": "Size chart", "score": -1, "label": "confused"},
                {"touchpoint": "Checkout", "score": 0},
                {
                    "touchpoint": "Courier",
                    "score": -2,
                    "label": "annoyed",
                    "quote": "third time this month",
                },
                {"touchpoint": "Unboxing at home", "score": -2, "label": "disappointed"},
                {"touchpoint": "6", "score": -1, "label": "annoyed"},
            ]
        },
    ),
    (
        "Colours and sizes differ from the photos, very serious; the refund takes two weeks. "
        "Unboxing is the moment of truth.",
        {
            "pain_points": [
                {
                    "description": "Colours and sizes differ from the photos",
                    "stage": "Unboxing",
                    "severity": 5,
                },
                {
                    "description": "Refund takes two weeks",
                    "touchpoint": "Return request in the app",
                    "severity": 4,
                },
            ],
            "moments_of_truth": ["Unboxing at home"],
        },
    ),
    (
        "Real photos and a size advisor, impact high, effort medium; refund on hand-over",
        {
            "opportunities": [
                {
                    "description": "Real photos and size advisor",
                    "pain": "1",
                    "impact": 4,
                    "effort": 3,
                    "kano": "must_be",
                },
                {
                    "description": "Refund on hand-over",
                    "pain": "Refund takes two weeks",
                    "impact": 4,
                    "effort": 2,
                },
            ]
        },
    ),
    ("ok", None),
    ("done", None),
]

BANKING_ZH: list[Turn] = [
    (
        "我们是一家城商行，想把个人消费贷款的放款时长从7天压缩到3天，覆盖从咨询到放款。",
        {
            "goal": "把个人消费贷款的放款时长从7天压缩到3天",
            "scope": "从咨询到放款",
            "product": "个人消费贷款",
            "industry": "银行",
            "kpis": [{"name": "放款时长", "baseline": 7, "target": 3, "unit": "天"}],
        },
    ),
    ("首次贷款的年轻白领", {"personas": [{"name": "首次贷款的年轻白领"}]}),
    (
        "咨询、申请、审批、放款",
        {"stages": [{"name": "咨询"}, {"name": "申请"}, {"name": "审批"}, {"name": "放款"}]},
    ),
    (
        "咨询看App产品页，申请在线上提交，审批时查进度，放款看到账短信",
        {
            "touchpoints": [
                {"stage": "咨询", "name": "App产品页", "channel": "App", "mode": "online"},
                {"stage": "申请", "name": "线上提交", "channel": "App", "mode": "online"},
                {"stage": "审批", "name": "查进度", "channel": "App", "mode": "online"},
                {"stage": "放款", "name": "到账短信", "channel": "短信", "mode": "online"},
            ]
        },
    ),
    ("好", None),  # the optional blueprint question: nothing to add
    (
        "产品页还行，线上提交很烦，查进度焦虑，到账短信开心",
        {
            "emotions": [
                {"touchpoint": "App产品页", "score": 0},
                {"touchpoint": "线上提交", "score": -1, "label": "烦"},
                {"touchpoint": "查进度", "score": -2, "label": "焦虑"},
                {"touchpoint": "到账短信", "score": 2, "label": "开心"},
            ]
        },
    ),
    (
        "审批进度看不到，顾客天天打电话问；查进度是关键时刻",
        {
            "pain_points": [{"description": "审批进度看不到", "stage": "审批", "severity": 4}],
            "moments_of_truth": ["查进度"],
        },
    ),
    ("好", None),  # the playbook's improvement for the opaque approval, accepted as a chip
    ("好", None),
    ("完成", None),
]

RESTAURANT_HANT: list[Turn] = [
    (
        "我們是連鎖餐廳，外賣常常送晚，想減少差評。",
        {"goal": "減少外賣送晚造成的差評", "industry": "餐飲", "product": "外賣"},
    ),
    ("趕時間的上班族", {"personas": [{"name": "趕時間的上班族"}]}),
    ("好", None),
    *[("好", None)] * 6,
    ("好", None),  # the optional blueprint question
    ("騎手送得很慢，大家都很生氣", {"emotions": [], "rest_score": -1, "rest_label": "生氣"}),
    ("1", None),
    ("好", None),
    ("好", None),
    ("好", None),
    ("完成", None),
]


def _run(make_service: MakeService, turns: list[Turn], lang: str) -> Any:
    replies = [reply for _, reply in turns if reply is not None]
    provider = FakeChatProvider(replies)
    service = make_service(llm=provider)
    result = service.start("acme", lang=lang)  # type: ignore[arg-type]
    results = []
    for message, _ in turns:
        result = service.reply(result.session_id, message)
        results.append(result)
    assert provider.remaining == 0 and len(provider.calls) == len(replies)
    assert all(not r.notices for r in results), [r.notices for r in results]
    return service, result, results, provider


def test_ecommerce_in_english_with_a_model(make_service: MakeService) -> None:
    service, result, results, provider = _run(make_service, ECOMMERCE_EN, "en")
    diagnosis = check_complete(service, result)
    journey = diagnosis.map
    assert journey.context.industry == "e-commerce"
    assert journey.context.product_or_service == "online clothing store"
    assert journey.kpis[0].name == "return rate" and journey.kpis[0].baseline == 30
    assert [s.name for s in journey.stages] == [
        "Browse",
        "Order",
        "Delivery",
        "Unboxing",
        "Returns",
    ]
    courier = next(t for t in journey.touchpoints if t.name == "Courier")
    assert (courier.frontstage, courier.backstage) == (
        "courier rings the bell",
        "warehouse picks and packs",
    )
    assert courier.emotion is not None and courier.emotion.quote == "third time this month"
    app = next(t for t in journey.touchpoints if t.name == "Return request in the app")
    assert app.emotion is not None and app.emotion.score == -1  # "6" = the sixth listed
    unboxing = next(t for t in journey.touchpoints if t.name == "Unboxing at home")
    assert unboxing.moment_of_truth
    refund = next(p for p in journey.pain_points if p.description == "Refund takes two weeks")
    assert refund.touchpoint_id == app.id and refund.severity == 4
    advisor = next(a for a in diagnosis.plan.actions if a.title == "Real photos and size advisor")
    assert advisor.kano == "must_be" and (advisor.impact, advisor.effort) == (4, 3)
    # No action is about "return rate" word for word, so none borrows that map KPI.
    assert advisor.kpi.name.startswith("drop in complaints") and advisor.kpi.target == 30
    # The model's follow-up question replaced the template while the step was incomplete.
    assert results[2].step == "stages"
    assert results[2].question == "And what happens after the order is placed?"
    assert results[2].mode == "llm" and results[-1].mode == "guided"
    # The model saw the step, the question and the map so far.
    last_prompt = provider.calls[-1].messages[-1].content
    assert "Opportunities and priorities" in last_prompt and "Unboxing" in last_prompt
    assert provider.calls[0].schema == "GoalAnswer"


def test_banking_in_simplified_chinese_with_a_model(make_service: MakeService) -> None:
    service, result, _, provider = _run(make_service, BANKING_ZH, "zh-Hans")
    diagnosis = check_complete(service, result)
    journey = diagnosis.map
    assert journey.context.industry == "银行" and journey.goal.scope == "从咨询到放款"
    assert [s.name for s in journey.stages] == ["咨询", "申请", "审批", "放款"]
    anxious = next(t for t in journey.touchpoints if t.name == "查进度")
    assert anxious.emotion is not None and anxious.emotion.label == "焦虑"
    assert anxious.moment_of_truth
    (pain,) = journey.pain_points
    assert pain.provenance.source == "user" and journey.stage(pain.stage_id).name == "审批"
    (action,) = diagnosis.plan.actions
    assert action.title == "审批进度可视" and action.owner_department == "信贷审批部"
    assert [c.schema for c in provider.calls] == [
        "GoalAnswer",
        "PersonasAnswer",
        "StagesAnswer",
        "TouchpointsAnswer",
        "EmotionsAnswer",
        "PainsAnswer",
    ]


def test_restaurant_in_traditional_chinese_with_a_model(make_service: MakeService) -> None:
    service, result, _, _ = _run(make_service, RESTAURANT_HANT, "zh-Hant")
    diagnosis = check_complete(service, result)
    journey = diagnosis.map
    assert journey.lang == "zh-Hant" and journey.context.industry == to_traditional("餐饮")
    assert journey.stages[0].name == to_traditional("浏览选餐")
    # The model said "the rest: -1"; the rules hear "很生氣" (very angry) about the rider.
    assert all(t.emotion and t.emotion.score < 0 for t in journey.touchpoints)


# Failures --------------------------------------------------------------------------------


GOAL = ECOMMERCE_EN[0]
PERSONA_MESSAGE = "Busy parent: buys school uniforms on the phone"

FAILURES: dict[str, list[Any]] = {
    "timeout": [LLMError("no answer in 60 s", kind="timeout")],
    "network": [ConnectionError("connection refused")],
    "not json": ["Sure! Here are the personas you mentioned."] * 3,
    "invented names": [{"personas": [{"name": "Retired sailor"}]}],
    "nothing usable": [{"personas": [], "follow_up": "Who else?"}],
    "script exhausted": [],
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failing_model_mid_session_falls_back_without_losing_the_answer(
    make_service: MakeService, failure: str
) -> None:
    provider = FakeChatProvider([GOAL[1], *FAILURES[failure]])
    service = make_service(llm=provider)
    session = service.start("acme", lang="en").session_id
    assert service.reply(session, GOAL[0]).mode == "llm"

    result = service.reply(session, PERSONA_MESSAGE)

    assert result.step == "stages"  # the turn succeeded and moved on
    assert result.mode == "guided"
    (notice,) = result.notices
    assert "guided engine handled your answer instead" in notice
    assert notice in result.text
    (persona,) = result.diagnosis.map.personas
    assert (persona.name, persona.description) == (
        "Busy parent",
        "buys school uniforms on the phone",
    )
    assert persona.provenance.source == "user"
    # ... and it is in the checkpoint, not only in the reply.
    assert service.state(session).draft.personas[0].name == "Busy parent"


def test_after_repeated_failures_the_model_is_set_aside(make_service: MakeService) -> None:
    provider = FakeChatProvider([LLMError("down", kind="unavailable")] * 3)
    service = make_service(llm=provider)
    session = service.start("acme", lang="zh-Hans").session_id
    service.reply(session, "我们想减少贷款投诉")  # failure 1
    service.reply(session, "首次贷款的年轻白领")  # failure 2
    third = service.reply(session, "咨询、申请、审批")  # failure 3
    assert any("接下来改用引导式引擎" in n for n in third.notices)
    calls = len(provider.calls)
    fourth = service.reply(session, "产品页、在线咨询")
    assert len(provider.calls) == calls and not fourth.notices  # no more attempts
    journey = fourth.diagnosis.map
    assert [t.name for t in journey.touchpoints_of(journey.stages[0].id)] == ["产品页", "在线咨询"]


def test_what_a_small_model_misses_or_invents_is_corrected(make_service: MakeService) -> None:
    """The reply Qwen2.5-1.5B gave here: two of seven touchpoints, no stages, invented
    front/backstage prose, and the question copied back as its "follow-up"."""
    small_model = {
        "follow_up": "在「咨询」阶段，顾客会在哪些地方和你们接触？可以写成“触点（渠道，线上/线下）：顾客在做什么”",
        "touchpoints": [
            {
                "stage": "",
                "name": "App产品页",
                "channel": "app",
                "mode": "online",
                "customer_action": "查看产品信息",
                "frontstage": "用户在查看产品信息",
            },
            {"stage": "", "name": "客户经理", "channel": "hotline", "mode": "offline"},
        ],
    }
    provider = FakeChatProvider(
        [
            {"goal": "把个人贷款放款时间从7天缩短到3天", "industry": "银行"},
            {"personas": [{"name": "首次贷款的年轻白领"}]},
            {"stages": [{"name": "咨询"}, {"name": "申请"}, {"name": "审批"}]},
            small_model,
        ]
    )
    service = make_service(llm=provider)
    session = service.start("acme", lang="zh-Hans").session_id
    for message in (
        "我们想把个人贷款放款时间从7天缩短到3天，我们是银行",
        "首次贷款的年轻白领",
        "咨询、申请、审批",
    ):
        service.reply(session, message)
    result = service.reply(session, "咨询：App产品页、客户经理\n申请：线上申请表\n审批：进度查询")
    journey = result.diagnosis.map
    by_stage = {s.name: [t.name for t in journey.touchpoints_of(s.id)] for s in journey.stages}
    assert by_stage == {
        "咨询": ["App产品页", "客户经理"],
        "申请": ["线上申请表"],
        "审批": ["进度查询"],
    }
    product_page = next(t for t in journey.touchpoints if t.name == "App产品页")
    assert product_page.frontstage == "" and product_page.customer_action == ""  # not said
    assert result.slot == "blueprint" and result.mode == "llm"
    assert result.question.startswith("再补一层服务蓝图")  # not the copied question

"""A small, realistic diagnosis for the export tests: food delivery, 4 stages, 6 touchpoints
(one without an emotion, one moment of truth), 3 pain points (one from data with refs, one
suggested with a citation), 3 actions in three priority buckets.

`build_diagnosis(texts, lang)` fills the same structure with the texts of one language, so the
zh-Hans, zh-Hant and en variants differ only in wording.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.domain import (
    Action,
    BusinessContext,
    Citation,
    Diagnosis,
    Emotion,
    GoalScope,
    ImprovementPlan,
    JourneyMap,
    KPITarget,
    Lang,
    MapKPI,
    Opportunity,
    PainPoint,
    Persona,
    Provenance,
    ReviewLoop,
    Stage,
    Touchpoint,
)
from assistant.text.script import to_traditional

TEXTS_HANS: dict[str, str] = {
    "title": "外卖点餐客户旅程诊断",
    "goal": "降低配送环节的差评率",
    "scope": "从打开 App 到收餐后评价",
    "industry": "餐饮外卖",
    "product": "外卖平台订餐服务",
    "company": "速达外卖",
    "p1": "上班族小王",
    "p1_desc": "工作日午餐点外卖，时间紧",
    "p1_goal": "30 分钟内吃上饭",
    "p2": "家庭用户李女士",
    "s1": "浏览选餐",
    "s2": "下单支付",
    "s3": "等待配送",
    "s4": "收餐评价",
    "t1": "App 首页推荐",
    "t2": "搜索餐厅",
    "t3": "结算与支付",
    "t4": "订单进度追踪",
    "t5": "在线客服咨询",
    "t6": "骑手送达交付",
    "t1_action": "浏览推荐的餐厅",
    "t3_action": "确认订单并付款",
    "t3_front": "结算页展示总价",
    "t3_back": "计费系统叠加配送费与打包费",
    "t4_action": "反复查看骑手位置",
    "t4_front": "地图显示骑手位置",
    "t4_back": "调度系统给骑手派单",
    "t4_support": "骑手调度平台与地图定位服务",
    "t6_action": "取餐并检查餐品",
    "t6_front": "骑手电话通知取餐",
    "e1": "好奇",
    "e2": "犹豫",
    "e3": "不满",
    "q3": "配送费怎么又涨了",
    "e4": "焦虑",
    "q4": "骑手位置半天不动",
    "e6": "松了口气",
    "pp1": "配送超时且没有主动通知",
    "pp2": "结算页费用明细不透明",
    "pp3": "在线客服排队时间长",
    "ev1": "差评中 38% 提到超时",
    "o1": "超时前主动推送预计送达时间并发放补偿券",
    "o2": "结算页展示费用明细",
    "k1": "准时送达率",
    "k2": "净推荐值",
    "a1": "超时预警主动推送",
    "a1_desc": "预计超时 5 分钟即推送新的送达时间",
    "a2": "重构骑手调度算法",
    "a3": "优化结算页费用说明文案",
    "a1_kpi": "超时差评占比",
    "a2_kpi": "准时送达率",
    "a3_kpi": "结算页放弃率",
    "dept_product": "产品部",
    "dept_tech": "技术部",
    "dept_design": "设计部",
    "loop_owner": "客户体验部",
    "cite_title": "服务指标：平均等待时长",
}

TEXTS_EN: dict[str, str] = {
    "title": "Food delivery journey diagnosis",
    "goal": "Cut negative reviews about delivery",
    "scope": "From opening the app to reviewing the meal",
    "industry": "Food delivery",
    "product": "Meal ordering on a delivery platform",
    "company": "QuickBite",
    "p1": "Office worker Wang",
    "p1_desc": "Orders lunch on weekdays, short on time",
    "p1_goal": "Eat within 30 minutes",
    "p2": "Family customer Ms Li",
    "s1": "Browse and choose",
    "s2": "Order and pay",
    "s3": "Wait for delivery",
    "s4": "Receive and review",
    "t1": "Home feed recommendations",
    "t2": "Restaurant search",
    "t3": "Checkout and payment",
    "t4": "Order tracking",
    "t5": "Live chat support",
    "t6": "Rider hand-over",
    "t1_action": "Browses recommended restaurants",
    "t3_action": "Confirms the order and pays",
    "t3_front": "Checkout shows the total",
    "t3_back": "Billing adds delivery and packing fees",
    "t4_action": "Keeps checking where the rider is",
    "t4_front": "Map shows the rider",
    "t4_back": "Dispatch assigns orders to riders",
    "t4_support": "Rider dispatch platform and map location service",
    "t6_action": "Takes the meal and checks it",
    "t6_front": "Rider phones when arriving",
    "e1": "curious",
    "e2": "hesitant",
    "e3": "annoyed",
    "q3": "Why did the delivery fee go up again?",
    "e4": "anxious",
    "q4": "The rider has not moved for ages",
    "e6": "relieved",
    "pp1": "Late delivery with no proactive notice",
    "pp2": "Fees at checkout are not itemised",
    "pp3": "Long queue for live chat",
    "ev1": "38% of negative reviews mention lateness",
    "o1": "Push a new ETA and a voucher before an order runs late",
    "o2": "Itemise fees at checkout",
    "k1": "On-time delivery rate",
    "k2": "Net Promoter Score",
    "a1": "Proactive late-order alerts",
    "a1_desc": "Push a new ETA as soon as an order is 5 minutes behind",
    "a2": "Rebuild rider dispatch",
    "a3": "Clearer fee wording at checkout",
    "a1_kpi": "Share of reviews about lateness",
    "a2_kpi": "On-time delivery rate",
    "a3_kpi": "Checkout abandonment",
    "dept_product": "Product",
    "dept_tech": "Engineering",
    "dept_design": "Design",
    "loop_owner": "CX team",
    "cite_title": "Service metrics: average waiting time",
}

# A zh-Hant map as the app writes one: converted with the app's Taiwan conversion.
TEXTS_HANT: dict[str, str] = {k: to_traditional(v) for k, v in TEXTS_HANS.items()}

DATA_REFS = ["reviews_2024Q2.csv#row=42", "tickets#TK-1183"]
CITATION = Citation(
    doc_id="model-service-metrics-zh",
    source="knowledge/methodology/model-service-metrics-zh.md",
    section="AHT",
)


def build_diagnosis(t: dict[str, str], lang: Lang) -> Diagnosis:
    data = Provenance(source="data", refs=DATA_REFS)
    suggested = Provenance(
        source="suggested", citations=[CITATION.model_copy(update={"title": t["cite_title"]})]
    )
    journey = JourneyMap(
        title=t["title"],
        lang=lang,
        goal=GoalScope(goal=t["goal"], scope=t["scope"]),
        context=BusinessContext(
            industry=t["industry"], product_or_service=t["product"], company=t["company"]
        ),
        personas=[
            Persona(id="p1", name=t["p1"], description=t["p1_desc"], goals=[t["p1_goal"]]),
            Persona(id="p2", name=t["p2"]),
        ],
        stages=[Stage(id=f"s{i}", name=t[f"s{i}"]) for i in range(1, 5)],
        touchpoints=[
            Touchpoint(
                id="t1",
                stage_id="s1",
                name=t["t1"],
                channel="App",
                mode="online",
                category="first_contact",
                customer_action=t["t1_action"],
                emotion=Emotion(score=1, label=t["e1"]),
            ),
            Touchpoint(
                id="t2",
                stage_id="s1",
                name=t["t2"],
                channel="App",
                mode="online",
                category="first_contact",
                emotion=Emotion(score=0, label=t["e2"]),
            ),
            Touchpoint(
                id="t3",
                stage_id="s2",
                name=t["t3"],
                channel="App",
                mode="online",
                category="purchase",
                customer_action=t["t3_action"],
                frontstage=t["t3_front"],
                backstage=t["t3_back"],
                emotion=Emotion(score=-1, label=t["e3"], quote=t["q3"]),
            ),
            Touchpoint(
                id="t4",
                stage_id="s3",
                name=t["t4"],
                channel="App",
                mode="online",
                category="service",
                customer_action=t["t4_action"],
                frontstage=t["t4_front"],
                backstage=t["t4_back"],
                support=t["t4_support"],
                emotion=Emotion(score=-2, label=t["e4"], quote=t["q4"]),
                moment_of_truth=True,
                provenance=data,
            ),
            Touchpoint(
                id="t5",
                stage_id="s3",
                name=t["t5"],
                channel="Chat",
                mode="online",
                category="service",
                emotion=None,
            ),
            Touchpoint(
                id="t6",
                stage_id="s4",
                name=t["t6"],
                channel="Rider",
                mode="offline",
                category="after_sales",
                customer_action=t["t6_action"],
                frontstage=t["t6_front"],
                emotion=Emotion(score=1, label=t["e6"]),
            ),
        ],
        pain_points=[
            PainPoint(
                id="pp1",
                stage_id="s3",
                touchpoint_id="t4",
                description=t["pp1"],
                severity=5,
                evidence=[t["ev1"]],
                provenance=data,
            ),
            PainPoint(
                id="pp2", stage_id="s2", touchpoint_id="t3", description=t["pp2"], severity=3
            ),
            PainPoint(
                id="pp3",
                stage_id="s3",
                touchpoint_id="t5",
                description=t["pp3"],
                severity=4,
                provenance=suggested,
            ),
        ],
        opportunities=[
            Opportunity(id="o1", description=t["o1"], pain_point_ids=["pp1"], impact=5, effort=2),
            Opportunity(id="o2", description=t["o2"], pain_point_ids=["pp2"], impact=3, effort=1),
        ],
        kpis=[
            MapKPI(id="k1", name=t["k1"], unit="%", stage_id="s3", baseline=82, target=95),
            MapKPI(id="k2", name=t["k2"], baseline=12, target=25),
        ],
    )
    plan = ImprovementPlan(
        actions=[
            Action(
                id="a1",
                title=t["a1"],
                description=t["a1_desc"],
                pain_point_ids=["pp1"],
                impact=5,
                effort=2,
                kano="must_be",
                owner_department=t["dept_product"],
                kpi=KPITarget(name=t["a1_kpi"], unit="%", baseline=18, target=8),
                horizon="30d",
            ),
            Action(
                id="a2",
                title=t["a2"],
                pain_point_ids=["pp1", "pp3"],
                impact=5,
                effort=5,
                kano="performance",
                owner_department=t["dept_tech"],
                kpi=KPITarget(name=t["a2_kpi"], unit="%", baseline=82, target=95),
                horizon="quarter",
                provenance=suggested,
            ),
            Action(
                id="a3",
                title=t["a3"],
                pain_point_ids=["pp2"],
                impact=2,
                effort=1,
                kano="attractive",
                owner_department=t["dept_design"],
                kpi=KPITarget(name=t["a3_kpi"], unit="%", baseline=35, target=30),
                horizon="60d",
            ),
        ],
        review_loop=ReviewLoop(cadence="monthly", owner=t["loop_owner"]),
    )
    return Diagnosis(map=journey, plan=plan)


@pytest.fixture
def diagnosis() -> Diagnosis:
    """The zh-Hans food-delivery diagnosis."""
    return build_diagnosis(TEXTS_HANS, "zh-Hans")


@pytest.fixture
def diagnosis_hant() -> Diagnosis:
    return build_diagnosis(TEXTS_HANT, "zh-Hant")


@pytest.fixture
def diagnosis_en() -> Diagnosis:
    return build_diagnosis(TEXTS_EN, "en")


@pytest.fixture(params=["zh-Hans", "zh-Hant", "en"])
def any_diagnosis(request: pytest.FixtureRequest) -> Diagnosis:
    """The fixture in each of the three languages."""
    texts = {"zh-Hans": TEXTS_HANS, "zh-Hant": TEXTS_HANT, "en": TEXTS_EN}[request.param]
    return build_diagnosis(texts, request.param)


@pytest.fixture
def with_script() -> Callable[[Diagnosis], Diagnosis]:
    """Puts a script tag into a touchpoint name and a quote, as hostile input would."""

    def inject(d: Diagnosis) -> Diagnosis:
        data = d.model_dump(exclude_computed_fields=True)
        data["map"]["touchpoints"][0]["name"] = "<script>alert(1)</script>"
        data["map"]["touchpoints"][3]["emotion"]["quote"] = "<script>alert(1)</script>"
        return Diagnosis.model_validate(data)

    return inject

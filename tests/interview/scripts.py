"""Whole interviews as message lists, and helpers to drive a service through them."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.interview.service import InterviewService, TurnResult
from assistant.interview.steps import STEP_IDS, StepId

# zh-Hans, banking: a goal with a KPI, typed touchpoints with front/backstage, typed pain points.
BANKING_ZH = [
    "我们想把网点平均等候时长从25分钟降到15分钟，同时减少个人贷款申请的投诉。范围从咨询到放款。",
    "首次贷款的年轻白领：工作日没空去网点，想全程在手机上办\n个体工商户：收入走收款码，没有工资流水",
    "好",
    "好",
    "线上申请（手机银行App，线上）：填表上传材料\n前台：客户经理预审\n后台：系统自动查征信\n"
    "网点面签（网点，线下）：取号等候，核实身份",
    "1,3",
    "好",
    "好",
    "好",
    "1：-1 困惑\n线上申请：-2 焦虑 “材料总说不全”\n网点取号排队：-2 生气\n其余：0",
    "网点排队久：常等半小时以上，严重程度4\n审批等待：不知道审批到哪一步了，非常严重",
    "网点取号排队、审批结果",
    "好",
    "1 负责：网点运营部\n复盘 每周",
    "好",
    "完成",
]

# zh-Hant, telecom: stages typed in Traditional script, suggestions converted to Traditional.
TELECOM_HANT = [
    "我們營業廳排隊太久，寬頻裝機也常遲到，想把投訴率降下來。",
    "上班族：只能午休時間來辦業務",
    "了解比較、入網辦理、寬頻安裝、帳單繳費",
    "好",
    "好",
    "好",
    "好",
    "好",  # the optional blueprint question
    "1：-2 生氣，2：+1 滿意\n其餘：-1 不耐煩",
    "1,2",
    "取號排隊",
    "好",
    "好",
    "完成",
]

# en, restaurant: typed answers, a quote, an opportunity with impact/effort/KANO.
RESTAURANT_EN = [
    "We run a restaurant chain with food delivery. We want fewer bad reviews about late and "
    "cold deliveries, from order to review.",
    "Office worker: orders lunch at the desk and has a short break",
    "ok",
    *["ok"] * 6,
    "ok",  # the optional blueprint question
    'Delivery time: -2 angry "45 minutes late again"\nrest: +1',
    "Late delivery: the rider arrived 40 minutes late, severity 5\nCold food: noodles soggy",
    "skip",
    "Dynamic delivery estimates for pain 1: impact high, effort medium, performance",
    "ok",
    "done",
]


def run(service: InterviewService, messages: Iterable[str], **start: object) -> TurnResult:
    result = service.start("acme", **start)  # type: ignore[arg-type]
    return say(service, result.session_id, messages, result)


def say(
    service: InterviewService,
    session_id: str,
    messages: Iterable[str],
    result: TurnResult | None = None,
) -> TurnResult:
    for message in messages:
        result = service.reply(session_id, message)
    assert result is not None
    return result


# The canonical short interview (zh-Hans, banking) with the message that completes each step.
STEP_ANSWERS: list[tuple[StepId, list[str]]] = [
    (
        "goal",
        ["我们想把网点平均等候时长从25分钟降到15分钟，减少贷款申请的投诉，范围从咨询到放款。"],
    ),
    ("personas", ["首次贷款的年轻白领：工作日没空去网点"]),
    ("stages", ["好"]),
    ("touchpoints", ["好"] * 7),  # six stages, then "ok" to the optional blueprint question
    ("emotions", ["1：-2 焦虑，其余：0"]),
    ("pains", ["1,2", "好"]),
    ("opportunities", ["好"]),
    ("plan", ["好"]),
    ("review", ["完成"]),
]


def drive_to(service: InterviewService, step: StepId) -> TurnResult:
    """A new zh-Hans banking interview with every step before `step` answered."""
    result = service.start("acme", lang="zh-Hans")
    for answered, messages in STEP_ANSWERS:
        if answered == step:
            break
        result = say(service, result.session_id, messages, result)
    assert result.step == step, (result.step, step, result.text)
    return result


assert [s for s, _ in STEP_ANSWERS] == list(STEP_IDS)

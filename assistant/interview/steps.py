"""The nine steps of the guided interview and the questions (slots) each one asks.

A step is done when its required slots are satisfied (the step's minimum) or the user moves on;
optional slots are asked once. What satisfies a slot is decided in `progress.py`, against the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

StepId = Literal[
    "goal",
    "personas",
    "stages",
    "touchpoints",
    "emotions",
    "pains",
    "opportunities",
    "plan",
    "review",
]
STEP_IDS: tuple[StepId, ...] = get_args(StepId)

SlotKey = Literal[
    "goal",
    "industry",
    "personas",
    "stages",
    "touchpoints",
    "blueprint",
    "emotions",
    "pains",
    "moments",
    "opportunities",
    "plan",
    "review",
]


@dataclass(frozen=True)
class Slot:
    key: SlotKey
    required: bool = True
    needs: SlotKey | None = None  # a question about the answers to another (skipped with it)


@dataclass(frozen=True)
class Step:
    id: StepId
    slots: tuple[Slot, ...]
    # What to retrieve from the methodology to say why the step matters, per language family,
    # and the documents that should win when the search returns several (ids without -zh/-en).
    query_zh: str
    query_en: str
    preferred_docs: tuple[str, ...]

    def query(self, lang: str) -> str:
        return self.query_en if lang == "en" else self.query_zh


STEPS: dict[StepId, Step] = {
    step.id: step
    for step in (
        Step(
            "goal",
            (Slot("goal"), Slot("industry")),
            "定目标 选角色 明确旅程图的目标和范围",
            "define the goal and scope of the journey map",
            ("concept-build-steps", "concept-journey-map"),
        ),
        Step(
            "personas",
            (Slot("personas"),),
            "客户角色 用户画像 画几个合适",
            "personas customer segments how many",
            ("concept-personas",),
        ),
        Step(
            "stages",
            (Slot("stages"),),
            "旅程阶段 为什么要按行业改 默认的五个阶段",
            "journey stages adapt the default stages to the industry",
            ("concept-journey-stages",),
        ),
        Step(
            "touchpoints",
            (Slot("touchpoints"), Slot("blueprint", required=False, needs="touchpoints")),
            "触点 渠道 线上与线下 五类触点",
            "touchpoints channels online offline",
            ("concept-touchpoints",),
        ),
        Step(
            "emotions",
            (Slot("emotions"),),
            "情绪曲线 为什么要记录情绪 打分方法",
            "emotion curve why record emotions scoring",
            ("concept-emotion-curve",),
        ),
        Step(
            "pains",
            (Slot("pains"), Slot("moments", required=False)),
            "痛点 严重程度 证据 关键时刻",
            "pain points severity evidence moments of truth",
            ("concept-pain-points-opportunities", "concept-moments-of-truth"),
        ),
        Step(
            "opportunities",
            (Slot("opportunities"),),
            "影响 投入 矩阵 四个象限 KANO 排序",
            "impact effort matrix quadrants KANO prioritise",
            ("model-impact-effort", "model-kano"),
        ),
        Step(
            "plan",
            (Slot("plan"),),
            "改进计划 负责部门 KPI 基线 目标 期限",
            "improvement plan owner KPI baseline target horizon",
            ("practice-improvement-plan",),
        ),
        Step(
            "review",
            (Slot("review"),),
            "实施与定期更新 收集反馈 复盘 更新旅程图",
            "implement collect feedback update the map regularly",
            ("concept-build-steps", "concept-feedback-mechanism"),
        ),
    )
}


OPTIONAL_SLOTS: frozenset[SlotKey] = frozenset(
    slot.key for step in STEPS.values() for slot in step.slots if not slot.required
)


def step_number(step: StepId) -> int:
    """1-based position of the step."""
    return STEP_IDS.index(step) + 1


def next_step(step: StepId) -> StepId | None:
    i = STEP_IDS.index(step)
    return STEP_IDS[i + 1] if i + 1 < len(STEP_IDS) else None


def previous_step(step: StepId) -> StepId | None:
    i = STEP_IDS.index(step)
    return STEP_IDS[i - 1] if i > 0 else None

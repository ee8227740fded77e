"""A whole interview against a real local model (llama.cpp, GGUF), opt-in:

    CXCOACH_TEST_LLM_GGUF=/path/model.gguf pytest -m llm tests/interview/test_llm_real.py -s

The user is simulated the way a person would behave: answer the question being asked, and
insist on moving on ("继续") when the same question comes back twice. The interview must end
with a valid map whatever the model does (turns it fumbles fall back to the guided engine);
the per-turn latency is printed.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant.domain import Diagnosis
from tests.interview.conftest import MakeService

GGUF = os.environ.get("CXCOACH_TEST_LLM_GGUF", "")
MAX_TURNS = 25

pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(
        not (GGUF and Path(GGUF).is_file()), reason="set CXCOACH_TEST_LLM_GGUF to a .gguf file"
    ),
]

ANSWERS = {
    "goal": "我们是一家银行，想把个人贷款从申请到放款的时间从7天缩短到3天，减少客户投诉。",
    "industry": "银行",
    "personas": "首次贷款的年轻白领：工作日没空去网点，希望全程在手机上办理",
    "stages": "咨询、申请、审批、放款、还款",
    "touchpoints": "咨询：App产品页、客户经理\n申请：线上申请表\n审批：进度查询\n放款：到账短信\n"
    "还款：还款提醒",
    "emotions": "App产品页 0，客户经理 +1 满意，线上申请表 -2 焦虑，进度查询 -2 着急，"
    "到账短信 +2 开心，还款提醒 0",
    "pains": "审批进度看不到，顾客很焦虑，严重程度4\n申请材料要反复补交，严重程度5",
    "moments": "进度查询和到账短信",
    "opportunities": "审批进度短信推送，影响高，投入低\n一次性材料清单，影响高，投入低",
    "plan": "好",
    "review": "完成",
}


def test_a_whole_interview_with_the_local_model(make_service: MakeService) -> None:
    from assistant.llm.llamacpp import LlamaCppProvider

    provider = LlamaCppProvider(GGUF, timeout=300, max_retries=1)
    service = make_service(llm=provider)
    result = service.start("银行", lang="zh-Hans")
    asked: Counter[str] = Counter()
    timings: list[tuple[str, float, str]] = []
    for _ in range(MAX_TURNS):
        if result.finished:
            break
        asked[result.slot] += 1
        message = ANSWERS[result.slot] if asked[result.slot] <= 2 else "继续"
        began = time.perf_counter()
        result = service.reply(result.session_id, message)
        timings.append((result.slot, time.perf_counter() - began, result.mode))
    for slot, seconds, mode in timings:
        print(f"{slot:<14} {seconds:6.1f} s  {mode}")
    model_turns = [s for _, s, mode in timings if mode == "llm"]
    mean = sum(model_turns) / max(1, len(model_turns))
    print(f"model turns: {len(model_turns)}/{len(timings)}, mean {mean:.1f} s a turn")
    assert result.finished
    diagnosis = Diagnosis.model_validate_json(result.diagnosis.to_json())
    journey = diagnosis.map
    assert journey.goal.goal and len(journey.stages) >= 3
    assert all(
        any(p.id in a.pain_point_ids for a in diagnosis.plan.actions) for p in journey.pain_points
    )
    assert model_turns, "the model never produced a usable answer"

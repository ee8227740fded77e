from __future__ import annotations

import re

from assistant.domain import Diagnosis
from assistant.exports import export_diagnosis
from assistant.exports.mermaid_export import mermaid_score, sanitise

TASK = re.compile(r"^ {8}(?P<name>[^:%][^:]*): (?P<score>\d): (?P<actors>.+)$")


def mermaid(d: Diagnosis) -> str:
    return export_diagnosis(d, "mermaid").content.decode("utf-8")


def test_one_section_per_stage_and_one_task_per_touchpoint(any_diagnosis: Diagnosis) -> None:
    lines = mermaid(any_diagnosis).splitlines()
    assert lines[0] == "journey"
    assert lines[1] == f"    title {sanitise(any_diagnosis.map.title)}"
    sections = [
        line.removeprefix("    section ") for line in lines if line.startswith("    section ")
    ]
    assert sections == [sanitise(s.name) for s in any_diagnosis.map.stages]
    tasks = [m for line in lines if (m := TASK.match(line))]
    touchpoints = any_diagnosis.map.ordered_touchpoints()
    assert [t["name"] for t in tasks] == [sanitise(t.name) for t in touchpoints]
    expected = [mermaid_score(t.emotion.score) if t.emotion else 3 for t in touchpoints]
    assert [int(t["score"]) for t in tasks] == expected


def test_scores_map_emotion_to_one_to_five() -> None:
    assert [mermaid_score(s) for s in (-2, -1, 0, 1, 2)] == [1, 2, 3, 4, 5]


def test_tasks_sit_under_their_stage(diagnosis: Diagnosis) -> None:
    text = mermaid(diagnosis)
    waiting = text.split("    section 等待配送\n")[1].split("    section ")[0]
    assert "        订单进度追踪: 1: 上班族小王, 家庭用户李女士" in waiting
    assert "        %% 在线客服咨询: 未记录情绪" in waiting  # missing emotion: neutral, flagged
    assert "        在线客服咨询: 3: 上班族小王, 家庭用户李女士" in waiting


def test_names_are_sanitised(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(exclude_computed_fields=True)
    data["map"]["stages"][0]["name"] = "Browse: #1; fast"
    data["map"]["touchpoints"][0]["name"] = "Search:\nfilter #tag; more"
    data["map"]["personas"][0]["name"] = "Wang, Jr."
    text = mermaid(Diagnosis.model_validate(data))
    assert "    section Browse： ＃1； fast" in text
    assert "        Search： filter ＃tag； more: 4: Wang， Jr., 家庭用户李女士" in text
    for line in text.splitlines()[1:]:
        body = line.strip()
        if body.startswith("%%"):
            continue
        assert "#" not in body and ";" not in body
        # Only the task separators remain as ASCII colons.
        assert body.count(":") in (0, 2)


def test_without_personas_the_actor_is_the_customer(diagnosis_en: Diagnosis) -> None:
    data = diagnosis_en.model_dump(exclude_computed_fields=True)
    data["map"]["personas"] = []
    text = mermaid(Diagnosis.model_validate(data))
    assert "        Order tracking: 1: Customer" in text


def test_angle_brackets_cannot_become_html_in_loose_renderers(diagnosis: Diagnosis) -> None:
    data = diagnosis.model_dump(exclude_computed_fields=True)
    data["map"]["touchpoints"][0]["name"] = "<img onerror=x>"
    text = mermaid(Diagnosis.model_validate(data))
    assert "<" not in text and ">" not in text
    assert "＜img onerror=x＞: 4:" in text

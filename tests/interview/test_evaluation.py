"""`cxcoach eval interview`: the scenario set, the matching and counting on hand-made maps, the
runner's nudges and skips, and a run through the real engine (no figures asserted: they are
what the evaluation measures)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.domain import Emotion, PainPoint, Provenance, Touchpoint
from assistant.domain.plan import Action, KPITarget
from assistant.interview.draft import MapDraft
from assistant.interview.evaluation import (
    ACTS,
    DEFAULT_FOLDER,
    Scenario,
    ScenarioError,
    ScenarioOracle,
    ScenarioRun,
    load_scenario,
    load_scenarios,
    match_score,
    run_scenario,
    score_scenario,
    simplified_only,
    stored_turns,
)
from tests.interview.conftest import MakeService

SCENARIOS = Path(__file__).parent / "scenarios"


# The scenario set ------------------------------------------------------------------------------


def test_the_cli_default_is_this_folder() -> None:
    assert SCENARIOS.resolve() == (Path(__file__).parents[2] / DEFAULT_FOLDER).resolve()


def test_every_scenario_validates_and_the_set_meets_the_counts() -> None:
    scenarios = load_scenarios(SCENARIOS)  # raises ScenarioError naming a broken file
    assert len(scenarios) >= 40
    langs = [s.lang for s in scenarios]
    assert langs.count("zh-Hant") >= 10
    assert langs.count("zh-Hans") >= 10 and langs.count("en") >= 10
    industries = {s.industry: s.playbook for s in scenarios}
    assert len(industries) >= 10
    assert sum(1 for has in industries.values() if not has) >= 4
    acts = {t.act for s in scenarios for t in s.turns}
    assert acts == set(ACTS)
    for scenario in scenarios:
        assert 10 <= len(scenario.turns) <= 25, scenario.id
        assert scenario.turns[-1].slot == "review", scenario.id  # each ends with "done"
    # Most scenarios state their own stages, so recall can be measured.
    assert sum(1 for s in scenarios if s.expect.stages) >= 0.9 * len(scenarios)


# Matching ---------------------------------------------------------------------------------------


def test_matching_folds_script_case_and_punctuation() -> None:
    assert match_score("辦理登機及寄艙", "办理登机及寄舱") == 1.0
    assert match_score("Check-in", "check in") == 1.0
    assert match_score("看医生", "进诊室看医生") > 0  # the map kept more words
    assert match_score("候诊时间太长", "候诊时间太长，不知道还要等多久") > 0
    assert match_score("取号机", "迎宾") == 0


def test_a_name_with_and_must_keep_both_parts() -> None:
    assert match_score("Security and boarding", "Security and boarding") == 1.0
    assert match_score("Security and boarding", "Security") == 0
    assert match_score("Security and boarding", "boarding") == 0
    assert match_score("看診與治療", "看診") == 0
    assert match_score("购物车和篮子", "购物车") == 0


def test_simplified_characters_are_found_except_those_the_user_typed() -> None:
    assert simplified_only("櫃台、網站、資料") == []  # 台 is everyday Traditional
    assert simplified_only("柜台、网站") == ["柜", "网"]
    assert simplified_only("柜台、网站", typed=["我們的网站"]) == ["柜"]
    assert simplified_only("里長廣播") == []
    assert simplified_only("English only") == []


# Scoring hand-made maps -----------------------------------------------------------------------

TINY = """
id: tiny
lang: zh-Hans
industry: restaurant
playbook: true
ideal_turns: 5
turns:
  - {say: 我们是火锅店，想把等位时间从50分钟降到30分钟, slot: goal}
  - {say: 不知道, act: non_answer, slot: personas}
  - {say: 对了今天天气怎么样, act: off_topic}
  - {say: 到店取号、排队等位、用餐, slot: stages}
  - {say: 完成, slot: review}
expect:
  stages: [到店取号, 排队等位, 用餐]
  touchpoints: {到店取号: [取号机], 排队等位: [等候区, 小吃饮料]}
  pains: [等位太久]
  emotions: {排队等位: -1, 用餐: 1}
  fixes: [微信推送叫号提醒]
"""


def tiny(tmp_path: Path, text: str = TINY) -> Scenario:
    path = tmp_path / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def user() -> Provenance:
    return Provenance()


def make_map(
    stages: Sequence[str],
    touchpoints: dict[str, list[tuple[str, int | None]]],
    pains: Sequence[str] = (),
    actions: Sequence[str] = (),
) -> MapDraft:
    draft = MapDraft(goal="把等位时间从50分钟降到30分钟")
    ids = {name: draft.add_stage(name, "", user()).id for name in stages}
    for stage, items in touchpoints.items():
        for name, score in items:
            draft.add_touchpoint(
                Touchpoint(
                    id=draft.new_id("touchpoint"),
                    stage_id=ids[stage],
                    name=name,
                    emotion=None if score is None else Emotion(score=score),
                )
            )
    first = next(iter(ids.values()))
    for text in pains:
        draft.add_pain(
            PainPoint(id=draft.new_id("pain"), stage_id=first, description=text, severity=3)
        )
    pain_ids = [p.id for p in draft.pain_points] or ["pain-0"]
    for title in actions:
        draft.plan.actions.append(
            Action(
                id=draft.new_id("action"),
                title=title,
                pain_point_ids=pain_ids[:1],
                impact=3,
                effort=3,
                owner_department="门店运营部",
                kpi=KPITarget(name="等位时间", target=30),
            )
        )
    return draft


def test_a_map_with_everything_stated_scores_one(tmp_path: Path) -> None:
    draft = make_map(
        ["到店取号", "排队等位", "用餐"],
        {
            "到店取号": [("取号机", 0)],
            "排队等位": [("等候区", -2), ("小吃饮料", 0)],  # mean -1: negative
            "用餐": [("上菜", 1)],
        },
        pains=["等位太久，不知道还要等多久"],
        actions=["排队时微信推送叫号提醒"],
    )
    score = score_scenario(tiny(tmp_path), ScenarioRun(draft=draft, turns_used=5, finished=True))
    assert {kind: t.recall for kind, t in score.tallies().items()} == {
        "stages": 1.0,
        "touchpoints": 1.0,
        "pains": 1.0,
        "emotions": 1.0,
        "fixes": 1.0,
    }
    assert score.stored == [] and score.not_removed == []
    assert score.misses() == []
    assert score.excess == 0


def test_a_missing_stage_costs_its_touchpoints_and_emotion_too(tmp_path: Path) -> None:
    draft = make_map(
        ["到店取号", "用餐"],
        {"到店取号": [("取号机", 0), ("等候区", -1)], "用餐": [("上菜", -1)]},
    )
    score = score_scenario(tiny(tmp_path), ScenarioRun(draft=draft))
    assert (score.stages.found, score.stages.expected) == (2, 3)
    assert score.stages.misses == ["排队等位"]
    # 等候区 is in the map, but under the wrong stage: it does not count.
    assert (score.touchpoints.found, score.touchpoints.expected) == (1, 3)
    assert score.emotions.found == 0  # 排队等位 missing, 用餐 negative instead of positive
    assert score.pains.recall == 0 and score.fixes.recall == 0
    assert "the session never finished" in score.misses()


def test_one_map_item_cannot_stand_for_two_stated_ones(tmp_path: Path) -> None:
    draft = make_map(["到店取号排队等位", "用餐"], {})
    score = score_scenario(tiny(tmp_path), ScenarioRun(draft=draft))
    assert score.stages.found == 2  # 用餐, and one of the two merged stages


def test_a_non_answer_stored_as_a_stage_is_counted(tmp_path: Path) -> None:
    scenario = tiny(tmp_path)
    clean = make_map(["到店取号", "排队等位", "用餐"], {})
    assert stored_turns(scenario, clean) == []
    stored = make_map(["不知道", "到店取号", "排队等位", "用餐"], {})
    assert stored_turns(scenario, stored) == ["不知道"]
    # A piece of an off-topic message counts too, not only the whole of it.
    weather = make_map(["今天天气", "到店取号", "排队等位", "用餐"], {})
    assert stored_turns(scenario, weather) == ["对了今天天气怎么样"]
    # The runner's own words count only as a whole name.
    nudged = make_map(["继续", "到店取号", "排队等位", "用餐"], {})
    assert stored_turns(scenario, nudged, ["继续"]) == ["继续"]


def test_a_correction_phrase_kept_as_a_name_is_counted(tmp_path: Path) -> None:
    text = TINY.replace("ideal_turns: 5", "ideal_turns: 6").replace(
        "  - {say: 完成, slot: review}",
        "  - {say: 不对，阶段应该是：到店取号、排队等位、用餐, act: correction}\n"
        "  - {say: 完成, slot: review}",
    )
    scenario = tiny(tmp_path, text)
    assert stored_turns(scenario, make_map(["到店取号", "排队等位", "用餐"], {})) == []
    kept = make_map(["阶段应该是：到店取号", "排队等位", "用餐"], {})
    assert len(stored_turns(scenario, kept)) == 1


def test_what_a_correction_removed_must_be_gone(tmp_path: Path) -> None:
    text = TINY + "  absent:\n    stages: [买单离店]\n    touchpoints: [取号机]\n"
    scenario = tiny(tmp_path, text)
    draft = make_map(["到店取号", "排队等位", "用餐", "买单离店"], {"到店取号": [("取号机", 0)]})
    score = score_scenario(scenario, ScenarioRun(draft=draft))
    assert score.not_removed == ["stage 买单离店", "touchpoint 取号机"]


# Broken files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("act: off_topic", "act: chitchat"), "turns.2.act"),
        (("ideal_turns: 5", "ideal_turns: 40"), "scenario"),
        (("playbook: true", "playbook: false"), "playbook"),
        (("emotions: {排队等位: -1", "emotions: {排队: -1"), "expect"),
        (("slot: goal", "slot: goal, colour: red"), "turns.0.colour"),
    ],
)
def test_a_broken_scenario_names_the_file_and_the_field(
    tmp_path: Path, change: tuple[str, str], where: str
) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY.replace(*change), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(tmp_path)
    assert str(path) in str(caught.value)
    assert where in str(caught.value)


def test_the_command_exits_2_on_a_broken_file(tmp_path: Path) -> None:
    from assistant.cli.eval_interview import run_interview_eval

    (tmp_path / "tiny.yaml").write_text("id: [unclosed", encoding="utf-8")
    assert run_interview_eval(tmp_path, "none", False, None, None) == 2
    assert run_interview_eval(tmp_path, "gpt", False, None, None) == 2


# The runner ---------------------------------------------------------------------------------------


class StubService:
    """Asks the slots in `asks` in order, one per reply; records what it was told."""

    def __init__(self, asks: Sequence[str]) -> None:
        self.asks = list(asks)
        self.heard: list[str] = []
        self.draft = MapDraft()

    def _result(self) -> Any:
        finished = len(self.heard) >= len(self.asks)
        slot = "review" if finished else self.asks[len(self.heard)]
        return SimpleNamespace(
            session_id="s", text="", draft=self.draft, slot=slot, finished=finished, mode="guided"
        )

    def start(self, workspace: str, lang: str, industry: str | None) -> Any:
        return self._result()

    def reply(self, session_id: str, message: str) -> Any:
        self.heard.append(message)
        return self._result()

    def state(self, session_id: str) -> Any:
        return SimpleNamespace(draft=self.draft, industry=None)

    def export(self, session_id: str, fmt: str) -> Any:
        return SimpleNamespace(content=b"{}" if fmt == "json" else b"")


RUNNER = """
id: tiny
lang: en
industry: airline
playbook: false
ideal_turns: 4
turns:
  - {say: cut check-in time, slot: goal}
  - {say: airline, slot: industry, optional: true}
  - {say: families, slot: personas}
  - {say: "book, check in, fly", slot: stages}
  - {say: ok, slot: plan}
"""


def test_the_runner_skips_unasked_optional_turns_nudges_and_closes(tmp_path: Path) -> None:
    scenario = tiny(tmp_path, RUNNER)
    # The engine does not ask the industry, asks the personas twice, then a stage question, and
    # wants one more "done" at the end.
    stub = StubService(["goal", "personas", "personas", "stages", "plan", "review", "review"])
    run = run_scenario(stub, scenario)  # type: ignore[arg-type]
    assert stub.heard == ["cut check-in time", "families", "next", "book, check in, fly"] + [
        "ok",
        "done",
        "done",
    ]
    assert (run.skipped, run.nudges, run.closings, run.turns_used) == (1, 1, 2, 7)
    assert run.finished and run.runner_words == ["next", "done", "done"]
    assert len(run.latencies_ms) == 7


def test_the_runner_sends_an_optional_turn_when_its_question_comes(tmp_path: Path) -> None:
    stub = StubService(["goal", "industry", "personas", "stages", "plan", "review"])
    run = run_scenario(stub, tiny(tmp_path, RUNNER))  # type: ignore[arg-type]
    assert stub.heard[:2] == ["cut check-in time", "airline"]
    assert (run.skipped, run.nudges) == (0, 0)


# Through the real engine ------------------------------------------------------------------------


def test_a_scenario_runs_through_the_engine_and_is_scored(make_service: MakeService) -> None:
    scenario = load_scenario(SCENARIOS / "supermarket-zh.yaml")
    service = make_service()
    run = run_scenario(service, scenario)
    assert run.error == ""
    assert run.turns_used >= sum(1 for t in scenario.turns if not t.optional)
    assert set(run.exports) == {"html", "md", "json"}
    assert len(run.replies) == run.turns_used + 1  # the first question too
    score = score_scenario(scenario, run)
    assert score.stages.expected == 4 and score.fixes.expected == 3
    assert all(0 <= (t.recall or 0) <= 1 for t in score.tallies().values())


def test_the_fake_model_answers_from_the_scenario(make_service: MakeService) -> None:
    scenario = load_scenario(SCENARIOS / "hotpot-restaurant-zh.yaml")
    oracle = ScenarioOracle()
    run = run_scenario(make_service(llm=oracle), scenario, oracle)
    assert run.error == ""
    assert oracle.calls > 0
    assert run.model_turns > 0  # some replies came from the model's reading


def test_the_oracle_reads_stated_items_and_is_careless_with_the_rest(tmp_path: Path) -> None:
    from assistant.interview.extraction import StagesAnswer

    scenario = tiny(tmp_path)
    oracle = ScenarioOracle()
    oracle.hear(scenario, scenario.turns[3], scenario.turns[3].say)
    answer = oracle.reply_for(StagesAnswer)
    assert isinstance(answer, StagesAnswer)
    assert [s.name for s in answer.stages] == ["到店取号", "排队等位", "用餐"]
    oracle.hear(scenario, scenario.turns[1], "不知道")
    careless = oracle.reply_for(StagesAnswer)
    assert isinstance(careless, StagesAnswer)
    assert [s.name for s in careless.stages] == ["不知道"]

"""A refused plan form says every problem at once (assistant/services/plan_editing.py): a new
action missing several required values, or an edit with several invalid ones, is refused with all
of them, one per field, in the form's order — each said in the user's language — instead of the
first alone; one problem alone is refused as before."""

from __future__ import annotations

import pytest

from assistant.domain import Diagnosis
from assistant.examples import load_example
from assistant.services.plan_editing import (
    FORM_ORDER,
    REQUIRED_FOR_NEW,
    PlanEditError,
    PlanFormErrors,
    add_action,
    edit_action,
)


@pytest.fixture
def bank() -> Diagnosis:
    return load_example("bank-loan.zh-Hans")


def test_an_empty_new_action_names_every_required_field(bank: Diagnosis) -> None:
    with pytest.raises(PlanFormErrors) as refused:
        add_action(bank, {"title": " ", "pain_point_ids": [], "kpi_target": ""})
    problems = refused.value.problems
    assert [p.field for p in problems] == list(REQUIRED_FOR_NEW)
    assert refused.value.key == "title"  # the first, as a single refusal had it
    assert [p.message("zh-Hans") for p in problems] == [
        "请填写行动名称。",
        "请至少选一个这条行动要解决的痛点。",
        "请填写负责部门。",
        "请填写衡量这条行动的指标。",
        "目标值要填一个数字。",
    ]
    assert refused.value.message("zh-Hant") == (
        "請填寫行動名稱。 請至少選一個這項行動要解決的痛點。 請填寫負責部門。 "
        "請填寫衡量這項行動的指標。 目標值要填一個數字。"
    )
    assert str(refused.value) == (
        "Give the action a name. Choose at least one pain point the action addresses. "
        "Say which team owns the action. Name the KPI that measures the action. "
        "The target must be a number."
    )


def test_missing_and_invalid_values_are_said_together_in_the_forms_order(
    bank: Diagnosis,
) -> None:
    with pytest.raises(PlanFormErrors) as refused:
        add_action(
            bank,
            {
                "effort": "9",
                "title": "在线客服答疑",
                "pain_point_ids": ["pp-gone"],
                "kpi_name": "进度咨询来电量",
                "kpi_target": "很多",
                "horizon": "next year",
            },
        )
    problems = refused.value.problems
    assert [(p.field, p.key) for p in problems] == [
        ("pain_point_ids", "unknown_pain"),
        ("owner_department", "owner_department"),
        ("horizon", "horizon"),
        ("kpi_target", "kpi_target"),
        ("effort", "effort"),
    ]
    fields = [p.field for p in problems]
    assert fields == sorted(fields, key=lambda f: FORM_ORDER.index(f or ""))
    assert problems[0].message("en") == "The map has no pain point “pp-gone”."


def test_an_edit_with_several_bad_values_names_them_all(bank: Diagnosis) -> None:
    with pytest.raises(PlanFormErrors) as refused:
        edit_action(
            bank,
            "a-repay-care",
            {"title": "", "owner_department": "  ", "kpi_baseline": "x", "impact": "0"},
        )
    assert [p.field for p in refused.value.problems] == [
        "title",
        "owner_department",
        "kpi_baseline",
        "impact",
    ]


def test_one_problem_alone_is_refused_as_before(bank: Diagnosis) -> None:
    with pytest.raises(PlanEditError) as refused:
        edit_action(bank, "a-repay-care", {"kpi_target": "很多"})
    assert not isinstance(refused.value, PlanFormErrors)
    assert refused.value.key == "kpi_target" and refused.value.field == "kpi_target"
    assert refused.value.problems == (refused.value,)
    assert refused.value.message("zh-Hans") == "目标值要填一个数字。"


def test_a_complete_new_action_is_still_added(bank: Diagnosis) -> None:
    change = add_action(
        bank,
        {
            "title": "在线客服答疑",
            "description": "",
            "pain_point_ids": ["pp-black-box"],
            "owner_department": "远程银行中心",
            "kpi_name": "进度咨询来电量",
            "kpi_unit": "",
            "kpi_baseline": "",
            "kpi_target": "200",
        },
    )
    new = change.diagnosis.plan.actions[-1]
    assert (new.title, new.owner_department, new.kpi.target, new.kpi.baseline) == (
        "在线客服答疑",
        "远程银行中心",
        200,
        None,
    )

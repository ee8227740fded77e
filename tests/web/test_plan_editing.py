"""The plan page edits the plan (issue #13 items 2 and 4): an action's form in place, delete, add,
a dot dragged on the matrix (impact and effort alone), an action moved up or down the plan — with
htmx the matrix and table come back together, without JavaScript a redirect says what was saved;
refusals in the reader's language keep what was typed; the JSON API does the same through the
same service."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .conftest import HX, text_of


def row_of(page: str, action_id: str) -> str:
    match = re.search(rf'<tr id="action-{action_id}".*?</tr>', page, re.S)
    assert match, action_id
    return match.group(0)


def test_the_form_edits_every_field_and_the_body_comes_back_whole(
    client: TestClient, map_id: str
) -> None:
    form = client.get(f"/maps/{map_id}/plan?edit=a-amount-explain", headers=HX).text
    assert form.startswith('<div id="plan-body"') and "<html" not in form
    assert 'name="title" value="批复通知附额度说明卡"' in form
    assert 'value="pp-amount-gap" checked' in form and "行动名称" in form
    response = client.post(
        f"/maps/{map_id}/plan/actions/a-amount-explain",
        data={
            "title": "批复额度说明卡",
            "_pains": "1",
            "pain_point_ids": ["pp-amount-gap", "pp-black-box"],
            "owner_department": "风险管理部",
            "kpi_name": "额度投诉量",
            "kpi_unit": "件",
            "kpi_baseline": "40",
            "kpi_target": "12",
            "horizon": "30d",
            "impact": "4",
            "effort": "1",
            "kano": "must_be",
        },
        headers=HX,
    )
    page = response.text
    assert response.status_code == 200
    assert (
        "已保存为第 2 版：编辑改进行动“批复额度说明卡”：标题、负责部门、指标、单位、基线、目标值、"
        "周期、影响、投入、KANO 类型、对应痛点"
    ) in text_of(page)
    # The matrix and the table of the same version, head and history out of band.
    assert '<svg class="chart matrix"' in page and 'data-action="a-amount-explain"' in page
    assert 'data-impact="4" data-effort="1"' in page
    assert 'id="plan-head" class="page-head" hx-swap-oob="true"' in page
    assert 'id="history"' in page and "第 2 版" in page
    row = text_of(row_of(page, "a-amount-explain"))
    assert "批复额度说明卡" in row and "风险管理部" in row and "40件 → 12件" in row
    assert "30 天" in row and "快速见效" in row and "影响 4 · 投入 1" in row
    assert "审批进度是黑箱" in row  # the pain point linked now
    assert "60 天 → 30 天" in text_of(page) and "60d" not in text_of(page)  # the diff, in words
    assert 'class="guess"' not in row_of(page, "a-amount-explain")  # all set by the manager


def test_a_suggested_owner_shows_as_a_guess_until_set(client: TestClient, map_id: str) -> None:
    before = row_of(client.get(f"/maps/{map_id}/plan").text, "a-amount-explain")
    assert re.search(r'<td class="owner">[^<]+<sup class="guess"', before)
    client.post(
        f"/maps/{map_id}/plan/actions/a-amount-explain",
        data={"owner_department": "风险管理部"},
        headers=HX,
    )
    page = client.get(f"/maps/{map_id}/plan").text
    after = row_of(page, "a-amount-explain")
    assert '<td class="owner">风险管理部</td>' in after
    assert re.search(r'class="nowrap horizon">[^<]+<sup class="guess"', after)
    # The history's diff says so in words, not field paths.
    diff = text_of(page[page.index('id="diff"') :])
    assert "助手建议 → 团队提供" in diff and "期限" in diff and "provenance" not in diff


def test_a_dragged_dot_saves_impact_and_effort(client: TestClient, map_id: str) -> None:
    page = client.post(
        f"/maps/{map_id}/plan/actions/a-repay-care",
        data={"impact": "2", "effort": "4"},
        headers=HX,
    ).text
    row = text_of(row_of(page, "a-repay-care"))
    assert "影响 2 · 投入 4" in row and "重新考虑" in row
    assert "编辑改进行动“T−3 / T−1 还款提醒与余额不足预警”：影响、投入" in text_of(page)
    api = client.get(f"/api/maps/{map_id}/versions").json()
    assert api[-1]["note"] == "edit action a-repay-care: impact, effort"


def test_without_javascript_forms_redirect_and_say_what_was_saved(
    client: TestClient, map_id: str
) -> None:
    form = client.get(f"/maps/{map_id}/plan?edit=a-repay-care").text
    assert "<html" in form and f'action="/maps/{map_id}/plan/actions/a-repay-care"' in form
    deleted = client.post(f"/maps/{map_id}/plan/actions/a-key-terms/delete", follow_redirects=False)
    assert deleted.status_code == 303
    assert deleted.headers["location"] == f"/maps/{map_id}/plan?saved=2"
    page = client.get(deleted.headers["location"]).text
    assert "已保存为第 2 版：删除改进行动“签约页「关键条款一页纸」+ App 提前还款”" in text_of(page)
    assert 'id="action-a-key-terms"' not in page
    added = client.post(
        f"/maps/{map_id}/plan/actions",
        data={
            "title": "在线客服答疑",
            "_pains": "1",
            "pain_point_ids": "pp-black-box",
            "owner_department": "远程银行中心",
            "kpi_name": "进度咨询来电量",
            "kpi_target": "200",
            "impact": "3",
            "effort": "2",
            "horizon": "90d",
            "kano": "performance",
        },
    )
    page = added.text  # the redirect followed
    assert "已保存为第 3 版：添加改进行动“在线客服答疑”" in text_of(page)
    assert "在线客服答疑" in text_of(row_of(page, "action-1"))
    unchanged = client.post(f"/maps/{map_id}/plan/actions/a-repay-care", data={"impact": "4"})
    assert "没有改动，没有保存新版本。" in unchanged.text


def test_a_refused_change_is_explained_and_keeps_what_was_typed(
    client: TestClient, map_id: str
) -> None:
    client.cookies.set("cxcoach_lang", "zh-Hant")
    response = client.post(
        f"/maps/{map_id}/plan/actions",
        data={"title": "叫號簡訊", "_pains": "1", "owner_department": "通路營運處"},
    )
    assert response.status_code == 422
    page = response.text
    assert "沒有儲存" in page and "請至少選一個這項行動要解決的痛點。" in page
    assert (
        'name="title" value="叫號簡訊"' in page and '<details class="card plan-add" open>' in page
    )
    versions = client.get(f"/api/maps/{map_id}/versions").json()
    assert len(versions) == 1  # nothing saved

    typo = client.post(
        f"/maps/{map_id}/plan/actions/a-repay-care",
        data={"kpi_target": "一半"},
        headers=HX,
    ).text
    assert "目標值要填一個數字。" in typo and 'value="一半"' in typo


def test_old_versions_offer_no_editing(client: TestClient, map_id: str) -> None:
    client.post(f"/maps/{map_id}/plan/actions/a-repay-care", data={"horizon": "60d"}, headers=HX)
    old = client.get(f"/maps/{map_id}/plan?version=1&edit=a-repay-care").text
    assert "只有最新版本可以编辑。" in old
    assert "plan/actions" not in old and "data-plan-matrix" not in old


def test_the_json_api_edits_deletes_and_adds(client: TestClient, map_id: str) -> None:
    base = f"/api/maps/{map_id}/plan/actions"
    edited = client.patch(
        f"{base}/a-repay-care", json={"values": {"owner_department": "贷后管理部", "impact": 5}}
    )
    body = edited.json()
    assert edited.status_code == 200 and body["saved"] and body["version"] == 2
    repay = next(a for a in body["plan"]["actions"] if a["id"] == "a-repay-care")
    assert (repay["owner_department"], repay["impact"]) == ("贷后管理部", 5)
    same = client.patch(f"{base}/a-repay-care", json={"values": {"impact": 5}}).json()
    assert not same["saved"] and same["version"] == 2

    added = client.post(
        base,
        json={
            "values": {
                "title": "Online chat",
                "pain_point_ids": ["pp-black-box"],
                "owner_department": "Digital",
                "kpi_name": "calls",
                "kpi_target": 10,
            }
        },
    )
    assert added.status_code == 201 and added.json()["action_id"] == "action-1"
    deleted = client.delete(f"{base}/action-1")
    assert deleted.status_code == 200 and deleted.json()["version"] == 4
    assert "action-1" not in [a["id"] for a in deleted.json()["plan"]["actions"]]

    refused = client.patch(f"{base}/a-repay-care", json={"values": {"effort": 0}})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Effort must be a whole number from 1 to 5."
    gone = client.delete(f"{base}/action-1")
    assert (
        gone.status_code == 404 and "no longer has this action (action-1)" in gone.json()["detail"]
    )


def test_the_version_diff_names_changes_in_the_readers_script(
    client: TestClient, map_id: str
) -> None:
    """A zh-Hans map read in zh-Hant: the diff under the history names the changed action and
    its old and new values in Traditional, like the rest of the page; the API keeps them stored."""
    client.post(
        f"/maps/{map_id}/plan/actions/a-progress-tracker",
        data={"owner_department": "运营部"},
        headers=HX,
    )
    client.cookies.set("cxcoach_lang", "zh-Hant")
    diff = re.search(r'<ul class="diff">.*?</ul>', client.get(f"/maps/{map_id}/plan").text, re.S)
    assert diff, "no diff on the plan page"
    shown = text_of(diff.group(0))
    assert "審批進度節點化展示與主動推送" in shown and "營運部" in shown, shown
    assert "审批进度" not in shown and "运营部" not in shown, shown
    stored = client.get(f"/api/maps/{map_id}/diff", params={"a": 1, "b": 2}).json()
    assert "运营部" in str(stored)


def test_undo_on_the_plan_page_brings_the_last_change_back(client: TestClient, map_id: str) -> None:
    plan = client.get(f"/maps/{map_id}/plan").text
    assert "/plan/undo" not in plan  # an import: nothing to undo
    deleted = client.post(f"/maps/{map_id}/plan/actions/a-key-terms/delete", headers=HX).text
    assert f'action="/maps/{map_id}/plan/undo"' in deleted and "撤销上一次修改" in deleted
    undone = client.post(f"/maps/{map_id}/plan/undo")  # without JavaScript: the redirect
    page = text_of(undone.text)
    assert "已保存为第 3 版：撤销上一次修改（回到第 1 版）" in page
    assert 'id="action-a-key-terms"' in undone.text
    again = client.post(f"/maps/{map_id}/plan/undo", headers=HX)  # back at the import
    assert again.status_code == 200 and "没有可以撤销的修改" in text_of(again.text)
    assert len(client.get(f"/api/maps/{map_id}/versions").json()) == 3  # nothing saved


def order(page: str) -> list[str]:
    return re.findall(r'<tr id="action-([^"]+)"', page)


def test_the_arrows_move_an_action_and_the_table_follows(client: TestClient, map_id: str) -> None:
    page = client.get(f"/maps/{map_id}/plan").text
    assert order(page)[:2] == ["a-one-checklist", "a-resume-autofill"]
    first = row_of(page, "a-one-checklist")
    assert f'action="/maps/{map_id}/plan/actions/a-one-checklist/move"' in first
    assert re.search(r'value="up" aria-label="上移第 1 条行动"[^>]*disabled', first)
    assert 'aria-label="下移第 1 条行动"' in first
    assert re.search(r'value="down" aria-label="下移第 7 条行动"[^>]*disabled', page)
    assert "表格按计划的先后排列" in text_of(page)

    moved = client.post(
        f"/maps/{map_id}/plan/actions/a-one-checklist/move",
        data={"direction": "down"},
        headers=HX,
    )
    body = moved.text
    assert moved.status_code == 200 and body.startswith('<div id="plan-body"')
    assert order(body)[:3] == ["a-resume-autofill", "a-one-checklist", "a-progress-tracker"]
    saved = "已保存为第 2 版：调整改进行动“统一「一次告知」材料清单与咨询话术”的位置"
    assert saved in text_of(body)
    # Numbered in the new order, on the table and the matrix alike.
    assert re.search(r'<span class="no"[^>]*>2</span>', row_of(body, "a-one-checklist"))
    assert f'action="/maps/{map_id}/plan/undo"' in body
    versions = client.get(f"/api/maps/{map_id}/versions").json()
    assert versions[-1]["note"] == "reorder action a-one-checklist"

    dragged = client.post(
        f"/maps/{map_id}/plan/actions/a-key-terms/move", data={"index": "0"}, headers=HX
    ).text
    assert order(dragged)[:2] == ["a-key-terms", "a-resume-autofill"]

    undone = client.post(f"/maps/{map_id}/plan/undo", headers=HX).text
    assert order(undone)[:2] == ["a-resume-autofill", "a-one-checklist"]


def test_moving_the_first_action_up_saves_nothing_and_says_why(
    client: TestClient, map_id: str
) -> None:
    """Without JavaScript: the redirect names the action that stayed put."""
    response = client.post(
        f"/maps/{map_id}/plan/actions/a-one-checklist/move",
        data={"direction": "up"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/maps/{map_id}/plan?unmoved=a-one-checklist"
    page = client.get(response.headers["location"]).text
    assert "“统一「一次告知」材料清单与咨询话术”已经是第一条行动，没有保存新版本。" in text_of(page)
    assert len(client.get(f"/api/maps/{map_id}/versions").json()) == 1

    client.cookies.set("cxcoach_lang", "zh-Hant")
    last = client.post(
        f"/maps/{map_id}/plan/actions/a-key-terms/move", data={"direction": "down"}, headers=HX
    ).text
    assert "已經是最後一項行動，沒有儲存新版本。" in text_of(last)
    assert 'aria-label="上移第 7 項行動"' in last
    sideways = client.post(
        f"/maps/{map_id}/plan/actions/a-key-terms/move", data={"direction": "left"}, headers=HX
    ).text
    assert "請說明往哪邊移動" in text_of(sideways)
    gone = client.post(f"/maps/{map_id}/plan/actions/a-gone/move", data={"direction": "up"})
    assert gone.status_code == 404 and "計畫裡已經沒有這項行動（a-gone）" in gone.text


def test_the_arrows_read_in_english(client: TestClient, map_id: str) -> None:
    client.cookies.set("cxcoach_lang", "en")
    page = client.post(
        f"/maps/{map_id}/plan/actions/a-repay-care/move", data={"direction": "up"}, headers=HX
    ).text
    assert 'aria-label="Move action 5 up"' in row_of(page, "a-repay-care")
    assert 'aria-label="Move action 5 down"' in row_of(page, "a-repay-care")
    assert "Saved as version 2: Action “T−3 / T−1 还款提醒与余额不足预警” moved" in text_of(page)


def test_the_json_api_moves_an_action(client: TestClient, map_id: str) -> None:
    base = f"/api/maps/{map_id}/plan/actions"
    down = client.post(f"{base}/a-one-checklist/move", json={"direction": "down"})
    body = down.json()
    assert down.status_code == 200 and body["saved"] and body["version"] == 2
    assert body["action_id"] == "a-one-checklist"
    assert [a["id"] for a in body["plan"]["actions"]][:2] == [
        "a-resume-autofill",
        "a-one-checklist",
    ]
    to_end = client.post(f"{base}/a-resume-autofill/move", json={"index": 6}).json()
    assert to_end["version"] == 3 and to_end["plan"]["actions"][-1]["id"] == "a-resume-autofill"
    assert to_end["plan"]["actions"][0]["id"] == "a-one-checklist"  # first again
    edge = client.post(f"{base}/a-one-checklist/move", json={"direction": "up"}).json()
    assert not edge["saved"] and edge["version"] == 3  # already first: nothing saved
    versions = client.get(f"/api/maps/{map_id}/versions").json()
    assert [v["note"] for v in versions[1:]] == [
        "reorder action a-one-checklist",
        "reorder action a-resume-autofill",
    ]
    refused = client.post(f"{base}/a-one-checklist/move", json={"direction": "sideways"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Say which way to move the action, up or down."
    negative = client.post(f"{base}/a-one-checklist/move", json={"index": -1})
    assert negative.status_code == 422
    gone = client.post(f"{base}/a-gone/move", json={"direction": "up"})
    assert gone.status_code == 404

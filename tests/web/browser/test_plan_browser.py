"""Plan editing in Chromium: an action's title and owner edited in place, one deleted, one added,
a dot dragged on the impact/effort matrix (and moved with the arrow keys) changing the table's
impact and effort, actions reordered with ↑ ↓, the keyboard and a dragged row (and undone) — the
matrix and the table always the same version; a zh-Hant plan page with its forms open has no
Simplified characters and none of the glossary's forbidden forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from assistant.examples import load_example
from assistant.text.script import glossary_violations, is_simplified_only

from .conftest import PHONE, LiveApp, shot

pytestmark = pytest.mark.browser

EXAMPLE_HANT = "telecom-service-hall.zh-Hant"


def stored_map(live_app: LiveApp, example: str, workspace: str) -> str:
    db = live_app.services.db
    record = db.maps.create(
        db.workspaces.get_or_create(workspace).id,
        load_example(example),
        note="example",
        author="import",
    )
    return record.id


def row(page: Page, action_id: str) -> Locator:
    return page.locator(f"#plan-body tr#action-{action_id}")


def dot(page: Page, action_id: str) -> Locator:
    return page.locator(f'#plan-body svg circle.action[data-action="{action_id}"]')


def status(page: Page) -> Locator:
    return page.locator("#plan-body .plan-status .alert")


def test_edit_delete_add_and_drag_on_the_plan(page: Page, live_app: LiveApp) -> None:
    map_id = stored_map(live_app, "bank-loan.zh-Hans", "计划编辑")
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    rows = page.locator("#plan-body tbody tr")
    expect(rows).to_have_count(7)
    expect(page.locator("#plan-body svg circle.action")).to_have_count(7)

    # The assistant's suggestion: its owner reads as a guess until the manager sets it.
    suggested = row(page, "a-amount-explain")
    expect(suggested.locator("td.owner .guess")).to_have_count(1)
    suggested.get_by_role("link", name="编辑第 5 条行动").click()
    form = page.locator("#plan-body tr.editing form")
    expect(form.get_by_label("行动名称")).to_have_value("批复通知附额度说明卡")
    form.get_by_label("行动名称").fill("批复额度说明卡：短信和 App 同步")
    form.get_by_label("负责部门").fill("风险管理部")
    shot(page, "plan-01-edit-form", full=False)
    form.get_by_role("button", name="保存").click()
    expect(status(page)).to_have_text(
        "已保存为第 2 版：编辑改进行动“批复额度说明卡：短信和 App 同步”：标题、负责部门"
    )
    edited = row(page, "a-amount-explain")
    expect(edited.locator(".action-title")).to_have_text("批复额度说明卡：短信和 App 同步")
    expect(edited.locator("td.owner")).to_have_text("风险管理部")  # no guess mark any more
    expect(edited.locator("td.horizon .guess")).to_have_count(1)  # untouched: still a guess
    expect(page.locator("#plan-head .meta")).to_contain_text("第 2 版")
    expect(page.locator("#history table.data > tbody > tr")).to_have_count(2)

    # Delete, after a confirmation in place.
    doomed = row(page, "a-key-terms")
    doomed.get_by_label("删除第 7 条行动").click()
    doomed.get_by_role("button", name="删除这条行动").click()
    expect(status(page)).to_contain_text("删除改进行动“签约页「关键条款一页纸」+ App 提前还款”")
    expect(rows).to_have_count(6)
    expect(dot(page, "a-key-terms")).to_have_count(0)

    # Add an action for a pain point the map holds.
    page.locator("details.plan-add > summary").click()
    adding = page.locator("details.plan-add form")
    adding.get_by_label("行动名称").fill("在线客服答疑")
    adding.get_by_label("审批进度是黑箱", exact=False).check()
    adding.get_by_label("负责部门").fill("远程银行中心")
    adding.get_by_label("指标").first.fill("进度咨询来电量")
    adding.get_by_label("目标值").fill("200")
    adding.get_by_label("影响").select_option("4")
    adding.get_by_label("投入").select_option("2")
    adding.get_by_role("button", name="添加到计划").click()
    expect(status(page)).to_contain_text("添加改进行动“在线客服答疑”")
    added = row(page, "action-1")
    expect(added.locator(".action-title")).to_have_text("在线客服答疑")
    expect(added.locator(".scores")).to_have_text("影响 4 · 投入 2")
    expect(dot(page, "action-1")).to_have_count(1)

    # Drag a dot: impact 4, effort 1 (a quick win) to impact 2, effort 4 (reconsider).
    before = row(page, "a-repay-care")
    expect(before.locator(".scores")).to_have_text("影响 4 · 投入 1")
    page.locator("#plan-body svg.matrix").scroll_into_view_if_needed()
    box = dot(page, "a-repay-care").bounding_box()
    svg = page.locator("#plan-body svg.matrix").bounding_box()
    assert box is not None and svg is not None
    scale = svg["width"] / 440  # the matrix's viewBox is 440 wide (assistant/exports/svg.py)
    step = 360 / 5 * scale  # one point of effort or impact on screen
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 1.5 * step, y + step, steps=6)
    page.mouse.move(x + 3 * step, y + 2 * step, steps=6)
    page.mouse.up()
    moved = row(page, "a-repay-care")
    expect(moved.locator(".scores")).to_have_text("影响 2 · 投入 4")
    expect(moved.locator("td.priority")).to_contain_text("重新考虑")
    expect(dot(page, "a-repay-care")).to_have_attribute("data-effort", "4")
    expect(status(page)).to_contain_text("影响、投入")
    shot(page, "plan-02-after-drag")

    # The keyboard does the same: select the dot, one step up (impact 3), Enter saves now.
    dot(page, "a-repay-care").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(row(page, "a-repay-care").locator(".scores")).to_have_text("影响 3 · 投入 4")
    expect(dot(page, "a-repay-care")).to_be_focused()
    versions = page.locator("#history table.data > tbody > tr")
    expect(versions).to_have_count(6)


def test_a_refused_edit_says_why_and_keeps_what_was_typed(page: Page, live_app: LiveApp) -> None:
    map_id = stored_map(live_app, "online-retailer.en", "plan refusals")
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    page.locator("form.lang-switch button[lang='en']").click()
    first = page.locator("#plan-body tbody tr").first
    first.get_by_role("link", name="Edit action 1").click()
    form = page.locator("#plan-body tr.editing form")
    expect(form.get_by_label("Owner")).to_be_visible()
    for box in form.locator("fieldset.pains input[type=checkbox]").all():
        box.uncheck()
    form.get_by_label("Owner").fill("Customer care")
    form.get_by_role("button", name="Save").click()
    alert = page.locator("#plan-body tr.editing .alert.error")
    expect(alert).to_contain_text("Choose at least one pain point the action addresses.")
    expect(page.locator("#plan-body tr.editing").get_by_label("Owner")).to_have_value(
        "Customer care"
    )
    expect(page.locator("#history table.data > tbody > tr")).to_have_count(1)  # nothing saved


def test_the_plan_form_fits_a_phone(page: Page, live_app: LiveApp) -> None:
    map_id = stored_map(live_app, "bank-loan.zh-Hans", "手机计划")
    page.set_viewport_size(PHONE)
    page.goto(live_app.url(f"/maps/{map_id}/plan?edit=a-repay-care"))
    owner = page.locator("#plan-body tr.editing").get_by_label("负责部门")
    owner.scroll_into_view_if_needed()
    expect(owner).to_be_in_viewport()
    box = owner.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    horizon = page.locator("#plan-body tr.editing").get_by_label("周期")
    below = horizon.bounding_box()
    assert below is not None and below["y"] - (box["y"] + box["height"]) < 60  # no gaps
    shot(page, "plan-04-phone-form", full=False)


def test_zh_hant_plan_page_reads_traditional(page: Page, live_app: LiveApp) -> None:
    map_id = stored_map(live_app, EXAMPLE_HANT, "繁體計畫")
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    page.locator("form.lang-switch button[lang='zh-Hant']").click()
    expect(page.locator("#plan-body")).to_contain_text("改善行動")
    suggested = row(page, "a-usage-advice")
    suggested.get_by_role("link", name=re.compile("^編輯第 4 項行動$")).click()
    page.locator("#plan-body tr.editing").get_by_label("負責部門").fill("行銷企劃處")
    page.locator("#plan-body tr.editing").get_by_role("button", name="儲存").click()
    expect(status(page)).to_contain_text("已儲存為第 2 版：編輯改善行動")
    page.locator("details.plan-add > summary").click()
    suggested = row(page, "a-usage-advice")
    suggested.get_by_label("刪除第 4 項行動").click()  # its question open too
    shot(page, "plan-03-zh-hant")
    text = page.locator("#main").inner_text()
    simplified = sorted({c for c in text if is_simplified_only(c)})
    assert not simplified, simplified
    # The interface follows the Taiwan glossary; the team's own words (客戶 in the map's title)
    # are shown as they wrote them.
    interface = text
    contents = {s for s in strings(load_example(EXAMPLE_HANT).model_dump()) if s.strip()}
    for content in sorted(contents, key=len, reverse=True):
        interface = interface.replace(content, " ")
    assert "改善行動" in interface and not glossary_violations(interface), glossary_violations(
        interface
    )


def strings(value: object) -> list[str]:
    """Every text of JSON-like data."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("size", [{"width": 1440, "height": 900}, PHONE], ids=["wide", "phone"])
def test_what_was_saved_or_refused_is_said_in_view(
    page: Page, live_app: LiveApp, size: dict[str, int]
) -> None:
    """Saving a row far down the plan leaves the window where it was (the new body does not drag
    it thousands of pixels away) and the saved message is in view; a refused addition brings its
    reason, at the top of a tall form, into view."""
    map_id = stored_map(live_app, "bank-loan.zh-Hans", f"计划视野{size['width']}")
    page.set_viewport_size(size)  # type: ignore[arg-type]
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    row(page, "a-amount-explain").get_by_role("link", name="编辑第 5 条行动").click()
    form = page.locator("#plan-body tr.editing form")
    form.get_by_label("负责部门").fill("风险管理部")
    save = form.get_by_role("button", name="保存")
    save.scroll_into_view_if_needed()
    before = page.evaluate("() => window.scrollY")
    assert before > 300  # far below the top of the plan, where the message is written
    save.click()
    expect(status(page)).to_contain_text("已保存为第 2 版：编辑改进行动“批复通知附额度说明卡”")
    expect(status(page)).to_be_in_viewport()
    assert abs(page.evaluate("() => window.scrollY") - before) < 200
    shot(page, f"plan-05-saved-in-view-{size['width']}", full=False)

    page.locator("details.plan-add > summary").click()
    adding = page.locator("details.plan-add form")
    adding.get_by_label("行动名称").fill("在线客服答疑")
    adding.get_by_label("审批进度是黑箱", exact=False).check()
    submit = adding.get_by_role("button", name="添加到计划")
    submit.scroll_into_view_if_needed()
    submit.click()
    refused = page.locator("details.plan-add .alert.error")
    expect(refused).to_contain_text("请填写负责部门。")
    expect(refused).to_be_in_viewport()
    shot(page, f"plan-06-refused-in-view-{size['width']}", full=False)


def test_a_deleted_action_comes_back_with_undo(page: Page, live_app: LiveApp) -> None:
    """The plan page offers the canvas's undo beside what was just saved: a deletion undone
    brings the action back to the table and the matrix, as a new version."""
    map_id = stored_map(live_app, "bank-loan.zh-Hans", "计划撤销")
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    expect(page.locator("#plan-body .plan-undo")).to_have_count(0)  # nothing to undo yet
    doomed = row(page, "a-key-terms")
    doomed.get_by_label("删除第 7 条行动").click()
    doomed.get_by_role("button", name="删除这条行动").click()
    expect(status(page)).to_contain_text("删除改进行动“签约页「关键条款一页纸」+ App 提前还款”")
    expect(dot(page, "a-key-terms")).to_have_count(0)
    undo = page.locator("#plan-body .plan-status").get_by_role("button", name="↶ 撤销上一次修改")
    expect(undo).to_be_in_viewport()
    shot(page, "plan-07-undo-offered", full=False)
    undo.click()
    expect(status(page)).to_have_text("已保存为第 3 版：撤销上一次修改（回到第 1 版）")
    expect(row(page, "a-key-terms").locator(".action-title")).to_have_text(
        "签约页「关键条款一页纸」+ App 提前还款"
    )
    expect(dot(page, "a-key-terms")).to_have_count(1)
    expect(page.locator("#history table.data > tbody > tr")).to_have_count(3)


def order(page: Page) -> list[str]:
    ids = page.locator("#plan-body tbody tr[data-action]").evaluate_all(
        "rows => rows.map(r => r.dataset.action)"
    )
    return [str(i) for i in ids]


def test_reorder_actions_with_the_arrows_the_keyboard_and_a_drag(
    page: Page, live_app: LiveApp
) -> None:
    """↓ moves an action down the plan: the table's order and numbers change, the matrix numbers
    follow, and undo brings the old order back; the focus stays on the arrow pressed, so the
    keyboard can keep moving it; a row dragged by its number lands where it is dropped."""
    map_id = stored_map(live_app, "bank-loan.zh-Hans", "计划排序")
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    before = order(page)
    assert before[:3] == ["a-one-checklist", "a-resume-autofill", "a-progress-tracker"]
    first = row(page, "a-one-checklist")
    expect(first.get_by_role("button", name="上移第 1 条行动")).to_be_disabled()
    first.get_by_role("button", name="下移第 1 条行动").click()
    expect(status(page)).to_have_text(
        "已保存为第 2 版：调整改进行动“统一「一次告知」材料清单与咨询话术”的位置"
    )
    assert order(page)[:3] == ["a-resume-autofill", "a-one-checklist", "a-progress-tracker"]
    expect(row(page, "a-one-checklist").locator(".no")).to_have_text("2")
    expect(row(page, "a-resume-autofill").locator(".no")).to_have_text("1")
    expect(page.locator("#plan-head .meta")).to_contain_text("第 2 版")
    shot(page, "plan-08-moved-down", full=False)

    # The keyboard: the focus is back on the ↓ of the moved row; Enter moves it again.
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("aria-label", "下移第 2 条行动")
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("已保存为第 3 版")
    assert order(page)[:3] == ["a-resume-autofill", "a-progress-tracker", "a-one-checklist"]
    expect(page.locator(":focus")).to_have_attribute("aria-label", "下移第 3 条行动")

    # Undo twice: the plan's order as it was.
    undo = page.locator("#plan-body .plan-status").get_by_role("button", name="↶ 撤销上一次修改")
    undo.click()
    expect(status(page)).to_have_text("已保存为第 4 版：撤销上一次修改（回到第 2 版）")
    assert order(page)[:3] == ["a-resume-autofill", "a-one-checklist", "a-progress-tracker"]
    page.locator("#plan-body .plan-status").get_by_role("button", name="↶ 撤销上一次修改").click()
    expect(status(page)).to_have_text("已保存为第 5 版：撤销上一次修改（回到第 1 版）")
    assert order(page) == before
    expect(row(page, "a-one-checklist").locator(".no")).to_have_text("1")

    # A drag: a row by its number, dropped on the row above (the rows are tall: both in view).
    row(page, "a-amount-explain").evaluate("r => r.scrollIntoView({block: 'start'})")
    start = row(page, "a-repay-care").locator("td.drag-handle").bounding_box()
    end = row(page, "a-amount-explain").locator("td.drag-handle").bounding_box()
    assert start and end and start["y"] + 20 < 900
    x = start["x"] + start["width"] / 2
    page.mouse.move(x, start["y"] + 12)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x, start["y"] + 12 + (end["y"] + 12 - start["y"] - 12) * step / 10)
    page.mouse.up()
    expect(status(page)).to_have_text(
        "已保存为第 6 版：调整改进行动“T−3 / T−1 还款提醒与余额不足预警”的位置"
    )
    assert order(page)[3:] == [
        "a-single-supplement",
        "a-repay-care",
        "a-amount-explain",
        "a-key-terms",
    ]
    expect(row(page, "a-repay-care").locator(".no")).to_have_text("5")
    shot(page, "plan-09-dragged", full=False)

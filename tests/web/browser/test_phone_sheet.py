"""The canvas's details sheet on a phone (390×844), in Chromium: after a saved change it folds
down to its head, so the canvas shows the result — the changed card scrolled into the window
between the toast and the folded sheet, highlighted, its new text there — and "show details"
opens it again. A refused change keeps the sheet open with the reason in view. A wide window
keeps its drawer open beside the canvas as before."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import PHONE, LiveApp, shot
from .test_map_canvas_browser import WIDE, in_traditional, in_view, telecom_map, toast_says

pytestmark = pytest.mark.browser


def box_of(locator: Locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return box


def shown_between_toast_and_sheet(page: Page, card: Locator) -> None:
    """The card is wholly in the window, below the toast and above the folded sheet."""
    in_view(card, page)
    card_box = box_of(card)
    toast = box_of(page.locator("#toast"))
    sheet = box_of(page.locator("#detail.open"))
    assert card_box["y"] >= toast["y"] + toast["height"] - 1, (card_box, toast)
    assert card_box["y"] + card_box["height"] <= sheet["y"] + 1, (card_box, sheet)


def test_a_saved_change_folds_the_sheet_and_shows_the_card(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    map_id = telecom_map(live_app, "手機詳情面板")
    db = live_app.services.db
    touchpoint = db.maps.latest(map_id)[0].map.touchpoints[3]
    in_traditional(context, live_app)
    page.set_viewport_size(PHONE)
    page.goto(live_app.url(f"/maps/{map_id}"))

    # Rename a touchpoint in its sheet: the sheet covers most of the phone while editing.
    card = page.locator(f'tr.lane-touchpoints [data-element="touchpoint:{touchpoint.id}"]')
    card.scroll_into_view_if_needed()
    card.click()
    sheet = page.locator("#detail.open")
    expect(sheet).to_be_visible()
    page.locator("#detail").get_by_role("link", name="✎ 編輯").click()
    page.locator("#detail #f-name").fill("取號機（含 App 預約報到）")
    assert box_of(sheet)["height"] > 0.5 * PHONE["height"]
    page.locator("#detail").get_by_role("button", name="儲存為新版本").click()

    # Saved: said at the top of the phone, the sheet folded to its head (and "saved as").
    toast_says(page, "已儲存為第 2 版：編輯觸點「取號機（含 App 預約報到）」：名稱")
    changed = page.locator(f'tr.lane-touchpoints [data-element="touchpoint:{touchpoint.id}"]')
    # The card the manager edited is highlighted as just saved (for a few seconds) and outlined
    # as the selected one.
    expect(changed).to_have_class("el tp selected just-saved")
    expect(page.locator("#detail.open.collapsed")).to_have_count(1)
    folded = box_of(sheet)
    assert folded["height"] < 0.25 * PHONE["height"], folded
    in_view(page.locator("#detail-title"), page)
    expect(page.locator("#detail-title")).to_have_text("取號機（含 App 預約報到）")
    expect(page.locator("#detail .drawer-status")).to_have_text("已儲存為第 2 版。")
    expect(page.locator("#detail input[name=_form]")).to_have_count(0)  # the edit form is gone
    expect(page.locator("#detail .arrange")).to_be_hidden()
    expect(page.locator("#detail .facts")).to_be_hidden()  # the details wait under the head
    # The card, with its new name, in view between the toast and the sheet.
    expect(changed).to_contain_text("取號機（含 App 預約報到）")
    shown_between_toast_and_sheet(page, changed)
    shot(page, "42-phone-sheet-folded", full=False)
    assert db.maps.latest(map_id)[0].map.touchpoints[3].name == "取號機（含 App 預約報到）"

    # "Show details" opens the sheet again: the details and the buttons are back.
    expand = page.locator("#detail").get_by_role("button", name="展開詳情")
    expect(expand).to_have_attribute("aria-expanded", "false")
    expand.click()
    expect(page.locator("#detail.collapsed")).to_have_count(0)
    expect(page.locator("#detail .facts")).to_be_visible()
    expect(expand).to_be_hidden()
    expect(page.locator("#detail-title")).to_be_focused()
    assert box_of(sheet)["height"] > 0.5 * PHONE["height"]

    # Move it one stage right from the sheet: folded again, the card in its new stage in view.
    right = page.locator("#detail").get_by_role("button", name="右移 →")
    right.scroll_into_view_if_needed()
    right.click()
    toast_says(page, "已儲存為第 3 版：將觸點「取號機（含 App 預約報到）」移到階段")
    expect(page.locator("#detail.open.collapsed")).to_have_count(1)
    moved = db.maps.latest(map_id)[0].map
    new_stage = next(t for t in moved.touchpoints if t.id == touchpoint.id).stage_id
    assert new_stage != touchpoint.stage_id
    card = page.locator(
        f'ul.drop[data-stage="{new_stage}"] [data-element="touchpoint:{touchpoint.id}"]'
    )
    expect(card).to_have_count(1)
    shown_between_toast_and_sheet(page, card)

    # A touchpoint added with a lane's "+" form: its card is shown, not the sheet over it.
    last = page.locator("tr.lane-touchpoints td:has(ul.drop)").last
    last.scroll_into_view_if_needed()
    last.get_by_text("＋ 觸點").click()
    last.get_by_placeholder("新觸點的名稱").fill("簡訊滿意度問卷")
    last.get_by_role("button", name="新增").click()
    toast_says(page, "已儲存為第 4 版：新增觸點「簡訊滿意度問卷」")
    expect(page.locator("#detail.open.collapsed")).to_have_count(1)
    selected = page.locator("#detail").get_attribute("data-selected")
    assert selected is not None and selected.startswith("touchpoint:")
    added = page.locator(f'tr.lane-touchpoints li.card-item [data-element="{selected}"]')
    expect(added).to_contain_text("簡訊滿意度問卷")
    shown_between_toast_and_sheet(page, added)
    shot(page, "43-phone-sheet-added", full=False)

    # The sheet's × still closes it.
    page.locator("#detail .drawer-close").click()
    expect(page.locator("#detail.open")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_a_refused_change_keeps_the_sheet_open_with_the_reason(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    map_id = telecom_map(live_app, "手機儲存失敗")
    db = live_app.services.db
    stage = db.maps.latest(map_id)[0].map.stages[1]
    in_traditional(context, live_app)
    page.set_viewport_size(PHONE)
    page.goto(live_app.url(f"/maps/{map_id}"))
    heading = page.locator(f'th.stage-head [data-element="stage:{stage.id}"]')
    heading.scroll_into_view_if_needed()
    heading.click()
    page.locator("#detail").get_by_role("link", name="✎ 編輯").click()
    page.locator("#detail #f-name").fill("   ")
    page.locator("#detail").get_by_role("button", name="儲存為新版本").click()

    reason = page.locator("#detail .alert.error")
    expect(reason).to_contain_text("沒有儲存")
    in_view(reason, page)
    expect(page.locator("#detail.open")).to_have_count(1)
    expect(page.locator("#detail.collapsed")).to_have_count(0)
    expect(page.locator("#detail #f-name")).to_be_visible()  # the form stays, to fix and retry
    assert box_of(page.locator("#detail.open"))["height"] > 0.5 * PHONE["height"]
    assert len(db.maps.history(map_id)) == 1
    shot(page, "44-phone-sheet-refused", full=False)


def test_a_wide_window_keeps_the_drawer_open_beside_the_canvas(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    map_id = telecom_map(live_app, "桌面詳情面板")
    stage = live_app.services.db.maps.latest(map_id)[0].map.stages[0]
    in_traditional(context, live_app)
    page.set_viewport_size(WIDE)  # type: ignore[arg-type]
    page.goto(live_app.url(f"/maps/{map_id}"))
    page.locator(f'th.stage-head [data-element="stage:{stage.id}"]').click()
    page.locator("#detail").get_by_role("link", name="✎ 編輯").click()
    page.locator("#detail #f-name").fill("行前準備與預約")
    page.locator("#detail").get_by_role("button", name="儲存為新版本").click()
    toast_says(page, "編輯階段「行前準備與預約」：名稱")
    expect(page.locator("#detail.open")).to_have_count(1)
    expect(page.locator("#detail.collapsed")).to_have_count(0)
    expect(page.locator("#detail .facts")).to_be_visible()
    expect(page.locator("#detail-title")).to_be_focused()
    # The drawer is beside the canvas, not over the changed heading.
    head = box_of(page.locator(f'th.stage-head [data-element="stage:{stage.id}"]'))
    drawer = box_of(page.locator("#detail.open"))
    assert head["x"] + head["width"] <= drawer["x"], (head, drawer)

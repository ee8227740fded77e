"""The journey-map canvas in Chromium, as a manager in Taipei uses it (zh-Hant): the canvas fills
the window at 1440×900 with all six stages reachable, a card far down the page opens its drawer
in view, a touchpoint is added, dragged to another stage and moved with the keyboard's buttons,
a stage renamed, a pain point deleted and the deletion undone — every change saved as a version
whose note reads in Traditional Chinese. And the same canvas on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from assistant.examples import load_example
from assistant.text.script import is_simplified_only

from .conftest import PHONE, LiveApp, shot

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}


def telecom_map(live_app: LiveApp, workspace: str) -> str:
    db = live_app.services.db
    record = db.maps.create(
        db.workspaces.get_or_create(workspace).id,
        load_example("telecom-service-hall.zh-Hant"),
        note="example",
        author="import",
    )
    return record.id


def in_traditional(context: BrowserContext, live_app: LiveApp) -> None:
    context.add_cookies([{"name": "cxcoach_lang", "value": "zh-Hant", "url": live_app.base}])


def in_view(locator: Locator, page: Page) -> dict[str, float]:
    """The element wholly inside the window (once it has slid in), and its box."""
    expect(locator).to_be_in_viewport(ratio=1)
    box = locator.bounding_box()
    assert box is not None
    size = page.viewport_size
    assert size is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 1, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1, box
    return box


def simplified(text: str) -> str:
    return "".join(c for c in text if is_simplified_only(c))


def toast_says(page: Page, text: str) -> str:
    toast = page.locator("#toast")
    expect(toast).to_contain_text(text)
    in_view(toast, page)
    said = toast.inner_text()
    assert not simplified(said), said
    return said


def drag(page: Page, source: Locator, target: Locator) -> None:
    """A mouse drag in small steps (SortableJS follows pointer moves)."""
    start, end = source.bounding_box(), target.bounding_box()
    assert start is not None and end is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + start["height"] / 2, steps=4)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 8, steps=20)
    page.mouse.up()


def test_a_manager_reshapes_the_map_on_the_canvas(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    map_id = telecom_map(live_app, "畫布測試")
    db = live_app.services.db
    stages = db.maps.latest(map_id)[0].map.stages
    in_traditional(context, live_app)
    page.set_viewport_size(WIDE)  # type: ignore[arg-type]
    page.goto(live_app.url(f"/maps/{map_id}"))

    # Full width, every stage reachable, nothing empty beside it.
    frame = page.locator(".canvas-scroll")
    assert frame.bounding_box()["width"] >= 0.9 * WIDE["width"]  # type: ignore[index]
    heads = page.locator("th.stage-head")
    expect(heads).to_have_count(6)
    for index in range(6):
        heads.nth(index).scroll_into_view_if_needed()
        in_view(heads.nth(index), page)
    shot(page, "30-canvas-wide", full=False)

    # A card at the bottom of the canvas opens its drawer in view, not at the top of the page.
    lowest = page.locator("tr.lane-mot a.el").last
    lowest.scroll_into_view_if_needed()
    lowest.click()
    drawer = page.locator("#detail.open")
    expect(drawer).to_be_visible()
    in_view(drawer, page)
    in_view(page.locator("#detail-title"), page)
    expect(lowest).to_have_class("el selected")
    page.keyboard.press("Escape")
    expect(page.locator("#detail.open")).to_have_count(0)

    # Add a touchpoint to the first stage: saved, and its drawer opens.
    first = page.locator("tr.lane-touchpoints td").first
    first.get_by_text("＋ 觸點").click()
    first.get_by_placeholder("新觸點的名稱").fill("LINE 官方帳號預約")
    scrolled = page.evaluate("() => window.scrollY")
    first.get_by_role("button", name="新增").click()
    toast_says(page, "已儲存為第 2 版：新增觸點「LINE 官方帳號預約」")
    expect(page.locator("#detail-title")).to_have_text("LINE 官方帳號預約")
    expect(page.locator("#detail-title")).to_be_focused()  # the keyboard goes on in the drawer
    assert abs(page.evaluate("() => window.scrollY") - scrolled) < 40  # the page did not jump
    selected = page.locator("#detail").get_attribute("data-selected")
    assert selected is not None
    tp_id = selected.split(":", 1)[1]
    shot(page, "31-canvas-added", full=False)

    # Drag it to the third stage.
    card = page.locator(f'li.card-item[data-id="{tp_id}"]')
    third = page.locator(f'ul.drop[data-kind="touchpoint"][data-stage="{stages[2].id}"]')
    card.scroll_into_view_if_needed()
    drag(page, card, third)
    toast_says(page, f"將觸點「LINE 官方帳號預約」移到階段「{stages[2].name}」")
    expect(third.locator(f'li[data-id="{tp_id}"]')).to_have_count(1)
    moved = db.maps.latest(map_id)[0].map
    assert next(t for t in moved.touchpoints if t.id == tp_id).stage_id == stages[2].id

    # The same with the keyboard: the drawer's buttons are focusable and move it one stage on.
    right = page.locator("#detail").get_by_role("button", name="右移 →")
    right.focus()
    page.keyboard.press("Enter")
    toast_says(page, f"移到階段「{stages[3].name}」")
    fourth = page.locator(f'ul.drop[data-kind="touchpoint"][data-stage="{stages[3].id}"]')
    expect(fourth.locator(f'li[data-id="{tp_id}"]')).to_have_count(1)

    # Rename the second stage in its drawer.
    page.locator("th.stage-head a").nth(1).click()
    expect(page.locator("#detail-title")).to_have_text(stages[1].name)
    page.locator("#detail").get_by_role("link", name="✎ 編輯").click()
    page.locator("#detail #f-name").fill("上網比較資費")
    page.locator("#detail").get_by_role("button", name="儲存為新版本").click()
    expect(page.locator("th.stage-head").nth(1)).to_contain_text("上網比較資費")
    toast_says(page, "編輯階段「上網比較資費」：名稱")

    # Delete a pain point, then undo it.
    pain = db.maps.latest(map_id)[0].map.pain_points[0]
    page.locator(f'li.card-item[data-id="{pain.id}"] a').click()
    expect(page.locator("#detail-title")).to_have_text(pain.description)
    page.locator("#detail").get_by_role("button", name="刪除").click()
    toast_says(page, "刪除痛點「")
    expect(page.locator(f'li.card-item[data-id="{pain.id}"]')).to_have_count(0)
    shot(page, "32-canvas-deleted", full=False)
    page.locator("#toast").get_by_role("button", name="↶ 復原上一次修改").click()
    said = toast_says(page, "復原上一次修改（回到第 5 版）")
    assert "已儲存為第 7 版" in said
    expect(page.locator(f'li.card-item[data-id="{pain.id}"]')).to_have_count(1)
    assert [v.author for v in db.maps.history(map_id)][1:] == ["edit"] * 6

    # The history reads every change in Traditional Chinese.
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    history = page.locator("main").inner_text()
    for note in ("新增觸點「LINE 官方帳號預約」", "編輯階段「上網比較資費」：名稱", "刪除痛點「"):
        assert note in history, note
    assert not simplified(history), simplified(history)


def test_the_canvas_on_a_phone(page: Page, context: BrowserContext, live_app: LiveApp) -> None:
    map_id = telecom_map(live_app, "手機畫布")
    in_traditional(context, live_app)
    page.set_viewport_size(PHONE)
    page.goto(live_app.url(f"/maps/{map_id}"))
    # The canvas scrolls sideways inside its frame; the page itself does not.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.querySelector('.canvas-scroll').scrollWidth,"
        " document.querySelector('.canvas-scroll').clientWidth]"
    )
    assert widths[0] <= PHONE["width"] + 1 and widths[1] > widths[2], widths
    card = page.locator("tr.lane-pain li.card-item a").nth(2)
    card.scroll_into_view_if_needed()
    card.click()
    sheet = page.locator("#detail.open")
    expect(sheet).to_be_visible()
    in_view(sheet, page)
    in_view(page.locator("#detail-title"), page)
    shot(page, "33-canvas-phone", full=False)

    # The sheet is usable there: the support-process lane of a touchpoint is filled in its edit
    # form (scrolled within the sheet), saved, and said in view; the sheet closes with its ×.
    page.locator("#detail .drawer-close").click()
    expect(page.locator("#detail.open")).to_have_count(0)
    touchpoint = live_app.services.db.maps.latest(map_id)[0].map.touchpoints[1]
    fill = page.locator(f'tr.lane-support a.fill[data-element="touchpoint:{touchpoint.id}"]')
    fill.scroll_into_view_if_needed()
    fill.click()
    support = page.locator("#detail #f-support")
    expect(page.locator("#detail label[for=f-support]")).to_have_text("支援流程")
    support.scroll_into_view_if_needed()
    in_view(support, page)
    support.fill("叫號系統、門市排班系統")
    save = page.locator("#detail").get_by_role("button", name="儲存為新版本")
    save.scroll_into_view_if_needed()
    in_view(save, page)
    save.click()
    toast_says(page, f"編輯觸點「{touchpoint.name}」：支援流程")
    # The toast spans the top of the phone, clear of the sheet and its buttons.
    toast = page.locator("#toast").bounding_box()
    sheet = page.locator("#detail.open").bounding_box()
    assert toast is not None and sheet is not None
    assert toast["width"] >= PHONE["width"] - 30, toast
    assert toast["y"] + toast["height"] <= sheet["y"], (toast, sheet)
    in_view(page.locator("#detail-title"), page)
    expect(page.locator("tr.lane-support")).to_contain_text("叫號系統、門市排班系統")
    saved = live_app.services.db.maps.latest(map_id)[0].map.touchpoints[1]
    assert saved.support == "叫號系統、門市排班系統"
    shot(page, "34-canvas-phone-support", full=False)
    close = page.locator("#detail .drawer-close")
    in_view(close, page)
    close.click()
    expect(page.locator("#detail.open")).to_have_count(0)
    widths = page.evaluate("() => document.documentElement.scrollWidth")
    assert widths <= PHONE["width"] + 1, widths  # still no sideways page scroll


def test_long_channels_stay_inside_their_cards(page: Page, live_app: LiveApp) -> None:
    """A channel such as "Website and app (card, PayPal, Klarna)" wraps inside its card instead
    of running over the next chip and out of the card."""
    db = live_app.services.db
    record = db.maps.create(
        db.workspaces.get_or_create("canvas chips").id,
        load_example("online-retailer.en"),
        note="example",
        author="import",
    )
    page.set_viewport_size(WIDE)  # type: ignore[arg-type]
    page.goto(live_app.url(f"/maps/{record.id}"))
    chip = page.locator(
        "tr.lane-touchpoints .chip", has_text="Website and app (card, PayPal, Klarna)"
    )
    expect(chip).to_have_count(1)
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('tr.lane-touchpoints a.el.tp')].flatMap(card => {
            const box = card.getBoundingClientRect();
            return [...card.querySelectorAll('.chip')]
              .filter(c => c.getBoundingClientRect().right > box.right + 0.5)
              .map(c => c.textContent);
        })"""
    )
    assert not overflowing, overflowing
    chip.scroll_into_view_if_needed()
    shot(page, "35-canvas-long-channels", full=False)


def test_the_menu_reads_word_by_word_on_a_phone(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    """In Chinese on a phone the menu's items keep their words on one line (首頁, not 首 over 頁);
    the menu scrolls sideways instead."""
    in_traditional(context, live_app)
    page.set_viewport_size(PHONE)
    page.goto(live_app.url("/"))
    links = page.locator("nav.main-nav a")
    expect(links.first).to_have_text("首頁")
    heights = [box["height"] for box in (link.bounding_box() for link in links.all()) if box]
    assert len(heights) == 5 and max(heights) < 1.6 * min(heights), heights
    single = links.first.evaluate("a => parseFloat(getComputedStyle(a).lineHeight) * 1.5")
    assert all(h < single + 16 for h in heights), (heights, single)  # one line of text each
    wider = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))""",
        PHONE["width"],
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wider
    shot(page, "36-menu-phone", full=False)

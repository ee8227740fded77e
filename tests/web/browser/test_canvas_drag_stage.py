"""Stages dragged by their headings on the canvas (SortableJS, web/static/canvas.js), in Chromium:
at 1440×900 a heading dragged two places on moves the whole column — the stage, its touchpoints
and pain points — saved as a version whose note says so, undone from the toast; a click on a
heading still opens its drawer, and the drawer's ← → buttons still move it from the keyboard.
On a phone the stage is dragged by its ⠿ grip (a finger on the heading scrolls the canvas) and
the buttons are still there."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import PHONE, LiveApp, shot
from .test_map_canvas_browser import WIDE, in_traditional, telecom_map, toast_says

pytestmark = pytest.mark.browser


def heading_names(page: Page) -> list[str]:
    return [
        text.strip()
        for text in page.locator("th.stage-head a.stage-link").evaluate_all(
            "links => links.map(a => { const c = a.cloneNode(true);"
            " c.querySelectorAll('span').forEach(s => s.remove()); return c.textContent; })"
        )
    ]


def column_stages(page: Page) -> list[str | None]:
    """The stage each touchpoint column holds, left to right."""
    drops = page.locator('tr.lane-touchpoints ul.drop[data-kind="touchpoint"]')
    return [drops.nth(i).get_attribute("data-stage") for i in range(drops.count())]


def drag_to(page: Page, grab: Locator, target: Locator) -> None:
    """A mouse drag in small steps from `grab` onto the middle of `target` (where the dragged
    heading shows it would go: the place `target` had), held there a moment, then dropped."""
    start, end = grab.bounding_box(), target.bounding_box()
    assert start is not None and end is not None
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    way = 1 if end["x"] > start["x"] else -1
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 12 * way, y, steps=4)
    # Just past the target's middle, the way the heading travels.
    to_x, to_y = end["x"] + end["width"] * (0.5 + 0.1 * way), end["y"] + end["height"] / 2
    page.mouse.move(to_x, to_y, steps=25)
    page.wait_for_timeout(250)  # Sortable's animation settles
    page.mouse.move(to_x + way, to_y, steps=2)
    page.mouse.up()


def phone_drag(page: Page, grab: Locator, target: Locator) -> None:
    """On a phone the next stage is mostly off to the right: a drag into its visible edge."""
    start, end = grab.bounding_box(), target.bounding_box()
    assert start is not None and end is not None
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    to_x = min(end["x"] + 30, PHONE["width"] - 10)
    assert to_x > end["x"], (start, end)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 12, y, steps=4)
    page.mouse.move(to_x, y, steps=20)
    page.wait_for_timeout(250)
    page.mouse.move(to_x + 1, y, steps=2)
    page.mouse.up()


def test_a_stage_is_dragged_to_a_new_place_and_back(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    map_id = telecom_map(live_app, "拖曳階段")
    db = live_app.services.db
    before = db.maps.latest(map_id)[0].map
    names = [s.name for s in before.stages]
    ids = [s.id for s in before.stages]
    first_touchpoints = [t.id for t in before.touchpoints if t.stage_id == ids[0]]
    in_traditional(context, live_app)
    page.set_viewport_size(WIDE)  # type: ignore[arg-type]
    page.goto(live_app.url(f"/maps/{map_id}"))
    expect(page.locator(".legend-line")).to_contain_text("拖曳階段標題可以調整階段順序")
    assert heading_names(page) == names

    # Drag the first stage's heading past the third: it becomes the third stage.
    heads = page.locator("th.stage-head")
    drag_to(page, heads.nth(0), heads.nth(2))
    toast_says(page, f"已儲存為第 2 版：調整階段「{names[0]}」的位置")
    moved = [names[1], names[2], names[0], *names[3:]]
    expect(page.locator("th.stage-head a.stage-link").nth(2)).to_contain_text(names[0])
    assert heading_names(page) == moved
    # The whole column went with it: its touchpoints are in the third column now.
    assert column_stages(page) == [ids[1], ids[2], ids[0], *ids[3:]]
    third = page.locator('tr.lane-touchpoints ul.drop[data-kind="touchpoint"]').nth(2)
    for tp_id in first_touchpoints:
        expect(third.locator(f'li.card-item[data-id="{tp_id}"]')).to_have_count(1)
    # The same change as the drawer's buttons: the stored order, author `edit`, one version.
    stored = db.maps.latest(map_id)[0].map
    assert [s.name for s in stored.stages] == moved
    assert [v.author for v in db.maps.history(map_id)] == ["import", "edit"]
    # The moved stage's drawer is open beside the canvas (a wide window keeps it open).
    expect(page.locator("#detail.open")).to_have_attribute("data-selected", f"stage:{ids[0]}")
    expect(page.locator("#detail-title")).to_have_text(names[0])
    expect(page.locator("#detail-title")).to_be_focused()  # settled: the keyboard goes on there
    expect(page.locator("#detail.collapsed")).to_have_count(0)
    shot(page, "40-stage-dragged-wide", full=False)

    # A click on a heading, without dragging, still opens its drawer.
    page.keyboard.press("Escape")
    expect(page.locator("#detail.open")).to_have_count(0)
    page.locator("th.stage-head a.stage-link").nth(3).click()
    expect(page.locator("#detail-title")).to_have_text(names[3])
    expect(page.locator("#detail-title")).to_be_focused()
    assert [v.author for v in db.maps.history(map_id)] == ["import", "edit"]  # nothing saved

    # Undo from the toast of the drag: the order is back, as a new version.
    page.keyboard.press("Escape")
    heads = page.locator("th.stage-head")
    heads.first.evaluate("th => th.scrollIntoView({ block: 'center' })")  # clear of the toast
    drag_to(page, heads.nth(4), heads.nth(3))
    toast_says(page, f"已儲存為第 3 版：調整階段「{moved[4]}」的位置")
    assert heading_names(page)[3] == moved[4]
    page.locator("#toast").get_by_role("button", name="↶ 復原上一次修改").click()
    toast_says(page, "復原上一次修改（回到第 2 版）")
    assert heading_names(page) == moved
    page.locator("#toast").get_by_role("button", name="↶ 復原上一次修改").click()
    toast_says(page, "復原上一次修改（回到第 1 版）")
    assert heading_names(page) == names
    assert [s.name for s in db.maps.latest(map_id)[0].map.stages] == names

    # The keyboard's way still works: the stage's drawer, its "right" button, Enter.
    page.locator("th.stage-head a.stage-link").nth(1).click()
    right = page.locator("#detail").get_by_role("button", name="右移 →")
    right.focus()
    page.keyboard.press("Enter")
    toast_says(page, f"已儲存為第 6 版：調整階段「{names[1]}」的位置")
    assert heading_names(page)[:3] == [names[0], names[2], names[1]]


def test_on_a_phone_a_stage_is_dragged_by_its_grip(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    map_id = telecom_map(live_app, "手機拖曳階段")
    db = live_app.services.db
    names = [s.name for s in db.maps.latest(map_id)[0].map.stages]
    in_traditional(context, live_app)
    page.set_viewport_size(PHONE)
    page.goto(live_app.url(f"/maps/{map_id}"))
    grips = page.locator("th.stage-head .stage-grip")
    expect(grips).to_have_count(6)
    expect(grips.first).to_be_visible()
    expect(grips.first).to_have_attribute("title", f"拖曳可調整階段「{names[0]}」的位置")

    # On a phone the heading's text is not a handle: dragging it moves no stage.
    grips.first.scroll_into_view_if_needed()
    links = page.locator("th.stage-head a.stage-link")
    phone_drag(page, links.nth(0), page.locator("th.stage-head").nth(1))
    page.wait_for_timeout(400)
    assert heading_names(page) == names
    assert len(db.maps.history(map_id)) == 1

    # The grip is: the first stage to the second place.
    phone_drag(page, grips.nth(0), page.locator("th.stage-head").nth(1))
    toast_says(page, f"已儲存為第 2 版：調整階段「{names[0]}」的位置")
    assert heading_names(page)[:2] == [names[1], names[0]]
    assert [s.name for s in db.maps.latest(map_id)[0].map.stages][:2] == [names[1], names[0]]
    # The page still does not scroll sideways; the moved stage is in view, its sheet folded.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    expect(page.locator("th.stage-head a.stage-link").nth(1)).to_be_in_viewport()
    expect(page.locator("#detail.open.collapsed")).to_have_count(1)
    shot(page, "41-stage-dragged-phone", full=False)

    # The buttons are still there on a phone.
    page.locator("#detail").get_by_role("button", name="展開詳情").click()
    left = page.locator("#detail").get_by_role("button", name="← 左移")
    left.scroll_into_view_if_needed()
    expect(left).to_be_visible()
    left.click()
    toast_says(page, f"已儲存為第 3 版：調整階段「{names[0]}」的位置")
    assert heading_names(page)[:2] == names[:2]

"""The plan page's add-action form in Chromium: the fields an action cannot do without are marked
(the word "required" beside the label, `required`, `aria-required`), and a submit with several missing or invalid says every
problem at once — listed at the top of the form, each a link to its field, and each beside its
field — in the page's language (English and Traditional Chinese here), keeping what was typed.
Fixed, the action is added."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from assistant.text.script import is_simplified_only

from .conftest import PHONE, LiveApp, shot
from .test_plan_browser import row, status, stored_map

pytestmark = pytest.mark.browser

REQUIRED = ("title", "owner_department", "kpi_name", "kpi_target")
OPTIONAL = ("description", "kpi_unit", "kpi_baseline")


def in_language(context: BrowserContext, live_app: LiveApp, lang: str) -> None:
    context.add_cookies([{"name": "cxcoach_lang", "value": lang, "url": live_app.base}])


def field(form: Locator, name: str) -> Locator:
    return form.locator(f"#new-new-{name}")


def error_beside(form: Locator, name: str) -> Locator:
    return form.locator(f".field-{name} .field-error")


def open_add_form(page: Page) -> Locator:
    page.locator("details.plan-add > summary").click()
    form = page.locator("details.plan-add form")
    expect(form).to_be_visible()
    return form


def test_required_fields_are_marked_and_every_problem_is_said_at_once(
    page: Page, context: BrowserContext, live_app: LiveApp
) -> None:
    map_id = stored_map(live_app, "online-retailer.en", "plan add form")
    db = live_app.services.db
    actions_before = len(db.maps.latest(map_id)[0].plan.actions)
    in_language(context, live_app, "en")
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    form = open_add_form(page)

    # Marked before anything is typed: "required" beside each required label (in words: a star
    # on this page marks what the assistant filled in), `required` and aria-required on each
    # required field, none on the others.
    for name in REQUIRED:
        expect(form.locator(f'label[for="new-new-{name}"] .req')).to_have_text("required")
        expect(field(form, name)).to_have_attribute("required", "")
        expect(field(form, name)).to_have_attribute("aria-required", "true")
    for name in OPTIONAL:
        expect(form.locator(f'label[for="new-new-{name}"] .req')).to_have_count(0)
        expect(field(form, name)).not_to_have_attribute("required", "")
    expect(form.locator("fieldset.pains legend")).to_contain_text("at least one")
    expect(form.locator("fieldset.pains legend .req")).to_have_text("required")
    assert "*" not in form.locator(".action-fields").inner_text()
    expect(form.locator(".field-error")).to_have_count(0)
    shot(page, "plan-10-add-form-marked", full=False)

    # A title and a target that is not a number: every other problem is said at once.
    field(form, "title").fill("Show the delivery charge on the product page")
    field(form, "kpi_target").fill("lots")
    form.get_by_role("button", name="Add to the plan").click()
    summary = page.locator("details.plan-add .form-problems")
    expect(summary).to_contain_text("Not saved")
    expect(summary).to_contain_text("4 things to fix before it can be saved:")
    expect(summary.locator("li")).to_have_text(
        [
            "Choose at least one pain point the action addresses.",
            "Say which team owns the action.",
            "Name the KPI that measures the action.",
            "The target must be a number.",
        ]
    )
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()  # read out by a screen reader
    # Each beside its field, the field marked invalid and pointing at it; what was typed kept.
    form = page.locator("details.plan-add form")
    beside = {
        "owner_department": "Say which team owns the action.",
        "kpi_name": "Name the KPI that measures the action.",
        "kpi_target": "The target must be a number.",
    }
    for name, message in beside.items():
        expect(error_beside(form, name)).to_have_text(message)
        expect(field(form, name)).to_have_attribute("aria-invalid", "true")
        expect(field(form, name)).to_have_attribute("aria-describedby", f"new-new-{name}-error")
    expect(form.locator("fieldset.pains .field-error")).to_have_text(
        "Choose at least one pain point the action addresses."
    )
    expect(error_beside(form, "title")).to_have_count(0)
    expect(field(form, "title")).not_to_have_attribute("aria-invalid", "true")
    expect(field(form, "title")).to_have_value("Show the delivery charge on the product page")
    expect(field(form, "kpi_target")).to_have_value("lots")
    shot(page, "plan-11-add-form-all-problems", full=False)
    assert len(db.maps.history(map_id)) == 1  # nothing saved

    # A problem in the list leads to its field.
    summary.get_by_role("link", name="Say which team owns the action.").click()
    expect(field(form, "owner_department")).to_be_focused()

    # Everything fixed: added, said in the status line, the form's problems gone.
    form.locator("fieldset.pains input[type=checkbox]").first.check()
    field(form, "owner_department").fill("E-commerce")
    field(form, "kpi_name").fill("Checkout abandonment")
    field(form, "kpi_target").fill("12")
    form.get_by_role("button", name="Add to the plan").click()
    expect(status(page)).to_have_text(
        "Saved as version 2: Action “Show the delivery charge on t…” added"
    )
    expect(page.locator(".form-problems")).to_have_count(0)
    expect(page.locator(".field-error")).to_have_count(0)
    plan = db.maps.latest(map_id)[0].plan
    assert len(plan.actions) == actions_before + 1
    added = plan.actions[-1]
    assert (added.title, added.owner_department, added.kpi.name, added.kpi.target) == (
        "Show the delivery charge on the product page",
        "E-commerce",
        "Checkout abandonment",
        12,
    )
    expect(row(page, added.id).locator(".action-title")).to_have_text(added.title)


@pytest.mark.parametrize("size", [{"width": 1440, "height": 900}, PHONE], ids=["wide", "phone"])
def test_an_empty_form_lists_every_field_in_traditional_chinese(
    page: Page, context: BrowserContext, live_app: LiveApp, size: dict[str, int]
) -> None:
    map_id = stored_map(live_app, "telecom-service-hall.zh-Hant", f"新增行動{size['width']}")
    in_language(context, live_app, "zh-Hant")
    page.set_viewport_size(size)  # type: ignore[arg-type]
    page.goto(live_app.url(f"/maps/{map_id}/plan"))
    form = open_add_form(page)
    expect(form.locator('label[for="new-new-title"]')).to_have_text("行動名稱必填")
    submit = form.get_by_role("button", name="加入計畫")
    submit.scroll_into_view_if_needed()
    submit.click()

    summary = page.locator("details.plan-add .form-problems")
    expect(summary).to_contain_text("沒有儲存")
    expect(summary).to_contain_text("有 5 處要修改，改好後再儲存：")
    expected = [
        "請填寫行動名稱。",
        "請至少選一個這項行動要解決的痛點。",
        "請填寫負責部門。",
        "請填寫衡量這項行動的指標。",
        "目標值要填一個數字。",
    ]
    expect(summary.locator("li")).to_have_text(expected)
    expect(summary).to_be_in_viewport()
    form = page.locator("details.plan-add form")
    expect(form.locator(".field-error")).to_have_text(expected)  # each beside its field
    for name in REQUIRED:
        expect(field(form, name)).to_have_attribute("aria-invalid", "true")
    said = form.inner_text()
    assert not [c for c in said if is_simplified_only(c)], said
    # On a phone too: every field full width, the page not wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"] + 1, width
    error = error_beside(form, "owner_department")
    error.scroll_into_view_if_needed()
    box, input_box = error.bounding_box(), field(form, "owner_department").bounding_box()
    assert box is not None and input_box is not None
    assert 0 <= box["y"] - (input_box["y"] + input_box["height"]) < 30, (box, input_box)
    shot(page, f"plan-12-add-form-zh-hant-{size['width']}", full=False)

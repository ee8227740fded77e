"""CSRF protection in a real browser: a form on another site is refused, while the app's own
forms work with JavaScript (htmx's header, app.js's field for a form built by script) and
without it (the hidden field rendered into every post form)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from assistant.services.sessions import list_sessions

from .conftest import DESKTOP, LiveApp

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    made.set_default_timeout(10_000)
    yield made
    made.close()


def test_a_form_on_another_site_is_refused(context: BrowserContext, live_app: LiveApp) -> None:
    # "Another site": localhost is not 127.0.0.1 to the browser (another origin and site), yet
    # local, so the browser's private-network rules do not get in the way.
    port = live_app.base.rsplit(":", 1)[1]
    evil = f"http://localhost:{port}/evil"
    form = (
        f'<form method="post" action="{live_app.url("/sessions")}">'
        '<input name="workspace" value="forged-by-another-site">'
        '<button type="submit">go</button></form>'
    )

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=form)

    page = context.new_page()
    page.goto(live_app.url("/"))  # the user has the app open: its cookie is in the browser
    page.route(evil, fulfil)
    page.goto(evil)
    with page.expect_response(re.compile(r"/sessions$")) as posted:
        page.get_by_role("button", name="go").click()
    assert posted.value.status == 403
    expect(page.locator("h1")).to_have_text("请求被拒绝")
    assert "forged-by-another-site" not in {
        s.workspace.name for s in list_sessions(live_app.services.db)
    }


def test_a_form_built_by_script_gets_the_token(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url("/"))
    page.evaluate(
        """() => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = "/lang";
            for (const [name, value] of [["lang", "en"], ["next", "/sessions"]]) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.requestSubmit();
        }"""
    )
    page.wait_for_url(re.compile(r"/sessions$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_forms_work_without_javascript(no_js: BrowserContext, live_app: LiveApp) -> None:
    page = no_js.new_page()
    page.goto(live_app.url("/"))
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Workspace").fill("no-js")
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_url(re.compile(r"/sessions/[0-9a-f-]{36}$"))
    assert "no-js" in {s.workspace.name for s in list_sessions(live_app.services.db)}

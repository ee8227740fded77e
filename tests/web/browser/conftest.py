"""Real-browser fixtures: the app served by uvicorn on 127.0.0.1 (a free port, a background
thread) and Debian's Chromium driven by Playwright (DESIGN.md, "Browser tests").

Two servers share one methodology index: one without a language model (replies come whole) and
one with the scripted fake model (replies stream over server-sent events). Each test gets a
fresh browser context (no cookies); a dialog of any kind fails the test. Screenshots go to
artifacts/web/ (git-ignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from assistant.llm import ChatProvider, FakeChatProvider
from assistant.retrieval import KnowledgeIndex
from assistant.services.container import Services
from assistant.settings import Settings
from web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "web"
DESKTOP: ViewportSize = {"width": 1400, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}

# What the fake model answers in the streaming test: the goal step's structured answer.
GOAL_ANSWER = {
    "goal": "把差评率从8%降到5%",
    "scope": "从下单到评价",
    "product": "外卖",
    "industry": "restaurant",
    "kpis": [{"name": "差评率", "baseline": 8, "target": 5, "unit": "%"}],
    "follow_up": "",
}


@dataclass
class LiveApp:
    base: str
    services: Services
    server: uvicorn.Server
    thread: threading.Thread

    def url(self, path: str) -> str:
        return self.base + path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(services: Services) -> LiveApp:
    port = _free_port()
    config = uvicorn.Config(
        create_app(services=services),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    return LiveApp(f"http://127.0.0.1:{port}", services, server, thread)


def _services(folder: Path, index: KnowledgeIndex, llm: ChatProvider | None) -> Services:
    settings = Settings(
        data_dir=folder,
        index_backend="memory",
        embedding_backend="hash",
        llm_mode="fake" if llm else "none",
        max_upload_mb=5,
    )
    return Services(settings, llm=llm, index=index)


@pytest.fixture(scope="session")
def live_app(
    tmp_path_factory: pytest.TempPathFactory, shared_index: KnowledgeIndex
) -> Iterator[LiveApp]:
    app = _serve(_services(tmp_path_factory.mktemp("web-plain"), shared_index, None))
    yield app
    app.server.should_exit = True
    app.thread.join(5)


@pytest.fixture(scope="session")
def llm_app(
    tmp_path_factory: pytest.TempPathFactory, shared_index: KnowledgeIndex
) -> Iterator[LiveApp]:
    llm = FakeChatProvider([GOAL_ANSWER])
    app = _serve(_services(tmp_path_factory.mktemp("web-llm"), shared_index, llm))
    yield app
    app.server.should_exit = True
    app.thread.join(5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What the page did that a test must know about: dialogs (e.g. alert) and script errors."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        def on_dialog(dialog: object) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")  # type: ignore[attr-defined]
            dialog.dismiss()  # type: ignore[attr-defined]

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    made.set_default_timeout(10_000)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext, watch: Watch) -> Iterator[Page]:
    opened = context.new_page()
    watch.attach(opened)
    yield opened
    assert not watch.dialogs, watch.dialogs
    # A failed resource load or a script error would show here (CSP violations included).
    assert not watch.errors, watch.errors


def shot(page: Page, name: str, *, full: bool = True) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path

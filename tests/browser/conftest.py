"""Playwright (Python) driving the system's Chromium against Django's live server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("PARCOURS_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to
# prepare and check data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class CheckedBrowser:
    """The browser, whose every page reports what the Content-Security-Policy refused: a test
    that went through a page breaking a CSP rule fails (``_no_csp_violation``)."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.refused: list[str] = []

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        context.on("page", lambda page: self.watch(page))
        return context

    def watch(self, page: Any) -> None:
        def seen(message: Any) -> None:
            if "Content Security Policy" in message.text:
                self.refused.append(f"{page.url}: {message.text}")

        page.on("console", seen)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make browser-deps`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield CheckedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violation(request: Any) -> Iterator[None]:
    """Every browser test also proves the pages it went through break no CSP rule."""
    if "browser" not in request.fixturenames:
        yield
        return
    checked = request.getfixturevalue("browser")
    checked.refused.clear()
    yield
    refused, checked.refused = list(checked.refused), []
    assert refused == [], refused


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """A fresh English browser context per person (no shared session): ``new_page()`` on a
    PC, ``new_page(390)`` on a phone; other keywords go to the context (``user_agent=``)."""
    contexts: list[Any] = []

    def make(width: int = 1280, **extra: Any) -> Any:
        context = browser.new_context(
            locale="en-GB",
            viewport={"width": width, "height": 900},
            accept_downloads=True,
            **extra,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.base = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Any, username: str, password: str = "pw-for-tests-123") -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{page.base}/")

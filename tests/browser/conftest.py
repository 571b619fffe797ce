"""Headless Chromium (Debian's package) driven by Playwright's sync API against live_server, or
against a real `okrflow serve` (tests/browser/served.py: the live rooms need it)."""

import os
from pathlib import Path

import pytest

from tests.browser.served import (  # noqa: F401 (fixtures: one real `okrflow serve` per module)
    _room_server_redis,
    live_redis,
    redis_url,
    room_server,
    room_server_on_redis,
    screens,
)

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this (test-only) use is fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]


# One browser per module, not per session: Playwright's sync API keeps an event loop running in
# the thread, and a later test of the same xdist worker that runs async code (async_to_sync, the
# live stream's tests) would fail with "cannot use AsyncToSync in the same thread as an event loop".
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"browser tests skipped: {CHROMIUM} not found (Debian package `chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page whose browser asks for Chinese, like most of our users' browsers."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.failed_requests = []
    page.on("response", lambda r: r.status >= 400 and page.failed_requests.append(f"{r.status} {r.url}"))
    yield page
    context.close()

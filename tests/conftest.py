import os

import pytest

from core import demo


@pytest.fixture
def site_tree(db):
    """The demo page tree (ホーム → 事例 / イベント / 日記) without demo content."""
    home = demo.ensure_home()
    sections = demo.ensure_sections(home)
    return {"home": home, **sections}


@pytest.fixture
def browser(monkeypatch):
    """A real Chromium (Debian's) driven by Playwright. Under CI a missing browser is a failure."""
    from playwright.sync_api import Error, sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # body are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=executable,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
        except Error as exc:
            message = f"Chromium could not start ({executable}): {exc}"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(message)
            pytest.skip(message)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")  # the site must stay Japanese regardless
    yield context.new_page()
    context.close()

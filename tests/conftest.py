import os

import pytest

from core import demo


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave cached results
    (similar cases, rate-limit counters) for the next one."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def site_tree(db):
    """The demo page tree (ホーム → 事例 / イベント / 日記) without demo content."""
    home = demo.ensure_home()
    sections = demo.ensure_sections(home)
    return {"home": home, **sections}


@pytest.fixture(scope="module")
def _demo_site_module(django_db_setup, django_db_blocker):
    """The whole demo site, loaded once per test module and removed afterwards."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import ROLES

    with django_db_blocker.unblock():
        accounts = demo.load(password="demo-pass-123")
        yield accounts
        HomePage = demo.HomePage
        for home in HomePage.objects.all():
            home.delete()
        get_user_model().objects.filter(username__in=[a.username for a in accounts]).delete()
        Group.objects.filter(name__in=[r.group_name for r in ROLES]).delete()


@pytest.fixture
def demo_site(_demo_site_module, db):
    """The demo site (accounts with the password ``demo-pass-123``); changes roll back."""
    return _demo_site_module


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

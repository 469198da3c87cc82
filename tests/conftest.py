import os

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key
from wagtail.signal_handlers import disable_reference_index_auto_update

from home import demo
from search import service
from search.embedding import reset_backends
from tests import shared_content


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """Each test starts with an empty cache: a rolled-back test must not leave cached results
    (similar cases) for the next one. The shared cache (rate-limit counters) is a database
    table: a test's transaction takes its rows away, except in transactional tests, after
    which it is emptied."""
    from django.core.cache import caches

    caches["default"].clear()
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        with django_db_blocker.unblock():
            caches["shared"].clear()
            _cache_task_content_types()


def _cache_task_content_types() -> None:
    """After a transactional test the next one restores the serialized database; Wagtail's
    Task.__init__ looks up its content type, and with the cache emptied (home.roles refills it
    with other apps' models) would create the row before the restore inserts it. Caching the
    task types while their rows exist avoids that duplicate."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Task

    ContentType.objects.get_for_models(*(m for m in apps.get_models() if issubclass(m, Task)))


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (Japanese). A request with the English cookie
    leaves English active in the thread, as Django's LocaleMiddleware never deactivates, and
    reference data (regions, bands, prefectures) follows the active language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _steady_rate_limit_clock(monkeypatch):
    """django-ratelimit counts in fixed windows of wall-clock time; a test that sends N
    requests must not see its window end half-way through."""
    import time
    from types import SimpleNamespace

    from django_ratelimit import core as ratelimit_core

    now = time.time()
    monkeypatch.setattr(ratelimit_core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True, scope="module")
def _embedding_backend(request):
    """The hashing test double embeds by default (config/settings/test.py); a module marked
    ``real_embedder`` (tests of the backends and of search quality) embeds with the real model,
    from its module-scoped fixtures (the demo index) to its last test."""
    if request.node.get_closest_marker("real_embedder") is None:
        yield
        return
    with override_settings(SEARCH_EMBEDDING_BACKENDS=settings.SEARCH_REAL_EMBEDDING_BACKENDS):
        _forget_embedder()
        yield
    _forget_embedder()


def _forget_embedder():
    """Backends and query vectors made with the other embedder are not used again."""
    reset_backends()
    service.clear_query_vectors()
    service.reset_coverage()


@pytest.fixture
def site_tree(db):
    """The demo page tree (ホーム → 事例 / イベント / 日記) without demo content."""
    home = demo.ensure_home()
    sections = demo.ensure_sections(home)
    return {"home": home, **sections}


@pytest.fixture(scope="module")
def _demo_site_module(request, django_db_setup, django_db_blocker):
    """The whole demo site (its accounts), loaded once for the modules that read it
    (tests/shared_content.py)."""
    with django_db_blocker.unblock():
        return shared_content.STATE.ensure(
            shared_content.module_key(request.node, shared_content.SITE), load_demo_site
        )["accounts"]


def load_demo_site() -> dict:
    """The demo site, and in its case index a draft and a private case (tests/search)."""
    from tests.search.conftest import add_hidden_cases

    # Wagtail's reference index (the admin's usage counts) is a quarter of the load, and no
    # test reads it for the demo content
    with disable_reference_index_auto_update():
        accounts = demo.load(password="demo-pass-123")
        return {"accounts": accounts, "index": add_hidden_cases()}


def remove_demo_content(accounts=()) -> None:
    """Undo what loading demo content changed outside a test's transaction: the pages (their
    search rows and section permissions go with them), the tools, the populations and the demo
    ``accounts``. The role groups and the review workflow stay: migrations made them."""
    from django.contrib.auth import get_user_model

    from cases.models import Tool
    from localgov.models import LocalGovernment

    for home in demo.HomePage.objects.all():
        home.delete()
    Tool.objects.all().delete()
    LocalGovernment.objects.exclude(population=None).update(population=None, population_as_of=None)
    get_user_model().objects.filter(username__in=[a.username for a in accounts]).delete()


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
        # The test body's ORM calls ran in the context Playwright's sync API set up, where
        # Django keeps connections apart from the main one: closed here, before leaving that
        # context, or one of them outlives the session and the test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")  # the site must stay Japanese regardless
    yield context.new_page()
    context.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, then transactional ones, then the
    rest), the tests reading the same shared content run one after another."""
    first_of_module: dict[str, int] = {}
    for i, item in enumerate(items):
        first_of_module.setdefault(item.module.__name__, i)
    items.sort(key=lambda item: shared_content.order(item, first_of_module))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Remove the shared content before a test that must not find it (after this test's
    teardown has rolled its transaction back). After the last test, before the test database
    is dropped, the search worker threads close their connections."""
    if nextitem is None:
        from search import fusion

        fusion.close_worker_connections()
    result = yield
    state = shared_content.STATE
    if state.key is None or not shared_content.must_remove(nextitem, state):
        return result
    with item.config.stash[blocking_manager_key].unblock():
        state.remove()
    return result

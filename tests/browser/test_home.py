"""A real Chromium opens the home page and sees the Japanese title and navigation."""

import pytest

from home import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_in_chromium(live_server, page):
    demo.ensure_sections(demo.ensure_home())
    page.goto(live_server.url + "/")
    assert page.title() == "自治体DX共創ひろば"
    assert page.locator("html").get_attribute("lang") == "ja"
    nav = page.get_by_role("navigation", name="メインメニュー")
    assert nav.get_by_role("link", name="事例").is_visible()
    assert nav.get_by_role("link", name="イベント").is_visible()
    nav.get_by_role("link", name="事例").click()
    page.wait_for_url("**/cases/")
    assert page.get_by_role("heading", level=1).inner_text() == "事例"
    # The skip link is the first thing a keyboard user reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "本文へスキップ"


def test_home_page_on_a_phone(live_server, browser):
    demo.ensure_sections(demo.ensure_home())
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ja-JP")
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # no horizontal scrolling on a phone
    assert phone.get_by_role("search").first.is_visible()
    context.close()

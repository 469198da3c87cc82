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


def test_a_phone_reaches_a_listing_s_results_past_its_filters(live_server, browser, tmp_path):
    """In one column the filters come before the results: on a phone the facet links (the
    form offers the same choices) are left out and a link at the top goes past the form."""
    import json

    from cases import importing
    from tests.cases.conftest import DEMO_CASES, write_json

    index = demo.ensure_sections(demo.ensure_home())["cases"]
    rows = json.loads(DEMO_CASES.read_text(encoding="utf-8"))[:12]
    assert importing.import_file(write_json(tmp_path, rows), index).ok
    for width, on_phone in ((375, True), (1280, False)):
        context = browser.new_context(viewport={"width": width, "height": 740}, locale="ja-JP")
        page = context.new_page()
        for url, count in (("/cases/", 12), ("/events/", 0), ("/diary/", 0)):
            page.goto(live_server.url + url)
            skip = page.get_by_role("link", name=f"結果へ移動（{count} 件）")
            assert skip.is_visible() == on_phone, (width, url)
        page.goto(live_server.url + "/cases/")
        assert page.locator("details.facet").first.is_visible() != on_phone
        if on_phone:
            page.get_by_role("link", name="結果へ移動（12 件）").click()
            assert page.evaluate("location.hash") == "#results-heading"
            assert abs(page.locator("#results-heading").bounding_box()["y"]) < 10
        context.close()

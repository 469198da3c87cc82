"""A reader opens a relay series in Chromium, reads an entry, follows the baton to the next
writer's entry (which answers the question handed on) and opens the series' feed."""

import datetime

import feedparser
import pytest

from diary import factories
from events.factories import local_government
from home import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_read_series_follow_baton_open_feed(live_server, page):
    home = demo.ensure_home()
    index = demo.ensure_sections(home)["diary"]
    north = factories.WriterFactory(
        family_name="北原", given_name="遥", local_government=local_government("北海道旭川市")
    )
    east = factories.WriterFactory(
        family_name="東海林", given_name="翔", local_government=local_government("岩手県宮古市")
    )
    series = factories.add_series(
        index, title="ブラウザで読むリレー日記", slug="browser-relay", writers=[north, east]
    )
    first = factories.add_entry(
        series,
        writer=north,
        title="雪の窓口から",
        slug="vol-1",
        date=datetime.date(2026, 4, 6),
        baton_writer=east,
        baton_question="最初に数えたものは何ですか？",
    )
    factories.add_entry(
        series,
        writer=east,
        title="数えたのは電話でした",
        slug="vol-2",
        date=datetime.date(2026, 4, 13),
        question="最初に数えたものは何ですか？",
    )

    page.goto(f"{live_server.url}/diary/")
    page.get_by_role("link", name="ブラウザで読むリレー日記").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "ブラウザで読むリレー日記"
    rotation = page.locator(".rotation")
    assert "北原 遥" in rotation.inner_text() and "東海林 翔" in rotation.inner_text()
    assert "2026年4月20日(月)までに掲載予定" in page.locator(".next-turn").inner_text()

    page.get_by_role("link", name="雪の窓口から").click()
    assert page.get_by_role("heading", level=1).inner_text() == "雪の窓口から"
    baton = page.locator(".baton")
    assert "東海林 翔" in baton.inner_text()
    assert "最初に数えたものは何ですか？" in baton.inner_text()
    page.get_by_role("navigation", name="前後の回").get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "数えたのは電話でした"
    answering = page.locator(".answering")
    assert answering.get_by_role("heading").inner_text() == "北原 遥さんの問いに答えて"
    assert "最初に数えたものは何ですか？" in answering.inner_text()
    assert answering.get_by_role("link").get_attribute("href") == first.url

    href = page.locator('link[rel=alternate][type="application/atom+xml"]').get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    assert feed.feed.title == "ブラウザで読むリレー日記"
    assert [e.title for e in feed.entries] == ["第2回 数えたのは電話でした", "第1回 雪の窓口から"]

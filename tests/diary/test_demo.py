"""The demo diary: a relay of four writers from four regions passing the baton over at least
eight entries, and the editors' news on the home page."""

import pytest

from diary.models import DiaryEntryPage, DiarySeriesPage, SeriesKind
from localgov.regions import region_for_prefecture_code

pytestmark = pytest.mark.django_db


def test_relay_passes_the_baton(demo_site, client):
    relay = DiarySeriesPage.objects.get(kind=SeriesKind.RELAY)
    writers = relay.rotation
    assert len(writers) == 4
    regions = {region_for_prefecture_code(w.local_government.prefecture_id) for w in writers}
    assert len(regions) == 4
    entries = list(relay.get_entries())
    assert len(entries) >= 8
    assert [e.volume for e in entries] == list(range(1, len(entries) + 1))
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.writer == before.baton_writer
        assert after.question == before.baton_question
    # the demo writer's account writes as the next writer, whose turn is due soon
    assert relay.next_writer.user.username == "demo-writer"
    assert not relay.is_overdue()
    for entry in entries:
        assert client.get(entry.url).status_code == 200


def test_news_on_the_home_page(demo_site, client):
    news = DiarySeriesPage.objects.get(kind=SeriesKind.NEWS)
    items = DiaryEntryPage.objects.child_of(news).live()
    assert items.count() >= 3
    html = client.get("/").content.decode()
    newest = items.order_by("-date").first()
    assert newest.title in html[html.index('id="news-heading"') :]


def test_demo_feeds_parse(demo_site, client):
    import feedparser

    index = DiarySeriesPage.objects.get(kind=SeriesKind.RELAY).get_parent()
    feed = feedparser.parse(client.get(f"{index.url}feed/atom/").content)
    assert not feed.bozo and len(feed.entries) >= 11


def test_demo_entries_were_published_on_their_dates(demo_site):
    from diary.models import TOKYO, DiaryEntryPage

    entries = DiaryEntryPage.objects.live()
    assert entries.count() >= 11
    for entry in entries:
        # not all at the moment the demo was loaded: feeds order them as a relay would
        assert entry.first_published_at.astimezone(TOKYO).date() == entry.date, entry.title

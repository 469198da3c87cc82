"""RSS 2.0 and Atom per series and for every entry: valid (feedparser reads them without
complaint), with titles, links, dates and authors, and only live, public entries."""

import datetime

import feedparser
import pytest
from wagtail.models import PageViewRestriction

from diary import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(make_entry, writers):
    live = make_entry(writer=writers[0], title="公開した回", date=datetime.date(2026, 4, 6))
    second = make_entry(writer=writers[1], title="二回目の回", date=datetime.date(2026, 4, 13))
    draft = make_entry(writer=writers[2], title="下書きの回", live=False)
    return live, second, draft


def _parse(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize(
    ("route", "content_type", "version"),
    [("rss", "application/rss+xml", "rss20"), ("atom", "application/atom+xml", "atom10")],
)
def test_series_feed(client, series, entries, writers, route, content_type, version):
    live, second, _draft = entries
    feed = _parse(client, f"{series.url}feed/{route}/", content_type)
    assert feed.version == version
    assert feed.feed.title == series.title
    assert feed.feed.link == series.full_url
    assert [e.title for e in feed.entries] == ["第2回 二回目の回", "第1回 公開した回"]
    newest = feed.entries[0]
    assert newest.link == second.full_url
    assert newest.author_detail.name == writers[1].full_name
    published = datetime.datetime(*newest.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs(published - second.first_published_at) < datetime.timedelta(seconds=1)
    # written in Japan time, as the site shows it
    assert newest.published.endswith("+0900") or newest.published.endswith("+09:00")


@pytest.mark.parametrize("route", ["rss", "atom"])
def test_all_entries_feed(client, diary_index, entries, writers, route):
    live, second, draft = entries
    other = factories.add_series(diary_index, title="別の連載", writers=writers[:2])
    third = factories.add_entry(other, writer=writers[0], title="別の連載の回")
    feed = _parse(client, f"{diary_index.url}feed/{route}/", "application/")
    titles = {e.title for e in feed.entries}
    assert {"第1回 公開した回", "第2回 二回目の回", "第1回 別の連載の回"} == titles
    assert third.full_url in {e.link for e in feed.entries}


def test_feeds_leave_out_drafts_and_private_entries(client, diary_index, series, entries):
    live, second, draft = entries
    PageViewRestriction.objects.create(page=second, restriction_type="login")
    for url in (f"{series.url}feed/rss/", f"{diary_index.url}feed/atom/"):
        body = client.get(url).content.decode()
        assert live.title in body
        assert draft.title not in body
        assert second.title not in body


def test_feeds_give_their_language(client, diary_index, series, entries):
    rss = client.get(f"{series.url}feed/rss/").content.decode()
    assert "<language>ja</language>" in rss
    atom = client.get(f"{diary_index.url}feed/atom/").content.decode()
    assert 'xml:lang="ja"' in atom


def test_feed_of_a_private_series_is_not_served(client, series, entries):
    PageViewRestriction.objects.create(page=series, restriction_type="login")
    response = client.get(f"{series.url}feed/rss/")
    assert response.status_code in (302, 403)


def test_pages_advertise_their_feeds(client, series, entries):
    live, _second, _draft = entries
    html = client.get(live.url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{series.url}feed/atom/"' in html

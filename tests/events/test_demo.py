"""The demo events: the Kanagawa forum with its programme and report, other prefectures' events,
pages that answer 200, and the home page's next events."""

import icalendar
import pytest

from events.models import EventPage, EventReportPage, SessionCase, SessionKind

pytestmark = pytest.mark.django_db


def test_kanagawa_forum_programme(demo_site):
    forum = EventPage.objects.get(slug="kanagawa-dx-forum-2024")
    kinds = [s.kind for s in forum.sessions.all()]
    assert kinds.count(SessionKind.OPENING) == 2 and SessionKind.KEYNOTE in kinds
    assert SessionKind.GROUP in kinds
    panel = forum.sessions.get(kind=SessionKind.PANEL)
    assert panel.title.startswith("リアル版・デジデジ日記")
    roles = sorted(link.role for link in panel.speaker_links.all())
    assert roles == ["moderator", "speaker", "speaker", "speaker"]
    report = EventReportPage.objects.child_of(forum).live().get()
    assert report.cases_presented()
    assert SessionCase.objects.filter(session__page=forum).count() >= 3


def test_other_prefectures_online_and_on_site(demo_site):
    events = EventPage.objects.live().exclude(slug="kanagawa-dx-forum-2024")
    prefectures = set(events.values_list("organiser__prefecture_id", flat=True))
    assert len(prefectures - {14}) >= 5
    assert {"online", "venue", "hybrid"} <= set(events.values_list("format", flat=True))
    upcoming = EventPage.upcoming(EventPage.objects.live())
    past = EventPage.past(EventPage.objects.live())
    assert upcoming.count() >= 3 and past.count() >= 3


def test_every_demo_event_page_answers(client, demo_site):
    for page in [*EventPage.objects.live(), *EventReportPage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url
    for url in ("/events/", "/events/?when=past", "/events/prefecture/14/?when=past"):
        assert client.get(url).status_code == 200
    cal = icalendar.Calendar.from_ical(client.get("/events/calendar/").content)
    assert len(list(cal.walk("VEVENT"))) == EventPage.upcoming(EventPage.objects.live()).count()


def test_home_page_shows_next_events(client, demo_site):
    body = client.get("/").content.decode()
    next_event = EventPage.upcoming(EventPage.objects.live().public()).first()
    assert next_event.title in body


def test_case_page_shows_the_forum(client, demo_site):
    forum = EventPage.objects.get(slug="kanagawa-dx-forum-2024")
    link = SessionCase.objects.filter(session__page=forum).select_related("case").first()
    body = client.get(link.case.url).content.decode()
    assert "この事例が紹介されたイベント" in body and forum.title in body

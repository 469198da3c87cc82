"""Calendar files parsed back with icalendar: Asia/Tokyo, URL, a UID stable across edits, and
only live, public, upcoming events in the feeds."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def soon(days, hours=0):
    return timezone.now() + datetime.timedelta(days=days, hours=hours)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))


def test_event_file(client, make_event):
    event = make_event(
        start_at=datetime.datetime(2030, 11, 20, 13, 30, tzinfo=TOKYO),
        end_at=datetime.datetime(2030, 11, 20, 17, 0, tzinfo=TOKYO),
        format="hybrid",
        online_url="https://meet.example.jp/forum",
    )
    response = client.get(event.url + "calendar/")
    assert 'filename="event-' in response["Content-Disposition"]
    cal = parse(response)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    (vevent,) = vevents(cal)
    start = vevent.decoded("DTSTART")
    assert vevent["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert start.utcoffset() == datetime.timedelta(hours=9)
    assert (start.hour, start.minute) == (13, 30)
    assert vevent.decoded("DTEND").hour == 17
    assert str(vevent["URL"]) == event.full_url
    assert str(vevent["UID"]) == f"event-{event.pk}@{event.get_site().hostname}"
    assert "https://meet.example.jp/forum" in str(vevent["CONFERENCE"])
    assert "https://meet.example.jp/forum" in str(vevent["DESCRIPTION"])
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "県庁大会議場" in str(vevent["LOCATION"])


def test_uid_stable_across_edits_and_sequence_grows(client, make_event):
    event = make_event()
    first = vevents(parse(client.get(event.url + "calendar/")))[0]
    event.title = "下書きだけの変更"
    event.save_revision()  # a draft changes nothing a subscriber sees
    event.refresh_from_db()
    draft = vevents(parse(client.get(event.url + "calendar/")))[0]
    assert draft["SEQUENCE"] == first["SEQUENCE"] and str(draft["SUMMARY"]) != "下書きだけの変更"
    listed = vevents(parse(client.get("/events/calendar/")))
    assert [v["SEQUENCE"] for v in listed if v["UID"] == first["UID"]] == [first["SEQUENCE"]]
    event.title = "テストフォーラム（時間変更）"
    event.start_at = event.start_at + datetime.timedelta(hours=1)
    event.save_revision().publish()
    second = vevents(parse(client.get(event.url + "calendar/")))[0]
    assert second["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    assert str(second["SUMMARY"]) == "テストフォーラム（時間変更）"


def test_event_without_end_lasts_to_the_end_of_its_day(client, make_event):
    event = make_event(start_at=datetime.datetime(2030, 11, 20, 23, 0, tzinfo=TOKYO), end_at=None)
    vevent = vevents(parse(client.get(event.url + "calendar/")))[0]
    assert vevent.decoded("DTEND") == datetime.datetime(2030, 11, 21, 0, 0, tzinfo=TOKYO)


def test_cancelled_event(client, make_event):
    event = make_event(
        cancelled=True, format="online", venue="", online_url="https://meet.example.jp/x"
    )
    vevent = vevents(parse(client.get(event.url + "calendar/")))[0]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "CONFERENCE" not in vevent


def test_feeds_only_live_public_upcoming(client, make_event, ishikawa):
    make_event(title="神奈川の次回", start_at=soon(3), end_at=soon(3, 2))
    make_event(title="石川の次回", organiser=ishikawa, start_at=soon(4), end_at=soon(4, 2))
    make_event(title="神奈川の過去", start_at=soon(-3), end_at=soon(-3, 2))
    make_event(title="下書き", start_at=soon(5), live=False)
    private = make_event(title="限定公開", start_at=soon(6))
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    def summaries(url):
        return [str(e["SUMMARY"]) for e in vevents(parse(client.get(url)))]

    assert summaries("/events/calendar/") == ["神奈川の次回", "石川の次回"]
    assert summaries("/events/prefecture/14/calendar/") == ["神奈川の次回"]
    assert summaries("/events/prefecture/17/calendar/") == ["石川の次回"]
    assert client.get("/events/prefecture/99/calendar/").status_code == 404
    # the private event's own file is behind its login as the page is
    assert client.get(private.url + "calendar/").status_code in (302, 403)


def test_feed_is_linked_from_the_listing(client, make_event):
    make_event(start_at=soon(3))
    body = client.get("/events/").content.decode()
    assert 'type="text/calendar"' in body and "/events/calendar/" in body
    assert (
        "/events/prefecture/14/calendar/" in client.get("/events/prefecture/14/").content.decode()
    )


def test_an_english_calendar_names_the_organiser_in_english(client, make_event):
    event = make_event()
    organiser = event.organiser
    (vevent,) = vevents(parse(client.get(event.url + "calendar/")))
    assert f"主催: {organiser.full_name}" in str(vevent["DESCRIPTION"])
    client.cookies["django_language"] = "en"
    (vevent,) = vevents(parse(client.get(event.url + "calendar/")))
    description = str(vevent["DESCRIPTION"])
    assert "Organiser: Kanagawa Prefecture" in description  # the factory's organiser
    assert organiser.full_name not in description

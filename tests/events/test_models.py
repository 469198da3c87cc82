"""Event dates: the day boundary in Asia/Tokyo, the derived status, validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.factories import tokyo
from events.models import EventPage, EventStatus, past_q, start_of_today, upcoming_q
from tests.events.conftest import held

pytestmark = pytest.mark.django_db

# 2030-11-20 15:00 in Tokyo (06:00 UTC): the tests' "now"
NOW = tokyo(2030, 11, 20, 15, 0)


def split(now=NOW):
    events = EventPage.objects.live()
    upcoming = set(EventPage.upcoming(events, now).values_list("title", flat=True))
    past = set(EventPage.past(events, now).values_list("title", flat=True))
    return upcoming, past


def test_start_of_today_is_tokyo_midnight():
    # 00:30 on the 21st in Tokyo is still the 20th in UTC
    now = tokyo(2030, 11, 21, 0, 30)
    assert start_of_today(now) == tokyo(2030, 11, 21)
    assert start_of_today(now).utcoffset() == datetime.timedelta(hours=9)


def test_day_boundary(make_event):
    make_event(
        title="今日23:59まで", start_at=tokyo(2030, 11, 20, 9), end_at=tokyo(2030, 11, 20, 23, 59)
    )
    make_event(
        title="昨日から明日まで", start_at=tokyo(2030, 11, 19, 10), end_at=tokyo(2030, 11, 21, 17)
    )
    make_event(
        title="今日の朝に終了", start_at=tokyo(2030, 11, 20, 9), end_at=tokyo(2030, 11, 20, 11)
    )
    make_event(title="終わりなし今日の朝", start_at=tokyo(2030, 11, 20, 9), end_at=None)
    make_event(title="終わりなし昨日の夜", start_at=tokyo(2030, 11, 19, 23, 30), end_at=None)
    make_event(title="来月", start_at=tokyo(2030, 12, 1, 13), end_at=tokyo(2030, 12, 1, 17))
    upcoming, past = split()
    assert upcoming == {"今日23:59まで", "昨日から明日まで", "終わりなし今日の朝", "来月"}
    assert past == {"今日の朝に終了", "終わりなし昨日の夜"}
    # at 23:59 today the first one is still upcoming; a minute later (the next day) it is past
    upcoming, past = split(tokyo(2030, 11, 20, 23, 59))
    assert "今日23:59まで" in upcoming and "終わりなし今日の朝" in upcoming
    upcoming, past = split(tokyo(2030, 11, 21, 0, 0))
    assert "今日23:59まで" in past and "終わりなし今日の朝" in past
    assert "昨日から明日まで" in upcoming


def test_upcoming_and_past_are_complements():
    q_up, q_past = upcoming_q(NOW), past_q(NOW)
    assert EventPage.objects.filter(q_up & q_past).count() == 0


@pytest.mark.parametrize(
    ("now", "deadline", "cancelled", "expected"),
    [
        (tokyo(2030, 11, 1), tokyo(2030, 11, 10, 17), False, EventStatus.OPEN),
        (tokyo(2030, 11, 11), tokyo(2030, 11, 10, 17), False, EventStatus.CLOSED),
        # no address and no deadline: nothing to apply for, 開催予定 until it starts
        (tokyo(2030, 11, 20, 12), None, False, EventStatus.UPCOMING),
        (tokyo(2030, 11, 20, 14), None, False, EventStatus.ONGOING),  # started: 開催中
        (tokyo(2030, 11, 1), None, False, EventStatus.UPCOMING),
        (tokyo(2030, 11, 20, 17, 1), None, False, EventStatus.ENDED),
        (tokyo(2030, 11, 1), tokyo(2030, 11, 10, 17), True, EventStatus.CANCELLED),
        (tokyo(2030, 12, 1), None, True, EventStatus.CANCELLED),
    ],
)
def test_derived_status(make_event, now, deadline, cancelled, expected):
    event = make_event(registration_deadline=deadline, cancelled=cancelled)
    assert event.status(now) == expected


def test_an_event_with_an_application_address_is_open_until_it_starts(make_event):
    event = make_event(registration_url="https://example.lg.jp/apply")
    assert event.status(tokyo(2030, 11, 1)) == EventStatus.OPEN
    assert event.status(tokyo(2030, 11, 20, 12)) == EventStatus.OPEN  # the day, before it starts
    assert event.status(tokyo(2030, 11, 20, 14)) == EventStatus.ONGOING


def test_online_url_only_before_and_during(make_event):
    event = make_event(format="hybrid", online_url="https://meet.example.jp/forum")
    assert event.show_online_url(tokyo(2030, 11, 1))
    assert event.show_online_url(tokyo(2030, 11, 20, 16))
    assert not event.show_online_url(tokyo(2030, 11, 20, 17, 1))
    event.cancelled = True
    assert not event.show_online_url(tokyo(2030, 11, 1))


def test_clean_refuses_end_before_start_and_late_deadline(make_event):
    event = make_event()
    event.end_at = event.start_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as info:
        event.clean()
    assert "end_at" in info.value.message_dict
    event.end_at = event.start_at + datetime.timedelta(hours=3)
    event.registration_deadline = event.end_at + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        event.clean()
    assert "registration_deadline" in info.value.message_dict


def test_clean_names_every_problem_at_once(make_event):
    event = make_event()
    event.end_at = event.start_at - datetime.timedelta(hours=1)
    event.registration_deadline = event.start_at + datetime.timedelta(days=5)
    event.venue = ""
    with pytest.raises(ValidationError) as info:
        event.clean()
    assert set(info.value.message_dict) == {"end_at", "registration_deadline", "venue"}


def test_on_site_event_needs_a_venue(make_event):
    event = make_event(format="online", venue="")
    event.clean()
    event.format = "venue"
    with pytest.raises(ValidationError) as info:
        event.clean()
    assert "venue" in info.value.message_dict


def test_speaker_name_family_first(forum):
    event, _case = forum
    panel = event.session_list[1]
    names = [link.speaker.full_name for link in panel.speaker_links.all()]
    assert names == ["山形 巧哉", "今村 寛"]
    assert str(panel.speaker_links.all()[0].speaker) == "山形 巧哉（デザイン事務所）"


def test_one_report_per_event(forum):
    from events.factories import add_report
    from events.models import EventReportPage

    event, _case = forum
    assert not EventReportPage.can_create_at(event)  # still to come
    held(event)
    assert EventReportPage.can_create_at(event)
    add_report(event, title="開催報告", slug="report")
    assert not EventReportPage.can_create_at(event)

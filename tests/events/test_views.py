"""The event listing: upcoming and past, facets, pagination, a prefecture's events; drafts and
private events never shown."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cases.models import Theme
from events import factories

pytestmark = pytest.mark.django_db


def soon(days, hours=0):
    return timezone.now() + datetime.timedelta(days=days, hours=hours)


@pytest.fixture
def events(make_event, ishikawa):
    rpa = Theme.objects.get(slug="rpa")
    made = {
        "kanagawa_next": make_event(
            title="神奈川の次回", start_at=soon(10), end_at=soon(10, 4), themes=[rpa]
        ),
        "kanagawa_online": make_event(
            title="神奈川のオンライン",
            start_at=soon(20),
            end_at=soon(20, 2),
            format="online",
            venue="",
        ),
        "ishikawa_next": make_event(
            title="石川の次回", organiser=ishikawa, start_at=soon(15), end_at=soon(15, 3)
        ),
        "kanagawa_past": make_event(title="神奈川の過去", start_at=soon(-30), end_at=soon(-30, 3)),
        "draft": make_event(title="下書きの秘密イベント", start_at=soon(5), live=False),
        "private": make_event(title="限定公開の秘密イベント", start_at=soon(6)),
    }
    PageViewRestriction.objects.create(page=made["private"], restriction_type="login")
    return made


def titles(response):
    return [e.title for e in response.context["page_obj"]]


def test_upcoming_by_default_soonest_first(client, events):
    response = client.get("/events/")
    assert response.status_code == 200
    assert titles(response) == ["神奈川の次回", "石川の次回", "神奈川のオンライン"]
    assert response.context["period_counts"] == {"upcoming": 3, "past": 1}
    assert b"noindex" not in response.content


def test_past_tab(client, events):
    response = client.get("/events/?when=past")
    assert titles(response) == ["神奈川の過去"]
    assert b"noindex" in response.content


def test_drafts_and_private_never_listed(client, events):
    for query in ("", "?when=past", "prefecture/14/"):
        body = client.get(f"/events/{query}").content.decode()
        assert "秘密イベント" not in body
    assert "秘密イベント" not in client.get("/").content.decode()


def test_facets_filter_and_count(client, events):
    response = client.get("/events/?prefecture=14")
    assert titles(response) == ["神奈川の次回", "神奈川のオンライン"]
    facets = {
        f["name"]: {str(i["value"]): i["count"] for i in f["items"]}
        for f in response.context["facets"]
    }
    # a facet is counted without its own filter
    assert facets["prefecture"] == {"14": 2, "17": 1}
    assert facets["format"] == {"venue": 1, "online": 1}
    assert facets["theme"] == {"rpa": 1}
    assert titles(client.get("/events/?format=online")) == ["神奈川のオンライン"]
    assert titles(client.get("/events/?theme=rpa")) == ["神奈川の次回"]


def test_month_facet_in_tokyo_time(client, make_event):
    # 00:30 on 1 December in Tokyo is still 30 November in UTC
    make_event(title="十二月の朝", start_at=factories.tokyo(2030, 12, 1, 0, 30), end_at=None)
    make_event(title="十一月", start_at=factories.tokyo(2030, 11, 30, 13), end_at=None)
    response = client.get("/events/?month=2030-12")
    assert titles(response) == ["十二月の朝"]
    months = next(f for f in response.context["facets"] if f["name"] == "month")
    assert [(i["value"], i["label"], i["count"]) for i in months["items"]] == [
        ("2030-11", "2030年11月", 1),
        ("2030-12", "2030年12月", 1),
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?month=2030-13",
        "?month=abc",
        "?prefecture=x",
        "?format=zoom",
        "?theme=nope",
        "?page=abc",
        "?page=999",
        "?when=later",
    ],
)
def test_bad_input_is_no_500(client, events, query):
    response = client.get("/events/" + query)
    assert response.status_code == 200


def test_bad_month_says_why(client, events):
    response = client.get("/events/?month=2030-13")
    assert "2024-11 の形で" in response.content.decode()
    assert len(titles(response)) == 3  # the bad filter is dropped


def test_pagination(client, make_event):
    for i in range(23):
        make_event(title=f"連続講座{i:02d}", start_at=soon(1 + i), end_at=soon(1 + i, 2))
    first = client.get("/events/")
    assert len(titles(first)) == 20
    second = client.get("/events/?page=2")
    assert titles(second) == ["連続講座20", "連続講座21", "連続講座22"]


def test_prefecture_page(client, events):
    response = client.get("/events/prefecture/17/")
    assert response.status_code == 200
    assert titles(response) == ["石川の次回"]
    assert "石川県が主催するイベント" in response.content.decode()
    assert (
        client.get("/events/prefecture/14/?when=past").context["page_obj"][0].title
        == "神奈川の過去"
    )
    assert client.get("/events/prefecture/99/").status_code == 404


def test_listing_query_count_is_fixed(client, events, make_event, django_assert_max_num_queries):
    client.get("/events/")  # warm caches (site, locale)
    with django_assert_max_num_queries(30) as small:
        client.get("/events/")
    for i in range(8):
        make_event(title=f"追加{i}", start_at=soon(3 + i), end_at=soon(3 + i, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/events/")


def test_event_page_shows_programme_and_status(client, forum):
    event, case = forum
    body = client.get(event.url).content.decode()
    assert "リアル版・デジデジ日記" in body
    assert "モデレーター" in body and "今村 寛" in body
    assert case.url in body
    # a case presented says where it comes from, as similar cases do
    assert f'{case.title}</a><span class="meta">（{case.local_government.full_name}）' in body
    assert "開催予定" in body and "募集中" not in body  # nothing to apply for
    assert "カレンダーに追加" in body
    assert "calendar.google.com" in body and "outlook.live.com" in body


def test_a_session_s_cases_heading_only_with_a_case_a_reader_may_open(client, forum):
    event, case = forum
    label = '<p class="session-cases-label">紹介する事例</p>'
    assert label in client.get(event.url).content.decode()
    case.unpublish()
    body = client.get(event.url).content.decode()
    assert label not in body and case.title not in body


def test_prefecture_page_eyebrow_in_english(client, events):
    client.cookies["django_language"] = "en"
    body = client.get("/events/prefecture/17/").content.decode()
    assert '<p class="eyebrow"><a href="/events/">Events</a></p>' in body
    assert "<title>Events organised by Ishikawa" in body
    client.cookies["django_language"] = "ja"
    assert (
        "<title>石川県が主催するイベント |" in client.get("/events/prefecture/17/").content.decode()
    )


def test_online_url_hidden_after_the_event(client, make_event):
    url = "https://meet.example.jp/room-123"
    upcoming = make_event(
        start_at=soon(2), end_at=soon(2, 2), format="online", venue="", online_url=url
    )
    ended = make_event(
        start_at=soon(-2), end_at=soon(-2, 2), format="online", venue="", online_url=url
    )
    page = client.get(upcoming.url).content.decode()
    assert url in page
    # the format is said once (開催形式: オンライン); the row with the link says how to join
    assert "<dt>オンラインでの参加</dt>" in page and "<dt>オンライン</dt>" not in page
    body = client.get(ended.url).content.decode()
    assert url not in body and "開催済" in body


def test_json_ld(client, make_event, ishikawa):
    import json
    import re

    event = make_event(
        format="hybrid",
        online_url="https://meet.example.jp/x",
        co_organisers=[ishikawa],
        start_at=soon(3),
        end_at=soon(3, 2),
    )
    body = client.get(event.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[1]
    )
    assert data["@type"] == "Event"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"].endswith("+09:00")
    assert [o["name"] for o in data["organizer"]] == ["神奈川県", "石川県"]
    place, virtual = data["location"]
    assert place["name"] == "県庁大会議場" and virtual["url"] == "https://meet.example.jp/x"
    event.cancelled = True
    event.save_revision().publish()
    body = client.get(event.url).content.decode()
    assert "EventCancelled" in body


def test_home_page_shows_next_events_only_live_public(client, events):
    body = client.get("/").content.decode()
    assert "神奈川の次回" in body
    assert "秘密イベント" not in body
    assert "神奈川の過去" not in body


def test_an_event_under_way_says_so(client, make_event):
    event = make_event(
        start_at=soon(0, -1),
        end_at=soon(0, 3),
        registration_url="https://example.lg.jp/apply",
        registration_deadline=soon(-3),
    )
    body = client.get(event.url).content.decode()
    assert '<span class="status status-ongoing">開催中</span>' in body
    # the registration row says it is closed once, then the deadline (not 「締切 （締切: …）」)
    assert "受付終了" in body and "申込ページへ" not in body
    client.cookies["django_language"] = "en"
    assert "Under way" in client.get(event.url).content.decode()


def test_the_month_facet_reads_as_the_dates_of_each_language(client, events):
    month = events["kanagawa_next"].start_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=9))
    )
    japanese = client.get("/events/").content.decode()
    assert f"{month.year}年{month.month}月" in japanese
    client.cookies["django_language"] = "en"
    english = client.get("/events/").content.decode()
    assert f"{month:%b} {month.year}" in english and f"{month.month}/{month.year}" not in english


def test_a_session_named_as_its_kind_is_named_once(client, forum):
    """「閉会」 is both the closing session's title and its kind: the programme and the report
    said 「閉会 閉会」."""
    import re

    from events.factories import add_report
    from tests.events.conftest import held

    event, _case = forum
    report = add_report(held(event), title="開催報告", slug="report")
    page = client.get(event.url).content.decode()
    closing = re.search(r'<li id="[^"]+" class="session session-closing">(.*?)</li>', page, re.S)
    assert re.sub(r"<[^>]+>", " ", closing.group(1)).split().count("閉会") == 1
    assert "開会" in page  # a kind that differs from its title is still said
    text = re.sub(r"<[^>]+>", " ", client.get(report.url).content.decode()).split()
    assert "閉会" in text and "閉会 閉会" not in " ".join(text)

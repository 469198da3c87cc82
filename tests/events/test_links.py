"""Sessions link the cases presented; a case page shows its events (only live, public ones)."""

import pytest
from wagtail.models import PageViewRestriction

from events.factories import add_report

pytestmark = pytest.mark.django_db

HEADING = "この事例が紹介されたイベント"


def test_case_page_shows_event_and_session(client, forum):
    event, case = forum
    body = client.get(case.url).content.decode()
    assert HEADING in body
    panel = event.session_list[1]
    assert f"{event.url}#{panel.anchor}" in body
    assert "リアル版・デジデジ日記" in body


def test_case_page_links_the_report(client, forum):
    event, case = forum
    report = add_report(event, title="開催報告", slug="report", participants=180)
    body = client.get(case.url).content.decode()
    assert report.url in body
    body = client.get(report.url).content.decode()
    assert case.url in body and "180人" in body


def test_draft_or_private_event_not_shown_on_case(client, forum):
    event, case = forum
    event.unpublish()
    assert HEADING not in client.get(case.url).content.decode()
    event.save_revision().publish()
    PageViewRestriction.objects.create(page=event, restriction_type="login")
    assert HEADING not in client.get(case.url).content.decode()


def test_draft_report_not_linked(client, forum):
    event, case = forum
    report = add_report(event, title="開催報告", slug="report", live=False)
    assert report.url not in client.get(case.url).content.decode()
    assert "開催報告を読む" not in client.get(event.url).content.decode()


def test_case_without_events_shows_nothing(client, make_case):
    case = make_case()
    assert HEADING not in client.get(case.url).content.decode()


def test_unpublished_case_not_linked_from_event(client, forum):
    event, case = forum
    case.unpublish()
    assert case.title not in client.get(event.url).content.decode()

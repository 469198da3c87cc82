"""Organisers per prefecture, through the Wagtail admin: the organiser at 神奈川県 edits every
Kanagawa event (a colleague's too), adds and submits new ones for the editors' review, and
cannot touch an event of 石川県, whose organiser has the mirror rights."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from accounts.models import StaffProfile
from events.models import EventIndexPage, EventPage, EventReportPage
from home import roles
from home.demo import DEMO_USERS
from localgov.models import LocalGovernment
from tests.events.conftest import held

pytestmark = pytest.mark.django_db

ORGANISER_GROUP = roles.ROLES_BY_KEY["organiser"].group_name


def lg(code: str) -> LocalGovernment:
    return LocalGovernment.objects.get(code=code)


@pytest.fixture
def kanagawa_organiser(demo_site):
    user = get_user_model().objects.get(username=DEMO_USERS["organiser"][0])
    assert user.staff_profile.local_government.name == "神奈川県"
    return user


@pytest.fixture
def ishikawa_organiser(demo_site):
    user = get_user_model().objects.create_user("ishikawa-organiser", "o@pref.ishikawa.lg.jp")
    user.groups.add(Group.objects.get(name=ORGANISER_GROUP))
    StaffProfile.objects.create(user=user, local_government=lg("170003"))  # 石川県
    return user


def event_of(prefecture_name: str) -> EventPage:
    return (
        EventPage.objects.filter(organiser__prefecture__name=prefecture_name)
        .order_by("start_at")
        .first()
    )


def edit_status(client, user, page) -> int:
    client.force_login(user)
    return client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).status_code


def test_an_organiser_edits_their_prefectures_events_and_no_other(
    client, kanagawa_organiser, ishikawa_organiser
):
    kanagawa_event, ishikawa_event = event_of("神奈川県"), event_of("石川県")
    assert kanagawa_event.owner_id != kanagawa_organiser.pk  # a colleague's (the demo's)
    assert kanagawa_event.permissions_for_user(kanagawa_organiser).can_edit()
    assert not ishikawa_event.permissions_for_user(kanagawa_organiser).can_edit()
    assert ishikawa_event.permissions_for_user(ishikawa_organiser).can_edit()
    assert not kanagawa_event.permissions_for_user(ishikawa_organiser).can_publish()

    assert edit_status(client, kanagawa_organiser, kanagawa_event) == 200
    assert edit_status(client, kanagawa_organiser, ishikawa_event) in (302, 403)
    assert edit_status(client, ishikawa_organiser, ishikawa_event) == 200
    # a post to the other prefecture's event changes nothing
    before = ishikawa_event.get_latest_revision()
    client.force_login(kanagawa_organiser)
    url = reverse("wagtailadmin_pages:edit", args=(ishikawa_event.pk,))
    assert client.post(url, {"title": "上書き", "action-submit": "1"}).status_code in (302, 403)
    assert ishikawa_event.get_latest_revision() == before


def test_a_report_is_added_only_under_an_event_of_ones_own_prefecture(
    client, kanagawa_organiser, ishikawa_organiser
):
    ishikawa_event = held(event_of("石川県"))
    assert not EventReportPage.objects.child_of(ishikawa_event).exists()
    add = reverse("wagtailadmin_pages:add", args=("events", "eventreportpage", ishikawa_event.pk))
    client.force_login(kanagawa_organiser)
    assert client.get(add).status_code in (302, 403)
    assert not ishikawa_event.permissions_for_user(kanagawa_organiser).can_add_subpage()
    client.force_login(ishikawa_organiser)
    assert client.get(add).status_code == 200


def add_event_form(client, index) -> tuple[str, dict]:
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["body-count"] = "0"  # the StreamField's inputs are drawn by the browser
    data.update(
        {
            "title": "横浜市のデジタル窓口勉強会",
            "slug": "yokohama-study",
            "start_at": "2031-02-10 14:00",
            "end_at": "2031-02-10 16:00",
            "format": "online",
            "online_url": "https://example.lg.jp/meet",
            "action-submit": "1",
        }
    )
    return url, data


def test_a_new_event_starts_with_the_organisers_own_prefecture_and_stays_in_it(
    client, kanagawa_organiser
):
    index = EventIndexPage.objects.get()
    client.force_login(kanagawa_organiser)
    url, data = add_event_form(client, index)
    assert data["organiser"] == str(lg("140007").pk)  # 神奈川県, from the profile

    data["organiser"] = str(lg("172014").pk)  # 金沢市, 石川県
    response = client.post(url, data)
    assert response.status_code == 200
    assert "所属する都道府県" in response.content.decode()
    assert not EventPage.objects.filter(slug="yokohama-study").exists()

    data["organiser"] = str(lg("141003").pk)  # 横浜市
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="yokohama-study")
    assert not event.live  # submitted, not published: the editors decide
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(event.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_an_organiser_without_a_workplace_is_told_to_ask_an_editor(client, demo_site):
    user = get_user_model().objects.create_user("nowhere-organiser", "n@example.lg.jp")
    user.groups.add(Group.objects.get(name=ORGANISER_GROUP))
    client.force_login(user)
    url, data = add_event_form(client, EventIndexPage.objects.get())
    data["organiser"] = str(lg("141003").pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "所属の自治体が登録されていません" in response.content.decode()
    assert not EventPage.objects.filter(slug="yokohama-study").exists()


def test_the_editor_still_edits_every_event(client, demo_site):
    editor = get_user_model().objects.get(username=DEMO_USERS["editor"][0])
    for prefecture in ("神奈川県", "石川県"):
        assert edit_status(client, editor, event_of(prefecture)) == 200


def test_adding_a_report_where_none_can_be_added_says_why(
    client, kanagawa_organiser, ishikawa_organiser
):
    """「子ページを追加」 under an event with its report, or one still to come, said "no
    permission" to the organiser who may add the report: it says why, on the event's list."""
    from django.contrib.messages import get_messages
    from django.test import Client

    from tests.events.conftest import ago

    reported = (
        EventReportPage.objects.filter(path__startswith=event_of("神奈川県").path)
        .first()
        .get_parent()
        .specific
    )
    upcoming = EventIndexPage.objects.get().add_child(
        instance=EventPage(
            title="来月の勉強会",
            slug="next-month",
            start_at=ago(days=-30),
            organiser=reported.organiser,
            format="online",
        )
    )
    client.force_login(kanagawa_organiser)
    for event, words in [
        (reported, "すでに開催報告があります"),
        (upcoming, "イベントが始まってから"),
    ]:
        response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(event.pk,)))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_explore", args=(event.pk,))
        said = [str(m) for m in get_messages(response.wsgi_request)]
        assert words in said[-1], said
    # an event once begun, without a report: straight to the report's form
    held(upcoming)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(upcoming.pk,)))
    assert response["Location"].endswith(f"/add/events/eventreportpage/{upcoming.pk}/")
    # an organiser of another prefecture is told nothing of Kanagawa's events
    other = Client()
    other.force_login(ishikawa_organiser)
    response = other.get(reverse("wagtailadmin_pages:add_subpage", args=(reported.pk,)))
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert not any("開催報告" in m for m in said)

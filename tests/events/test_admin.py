"""The admin: an editor writes an event with a nested programme; a report's highlights offer
only its event's sessions; one report per event."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.factories import add_report, speaker
from events.models import EventPage
from tests.events.conftest import held

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.lg.jp", "pw-123456")
    client.force_login(user)
    return client


def test_add_event_with_programme(admin_client, event_index, kanagawa, make_case):
    case = make_case()
    person = speaker("多田", "功", affiliation="TIS株式会社")
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "管理画面から作ったフォーラム",
            "slug": "admin-forum",
            "summary": "",
            "organiser": kanagawa.pk,
            "start_at": "2030-11-20 13:30",
            "end_at": "2030-11-20 17:00",
            "format": "venue",
            "venue": "県民ホール",
            "venue_address": "",
            "venue_access": "",
            "online_url": "",
            "audience": "県内市町村職員",
            "capacity": "200",
            "registration_url": "",
            "registration_deadline": "",
            "body": streamfield([]),
            "co_organisers": inline_formset([]),
            "sessions": inline_formset(
                [
                    {
                        "kind": "panel",
                        "start_time": "14:00",
                        "end_time": "15:00",
                        "title": "パネル",
                        "description": "",
                        "speaker_links": inline_formset(
                            [{"speaker": person.pk, "role": "moderator"}]
                        ),
                        "case_links": inline_formset([{"case": case.pk}]),
                        "materials": inline_formset([]),
                    }
                ]
            ),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    page = EventPage.objects.get(slug="admin-forum")
    revision = page.get_latest_revision_as_object()
    (session,) = revision.sessions.all()
    assert session.speaker_links.get().speaker == person
    assert session.case_links.get().case.pk == case.pk
    # the stored time is 13:30 in Tokyo
    assert page.start_at.isoformat() == "2030-11-20T04:30:00+00:00"
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert "プログラム" in edit.content.decode()


def test_report_highlights_offer_own_sessions_only(admin_client, forum, make_event):
    event, _case = forum
    # before the event, no report yet
    add = f"/admin/pages/add/events/eventreportpage/{event.pk}/"
    assert admin_client.get(add).status_code in (302, 403)
    held(event)
    other = make_event(sessions=[])
    from events import factories

    other_session = factories.session("keynote", "別イベントの講演")
    other_session.page = other
    other_session.save()
    response = admin_client.get(f"/admin/pages/add/events/eventreportpage/{event.pk}/")
    assert response.status_code == 200
    form = response.context["form"]
    choices = form.formsets["highlights"].empty_form.fields["session"].queryset
    assert set(choices) == set(event.sessions.all())
    add_report(event, title="開催報告", slug="report")
    # a second report cannot be added under the same event
    response = admin_client.get(f"/admin/pages/add/events/eventreportpage/{event.pk}/")
    assert response.status_code in (302, 403)


def test_speaker_snippet_listing(admin_client):
    speaker("千葉", "大右", affiliation="DigitalGovernment Labs")
    response = admin_client.get("/admin/snippets/events/speaker/")
    assert response.status_code == 200
    assert "千葉 大右" in response.content.decode()


def _online_event(slug, organiser, **fields):
    """The admin's form data of an online event on 20 November 2030, without sessions."""
    data = {
        "title": f"フォーラム {slug}",
        "slug": slug,
        "summary": "",
        "organiser": organiser.pk,
        "start_at": "2030-11-20 13:30",
        "end_at": "",
        "format": "online",
        "online_url": "https://example.lg.jp/meet",
        "body": streamfield([]),
        "co_organisers": inline_formset([]),
        "sessions": inline_formset([]),
    }
    return nested_form_data(data | fields)


def test_a_co_organiser_named_twice_is_refused_in_the_editors_words(
    admin_client, event_index, kanagawa, ishikawa
):
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    data = _online_event(
        "twice-co-organised",
        kanagawa,
        co_organisers=inline_formset(
            [{"local_government": ishikawa.pk}, {"local_government": ishikawa.pk}]
        ),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].formsets["co_organisers"].non_form_errors()
    assert errors == ["同じ「共催の自治体」が2行以上あります。重なった行を削除してください。"]
    assert "重なった行を削除してください" in response.content.decode()  # shown to the editor
    assert not EventPage.objects.filter(slug="twice-co-organised").exists()


def test_adding_a_report_too_early_or_twice_says_why(admin_client, make_event):
    upcoming = make_event()  # 2030
    url = f"/admin/pages/add/events/eventreportpage/{upcoming.pk}/"
    response = admin_client.get(url, follow=True)
    assert response.redirect_chain[0][0] == f"/admin/pages/{upcoming.pk}/"
    assert "開催報告はイベントが始まってから書けます（開始: 2030年11月20日" in (
        response.content.decode()
    )
    event = held(make_event())
    report = add_report(event, title="報告", slug="report")
    again = admin_client.get(f"/admin/pages/add/events/eventreportpage/{event.pk}/")
    assert again.status_code == 302 and again.url == f"/admin/pages/{report.pk}/edit/"
    first = held(make_event())
    assert (
        admin_client.get(f"/admin/pages/add/events/eventreportpage/{first.pk}/").status_code == 200
    )


def _report_data(**overrides):
    data = {
        "title": "県民フォーラム 開催報告",
        "slug": "report",
        "summary": "",
        "participants": "",
        "survey_summary": "",
        "body": streamfield([]),
        "highlights": inline_formset([]),
        "quotes": inline_formset([]),
        "photos": inline_formset([]),
        "materials": inline_formset([]),
        "survey_items": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_a_blank_row_kept_in_a_draft_does_not_block_publishing_later(admin_client, make_event):
    """An organiser adds a 声 row, saves the draft before writing it, and publishes later
    without touching it: the blank row is dropped, not an error on a row left empty."""
    from events.models import EventReportPage, ReportQuote

    event = held(make_event())
    add = f"/admin/pages/add/events/eventreportpage/{event.pk}/"
    blank_quote = inline_formset([{"text": "", "attribution": ""}])
    response = admin_client.post(add, _report_data(quotes=blank_quote))
    assert response.status_code == 302, response.context["form"].errors
    report = EventReportPage.objects.get(slug="report")
    assert not report.get_latest_revision_as_object().quotes.all()  # nothing blank kept
    # a blank row the form sends back as a kept one (its id) is dropped when publishing
    report.quotes.add(ReportQuote(text="", attribution=""))  # as an earlier draft kept it
    report.save()
    report.save_revision()
    quote = ReportQuote.objects.get(page=report)
    edit = f"/admin/pages/{report.pk}/edit/"
    kept_blank = inline_formset([{"id": quote.pk, "text": "", "attribution": ""}], initial=1)
    response = admin_client.post(edit, _report_data(quotes=kept_blank, **{"action-publish": "1"}))
    assert response.status_code == 302, response.context["form"].formsets["quotes"].errors
    report.refresh_from_db()
    assert report.live and not ReportQuote.objects.filter(page=report).exists()
    # a row with words in it is still checked: an attribution without the words is an error
    half = inline_formset([{"text": "", "attribution": "参加者（町職員）"}])
    response = admin_client.post(edit, _report_data(quotes=half, **{"action-publish": "1"}))
    assert response.status_code == 200
    assert response.context["form"].formsets["quotes"].errors[0]["text"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2030-11-18", "2030-11-18T23:59:00+09:00"),  # a day alone: the end of it
        ("2030-11-18 10:00", "2030-11-18T10:00:00+09:00"),  # a time given stays
    ],
)
def test_a_deadline_given_as_a_day_lasts_to_the_end_of_it(
    admin_client, event_index, kanagawa, typed, stored
):
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    form = admin_client.get(url).content.decode()
    assert 'name="registration_deadline"' in form and "data-end-of-day" in form
    data = _online_event("deadline-day", kanagawa, registration_deadline=typed)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    page = EventPage.objects.get(slug="deadline-day").get_latest_revision_as_object()
    tokyo = page.registration_deadline.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    assert tokyo.isoformat() == stored


def test_a_slug_held_by_a_draft_names_the_draft(admin_client, event_index, kanagawa):
    """Wagtail's autosave makes a draft while a new event is typed; starting again in another
    tab met 「スラッグは既に使われています」 with no word of the draft."""
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    draft = EventPage(
        title="自動保存された下書き",
        slug="autosaved",
        start_at="2030-11-20T13:30+09:00",
        organiser=kanagawa,
        format="online",
        live=False,
    )
    event_index.add_child(instance=draft)
    response = admin_client.post(url, _online_event("autosaved", kanagawa))
    assert response.status_code == 200
    (message,) = response.context["form"].errors["slug"]
    assert "下書きのページ「自動保存された下書き」が使っています" in message
    # the draft's edit form is a link in the message
    assert f'<a href="/admin/pages/{draft.pk}/edit/">' in str(message)
    assert f'<a href="/admin/pages/{draft.pk}/edit/">' in response.content.decode()
    assert EventPage.objects.filter(slug="autosaved").count() == 1
    draft.save_revision().publish()
    response = admin_client.post(url, _online_event("autosaved", kanagawa))
    (message,) = response.context["form"].errors["slug"]
    assert "公開中のページ「自動保存された下書き」が使っています" in message

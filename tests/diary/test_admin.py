"""Writing in turns in the admin: a writer adds entries only in the series they belong to and
only as themselves, submits them to the editors' review and cannot publish; the writer and
next-writer fields offer the series' writers only; editors start series."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from diary import factories
from diary.models import DiaryEntryPage

pytestmark = pytest.mark.django_db


def add_url(series):
    return reverse("wagtailadmin_pages:add", args=("diary", "diaryentrypage", series.pk))


def entry_data(writer, baton=None, **extra):
    data = {
        "title": "管理画面から書いた回",
        "slug": "from-admin",
        "summary": "",
        "writer": writer.pk,
        "date": "2026-04-20",
        "question": "最初に自動化した業務は何ですか？",
        "body": streamfield([("paragraph", rich_text("<p>窓口の受付票をやめました。</p>"))]),
        "baton_writer": baton.pk if baton else "",
        "baton_question": "次は何を変えますか？" if baton else "",
        **extra,
    }
    return nested_form_data(data)


@pytest.fixture
def other_series(diary_index, make_user):
    outsiders = [
        factories.WriterFactory(family_name="外山", user=make_user("outsider1")),
        factories.WriterFactory(family_name="外川", user=make_user("outsider2")),
    ]
    return factories.add_series(diary_index, title="別の連載", writers=outsiders)


def test_writer_adds_an_entry_and_submits_it(client, series, writers, make_entry):
    make_entry(writer=writers[0], baton_writer=writers[1], baton_question="紙の決裁は？")
    client.force_login(writers[1].user)
    response = client.get(add_url(series))
    assert response.status_code == 200
    form = response.context["form"]
    # the new entry starts from the baton; the writer is the user themselves
    assert form.initial["question"] == "紙の決裁は？"
    assert form.initial["writer"] == writers[1].pk
    assert form.initial["baton_writer"] == writers[2].pk  # the next in rotation
    assert list(form.fields["writer"].queryset) == [writers[1]]
    assert set(form.fields["baton_writer"].queryset) == set(writers)
    response = client.post(
        add_url(series), entry_data(writers[1], writers[2], **{"action-submit": "submit"})
    )
    assert response.status_code == 302, response.context["form"].errors
    entry = DiaryEntryPage.objects.get(slug="from-admin")
    assert not entry.live  # an editor publishes
    assert entry.volume is None and entry.owner == writers[1].user  # numbered when published
    assert entry.workflow_in_progress
    # they may edit their entry while it is theirs
    assert client.get(reverse("wagtailadmin_pages:edit", args=(entry.pk,))).status_code == 200


def test_writer_outside_the_series_is_refused(client, series, other_series):
    outsider = other_series.rotation[0]
    client.force_login(outsider.user)
    response = client.get(add_url(series))
    assert response.status_code in (302, 403)
    response = client.post(add_url(series), entry_data(outsider))
    assert response.status_code in (302, 403)
    assert not DiaryEntryPage.objects.filter(slug="from-admin").exists()
    assert not series.permissions_for_user(outsider.user).can_add_subpage()
    assert other_series.permissions_for_user(outsider.user).can_add_subpage()


def test_form_refuses_a_writer_who_is_not_in_the_series(client, series, writers, other_series):
    client.force_login(writers[0].user)
    outsider = other_series.rotation[0]
    response = client.post(add_url(series), entry_data(outsider))
    assert response.status_code == 200
    form = response.context["form"]
    assert "writer" in form.errors
    # nor may they write as another writer of the series, or pass the baton outside it
    response = client.post(add_url(series), entry_data(writers[1]))
    assert "writer" in response.context["form"].errors
    response = client.post(add_url(series), entry_data(writers[0], outsider))
    assert "baton_writer" in response.context["form"].errors
    assert not DiaryEntryPage.objects.filter(slug="from-admin").exists()


def test_writer_who_left_the_series_cannot_edit_their_entry(series, writers, make_entry, client):
    entry = make_entry(writer=writers[3], live=False, owner=writers[3].user)
    assert entry.permissions_for_user(writers[3].user).can_edit()
    series.series_writers.filter(writer=writers[3]).delete()
    entry = DiaryEntryPage.objects.get(pk=entry.pk)
    assert not entry.permissions_for_user(writers[3].user).can_edit()
    client.force_login(writers[3].user)
    edit = reverse("wagtailadmin_pages:edit", args=(entry.pk,))
    assert client.get(edit).status_code in (302, 403)


def test_writers_cannot_start_a_series_or_publish(client, diary_index, series, writers):
    user = writers[0].user
    assert not diary_index.permissions_for_user(user).can_add_subpage()
    assert not series.permissions_for_user(user).can_publish_subpage()
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=("diary", "diaryseriespage", diary_index.pk))
    assert client.get(url).status_code in (302, 403)


def test_editor_writes_for_any_writer_of_the_series(client, series, writers, make_user):
    editor = make_user("editor1", role="editor")
    assert series.permissions_for_user(editor).can_add_subpage()
    client.force_login(editor)
    form = client.get(add_url(series)).context["form"]
    assert set(form.fields["writer"].queryset) == set(writers)
    response = client.post(
        add_url(series), entry_data(writers[2], writers[3], **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    entry = DiaryEntryPage.objects.get(slug="from-admin")
    assert entry.live and entry.volume == 1
    assert entry.date == datetime.date(2026, 4, 20)


def test_editor_manages_writer_profiles(client, make_user, writers):
    client.force_login(make_user("editor2", role="editor"))
    response = client.get(reverse("wagtailsnippets_diary_writer:list"))
    assert response.status_code == 200
    assert writers[0].full_name in response.content.decode()


def test_the_writer_lists_follow_the_series_rotation(client, diary_index, writers, make_user):
    """The rotation is not the order the writers were created in: the admin's 執筆者 and
    次の執筆者 list them in 執筆順, as the series page and the public form do."""
    rotation = [writers[2], writers[0], writers[3], writers[1]]
    series = factories.add_series(
        diary_index, title="順番の違う連載", slug="rotation", writers=rotation
    )
    client.force_login(make_user("editor2", role="editor"))
    form = client.get(add_url(series)).context["form"]
    assert list(form.fields["baton_writer"].queryset) == rotation
    assert list(form.fields["writer"].queryset) == rotation

"""The baton: when an entry is published, its next writer is emailed once, in Japanese."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_publish_emails_the_next_writer_once(
    make_entry, writers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_entry(
            writer=writers[0],
            title="バトンを渡す回",
            baton_writer=writers[1],
            baton_question="庁内の仲間はどう集めましたか？",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [writers[1].user.email]
    assert "バトン" in message.subject and "東山 翔" in message.subject
    assert "庁内の仲間はどう集めましたか？" in message.body
    assert entry.full_url in message.body
    # the next writer writes on the public form of the series, not in the admin
    assert reverse("write_entry", args=(entry.series_id,)) in message.body
    assert "/admin/" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="ja">' in html
    # from the site, not Django's webmaster@localhost; dated in Japan time
    assert message.from_email == "自治体DX共創ひろば <no-reply@dx-hiroba.example.jp>"
    assert message.message()["Date"].endswith("+0900")
    assert "=?utf-8?" in message.message()["From"]  # the name encoded for any mail client
    entry.refresh_from_db()
    assert entry.baton_notified_at is not None

    # a new revision published again does not send it again
    with django_capture_on_commit_callbacks(execute=True):
        entry.title = "バトンを渡す回（修正）"
        entry.save_revision().publish()
    entry.refresh_from_db()
    assert len(mail.outbox) == 1
    assert entry.baton_notified_at is not None


def test_draft_sends_nothing_until_published(
    make_entry, writers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_entry(writer=writers[0], baton_writer=writers[1], live=False)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        entry.get_latest_revision().publish()
    assert len(mail.outbox) == 1


def test_no_baton_no_mail(make_entry, writers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(writer=writers[0])
    assert mail.outbox == []


def test_a_baton_nobody_can_receive_goes_to_the_editors(
    make_entry, writers, series, django_capture_on_commit_callbacks
):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from diary.models import DiaryEntryPage, SeriesWriter, Writer

    guest = Writer.objects.create(family_name="客野", given_name="文")  # no account yet
    SeriesWriter.objects.create(page=series, writer=guest, sort_order=len(writers))
    # with no editor to tell, nothing is sent and nothing is marked as sent
    with django_capture_on_commit_callbacks(execute=True):
        first = make_entry(writer=writers[0], baton_writer=guest, baton_question="最初の問い")
    assert mail.outbox == []
    assert DiaryEntryPage.objects.get(pk=first.pk).baton_notified_at is None

    editors, _ = Group.objects.get_or_create(name=settings.EDITORS_GROUP)
    editor = get_user_model().objects.create_user("baton-editor", "editor@pref.example.lg.jp")
    editor.groups.add(editors)
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_entry(
            writer=writers[1], baton_writer=guest, baton_question="客野さんの町の窓口は？"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@pref.example.lg.jp"]
    assert "客野 文さんへのバトンを届けられません" in message.subject
    assert message.body.startswith("編集者の皆さま")
    assert "客野さんの町の窓口は？" in message.body
    assert f"/admin/snippets/diary/writer/edit/{guest.pk}/" in message.body
    html, _ = message.alternatives[0]
    assert '<html lang="ja">' in html and "編集者の皆さま" in html
    assert DiaryEntryPage.objects.get(pk=entry.pk).baton_notified_at is not None

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

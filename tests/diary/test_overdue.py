"""``manage.py diary_overdue``: the overdue turns of series 連載中, and with ``--email`` one
reminder per series per day."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from diary import factories
from diary.models import DiarySeriesPage, SeriesStatus

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("diary_overdue", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def late(series, make_entry, writers, diary_index):
    """The relay's last entry is of 4/6 (weekly: due 4/13) with the baton to 南 真央; a paused
    series and one not yet due are not listed."""
    make_entry(writer=writers[0], date=datetime.date(2026, 4, 6), baton_writer=writers[2])
    paused = factories.add_series(
        diary_index, title="休止中の連載", writers=writers[:2], status=SeriesStatus.PAUSED
    )
    factories.add_entry(
        paused, writer=writers[0], title="休止前の回", date=datetime.date(2026, 3, 1)
    )
    fresh = factories.add_series(diary_index, title="始まったばかり", writers=writers[:2])
    factories.add_entry(fresh, writer=writers[0], title="第一歩", date=datetime.date(2026, 4, 14))
    return series


def test_lists_overdue_turns(late, writers):
    out = run("--date", "2026-04-15")
    assert "東西南北リレー日記" in out and "南 真央" in out and "2日超過" in out
    assert "休止中の連載" not in out and "始まったばかり" not in out
    assert mail.outbox == []  # without --email nothing is sent
    assert "期限を過ぎた順番はありません" in run("--date", "2026-04-13")


def test_email_reminds_once_a_day(late, writers):
    out = run("--email", "--date", "2026-04-15")
    assert "督促メール: 1通" in out
    (message,) = mail.outbox
    assert message.to == [writers[2].user.email]
    assert "東西南北リレー日記" in message.subject
    assert "2026年4月13日(月)" in message.body
    assert '<html lang="ja">' in message.alternatives[0][0]
    assert DiarySeriesPage.objects.get(pk=late.pk).last_reminded_on == datetime.date(2026, 4, 15)

    out = run("--email", "--date", "2026-04-15")  # the same day again
    assert "督促メール: 0通" in out and "本日送信済み" in out
    assert len(mail.outbox) == 1

    run("--email", "--date", "2026-04-16")  # the next day, still late: one more
    assert len(mail.outbox) == 2


def test_reminder_date_survives_a_republish_of_the_series(late):
    run("--email", "--date", "2026-04-15")
    series = DiarySeriesPage.objects.get(pk=late.pk)
    series.summary = "説明を直した"
    series.save_revision().publish()
    assert DiarySeriesPage.objects.get(pk=late.pk).last_reminded_on == datetime.date(2026, 4, 15)
    run("--email", "--date", "2026-04-15")
    assert len(mail.outbox) == 1


def test_bad_date_is_an_error(late):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("--date", "15/04/2026")

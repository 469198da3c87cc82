"""Emails of the relay diary, in Japanese (plain text, and HTML with ``lang="ja"``): the baton
reaching the next writer when an entry is published, and the reminder of an overdue turn.

Each is recorded before it is sent (``baton_notified_at`` on the entry, ``last_reminded_on`` on
the series) with a conditional UPDATE, so two publishes or two runs at once send one mail."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.mail import send_japanese_mail, site_url
from diary.models import DiaryEntryPage, DiarySeriesPage, SeriesStatus, today_in_tokyo


def _send(subject: str, template: str, context: dict, to: list[str]) -> None:
    send_japanese_mail(subject, f"diary/email/{template}", context, to)


def _editor_addresses() -> list[str]:
    editors = (
        get_user_model()
        .objects.filter(groups__name=settings.EDITORS_GROUP, is_active=True)
        .exclude(email="")
    )
    return sorted({u.email for u in editors})


def notify_baton(entry: DiaryEntryPage) -> bool:
    """Email the baton's writer of a published entry, once. A writer with no account to mail
    (a guest writer the editors have not invited yet) cannot be reached: the editors get the
    mail instead, so that the relay does not stop unnoticed. True when a mail was sent."""
    entry = DiaryEntryPage.objects.select_related("baton_writer__user", "series").get(pk=entry.pk)
    writer = entry.baton_writer
    if writer is None or entry.series_id is None:
        return False
    to = [writer.email] if writer.email else _editor_addresses()
    if not to:
        return False
    claimed = DiaryEntryPage.objects.filter(pk=entry.pk, baton_notified_at__isnull=True).update(
        baton_notified_at=timezone.now()
    )
    if not claimed:
        return False
    series = entry.series
    with override("ja"):
        context = {
            "writer": writer,
            "entry": entry,
            "series": series,
            "entry_url": entry.get_full_url(),
            "write_url": site_url(reverse("write_entry", args=(series.pk,))),
            "due": series.next_due,
            "unreachable": not writer.email,
            "writers_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("wagtailsnippets_diary_writer:edit", args=(writer.pk,)),
        }
        if writer.email:
            subject = _("【リレー日記】%(name)sさんにバトンが渡りました（%(series)s）")
        else:
            subject = _("【リレー日記】%(name)sさんへのバトンを届けられません（%(series)s）")
        subject = subject % {"name": writer.full_name, "series": series.title}
    transaction.on_commit(lambda: _send(subject, "baton", context, to))
    return True


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, DiaryEntryPage):
        notify_baton(instance)


def overdue_series(today: datetime.date | None = None) -> list[DiarySeriesPage]:
    """Series 連載中 whose next entry is past due, the longest overdue first."""
    today = today or today_in_tokyo()
    found = [
        series
        for series in DiarySeriesPage.objects.live()
        .filter(status=SeriesStatus.ONGOING)
        .order_by("pk")
        if series.is_overdue(today)
    ]
    return sorted(found, key=lambda s: (s.next_due, s.pk))


def remind(series: DiarySeriesPage, today: datetime.date | None = None) -> bool:
    """Email the next writer of an overdue series, at most once a day."""
    today = today or today_in_tokyo()
    writer = series.next_writer
    if writer is None or not writer.email:
        return False
    claimed = (
        DiarySeriesPage.objects.filter(pk=series.pk)
        .exclude(last_reminded_on__gte=today)
        .update(last_reminded_on=today)
    )
    if not claimed:
        return False
    with override("ja"):
        context = {
            "writer": writer,
            "series": series,
            "due": series.next_due,
            "days": (today - series.next_due).days,
            "question": series.next_question,
            "series_url": series.get_full_url(),
            "write_url": site_url(reverse("write_entry", args=(series.pk,))),
        }
        subject = _("【リレー日記】%(series)sの次の回をお待ちしています") % {"series": series.title}
    _send(subject, "reminder", context, [writer.email])
    return True

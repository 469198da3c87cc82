"""Factories for the events section, and the helpers the demo content and the tests use to
build events with their programme in code."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from core.factories import PageFactory
from events.models import (
    TOKYO,
    EventCoOrganiser,
    EventIndexPage,
    EventPage,
    EventReportPage,
    EventSession,
    SessionCase,
    SessionSpeaker,
    Speaker,
)
from localgov.models import LocalGovernment


class EventIndexPageFactory(PageFactory):
    title = "イベント"
    slug = "events"
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(PageFactory):
    """An event (``parent``: an EventIndexPage) by 石川県 a week from now, for two hours."""

    title = factory.Sequence(lambda n: f"テストイベント{n}")
    summary = "自治体DXの事例を共有するフォーラムです。"
    organiser = factory.LazyFunction(lambda: local_government("石川県"))
    start_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end_at = factory.LazyAttribute(lambda event: event.start_at + datetime.timedelta(hours=2))
    venue = "石川県庁"

    class Meta:
        model = EventPage


def tokyo(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def local_government(name: str) -> LocalGovernment:
    """「神奈川県」 or 「神奈川県葉山町」 (prefecture then municipality)."""
    found = LocalGovernment.objects.filter(kind="prefecture", name=name).first()
    if found:
        return found
    for lg in LocalGovernment.objects.select_related("prefecture").filter(
        name__in=[name[i:] for i in range(1, len(name))]
    ):
        if lg.full_name == name:
            return lg
    raise LookupError(name)


def speaker(family_name, given_name="", **fields) -> Speaker:
    found, _created = Speaker.objects.update_or_create(
        family_name=family_name, given_name=given_name, defaults=fields
    )
    return found


def session(kind, title, *, start=None, end=None, description="", speakers=(), cases=()):
    """``speakers``: (Speaker, role) pairs; ``cases``: case pages."""
    return EventSession(
        kind=kind,
        title=title,
        description=description,
        start_time=datetime.time.fromisoformat(start) if start else None,
        end_time=datetime.time.fromisoformat(end) if end else None,
        speaker_links=[
            SessionSpeaker(speaker=s, role=role, sort_order=i)
            for i, (s, role) in enumerate(speakers)
        ],
        case_links=[SessionCase(case=case, sort_order=i) for i, case in enumerate(cases)],
    )


def add_event(
    index,
    *,
    title,
    slug,
    organiser,
    start_at,
    end_at=None,
    co_organisers=(),
    themes=(),
    sessions=(),
    live=True,
    **fields,
) -> EventPage:
    # Orderable rows built in code get their order here, as the admin's inline panels give it
    for i, item in enumerate(sessions):
        item.sort_order = i
    page = EventPage(
        title=title,
        slug=slug,
        organiser=organiser,
        start_at=start_at,
        end_at=end_at,
        co_organisers=[
            EventCoOrganiser(local_government=lg, sort_order=i)
            for i, lg in enumerate(co_organisers)
        ],
        sessions=list(sessions),
        live=live,
        **fields,
    )
    index.add_child(instance=page)
    if themes:
        page.themes.set(themes)
        page.save()
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def add_report(event, *, title, slug, live=True, **fields) -> EventReportPage:
    report = EventReportPage(title=title, slug=slug, live=live, **fields)
    event.add_child(instance=report)
    revision = report.save_revision()
    if live:
        revision.publish()
    report.refresh_from_db()
    return report

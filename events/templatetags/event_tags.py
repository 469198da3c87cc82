"""Template tags other sections' templates call: a case page's 「この事例が紹介されたイベント」.

The case template loads this library; the cases app never imports events."""

from __future__ import annotations

from django import template
from django.db.models import Q

from events.models import EventPage, EventReportPage, SessionCase

register = template.Library()


def presentations_of(case) -> list[dict]:
    """The sessions of live, public events where ``case`` was presented, newest event first,
    each with the event's live, public report (if any)."""
    events = EventPage.objects.live().public()
    links = (
        SessionCase.objects.filter(case=case, session__page__in=events)
        .select_related("session__page")
        .order_by("-session__page__start_at", "session__sort_order")
    )
    rows = [{"event": link.session.page, "session": link.session} for link in links]
    reports = reports_of({row["event"].pk: row["event"] for row in rows}.values())
    for row in rows:
        row["report"] = reports.get(row["event"].pk)
    return rows


def reports_of(events) -> dict:
    """The live, public report of each event, by event id, in one query."""
    events = list(events)
    if not events:
        return {}
    q = Q()
    for event in events:
        q |= Q(path__startswith=event.path, depth=event.depth + 1)
    by_path = {event.path: event.pk for event in events}
    reports = {}
    for report in EventReportPage.objects.live().public().filter(q):
        parent_path = report.path[: -EventReportPage.steplen]
        reports.setdefault(by_path[parent_path], report)
    return reports


@register.inclusion_tag("events/components/case_events.html")
def events_for_case(case):
    return {"presentations": presentations_of(case)}


@register.inclusion_tag("events/components/event_list.html")
def upcoming_events(limit=3):
    events = EventPage.upcoming(
        EventPage.objects.live().public().select_related("organiser__prefecture")
    )[: int(limit)]
    return {"events": list(events)}

"""Views of the event pages: the listing (upcoming or past), a prefecture's events and the
calendar files."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events import calendar
from events.facets import EVENT_LISTING
from events.models import EventPage
from localgov.models import Prefecture

WHEN = ("upcoming", "past")


def _prefecture(code) -> Prefecture:
    prefecture = Prefecture.objects.filter(code=code).first()
    if prefecture is None:
        raise Http404(_("都道府県が見つかりません"))
    return prefecture


def event_listing(request, index_page, prefecture_code=None):
    """今後 or 過去 (``?when=past``), split in SQL; facets counted within the chosen period."""
    when = request.GET.get("when")
    when = when if when in WHEN else "upcoming"
    events = index_page.get_events()
    prefecture = None
    if prefecture_code is not None:
        prefecture = _prefecture(prefecture_code)
        events = events.filter(organiser__prefecture=prefecture)
    upcoming, past = EventPage.upcoming(events), EventPage.past(events)
    base = upcoming if when == "upcoming" else past
    listing = EVENT_LISTING.run(request, base)  # keeps the period's order
    context = index_page.get_context(request)
    context.update(
        listing.context(
            events=listing.page_obj,
            when=when,
            prefecture=prefecture,
            period_counts={"upcoming": upcoming.count(), "past": past.count()},
        )
    )
    if prefecture is not None:  # a prefecture's own page: its facet would offer only itself
        context["facets"] = [f for f in listing.facets if f["name"] != "prefecture"]
    context["is_filtered"] = listing.is_filtered or when != "upcoming"
    return TemplateResponse(request, "events/event_index_page.html", context)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def event_calendar(request, page):
    body = calendar.build_calendar([page], request, name=page.title)
    return _ics_response(body, f"event-{page.pk}.ics")


def calendar_feed(request, index_page, prefecture_code=None):
    """A subscribable feed of the upcoming live, public events (of one organiser prefecture)."""
    events = EventPage.upcoming(index_page.get_events()).prefetch_related("co_organisers")
    name = calendar.CALENDAR_NAME
    filename = "events.ics"
    if prefecture_code is not None:
        prefecture = _prefecture(prefecture_code)
        events = events.filter(organiser__prefecture=prefecture)
        name = f"{name}（{prefecture.name}）"
        filename = f"events-{prefecture.code:02d}.ics"
    return _ics_response(calendar.build_calendar(events, request, name=name), filename)

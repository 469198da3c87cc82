"""Calendars of events: RFC 5545 files (``icalendar``), "add to calendar" links and schema.org
``Event`` JSON-LD.

Times are written with ``TZID=Asia/Tokyo`` and the calendar carries that VTIMEZONE. The UID is
``event-<page id>@<site host>``: it never changes when the event is edited, so a subscribed
calendar updates the event instead of adding a second one; SEQUENCE counts its publications.
"""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlencode

import icalendar
from django.db.models import Count
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from events.models import TOKYO, EventFormat, EventPage

PRODID = "-//自治体DX共創ひろば//events//JA"
CALENDAR_NAME = "自治体DX共創ひろば イベント"


def site_host(page, request=None) -> str:
    site = page.get_site()
    if site is not None and site.hostname:
        return site.hostname
    return request.get_host().split(":")[0] if request is not None else "localhost"


def event_uid(page: EventPage, request=None) -> str:
    return f"event-{page.pk}@{site_host(page, request)}"


def _location(page: EventPage) -> str:
    if page.has_venue:
        return "、".join(p for p in (page.venue, page.venue_address) if p)
    return _("オンライン")


def _description(page: EventPage, url: str, now=None) -> str:
    lines = [page.summary] if page.summary else []
    # the organiser in the reader's language, as the event page names it
    lines.append(_("主催: %(name)s") % {"name": page.organiser.display_name})
    if page.show_online_url(now):
        lines.append(_("オンライン参加: %(url)s") % {"url": page.online_url})
    lines.append(url)
    return "\n".join(lines)


def publications(pages) -> dict[int, int]:
    """page id -> how many times it was published, in one query: SEQUENCE grows when a
    subscriber's copy changes, not when a draft is saved (a revision count did)."""
    counts = (
        PageLogEntry.objects.filter(page_id__in=[p.pk for p in pages], action="wagtail.publish")
        .values("page_id")
        .annotate(n=Count("pk"))
    )
    return {row["page_id"]: row["n"] for row in counts}


def ical_event(page: EventPage, request=None, now=None, sequence=None) -> icalendar.Event:
    url = page.get_full_url(request)
    event = icalendar.Event()
    event.add("uid", event_uid(page, request))
    event.add("dtstamp", page.last_published_at or timezone.now())
    if sequence is None:
        sequence = publications([page]).get(page.pk, 0) if page.pk else 0
    event.add("sequence", sequence)
    event.add("summary", page.title)
    event.add("dtstart", timezone.localtime(page.start_at, TOKYO))
    event.add("dtend", timezone.localtime(page.effective_end, TOKYO))
    event.add("location", _location(page))
    event.add("description", _description(page, url, now))
    event.add("url", url)
    event.add("status", "CANCELLED" if page.cancelled else "CONFIRMED")
    if page.show_online_url(now):
        # RFC 7986 CONFERENCE: where to join
        event.add("conference", page.online_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    for theme in page.themes.all():
        event.add("categories", theme.name)
    return event


def build_calendar(pages, request=None, name: str = CALENDAR_NAME) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    now = timezone.now()
    pages = list(pages)
    sequences = publications(pages)
    for page in pages:
        cal.add_component(ical_event(page, request, now, sequences.get(page.pk, 0)))
    cal.add_missing_timezones()
    return cal.to_ical()


# --- links to web calendars ---------------------------------------------------------------


def _utc(value) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(page: EventPage, request=None) -> str:
    params = {
        "action": "TEMPLATE",
        "text": page.title,
        "dates": f"{_utc(page.start_at)}/{_utc(page.effective_end)}",
        "details": _description(page, page.get_full_url(request)),
        "location": _location(page),
        "ctz": "Asia/Tokyo",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_calendar_url(page: EventPage, request=None) -> str:
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": page.title,
        "startdt": timezone.localtime(page.start_at, TOKYO).isoformat(),
        "enddt": timezone.localtime(page.effective_end, TOKYO).isoformat(),
        "body": _description(page, page.get_full_url(request)),
        "location": _location(page),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(params)


# --- schema.org ------------------------------------------------------------------------------

ATTENDANCE_MODES = {
    EventFormat.VENUE: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_data(page: EventPage, request=None) -> dict:
    locations = []
    if page.has_venue:
        place = {"@type": "Place", "name": page.venue}
        if page.venue_address:
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": page.venue_address,
                "addressCountry": "JP",
            }
        locations.append(place)
    if page.is_online:
        virtual = {"@type": "VirtualLocation"}
        if page.show_online_url():
            virtual["url"] = page.online_url
        locations.append(virtual)
    organisers = [page.organiser, *page.co_organiser_list]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "url": page.get_full_url(request),
        "startDate": timezone.localtime(page.start_at, TOKYO).isoformat(),
        "endDate": timezone.localtime(page.effective_end, TOKYO).isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODES[page.format],
        "eventStatus": "https://schema.org/EventCancelled"
        if page.cancelled
        else "https://schema.org/EventScheduled",
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": [
            {"@type": "GovernmentOrganization", "name": lg.full_name} for lg in organisers
        ],
        "inLanguage": "ja",
    }
    if page.summary:
        data["description"] = strip_tags(page.summary)
    if page.audience:
        data["audience"] = {"@type": "Audience", "audienceType": page.audience}
    if page.capacity:
        data["maximumAttendeeCapacity"] = page.capacity
    if page.registration_url:
        data["offers"] = {
            "@type": "Offer",
            "url": page.registration_url,
            "price": 0,
            "priceCurrency": "JPY",
        }
    return data


def json_ld(page: EventPage, request=None) -> str:
    """The JSON-LD text, safe inside ``<script type="application/ld+json">``."""
    return json.dumps(json_ld_data(page, request), ensure_ascii=False).translate(_JSON_ESCAPES)

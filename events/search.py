"""What events and their reports give to site search (``search.registry``): the prefecture
and theme facets they share with cases, the format, the event's date on each result, and similar
pages: the cases on an event's themes (none without a theme), other prefectures first, but for
those it presents. Registered by ``EventsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.models import CasePage, Theme
from events.facets import EVENT_LISTING
from events.models import EventPage, EventReportPage, SessionCase
from localgov.models import Prefecture
from search import registry
from search.registry import Facet, SearchSpec, SimilarSplit


def resolve_labels(filters: dict) -> dict:
    """The organiser prefecture's name, theme names (in the active language) and the date,
    stored with the row."""
    labels: dict = {"starts_on": filters.get("starts_on") or ""}
    pref = filters.get("prefecture")
    if pref:
        prefecture = Prefecture.objects.filter(pk=pref).first()
        labels["prefecture"] = prefecture.display_name if prefecture else ""
    themes = filters.get("theme")
    if themes:
        labels["theme"] = {t.slug: t.display_name for t in Theme.objects.filter(slug__in=themes)}
    return labels


def presented_cases(page) -> list[int]:
    """The cases presented in the event's sessions: the event page and its report list them
    already, so they are not suggested as similar."""
    event = page.event if isinstance(page, EventReportPage) else page
    return list(SessionCase.objects.filter(session__page=event).values_list("case_id", flat=True))


def _format_choices():
    return EVENT_LISTING.facet("format").choices(EventPage.objects.none())


EVENT_SEARCH = SearchSpec(
    # prefecture and theme are declared by cases first (same keys, same meaning); the format
    # is the events' own
    facets=[Facet("format", EVENT_LISTING.facet("format").label, choices=_format_choices)],
    result_fields=["prefecture", "starts_on"],
    labels=resolve_labels,
    similar=SimilarSplit(
        facet="prefecture",
        other_key="other_prefectures",
        same_key="same_prefecture",
        shared={"shared_themes": "theme"},
        # an event (and its report) finds the cases on its themes, the words of its programme
        # and its text
        targets=(registry.page_type(CasePage),),
        boosts={"theme": 0.3},
        heading=_("このイベントに関連する事例"),
        shown=presented_cases,
        # the text alone of an event without themes (a title and a line) drew cases that had
        # nothing to do with it; related cases are those on the event's themes
        always_shared=True,
    ),
)


def register() -> None:
    registry.register(EventPage, EVENT_SEARCH)
    registry.register(EventReportPage, EVENT_SEARCH)

"""RSS 2.0 and Atom feeds of the diary (Django's syndication framework): one per series and
one of every entry. Only live, public entries of live, public series are in them."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import override

from diary.models import TOKYO, DiaryEntryPage, DiarySeriesPage

FEED_LENGTH = 30


class _EntryFeed(Feed):
    feed_type = Rss201rev2Feed
    route = "rss"

    def __call__(self, request, *args, **kwargs):
        with override("ja"):  # the feeds are in the site's language
            response = super().__call__(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, request, **kwargs):
        self.request = request
        return kwargs.get("series") or kwargs.get("index")

    def feed_url(self, obj):
        return obj.get_full_url(self.request) + f"feed/{self.route}/"

    def link(self, obj):
        return obj.get_full_url(self.request)

    def description(self, obj):
        return obj.summary or getattr(obj, "description", "") or obj.title

    subtitle = description  # Atom

    language = "ja"  # a plain attribute: Django's Feed does not call it

    def item_title(self, item):
        return item.feed_title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_description(self, item):
        parts = [item.summary]
        if item.question:
            parts.append(_("答えた問い: %(q)s") % {"q": item.question})
        return "\n".join(p for p in parts if p) or item.title

    def item_pubdate(self, item):
        """When it was published, in Japan time (+09:00 in the feed)."""
        if item.first_published_at:
            return timezone.localtime(item.first_published_at, TOKYO)
        return _tokyo_midnight(item.date)

    def item_updateddate(self, item):
        if item.last_published_at:
            return timezone.localtime(item.last_published_at, TOKYO)
        return self.item_pubdate(item)

    def item_author_name(self, item):
        return item.writer.full_name if item.writer_id else None

    def item_categories(self, item):
        return [item.series.title] if item.series_id else []


def _tokyo_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=TOKYO)


class SeriesRssFeed(_EntryFeed):
    def title(self, obj):
        return obj.title

    def items(self, obj: DiarySeriesPage):
        return (
            DiaryEntryPage.objects.child_of(obj)
            .live()
            .public()
            .select_related("writer", "series")
            .order_by("-volume", "-pk")[:FEED_LENGTH]
        )


class SeriesAtomFeed(SeriesRssFeed):
    feed_type = Atom1Feed
    route = "atom"


class AllEntriesRssFeed(_EntryFeed):
    def title(self, obj):
        return _("%(site)s %(title)s（すべての連載）") % {
            "site": obj.get_site().site_name or "",
            "title": obj.title,
        }

    def items(self, obj):
        return obj.get_entries()[:FEED_LENGTH]


class AllEntriesAtomFeed(AllEntriesRssFeed):
    feed_type = Atom1Feed
    route = "atom"

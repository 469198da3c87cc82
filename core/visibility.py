"""What a visitor may see of the page tree beyond Wagtail's ``live()`` and ``public()``: a live
page below an unpublished one (an entry of a series taken offline, the report of an unpublished
event) is hidden with it. Wagtail checks only the page itself when it routes a URL or lists
pages, so the entry stayed on the home page, in search and in the sitemap."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


def under_unpublished() -> Q:
    """The pages below a page that is not live (only pages with children can hide any)."""
    paths = Page.objects.filter(live=False, numchild__gt=0).values_list("path", flat=True)
    return reduce(or_, (Q(path__startswith=path) for path in paths), Q(pk__in=[]))


def visible(queryset):
    """Live, public pages of ``queryset`` whose ancestors are all published."""
    return queryset.live().public().exclude(under_unpublished())


def is_visible(page) -> bool:
    """A page a visitor may open: live, public, and no unpublished ancestor."""
    if not page.live or page.get_view_restrictions().exists():
        return False
    return not page.get_ancestors().filter(live=False).exists()


class VisibleSitemap(Sitemap):
    """Wagtail's sitemap without the pages below an unpublished page."""

    def items(self):
        return super().items().exclude(under_unpublished())

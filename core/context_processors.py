from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_noop
from wagtail.models import Site

SECTION_TITLES = (gettext_noop("事例"), gettext_noop("イベント"), gettext_noop("日記"))
"""The sections' titles as the demo site and the set-up give them: the header and the sections'
index pages show a title through the catalogue (「事例」 reads "Cases" in English); a title an
editor changed shows as written."""


def site_navigation(request):
    """Header navigation: the live, in-menu children of the site's home page (事例, イベント, 日記).

    Lazy, so a response that never renders the header costs no query.
    """

    def items():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(site.root_page.get_children().live().public().in_menu().specific())

    return {"site_name": settings.WAGTAIL_SITE_NAME, "nav_items": SimpleLazyObject(items)}

"""A public page's canonical address and its card for a shared link (Open Graph), in
``base.html``'s robots block: a template that sets ``noindex`` replaces both."""

from urllib.parse import unquote

from django import template
from django.utils.translation import get_language, gettext

register = template.Library()

OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context):
    """The canonical URL is the address without its query (the language is a cookie, not a
    URL, so one address serves both). A page's title and description are given only at the
    page's own address: a route of a routable page (a writer's entries, a prefecture's
    events) has a title of its own, which the card would otherwise contradict."""
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    own = page is not None and unquote(page.get_url(request=request) or "") == request.path
    return {
        "url": request.build_absolute_uri(request.path),
        "title": _title(page) if own else "",
        "description": _description(page) if own else "",
        "type": "website" if request.path == "/" else "article",
        "site_name": context.get("site_name", ""),
        "locale": OG_LOCALES.get((get_language() or "ja")[:2], "ja_JP"),
    }


def _title(page) -> str:
    """As the page's <title>: a navigation page's (a section's) title through the catalogue,
    as the header shows it (core.context_processors.SECTION_TITLES)."""
    if page.seo_title:
        return page.seo_title
    return page.title if getattr(page, "site_search", True) else gettext(page.title)


def _description(page) -> str:
    describe = getattr(page, "get_meta_description", None)
    return describe() if describe else page.search_description

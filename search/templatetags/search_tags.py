import logging

from django import template

from search import similar

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("search/similar_cases.html", takes_context=True)
def similar_cases(context, page):
    """Similar pages of ``page``: five from other prefectures, then up to three from its own,
    with the shared themes and tools. A failure is logged and renders nothing."""
    found = {"other_prefectures": [], "same_prefecture": []}
    if page is not None and getattr(page, "pk", None) and page.live:
        try:
            found = similar.similar_cases(page)
        except Exception:
            logger.exception("search: similar cases of page %s failed", page.pk)
    prefecture = ""
    if found["same_prefecture"]:
        prefecture = found["same_prefecture"][0]["prefecture"]
    return {"page": page, "prefecture_name": prefecture, **found}

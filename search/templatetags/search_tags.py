import logging

from django import template

from search import registry, similar

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("search/similar_cases.html", takes_context=True)
def similar_cases(context, page):
    """Similar pages of ``page`` (``search.similar.similar_pages``): five with another value
    of its type's split facet (other prefectures), then up to three with its own, with the
    shared values. A failure is logged and renders nothing."""
    split = registry.spec_for(page).similar if page is not None else registry.SimilarSplit()
    found = {split.other_key: [], split.same_key: []}
    if page is not None and getattr(page, "pk", None) and page.live:
        try:
            found = similar.similar_pages(page)
        except Exception:
            logger.exception("search: similar pages of page %s failed", page.pk)
    split_name = ""
    if found.get(split.same_key) and split.facet:
        split_name = found[split.same_key][0].get(split.facet, "")
    return {
        "page": page,
        "heading": split.heading,
        "prefecture_name": split_name,
        "split_name": split_name,
        **found,
    }

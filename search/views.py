"""The search page (the JSON endpoints are in ``api.views``)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.urls import reverse

from core.pagination import paginate
from core.ratelimit import ratelimit
from search import service
from search.filters import Filters
from search.forms import SearchForm
from search.text import MAX_QUERY_CHARS, clean_query, shown_query

logger = logging.getLogger(__name__)


def _without_filters(query: str, raw: str, mode: str) -> dict | None:
    """How many pages the query finds with no filter (filters that contradict each other, 段階
    with 日記, find nothing), and the address of that search; None when it finds none."""
    try:
        count = len(service.rank(query, mode=mode, filters=Filters())[1])
    except Exception:
        logger.exception("search: query without filters failed")
        return None
    params = {"q": raw, **({"mode": mode} if mode != "hybrid" else {})}
    return {"count": count, "url": f"{reverse('search')}?{urlencode(params)}"} if count else None


@ratelimit("search")
def search(request):
    form = SearchForm(request.GET or None)
    query, results, error, unfiltered = "", None, False, None
    raw = request.GET.get("q") or ""
    if form.is_bound:
        form.is_valid()  # an invalid filter is ignored, never an error page
        query = clean_query(form.cleaned_data.get("q", ""))
        if query:
            filters = form.filters()
            try:
                parsed, ranked = service.rank(query, mode=form.search_mode(), filters=filters)
            except Exception:
                logger.exception("search: query failed")
                parsed, ranked, error = None, [], True
            results = paginate(request, ranked)
            if parsed is not None:
                results.object_list = service.present(results.object_list, parsed.terms)
            if parsed is not None and not ranked and filters:
                unfiltered = _without_filters(query, raw, form.search_mode())
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "form": form,
            # what was searched, shown as typed
            "search_query": shown_query(raw) if query else "",
            "results": results,
            "search_error": error,
            "query_truncated": len(raw) > MAX_QUERY_CHARS,
            # nothing with the filters: how many without them, and the link that drops them
            "unfiltered": unfiltered,
            "max_query_chars": MAX_QUERY_CHARS,
        },
    )

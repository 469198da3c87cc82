"""The search page (the JSON endpoints are in ``api.views``)."""

from __future__ import annotations

import logging

from django.template.response import TemplateResponse

from core.pagination import paginate
from core.ratelimit import ratelimit
from search import service
from search.forms import SearchForm
from search.text import MAX_QUERY_CHARS, clean_query, shown_query

logger = logging.getLogger(__name__)


@ratelimit("search")
def search(request):
    form = SearchForm(request.GET or None)
    query, results, error = "", None, False
    if form.is_bound:
        form.is_valid()  # an invalid filter is ignored, never an error page
        query = clean_query(form.cleaned_data.get("q", ""))
        if query:
            try:
                parsed, ranked = service.rank(
                    query, mode=form.search_mode(), filters=form.filters()
                )
            except Exception:
                logger.exception("search: query failed")
                parsed, ranked, error = None, [], True
            results = paginate(request, ranked)
            if parsed is not None:
                results.object_list = service.present(results.object_list, parsed.terms)
    raw = request.GET.get("q") or ""
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
            "max_query_chars": MAX_QUERY_CHARS,
        },
    )

"""The public JSON endpoints: site search and similar pages (``/api/search/``,
``/api/search/similar/``). Each request runs a ranking, so both share the ``search`` rate
limit with the search page."""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from api.forms import ApiSearchForm, ApiSimilarForm
from core.ratelimit import ratelimit
from core.visibility import visible
from search import service, similar
from search.text import clean_query

logger = logging.getLogger(__name__)


def _bad_request(message: str) -> JsonResponse:
    return _json({"error": message}, status=400)


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@ratelimit("search", json=True)
def search(request):
    """``/api/search/?q=...&mode=hybrid|keyword|semantic&limit=N`` plus the filters (the
    facets the page types declare, and page_type): a list of results. With ``title`` (and
    ``summary``) instead of ``q``: possible duplicates of a draft."""
    form = ApiSearchForm(request.GET)
    if not form.is_valid():
        return _bad_request(form.error_message())
    limit = form.cleaned_data["limit"]
    if "q" not in request.GET and request.GET.get("title"):
        return _json(
            similar.possible_duplicates(
                request.GET.get("title", ""), request.GET.get("summary", ""), limit
            )
        )
    mode = request.GET.get("mode") or "hybrid"
    if mode not in service.MODES:
        return _bad_request(_("mode は hybrid、keyword、semantic のいずれかです。"))
    try:
        results = service.search(
            request.GET.get("q", ""),
            mode=mode,
            filters=service.Filters.from_mapping(request.GET),
            limit=limit,
        )
    except Exception:
        logger.exception("search: API query failed")
        return _json({"error": _("検索でエラーが発生しました。")}, status=503)
    return _json(results)


@require_GET
@ratelimit("search", json=True)
def similar_pages(request):
    """``/api/search/similar/?page=ID`` (similar pages of a published page) or
    ``?title=...&summary=...`` (possible duplicates of a draft)."""
    form = ApiSimilarForm(request.GET)
    if not form.is_valid():
        return _bad_request(form.error_message())
    limit = form.cleaned_data["limit"]
    page_id = form.cleaned_data["page"]
    if page_id is not None:
        page = visible(Page.objects).filter(pk=page_id).first()
        if page is None:
            return _json({"error": _("ページが見つかりません。")}, status=404)
        found = similar.similar_pages(page, other_limit=limit, same_limit=min(limit, 3))
        return _json(found)
    title = request.GET.get("title", "")
    if not clean_query(title) and not request.GET.get("summary", "").strip():
        return _bad_request(_("page、または title と summary を指定してください。"))
    return _json(similar.possible_duplicates(title, request.GET.get("summary", ""), limit))

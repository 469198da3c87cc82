from django.template.response import TemplateResponse
from wagtail.models import Page

from core.pagination import paginate

MAX_QUERY_CHARS = 200


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_CHARS]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results": paginate(request, results)},
    )

"""Views of the case index page: faceted listing, open-data export, local governments, statistics."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify

from cases import exporting
from cases.facets import CASE_LISTING
from cases.models import LocalGovernment, Prefecture, Theme
from core.pagination import paginate

PER_PAGE = CASE_LISTING.per_page


def case_listing(request, index_page):
    export = request.GET.get("format")
    exporting_now = export in ("csv", "json")
    listing = CASE_LISTING.run(request, index_page.get_cases(), with_facets=not exporting_now)
    if exporting_now:
        return _export(request, listing.queryset, export, listing.filters)
    context = index_page.get_context(request)
    context.update(
        listing.context(
            cases=listing.page_obj, export_query=_query_without(request, "page", "format")
        )
    )
    return TemplateResponse(request, "cases/case_index_page.html", context)


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _export(request, cases, fmt, filters):
    name = "cases" + ("-" + slugify("-".join(str(v) for v in filters.values())) if filters else "")
    if fmt == "csv":
        body = exporting.to_csv(cases, request)
        response = HttpResponse(body.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    else:
        body = exporting.to_json(cases, request)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Link"] = f'<{exporting.LICENSE_URL}>; rel="license"'
    response["X-Robots-Tag"] = "noindex"
    return response


def local_government_cases(request, index_page, code):
    lg = (
        LocalGovernment.objects.select_related("prefecture").filter(code=code).first()
        if code.isdigit()
        else None
    )
    if lg is None:
        raise Http404("自治体が見つかりません")
    base = index_page.get_cases()
    cases = (
        base.filter(Q(local_government=lg) | Q(co_implementer_links__local_government=lg))
        .distinct()
        .order_by("-start_year", "-first_published_at")
    )
    page_obj = paginate(request, cases, PER_PAGE)
    if lg.is_prefecture:
        in_prefecture = base.filter(local_government__prefecture=lg.prefecture).count()
    else:
        in_prefecture = None
    context = index_page.get_context(request)
    context.update(lg=lg, page_obj=page_obj, cases=page_obj, in_prefecture=in_prefecture)
    return TemplateResponse(request, "cases/local_government.html", context)


def case_statistics(request, index_page):
    base = index_page.get_cases()
    by_prefecture = dict(
        base.order_by()
        .values("local_government__prefecture_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("local_government__prefecture_id", "n")
    )
    prefectures = [
        {"prefecture": p, "count": by_prefecture.get(p.code, 0)} for p in Prefecture.objects.all()
    ]
    themes = list(
        Theme.objects.annotate(n=Count("cases", filter=Q(cases__in=base), distinct=True)).order_by(
            "-n", "sort_order"
        )
    )
    highest = max([row["count"] for row in prefectures] + [1])
    for row in prefectures:
        row["level"] = 0 if not row["count"] else 1 + (3 * row["count"]) // (highest + 1)
        row["tile"] = TILE_POSITIONS[row["prefecture"].code]
    theme_max = max([t.n for t in themes] + [1])
    context = index_page.get_context(request)
    context.update(
        prefectures=prefectures,
        themes=[
            {"theme": t, "count": t.n, "percent": round(100 * t.n / theme_max)} for t in themes
        ],
        total=base.count(),
    )
    return TemplateResponse(request, "cases/statistics.html", context)


# A tile-grid map of Japan: (column, row) per prefecture code, north-east at the top right.
TILE_POSITIONS = {
    1: (12, 0),
    2: (11, 2),
    3: (12, 3),
    4: (11, 4),
    5: (10, 3),
    6: (10, 4),
    7: (11, 5),
    8: (11, 7),
    9: (10, 6),
    10: (9, 6),
    11: (10, 7),
    12: (11, 8),
    13: (10, 8),
    14: (10, 9),
    15: (9, 5),
    16: (8, 5),
    17: (7, 5),
    18: (7, 6),
    19: (9, 8),
    20: (9, 7),
    21: (8, 7),
    22: (9, 9),
    23: (8, 8),
    24: (7, 9),
    25: (7, 8),
    26: (6, 7),
    27: (6, 8),
    28: (5, 7),
    29: (6, 9),
    30: (6, 10),
    31: (4, 7),
    32: (3, 7),
    33: (4, 8),
    34: (3, 8),
    35: (2, 8),
    36: (4, 10),
    37: (4, 9),
    38: (3, 9),
    39: (3, 10),
    40: (1, 8),
    41: (0, 8),
    42: (0, 9),
    43: (1, 9),
    44: (1, 10),
    45: (1, 11),
    46: (0, 11),
    47: (0, 13),
}

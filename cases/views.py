"""Views of the case index page: faceted listing, open-data export, local governments, statistics."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify

from cases import exporting
from cases.forms import CaseFilterForm
from cases.models import CaseStatus, Theme, population_band_q
from core.pagination import paginate
from localgov.bands import POPULATION_BANDS
from localgov.models import LocalGovernment, Prefecture
from localgov.regions import REGIONS

PER_PAGE = 20
SORTS = {
    "new": ("-first_published_at", "-pk"),
    "year": ("-start_year", "-first_published_at"),
    "title": ("title",),
}


def _filter_q(name: str, value) -> Q:
    if name == "prefecture":
        return Q(local_government__prefecture_id=value)
    if name == "region":
        return Q(local_government__prefecture__region=value)
    if name == "theme":
        return Q(themes__slug=value)
    if name == "tool":
        return Q(tools__name__iexact=value)
    if name == "population":
        return population_band_q(value)
    if name == "status":
        return Q(status=value)
    if name == "year":
        return Q(start_year=value)
    raise ValueError(name)


def apply_filters(queryset, filters: dict, *, skip: str | None = None):
    for name, value in filters.items():
        if name != skip:
            queryset = queryset.filter(_filter_q(name, value))
    return queryset


def facet_counts(base, filters: dict) -> dict[str, dict]:
    """Counts per facet value, each facet counted with the other facets' filters applied.

    One query per facet, whatever the number of cases: the listing's query count is fixed.
    """
    counts: dict[str, dict] = {}

    def grouped(facet: str, field: str) -> dict:
        rows = (
            apply_filters(base, filters, skip=facet)
            .values(field)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return {row[field]: row["n"] for row in rows if row[field] is not None}

    counts["prefecture"] = grouped("prefecture", "local_government__prefecture_id")
    counts["region"] = grouped("region", "local_government__prefecture__region")
    counts["theme"] = grouped("theme", "themes__slug")
    counts["status"] = grouped("status", "status")
    counts["year"] = grouped("year", "start_year")
    tools = grouped("tool", "tools__name")
    counts["tool"] = dict(sorted(tools.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:30])
    aggregates = {
        band.slug: Count("pk", distinct=True, filter=population_band_q(band.slug))
        for band in POPULATION_BANDS
    }
    counts["population"] = apply_filters(base, filters, skip="population").aggregate(**aggregates)
    return counts


def case_listing(request, index_page):
    base = index_page.get_cases()
    prefectures = list(Prefecture.objects.all())
    themes = list(Theme.objects.all())
    years = sorted(
        {y for y in base.values_list("start_year", flat=True).distinct() if y}, reverse=True
    )
    form = CaseFilterForm(request.GET, prefectures=prefectures, themes=themes, years=years)
    filters = form.filters()
    cases = apply_filters(base, filters).distinct().order_by(*SORTS[form.sort_key()])

    export = request.GET.get("format")
    if export in ("csv", "json"):
        return _export(request, cases, export, filters)

    counts = facet_counts(base, filters)
    page_obj = paginate(request, cases, PER_PAGE)
    context = index_page.get_context(request)
    context.update(
        form=form,
        filters=filters,
        page_obj=page_obj,
        cases=page_obj,
        facets=_facets(counts, prefectures, themes, filters, request.GET),
        is_filtered=bool(filters) or "page" in request.GET or "sort" in request.GET,
        export_query=_query_without(request, "page", "format"),
    )
    return TemplateResponse(request, "cases/case_index_page.html", context)


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _facets(counts, prefectures, themes, filters, params) -> list[dict]:
    """Facet options with counts, for links that add or change one filter."""
    statuses = dict(CaseStatus.choices)
    regions = {r.slug: r.name_ja for r in REGIONS}
    bands = {b.slug: b.label_ja for b in POPULATION_BANDS}
    spec = [
        ("region", "地方", [(slug, label) for slug, label in regions.items()]),
        ("prefecture", "都道府県", [(p.code, p.name) for p in prefectures]),
        ("population", "人口規模", list(bands.items())),
        ("theme", "テーマ", [(t.slug, t.name) for t in themes]),
        ("tool", "ツール", [(name, name) for name in counts["tool"]]),
        ("status", "段階", list(statuses.items())),
        ("year", "開始年", [(y, f"{y}年") for y in sorted(counts["year"], reverse=True)]),
    ]
    facets = []
    for name, label, options in spec:
        items = []
        for value, option_label in options:
            n = counts[name].get(value, 0)
            selected = filters.get(name) == value or (
                name == "tool" and str(filters.get(name, "")).casefold() == str(value).casefold()
            )
            if n or selected:
                query = params.copy()
                for drop in ("page", "format"):
                    query.pop(drop, None)
                if selected:
                    query.pop(name, None)
                else:
                    query[name] = value
                items.append(
                    {
                        "value": value,
                        "label": option_label,
                        "count": n,
                        "selected": selected,
                        "url": "?" + query.urlencode(),
                    }
                )
        facets.append({"name": name, "label": label, "items": items})
    return facets


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

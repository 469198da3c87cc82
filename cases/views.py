"""Views of the case index page: faceted listing, open-data export, local governments, statistics."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cases import exporting
from cases.facets import CASE_LISTING
from core.pagination import paginate
from localgov.models import LocalGovernment

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
        raise Http404(_("自治体が見つかりません"))
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

"""Views of the diary index: the listing of entries (filtered by the declared facets) and a
writer's page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.pagination import paginate
from diary.facets import DIARY_LISTING
from diary.models import Writer


def entry_listing(request, index_page):
    listing = DIARY_LISTING.run(request, index_page.get_entries())
    context = index_page.get_context(request)
    context.update(listing.context(entries=listing.page_obj, series_list=index_page.get_series()))
    return TemplateResponse(request, "diary/diary_index_page.html", context)


def writer_page(request, index_page, writer_id):
    """A writer's profile and their live, public entries across series, newest first."""
    writer = get_object_or_404(
        Writer.objects.select_related("local_government__prefecture", "photo"), pk=writer_id
    )
    entries = index_page.get_entries().filter(writer=writer)
    series = index_page.get_series().filter(series_writers__writer=writer).distinct()
    if not entries.exists() and not series.exists():
        raise Http404(_("執筆者が見つかりません"))
    context = index_page.get_context(request)
    context.update(
        writer=writer,
        entries=paginate(request, entries, 20),
        writer_series=list(series),
    )
    return TemplateResponse(request, "diary/writer.html", context)

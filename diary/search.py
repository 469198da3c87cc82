"""What diary entries give to site search (``search.registry``): the series, writer,
prefecture and theme facets of the listing, the series and writer names stored with each row.
Registered by ``DiaryConfig.ready()``."""

from __future__ import annotations

from diary.facets import DIARY_LISTING
from diary.models import DiaryEntryPage, DiarySeriesPage, Writer
from search import registry
from search.registry import Facet, SearchSpec, SimilarSplit


def resolve_labels(filters: dict) -> dict:
    labels: dict = {}
    if filters.get("series"):
        title = (
            DiarySeriesPage.objects.filter(pk=filters["series"])
            .values_list("title", flat=True)
            .first()
        )
        if title:
            labels["series"] = title
    if filters.get("writer"):
        writer = (
            Writer.objects.select_related("local_government__prefecture")
            .filter(pk=filters["writer"])
            .first()
        )
        if writer is not None:
            labels["writer"] = writer.full_name
            if writer.local_government_id:
                # in the active language, as a case's (the index asks in both)
                labels["municipality"] = writer.local_government.display_name
                labels["prefecture"] = writer.local_government.prefecture.display_name
    return labels


def _from_listing(name: str, **options) -> Facet:
    facet = DIARY_LISTING.facet(name)
    return Facet(
        name,
        facet.label,
        choices=lambda: facet.choices(DiaryEntryPage.objects.none()),
        written=facet.written,
        **options,
    )


DIARY_SEARCH = SearchSpec(
    facets=[
        _from_listing("series", cast=int),
        _from_listing("writer", cast=int),
        # the cases' declaration of prefecture and theme comes first and wins in the search form
        _from_listing("prefecture", cast=int),
        _from_listing("theme", many=True),
    ],
    result_fields=["series", "writer"],
    labels=resolve_labels,
    similar=SimilarSplit(facet="series", other_key="other_series", same_key="same_series"),
)


def register() -> None:
    registry.register(DiaryEntryPage, DIARY_SEARCH)

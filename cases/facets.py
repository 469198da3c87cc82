"""The case facets and sort orders, declared once: the listing, the filter form, the search
filters and the export all read :data:`CASE_LISTING`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.forms import canonical_tools
from cases.models import CaseStatus, Theme, Tool, population_band_q
from core.i18n import year_label
from core.listing import BandFacet, ChoiceFacet, Listing, OpenFacet
from localgov.labels import population_band_choices, region_choices
from localgov.models import Prefecture


def tool_name(value: str) -> str:
    """The tool's name of one of its aliases (「キントーン」 → kintone), tidied as the case form
    tidies it; other text as typed."""
    return next(iter(canonical_tools([value], Tool.canonical_names())), value)


def _years(base):
    years = {y for y in base.values_list("start_year", flat=True).distinct() if y}
    return [(y, year_label(y)) for y in sorted(years, reverse=True)]


CASE_FACETS = (
    ChoiceFacet(
        "region",
        _("地方"),
        lookup="local_government__prefecture__region",
        values=lambda base: region_choices(),
        expanded=True,
    ),
    ChoiceFacet(
        "prefecture",
        _("都道府県"),
        lookup="local_government__prefecture_id",
        values=lambda base: [(p.code, p.display_name) for p in Prefecture.objects.all()],
        coerce=int,
    ),
    BandFacet(
        "population",
        _("人口規模"),
        bands=population_band_choices,
        band_q=population_band_q,
    ),
    ChoiceFacet(
        "theme",
        _("テーマ"),
        lookup="themes__slug",
        values=lambda base: [(t.slug, t.display_name) for t in Theme.objects.all()],
        expanded=True,
    ),
    OpenFacet("tool", _("ツール"), lookup="tools__name", top=30, canonical=tool_name, written=True),
    ChoiceFacet("status", _("段階"), lookup="status", values=lambda base: list(CaseStatus.choices)),
    ChoiceFacet("year", _("開始年"), lookup="start_year", values=_years, coerce=int),
)

CASE_LISTING = Listing(
    facets=CASE_FACETS,
    sorts={
        "new": (_("新着順"), ("-first_published_at", "-pk")),
        "year": (_("開始年が新しい順"), ("-start_year", "-first_published_at")),
        "title": (_("タイトル順"), ("title_reading", "title", "pk")),
    },
    default_sort="new",
    per_page=20,
)

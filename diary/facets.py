"""The diary facets, declared once: series, writer, the writer's prefecture and theme. The
listing of the diary index and site search (``diary.search``) read them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.models import Theme
from core.listing import ChoiceFacet, Listing
from diary.models import DiarySeriesPage, Writer
from localgov.models import Prefecture
from search.text import reading


def series_choices(base=None):
    return [(s.pk, s.title) for s in DiarySeriesPage.objects.live().public().order_by("kind", "pk")]


def writer_choices(base=None):
    """Writers in 五十音順 of their names' kana; a writer without kana (「編集部」) is filed by
    the reading of the name, not put first."""
    writers = Writer.objects.filter(entries__live=True).distinct()
    return [(w.pk, w.full_name) for w in sorted(writers, key=_reading_order)]


def _reading_order(writer: Writer) -> tuple[str, str, int]:
    family = reading(writer.family_name_kana or writer.family_name)
    return family, reading(writer.given_name_kana or writer.given_name), writer.pk


DIARY_FACETS = (
    ChoiceFacet(
        "series",
        _("連載"),
        lookup="series_id",
        values=series_choices,
        coerce=int,
        expanded=True,
        written=True,
    ),
    ChoiceFacet(
        "writer",
        _("執筆者"),
        lookup="writer_id",
        values=writer_choices,
        coerce=int,
        expanded=True,
        written=True,
    ),
    ChoiceFacet(
        "prefecture",
        _("執筆者の都道府県"),
        lookup="writer__local_government__prefecture_id",
        values=lambda base: [(p.code, p.display_name) for p in Prefecture.objects.all()],
        coerce=int,
        expanded=True,
    ),
    ChoiceFacet(
        "theme",
        _("テーマ"),
        lookup="themes__slug",
        values=lambda base: [(t.slug, t.display_name) for t in Theme.objects.all()],
        expanded=True,
    ),
)

DIARY_LISTING = Listing(facets=DIARY_FACETS, per_page=20)

"""The event facets, declared once: organiser prefecture, format, theme and month."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.models import Theme
from core.listing import ChoiceFacet, Facet, Listing
from events.models import TOKYO, EventFormat
from localgov.models import Prefecture

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_bounds(value: str) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The start of the month and of the next one in Asia/Tokyo, for 「2024-11」."""
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1990 <= year <= 2100:
        return None
    start = datetime.datetime(year, month, 1, tzinfo=TOKYO)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=TOKYO)
    return start, end


def month_label(value: str) -> str:
    """「2026年12月」; "Dec 2026" in English, as its dates read ("11 Dec 2026")."""
    year, month = value.split("-")
    if get_language() == "en":
        return datetime.date(int(year), int(month), 1).strftime("%b %Y")
    return _("%(year)s年%(month)s月") % {"year": year, "month": int(month)}


class MonthField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and month_bounds(value) is None:
            raise forms.ValidationError(_("月は 2024-11 の形で指定してください"))
        return value


class MonthFacet(Facet):
    """The month an event starts in (Asia/Tokyo); counted with one grouped query."""

    def form_field(self):
        return MonthField(label=self.label, required=False, max_length=7)

    def q(self, value) -> Q:
        start, end = month_bounds(value)
        return Q(start_at__gte=start, start_at__lt=end)

    def count(self, queryset) -> dict:
        rows = (
            queryset.annotate(month=TruncMonth("start_at", tzinfo=TOKYO))
            .values("month")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return {row["month"].strftime("%Y-%m"): row["n"] for row in rows if row["month"]}

    def options(self, counts, choices):
        return [(value, month_label(value)) for value in sorted(counts)]


EVENT_FACETS = (
    ChoiceFacet(
        "prefecture",
        _("主催の都道府県"),
        lookup="organiser__prefecture_id",
        values=lambda base: [(p.code, p.display_name) for p in Prefecture.objects.all()],
        coerce=int,
        expanded=True,
    ),
    ChoiceFacet(
        "format",
        _("開催形式"),
        lookup="format",
        values=lambda base: list(EventFormat.choices),
        expanded=True,
    ),
    ChoiceFacet(
        "theme",
        _("テーマ"),
        lookup="themes__slug",
        values=lambda base: [(t.slug, t.display_name) for t in Theme.objects.all()],
        expanded=True,
    ),
    MonthFacet("month", _("開催月"), expanded=True),
)

EVENT_LISTING = Listing(facets=EVENT_FACETS, per_page=20)

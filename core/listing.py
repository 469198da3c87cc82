"""The one listing mechanism of every index page.

A section declares its facets once (:class:`ChoiceFacet`, :class:`OpenFacet`, :class:`BandFacet`)
and its sort orders; :class:`Listing` then builds the filter form from them, validates the query
string, filters a named queryset, counts each facet's values in one query per facet (each facet
counted with the other facets' filters applied), paginates, marks a filtered page ``noindex`` and
hands the filtered queryset to an export route. The listing, the search form and the export all
read the same declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import LeavesOutInvalid
from core.pagination import paginate
from core.widgets import WrittenSelect

Choices = Callable[[QuerySet], Iterable[tuple[Any, str]]]


@dataclass(frozen=True)
class Facet:
    """One filter of a listing: its query-string name, heading, filter and counts."""

    name: str
    label: Any
    expanded: bool = field(default=False, kw_only=True)
    """Shown open in the sidebar even when it filters nothing (it is always open when it does)."""
    written: bool = field(default=False, kw_only=True)
    """Its values' labels are what people wrote (tool names, series titles, writers' names),
    not the interface's words: marked Japanese in another language (WCAG 3.1.2)."""

    def form_field(self) -> forms.Field:
        raise NotImplementedError

    def choices(self, base: QuerySet) -> list[tuple[Any, str]] | None:
        """The values a person may pick (``None`` for an open vocabulary)."""
        return None

    def q(self, value) -> Q:
        raise NotImplementedError

    def count(self, queryset: QuerySet) -> dict:
        raise NotImplementedError

    def options(self, counts: dict, choices) -> list[tuple[Any, str]]:
        """(value, label) pairs shown as links, in display order."""
        return list(choices or ())

    def is_selected(self, selected, value) -> bool:
        return selected == value


def _grouped(queryset: QuerySet, lookup: str) -> dict:
    rows = queryset.values(lookup).annotate(n=Count("pk", distinct=True)).order_by()
    return {row[lookup]: row["n"] for row in rows if row[lookup] is not None}


@dataclass(frozen=True)
class ChoiceFacet(Facet):
    """A controlled vocabulary: ``lookup`` is both the filter and the grouped count."""

    lookup: str = ""
    values: Choices = field(default=lambda base: ())
    coerce: Callable | None = None

    def form_field(self) -> forms.Field:
        widget = WrittenSelect if self.written else forms.Select
        if self.coerce is not None:
            return forms.TypedChoiceField(
                label=self.label, required=False, coerce=self.coerce, widget=widget
            )
        return forms.ChoiceField(label=self.label, required=False, widget=widget)

    def choices(self, base):
        return list(self.values(base))

    def q(self, value) -> Q:
        return Q(**{self.lookup: value})

    def count(self, queryset) -> dict:
        return _grouped(queryset, self.lookup)


@dataclass(frozen=True)
class OpenFacet(Facet):
    """An open vocabulary (taggit names): free text, matched without regard to case; the
    ``top`` most used values are offered as links."""

    lookup: str = ""
    top: int = 30
    max_length: int = 100
    canonical: Callable[[str], str] | None = None
    """The vocabulary's own name of a value typed another way (a tool's alias)."""

    def form_field(self) -> forms.Field:
        options = {"label": self.label, "required": False, "max_length": self.max_length}
        if self.canonical is None:
            return forms.CharField(**options)
        return NamedField(canonical=self.canonical, **options)

    def q(self, value) -> Q:
        return Q(**{f"{self.lookup}__iexact": value})

    def count(self, queryset) -> dict:
        counts = _grouped(queryset, self.lookup)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]).casefold()))
        return dict(ranked[: self.top])

    def options(self, counts, choices):
        return [(value, value) for value in counts]

    def is_selected(self, selected, value) -> bool:
        return str(selected or "").casefold() == str(value).casefold()


class NamedField(forms.CharField):
    """Free text given as the vocabulary names it (an alias becomes its tool's name), once,
    when the form is cleaned: the filter and every option link then compare names."""

    def __init__(self, *, canonical: Callable[[str], str], **kwargs):
        super().__init__(**kwargs)
        self.canonical = canonical

    def to_python(self, value):
        text = super().to_python(value)
        return self.canonical(text) if text else text


@dataclass(frozen=True)
class BandFacet(Facet):
    """Ranges that are not a column (population bands): each band is a ``Q``, counted in one
    aggregate query."""

    bands: Callable[[], Iterable[tuple[str, str]]] = field(default=lambda: ())
    band_q: Callable[[str], Q] = field(default=lambda slug: Q())

    def form_field(self) -> forms.Field:
        return forms.ChoiceField(label=self.label, required=False)

    def choices(self, base):
        return list(self.bands())

    def q(self, value) -> Q:
        return self.band_q(value)

    def count(self, queryset) -> dict:
        aggregates = {
            slug: Count("pk", distinct=True, filter=self.band_q(slug)) for slug, _ in self.bands()
        }
        return queryset.aggregate(**aggregates)


class ListingForm(LeavesOutInvalid, forms.Form):
    """Filters and sort order of a listing. An invalid value is dropped, never a 500."""

    def __init__(self, data, *, listing: Listing, choices: Mapping[str, list]):
        super().__init__(data)
        self.listing = listing
        everything = [("", _("すべて"))]
        for facet in listing.facets:
            self.fields[facet.name] = facet.form_field()
            if choices.get(facet.name) is not None:
                self.fields[facet.name].choices = everything + list(choices[facet.name])
        if listing.sorts:
            self.fields["sort"] = forms.ChoiceField(
                label=_("並び順"),
                required=False,
                choices=[(key, label) for key, (label, _order) in listing.sorts.items()],
            )
        self.word_left_out()

    def filters(self) -> dict:
        """The valid, non-empty filters, in the order the facets are declared."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        result = {}
        for facet in self.listing.facets:
            value = data.get(facet.name)
            if facet.name not in self.errors and value not in (None, ""):
                result[facet.name] = value
        return result

    def sort_key(self) -> str:
        self.is_valid()
        if "sort" in self.errors or "sort" not in self.fields:
            return self.listing.default_sort
        return self.cleaned_data.get("sort") or self.listing.default_sort


@dataclass
class ListingResult:
    """What a listing view puts in its template context."""

    form: ListingForm
    filters: dict
    queryset: QuerySet
    page_obj: Any = None
    facets: list[dict] = field(default_factory=list)
    is_filtered: bool = False

    def context(self, **extra) -> dict:
        return {
            "form": self.form,
            "filters": self.filters,
            "page_obj": self.page_obj,
            "facets": self.facets,
            "is_filtered": self.is_filtered,
            **extra,
        }


@dataclass(frozen=True)
class Listing:
    """A section's listing: its facets and sorts, declared once."""

    facets: Sequence[Facet]
    sorts: Mapping[str, tuple[Any, tuple[str, ...]]] = field(default_factory=dict)
    default_sort: str = ""
    per_page: int = 20

    def facet(self, name: str) -> Facet:
        return next(f for f in self.facets if f.name == name)

    def choices(self, base: QuerySet) -> dict[str, list | None]:
        return {facet.name: facet.choices(base) for facet in self.facets}

    def form(self, data, base: QuerySet, choices=None) -> ListingForm:
        return ListingForm(data, listing=self, choices=choices or self.choices(base))

    def filter(self, queryset: QuerySet, filters: dict, *, skip: str | None = None) -> QuerySet:
        for facet in self.facets:
            if facet.name in filters and facet.name != skip:
                queryset = queryset.filter(facet.q(filters[facet.name]))
        return queryset

    def counts(self, base: QuerySet, filters: dict) -> dict[str, dict]:
        """One query per facet, whatever the number of items."""
        return {
            facet.name: facet.count(self.filter(base, filters, skip=facet.name))
            for facet in self.facets
        }

    def facet_links(self, counts, choices, filters, params) -> list[dict]:
        """Each facet's options with counts, as links that add, change or drop one filter."""
        facets = []
        for facet in self.facets:
            items = []
            for value, label in facet.options(counts[facet.name], choices.get(facet.name)):
                n = counts[facet.name].get(value, 0)
                selected = facet.name in filters and facet.is_selected(filters[facet.name], value)
                if not (n or selected):
                    continue
                query = params.copy()
                for drop in ("page", "format"):
                    query.pop(drop, None)
                if selected:
                    query.pop(facet.name, None)
                else:
                    query[facet.name] = value
                items.append(
                    {
                        "value": value,
                        "label": label,
                        "count": n,
                        "selected": selected,
                        "url": "?" + query.urlencode(),
                    }
                )
            facets.append(
                {
                    "name": facet.name,
                    "label": facet.label,
                    "written": facet.written,
                    "items": items,
                    "open": facet.expanded or facet.name in filters,
                }
            )
        return facets

    def run(self, request, base: QuerySet, *, with_facets: bool = True) -> ListingResult:
        """Validate, filter, sort; then (for a page, not an export) count and paginate."""
        choices = self.choices(base)
        form = self.form(request.GET, base, choices)
        filters = form.filters()
        queryset = self.filter(base, filters).distinct()
        if self.sorts:
            queryset = queryset.order_by(*self.sorts[form.sort_key()][1])
        result = ListingResult(form=form, filters=filters, queryset=queryset)
        result.is_filtered = bool(filters) or any(k in request.GET for k in ("page", "sort"))
        if with_facets:
            counts = self.counts(base, filters)
            result.facets = self.facet_links(counts, choices, filters, request.GET)
            result.page_obj = paginate(request, queryset, self.per_page)
        return result

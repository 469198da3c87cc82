"""What each page type gives to search, declared by the app that owns the page type.

Search itself knows no section: a page type joins site search by inheriting
``core.models.BasePage`` (its ``get_search_text()`` and ``get_search_filters()`` are indexed),
and declares its facets, result fields and "similar pages" split by registering a
:class:`SearchSpec`, in the spirit of Wagtail's ``search_fields`` and ``get_indexed_models()``::

    # cases/search.py, imported by CasesConfig.ready()
    registry.register(CasePage, SearchSpec(facets=[Facet("prefecture", ...)], ...))

The search form, the filters, the stored labels, the result objects and similar pages read the
declarations here; a page type without a registration is still searched by its text, with no
facets of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_NAME = re.compile(r"[a-z][a-z0-9_]*")
PAGE_TYPE_NAME = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")


def _identity(value):
    return value


@dataclass(frozen=True)
class Facet:
    """One filter of site search. Its values are stored in the page's search filters (the dict
    from ``get_search_filters()``) under ``name``; several values of one facet are OR-ed,
    facets are AND-ed.

    * ``choices``: a callable giving ``(value, label)`` pairs for the search form's select
      (``None``: a free-text field of at most ``max_length`` characters).
    * ``many``: the stored value is a list (a page has several themes); a filter value matches
      when the list contains it.
    * ``cast``: turns a query-string value into the stored one (``int`` for codes); a value it
      refuses is ignored. ``normalize`` then tidies it (``str.casefold`` for tool names).
    * ``vector_index``: the vector table has partial HNSW indexes on
      ``filters ->> name`` (one per value), so a semantic search filtered on this facet
      compares that expression as text and scans the value's own index.
    """

    name: str
    label: str
    choices: Callable[[], Iterable[tuple]] | None = None
    many: bool = False
    cast: Callable = str
    normalize: Callable = _identity
    max_length: int = 100
    vector_index: bool = False
    written: bool = False
    """Its labels are what people wrote: the form's options are marked Japanese
    (:class:`core.widgets.WrittenSelect`)."""

    def __post_init__(self):
        if not _NAME.fullmatch(self.name):
            # the name is written into SQL (a jsonb key of an index expression)
            raise ValueError(f"facet name {self.name!r}: lower-case letters, digits and _")

    def clean(self, value):
        """The stored form of one query-string value, or ``None`` when it is not one."""
        if value is None or value == "":
            return None
        if self.cast is str:
            return self.normalize(str(value)[: self.max_length])
        try:
            return self.normalize(self.cast(value))
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class SimilarSplit:
    """How "similar pages" of a page type are grouped: by one facet's value, first the pages
    with another value (``other_key``), then those with the page's own (``same_key``, also
    the flag on each item). ``shared`` names the list facets whose common values each item
    lists (``{"shared_themes": "theme"}``; names from the stored labels when they have them).
    ``boosts`` adds to a similar page's score when it shares a value of a facet with the page
    (``{"theme": 0.3}``: a common theme adds 0.3 to a score whose text signals weigh 1 in
    all); the labels of the shared boosted facets are each item's ``reason``
    (共通: テーマ・ツール). ``targets`` are the page types (``cases.casepage``) that similar
    pages are drawn from, by default the page's own type (an event finds cases); ``heading``
    titles the list on the page (by default 類似事例). ``shown`` is a hook from a page to the
    ids of the pages it already shows (the cases an event presents), never suggested beside
    it. With ``always_shared``, the other split's pages too are shown only with a value of
    ``shared`` in common (an event's related cases are on one of its themes: an event with no
    theme has none), as the own split's always are."""

    facet: str | None = None
    other_key: str = "other"
    same_key: str = "same"
    shared: dict[str, str] = field(default_factory=dict)
    boosts: dict[str, float] = field(default_factory=dict)
    targets: tuple[str, ...] = ()
    heading: str = ""
    shown: Callable[[Any], Iterable[int]] | None = None
    always_shared: bool = False

    def __post_init__(self):
        for name in self.boosts:
            if not _NAME.fullmatch(name):
                raise ValueError(f"boosted facet name {name!r}")
        for name in self.targets:
            if not PAGE_TYPE_NAME.fullmatch(name):
                raise ValueError(f"target page type {name!r}")


@dataclass(frozen=True)
class SearchSpec:
    """What one page type gives to search beyond its text.

    * ``facets``: the filters it can be narrowed by (in the order the search form shows them).
    * ``result_fields``: keys of each result object taken from the stored labels (``""`` when
      a page has none; a label of several names, ``{slug: name}``, as the list of its names),
      after ``id``, ``title``, ``url`` and ``type``.
    * ``labels``: a hook from the page's search filters to display names (a municipality's
      name for its code), stored with the page's row so that a result needs no query.
    * ``text``: a hook giving the page's text, instead of its ``get_search_text()``.
    * ``head``: a hook giving the text of the page's document vector (chunk 0), instead of its
      title and summary: what the page is about in a few lines (cases: title, place, themes,
      tools and summary). The keyword head (title and summary) does not change.
    * ``keywords``: a hook giving words indexed for keyword search only, neither embedded nor
      shown in snippets (cases: the place's romanised names, "kanazawa ishikawa").
    * ``filters``: a hook giving the page's facet values, instead of its
      ``get_search_filters()``.
    * ``similar``: how similar pages are grouped (:class:`SimilarSplit`).
    * ``evaluation_keys``: a hook giving ``{page id: stable key}`` for the labelled query sets
      of ``manage.py evaluate_search`` (cases: their ``source_url``).
    """

    facets: Sequence[Facet] = ()
    result_fields: Sequence[str] = ()
    labels: Callable[[dict], dict] | None = None
    text: Callable | None = None
    head: Callable | None = None
    keywords: Callable | None = None
    filters: Callable | None = None
    similar: SimilarSplit = field(default_factory=SimilarSplit)
    evaluation_keys: Callable[[], dict[int, str]] | None = None


DEFAULT_SPEC = SearchSpec()

_specs: dict[str, SearchSpec] = {}
"""page type (``app_label.modelname``) -> its spec, in registration order."""


def page_type(model) -> str:
    """``cases.casepage`` for the model (class or instance) ``CasePage``."""
    return model._meta.label_lower


_derived: dict[str, Any] = {}
"""The facets and result fields over every spec, computed once per change of the registry."""


def memo(name: str) -> dict:
    """A dict, under ``name``, for values derived from the registered specs (their facets'
    labels, say): emptied whenever a page type is registered or unregistered."""
    return _derived.setdefault(f"memo:{name}", {})


def register(model, spec: SearchSpec) -> SearchSpec:
    """Declare what ``model`` (a page class) gives to search; registering again replaces it."""
    _specs[page_type(model)] = spec
    _derived.clear()
    return spec


def unregister(model) -> None:
    _specs.pop(page_type(model), None)
    _derived.clear()


def spec_for(model_or_type) -> SearchSpec:
    """The spec of a page class, page or page type string (the default one when none)."""
    key = model_or_type if isinstance(model_or_type, str) else page_type(model_or_type)
    return _specs.get(key, DEFAULT_SPEC)


def specs() -> list[SearchSpec]:
    return list(_specs.values())


def facets() -> list[Facet]:
    """Every registered facet, once per name (the first declaration wins), in order."""
    if "facets" not in _derived:
        out: dict[str, Facet] = {}
        for spec in _specs.values():
            for facet in spec.facets:
                out.setdefault(facet.name, facet)
        _derived["facets"] = list(out.values())
    return list(_derived["facets"])


def facet(name: str) -> Facet | None:
    return next((f for f in facets() if f.name == name), None)


def result_fields() -> list[str]:
    """The label keys every result object carries (the union over the page types, so that
    every result has the same shape)."""
    if "result_fields" not in _derived:
        out: dict[str, None] = {}
        for spec in _specs.values():
            out.update(dict.fromkeys(spec.result_fields))
        _derived["result_fields"] = list(out)
    return list(_derived["result_fields"])

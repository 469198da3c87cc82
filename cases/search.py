"""What cases give to site search (``search.registry``): the case facets with their labels and
choices, the result fields, the labels stored with each row, and similar cases split by
prefecture. Registered by ``CasesConfig.ready()``.

This is the one module of ``cases`` that uses ``search``; the rest of the app reaches search
through the names it re-exports here.
"""

from __future__ import annotations

from django.db.models.functions import Lower
from django.db.models.signals import post_save

from cases.facets import CASE_LISTING, tool_name
from cases.models import CasePage, Theme, Tool
from core.listing import OpenFacet
from localgov.models import LocalGovernment, Prefecture
from localgov.regions import get_region
from search import registry
from search.registry import Facet, SearchSpec, SimilarSplit
from search.similar import possible_duplicates
from search.tasks import enqueue
from search.writer import analyze_tables

__all__ = ["CASE_SEARCH", "possible_duplicates", "refresh_search_statistics", "register"]


def resolve_labels(filters: dict) -> dict:
    """Display names for filter codes (prefecture and municipality names, theme names) in the
    active language, stored with the row so that a result needs no further query (the index
    asks in Japanese and in English: ``search.documents``)."""
    labels: dict = {}
    code = filters.get("local_government")
    if code:
        lg = LocalGovernment.objects.select_related("prefecture").filter(code=code).first()
        if lg is not None:
            labels["municipality"] = lg.display_name
            labels["prefecture"] = lg.prefecture.display_name
    pref = filters.get("prefecture")
    if pref and "prefecture" not in labels:
        prefecture = Prefecture.objects.filter(pk=pref).first()
        if prefecture is not None:
            labels["prefecture"] = prefecture.display_name
    themes = filters.get("theme")
    if themes:
        labels["theme"] = {t.slug: t.display_name for t in Theme.objects.filter(slug__in=themes)}
    tools = filters.get("tool")
    if tools:
        # the facet compares tool names case-folded; a reader sees them as editors wrote them
        found = Tool.objects.annotate(folded=Lower("name")).filter(folded__in=tools)
        names = {}
        for name in found.order_by("name").values_list("name", flat=True):
            names.setdefault(name.casefold(), name)
        labels["tool"] = names
    return labels


def document_head(page: CasePage) -> str:
    """The text of a case's document vector: title, place, themes, tools and summary, what a
    staff member reads first (a bare tool name or a theme finds the case; the measured results
    and the body are left to the other chunks: docs/PERFORMANCE.md)."""
    lg = page.local_government
    parts = [
        page.title,
        lg.full_name if lg else "",
        "、".join(t.name for t in page.themes.all()),
        "、".join(t.name for t in page.tools.all()),
        page.summary,
    ]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def keyword_words(page: CasePage) -> str:
    """Words for the keyword index only: the place in Latin letters, as an English query
    names it ("Kanazawa chatbot", "Ishikawa", "Chubu"), and the other ways staff write the
    case's tools (「キントーン」 for kintone)."""
    words = [alias for tool in page.tools.all() for alias in tool.alias_list()]
    lg = page.local_government
    if lg is not None:
        region = get_region(lg.prefecture.region)
        words += [*lg.search_words_en(), region.name_en if region else ""]
    return " ".join(w for w in words if w)


def source_urls() -> dict[int, str]:
    """page id -> source_url of every case (the keys of the labelled query sets)."""
    return dict(CasePage.objects.exclude(source_url="").values_list("id", "source_url"))


def _from_listing(name: str, **options) -> Facet:
    """The search facet of the listing facet ``name``: the same heading and choices (the case
    facets are declared once, in :mod:`cases.facets`)."""
    facet = CASE_LISTING.facet(name)
    if isinstance(facet, OpenFacet):  # free text (tool names)
        return Facet(name, facet.label, written=facet.written, **options)
    return Facet(
        name,
        facet.label,
        choices=lambda: facet.choices(CasePage.objects.none()),
        written=facet.written,
        **options,
    )


CASE_SEARCH = SearchSpec(
    # the keys of CasePage.get_search_filters(), in the order the search form shows them
    facets=[
        # search/migrations/0007: one HNSW index per prefecture
        _from_listing("prefecture", cast=int, vector_index=True),
        _from_listing("region"),
        _from_listing("theme", many=True),
        _from_listing("tool", many=True, normalize=lambda v: tool_name(v).casefold()),
        _from_listing("population"),
        _from_listing("status"),
    ],
    result_fields=["municipality", "prefecture", "theme"],
    labels=resolve_labels,
    head=document_head,
    keywords=keyword_words,
    similar=SimilarSplit(
        facet="prefecture",
        other_key="other_prefectures",
        same_key="same_prefecture",
        shared={"shared_themes": "theme", "shared_tools": "tool"},
        # a DX officer looks first for the same kind of work, then the same tool, then a town
        # of about the same size
        boosts={"theme": 0.3, "tool": 0.1, "population": 0.05},
    ),
    evaluation_keys=source_urls,
)


def reindex_cases_of_tool(sender, instance, created=False, **kwargs):
    """A tool renamed or given aliases in the admin: its cases are found by the new words."""
    if not created:
        for pk in CasePage.objects.live().filter(tools=instance).values_list("pk", flat=True):
            enqueue(pk)


def register() -> None:
    registry.register(CasePage, CASE_SEARCH)
    post_save.connect(reindex_cases_of_tool, sender=Tool, dispatch_uid="cases_tool_reindex")


def refresh_search_statistics() -> None:
    """Fresh planner statistics of the search tables after a bulk import."""
    analyze_tables()

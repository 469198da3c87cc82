"""Filter values of a search, for the facets the page types declared (``search.registry``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from search import registry

PAGE_TYPE = "page_type"
"""The filter on the page type (``cases.casepage``), which every search has."""


@dataclass
class Filters:
    """Facet values; several values of one facet are OR-ed, facets are AND-ed."""

    values: dict[str, list] = field(default_factory=dict)
    page_type: list[str] = field(default_factory=list)

    @staticmethod
    def facet_names() -> list[str]:
        return [f.name for f in registry.facets()]

    @classmethod
    def from_mapping(cls, data) -> Filters:
        """From a dict or QueryDict; unknown keys ignored, values as given (strings ok)."""
        out = cls()
        getlist = getattr(data, "getlist", None)
        facets = [*registry.facets(), registry.Facet(PAGE_TYPE, PAGE_TYPE)]
        for facet in facets:
            name = facet.name
            if getlist is not None:
                values = getlist(name)
            else:
                values = data.get(name) or []
                if not isinstance(values, (list, tuple)):
                    values = [values]
            cleaned = [v for v in (facet.clean(v) for v in values) if v is not None]
            if name == PAGE_TYPE:
                out.page_type = cleaned
            elif cleaned:
                out.values[name] = cleaned
        return out

    def get(self, name: str) -> list:
        return self.page_type if name == PAGE_TYPE else self.values.get(name, [])

    def __bool__(self) -> bool:
        return bool(self.page_type) or any(self.values.values())

    def sql(self, alias: str = "t", vectors: bool = False) -> tuple[str, list]:
        """A WHERE fragment (``TRUE`` when empty) on a table alias with ``filters`` and
        ``page_type`` columns: search_pagesearchtext (containment, which its GIN index
        answers) or, with ``vectors``, search_pageembedding (a facet with ``vector_index``
        as the expression of its per-value HNSW indexes)."""
        clauses: list[str] = []
        params: list = []
        for facet in registry.facets():
            values = self.values.get(facet.name)
            if not values:
                continue
            ors = []
            for v in values[:50]:
                if facet.vector_index and vectors:
                    # the expression of the per-value HNSW indexes (search/migrations/0007):
                    # a semantic search within one prefecture scans that prefecture's own index
                    ors.append(f"({alias}.filters ->> '{facet.name}') = %s")
                    params.append(str(v))
                    continue
                value = [v] if facet.many else v
                ors.append(f"{alias}.filters @> %s::jsonb")
                params.append(json.dumps({facet.name: value}, ensure_ascii=False))
            clauses.append("(" + " OR ".join(ors) + ")")
        if self.page_type:
            clauses.append(f"{alias}.page_type = ANY(%s)")
            params.append(list(self.page_type[:20]))
        return (" AND ".join(clauses) or "TRUE"), params

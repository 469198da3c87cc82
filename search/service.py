"""Site search, the public façade: hybrid search over every indexed page type.

* Keyword (``search.keyword``): the query's SudachiPy tokens (the same tokens as the
  documents, so kana/kanji and spelling variants match) select pages through the GIN-indexed
  ``tsvector`` and are ranked with BM25.
* Semantic (``search.semantic``): the query is embedded with the serving model
  (``search.serving``; an English query also with the glossary's Japanese words,
  ``search.query``) and compared with every chunk on the HNSW index (cosine).
* Hybrid (``search.fusion``): ``0.5 x keyword + 0.5 x semantic``, each scaled to 0..1,
  chosen with ``manage.py evaluate_search`` on the labelled sets in ``tests/data/``
  (docs/PERFORMANCE.md).
* Filters (``search.filters``) are the facets the page types declare (``search.registry``),
  applied in SQL; only live pages without a view restriction (on the page or an ancestor) are
  returned, checked in the query as well as at indexing time.
* Results (``search.results``) are plain dicts: ``{id, title, url, type, <result fields>,
  score, snippet}``.

The per-process caches are in ``search.caches``.
"""

from __future__ import annotations

from search.caches import reset as reset_caches
from search.db import VISIBLE_SQL, json_value, set_hnsw_session
from search.filters import Filters
from search.fusion import FUSION, Fusion, fuse, rank
from search.keyword import (
    BM25,
    KEYWORD_SETTINGS_SQL,
    RANKING,
    candidate_terms,
    corpus_stats,
    keyword_ranking,
    term_documents,
)
from search.query import CANDIDATES, MODES, Query, clear_query_vectors
from search.results import present, result_item, type_slug
from search.semantic import semantic_ranking
from search.serving import model_coverage, reset_coverage, serving_backend

__all__ = [
    "BM25",
    "CANDIDATES",
    "FUSION",
    "KEYWORD_SETTINGS_SQL",
    "MODES",
    "RANKING",
    "VISIBLE_SQL",
    "Filters",
    "Fusion",
    "Query",
    "candidate_terms",
    "clear_query_vectors",
    "corpus_stats",
    "fuse",
    "json_value",
    "keyword_ranking",
    "model_coverage",
    "present",
    "rank",
    "reset_caches",
    "reset_coverage",
    "result_item",
    "search",
    "semantic_ranking",
    "serving_backend",
    "set_hnsw_session",
    "term_documents",
    "type_slug",
]


def search(
    raw_query: str | None,
    *,
    mode: str = "hybrid",
    filters: Filters | None = None,
    limit: int = 10,
    offset: int = 0,
) -> list[dict]:
    """The result objects for a query (at most ``limit``, from ``offset``)."""
    query, ranked = rank(raw_query, mode=mode, filters=filters)
    return present(ranked[offset : offset + max(0, int(limit))], query.terms)

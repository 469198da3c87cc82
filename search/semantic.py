"""Semantic ranking: the query's embedding against every chunk on the HNSW index (cosine);
a page scores 0.5 x its best chunk + 0.5 x its document vector."""

from __future__ import annotations

import numpy as np
from django.db import connection

from search import prepared
from search.db import VISIBLE_SQL, vector_literal
from search.filters import Filters
from search.query import CANDIDATES, Query

ANN_CHUNKS = 50
"""How many nearest chunks the HNSW scan returns before grouping them by page."""

WHOLE_WEIGHT = 0.0
"""Weight of the whole-page vector (``search_pagevector``) in a candidate's score, the rest
split evenly between its best chunk and its document vector (docs/PERFORMANCE.md)."""


def semantic_ranking(
    query: Query, filters: Filters | None = None, limit: int = CANDIDATES
) -> list[tuple[int, float]]:
    """(page_id, similarity) best first over visible pages: mean of the best chunk and the
    document vector."""
    if not query.text:
        return []
    vec = query.vector()
    if not np.any(vec):
        return []
    model = query.backend.name
    # The filter values are stored with the vectors. Unfiltered, the nearest chunks of all
    # pages name the candidates (HNSW). Filtered, the nearest document vectors (chunk 0) of the
    # matching pages do: PostgreSQL picks a filtered HNSW scan or, for a selective filter such
    # as one prefecture, an exact scan of those pages (partial GIN index).
    where, params = (filters or Filters()).sql("e", vectors=True)
    if filters:
        where += " AND e.chunk = 0"
    # The nearest chunks name the candidate pages; each candidate is then scored on all its
    # chunks (found by page through the btree index, not the HNSW scan).
    whole = float(WHOLE_WEIGHT)
    part = repr((1.0 - whole) / 2)
    whole_rows = whole_score = ""
    args = [vector_literal(vec), model, *params, model]
    if whole > 0:
        whole_rows = (
            "UNION ALL SELECT w.page_id, -1, 1 - (w.embedding <=> (SELECT v FROM q)) "
            "FROM search_pagevector w JOIN visible v ON v.page_id = w.page_id WHERE w.model = %s"
        )
        whole_score = (
            f"+ {whole!r} * coalesce(max(d.similarity) FILTER (WHERE d.chunk = -1), "
            "max(d.similarity))"
        )
        args.append(model)
    sql = f"""
        WITH q AS (SELECT %s::vector AS v),
        nn AS (
            SELECT DISTINCT e.page_id
            FROM (
                SELECT e.page_id
                FROM search_pageembedding e
                WHERE e.model = %s AND {where}
                ORDER BY e.embedding <=> (SELECT v FROM q)
                LIMIT {int(ANN_CHUNKS)}
            ) e
        ),
        visible AS (
            SELECT nn.page_id FROM nn JOIN wagtailcore_page p ON p.id = nn.page_id
            WHERE {VISIBLE_SQL}
        )
        SELECT d.page_id,
               {part} * max(d.similarity) FILTER (WHERE d.chunk >= 0)
               + {part} * coalesce(max(d.similarity) FILTER (WHERE d.chunk = 0),
                                   max(d.similarity))
               {whole_score} AS similarity
        FROM (
            SELECT c.page_id, c.chunk, 1 - (c.embedding <=> (SELECT v FROM q)) AS similarity
            FROM search_pageembedding c JOIN visible v ON v.page_id = c.page_id
            WHERE c.model = %s
            {whole_rows}
        ) d
        GROUP BY d.page_id
        ORDER BY similarity DESC, d.page_id
        LIMIT {int(limit)}
    """
    with connection.cursor() as cur:
        prepared.execute(cur, sql, args, prepare=not filters)
        return [(pid, float(sim)) for pid, sim in cur.fetchall()]

"""Similar pages and possible duplicates, from the pages' document vectors (chunk 0: title and
summary) on the partial HNSW index ``search_embedding_doc_hnsw``.

:func:`similar_cases` is ONE SQL statement: the source page's vector, its nearest pages of the same
type from other prefectures and, in a second index scan of the same statement, its nearest pages
from the same prefecture (on that prefecture's own partial HNSW index); both with the visibility
guard. Results are cached per page until the search tables change.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection

from search import prepared
from search import text as jtext
from search.indexing import vector_literal
from search.service import (
    VISIBLE_SQL,
    json_value,
    result_item,
    serving_backend,
    set_hnsw_session,
)

SIMILAR_SQL = f"""
WITH src AS (
    SELECT e.embedding, e.page_type, e.filters
    FROM search_pageembedding e
    WHERE e.page_id = %(page)s AND e.model = %(model)s AND e.chunk = 0
),
other AS (
    SELECT e.page_id, e.filters -> 'prefecture' AS prefecture,
           e.embedding <=> (SELECT embedding FROM src) AS distance
    FROM search_pageembedding e
    WHERE e.chunk = 0 AND e.model = %(model)s AND e.page_id <> %(page)s
      AND e.page_type = (SELECT page_type FROM src)
    ORDER BY distance
    LIMIT %(scan)s
),
same AS (
    SELECT e.page_id, e.filters -> 'prefecture' AS prefecture,
           e.embedding <=> (SELECT embedding FROM src) AS distance
    FROM search_pageembedding e
    WHERE e.chunk = 0 AND (e.filters ->> 'prefecture') = %(prefecture)s
      AND %(prefecture)s::text IS NOT NULL
      AND e.model = %(model)s AND e.page_id <> %(page)s
      AND e.page_type = (SELECT page_type FROM src)
    ORDER BY distance
    LIMIT %(same_scan)s
),
nn AS (
    SELECT page_id, min(distance) AS distance,
           coalesce((array_agg(prefecture))[1] = (SELECT filters -> 'prefecture' FROM src), false)
             AS same_prefecture
    FROM (SELECT * FROM other UNION ALL SELECT * FROM same) u
    GROUP BY page_id
),
placed AS (
    SELECT nn.*, row_number() OVER (
        PARTITION BY same_prefecture ORDER BY distance, page_id
    ) AS place
    FROM nn
)
SELECT placed.page_id, 1 - placed.distance, p.title, p.url_path, t.page_type, t.filters,
       t.labels, (SELECT filters FROM src)
FROM placed
JOIN search_pagesearchtext t ON t.page_id = placed.page_id
JOIN wagtailcore_page p ON p.id = placed.page_id
WHERE placed.place <= %(keep)s AND {VISIBLE_SQL}
ORDER BY placed.distance, placed.page_id
"""
"""The neighbours are ranked on the vector rows alone (their prefecture is stored with them);
only the first few of each group are joined with their page and text, with a margin for
pages that fail the visibility guard."""

SIMILAR_EF_SEARCH = 16
"""HNSW search width for similar cases: a handful of neighbours is wanted, not fifty."""


def _prepared_sql(params: dict) -> str:
    """The statement for one prefecture and one set of list sizes, ``$1`` (page) and ``$2``
    (model) its only parameters. The prefecture code is a literal, so that the plan uses that
    prefecture's own HNSW index; so are the LIMITs, which a generic plan could not see: with
    them as parameters PostgreSQL guessed hundreds of neighbours and, at 10k pages, joined
    them by reading the whole page table (4.6 ms of each 8 ms statement). Prepared once per
    session and shape (``search.prepared``)."""
    prefecture = params["prefecture"]
    literal = f"'{int(prefecture)}'" if prefecture and str(prefecture).isdigit() else "NULL"
    sql = SIMILAR_SQL.replace("%(prefecture)s", literal)
    for size in _LITERAL_SIZES:
        sql = sql.replace(f"%({size})s", str(int(params[size])))
    sql = sql.replace("%%", "%")
    for n, arg in enumerate(_PREPARED_ARGS, start=1):
        sql = sql.replace(f"%({arg})s", f"${n}")
    return sql


_PREPARED_ARGS = ("page", "model")
_LITERAL_SIZES = ("scan", "same_scan", "keep")


def _execute_prepared(cur, params: dict) -> list:
    """The similar-cases statement for the page's prefecture, prepared, with the narrower
    search width for this statement only."""
    prepared.execute_numbered(
        cur,
        _prepared_sql(params),
        len(_PREPARED_ARGS),
        [params[a] for a in _PREPARED_ARGS],
        before=f"SET LOCAL hnsw.ef_search = {int(SIMILAR_EF_SEARCH)}; ",
    )
    return cur.fetchall()


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def similar_cases(page, other_limit: int = 5, same_limit: int = 3) -> dict:
    """``{"other_prefectures": [...], "same_prefecture": [...]}``: the nearest live public
    pages of the same type, first from other prefectures, then from the page's own. Each item
    is a result object plus ``shared_themes`` and ``shared_tools`` (names)."""
    page_id = getattr(page, "pk", page)
    empty = {"other_prefectures": [], "same_prefecture": []}
    if page_id is None:
        return empty
    model = serving_backend().name
    with connection.cursor() as cur:
        cur.execute(
            "SELECT last_value, (SELECT filters ->> 'prefecture' FROM search_pagesearchtext "
            "WHERE page_id = %s) FROM search_index_version",
            [int(page_id)],
        )
        version, prefecture = cur.fetchone()
    key = f"search:similar:{int(page_id)}:{model}:{other_limit}:{same_limit}:{version}"
    found = cache.get(key)
    if found is None:
        found = _similar_cases(int(page_id), model, prefecture, other_limit, same_limit)
        cache.set(key, found, CACHE_SECONDS)
    return found


CACHE_SECONDS = 24 * 3600
"""Similar cases are cached per page under the value of the ``search_index_version`` counter;
any change to the search tables (a publish, unpublish, move, privacy change or rebuild) moves it
(``search.indexing.bump_version``) and so retires every entry."""


def _similar_cases(
    page_id: int, model: str, prefecture: str | None, other_limit: int, same_limit: int
) -> dict:
    params = {
        "page": page_id,
        "model": model,
        # a literal in the statement, so that PostgreSQL picks that prefecture's own HNSW
        # index (search/migrations/0007)
        "prefecture": prefecture,
        "scan": max(12, other_limit + same_limit + 4),
        "same_scan": max(same_limit, 1) + 1,
        "keep": max(other_limit, same_limit) + 3,
    }
    with connection.cursor() as cur:
        rows = _execute_prepared(cur, params)
        if connection.in_atomic_block:  # SET LOCAL lasts until the end of the transaction
            set_hnsw_session(connection=connection)
    others, same = [], []
    for pid, similarity, title, url_path, page_type, filters, labels, src_filters in rows:
        filters = json_value(filters) or {}
        labels = json_value(labels) or {}
        src_filters = json_value(src_filters) or {}
        src_pref = src_filters.get("prefecture")
        is_same = src_pref is not None and filters.get("prefecture") == src_pref
        bucket, limit = (same, same_limit) if is_same else (others, other_limit)
        if len(bucket) >= limit:
            continue
        theme_names = labels.get("theme", {})
        shared_themes = [
            theme_names.get(slug, slug)
            for slug in _as_list(filters.get("theme"))
            if slug in _as_list(src_filters.get("theme"))
        ]
        shared_tools = [
            tool
            for tool in _as_list(filters.get("tool"))
            if tool in _as_list(src_filters.get("tool"))
        ]
        bucket.append(
            {
                **result_item(pid, title, url_path, page_type, labels, similarity, ""),
                "same_prefecture": is_same,
                "shared_themes": shared_themes,
                "shared_tools": shared_tools,
            }
        )
    return {"other_prefectures": others, "same_prefecture": same}


DUPLICATE_SQL = f"""
SELECT nn.page_id, 1 - nn.distance, p.title, p.url_path, t.page_type, t.labels, t.text
FROM (
    SELECT e.page_id, e.embedding <=> %(vec)s::vector AS distance
    FROM search_pageembedding e
    WHERE e.chunk = 0 AND e.model = %(model)s AND e.page_id <> %(exclude)s
    ORDER BY distance
    LIMIT %(scan)s
) nn
JOIN search_pagesearchtext t ON t.page_id = nn.page_id
JOIN wagtailcore_page p ON p.id = nn.page_id
WHERE 1 - nn.distance >= %(min_similarity)s AND {VISIBLE_SQL}
ORDER BY nn.distance, nn.page_id
LIMIT %(limit)s
"""

DUPLICATE_MIN_SIMILARITY = 0.7


def possible_duplicates(
    title: str,
    summary: str = "",
    limit: int = 5,
    min_similarity: float = DUPLICATE_MIN_SIMILARITY,
    exclude: int | None = None,
) -> list[dict]:
    """Published pages whose title and summary read like a draft's ``title`` and ``summary``
    (cosine similarity of the document vectors at least ``min_similarity``), closest first;
    never the page ``exclude`` (the one being edited)."""
    # Embedded like a page's chunk 0 (not lower-cased): only whitespace is tidied.
    title = " ".join(str(title or "").split())[: jtext.MAX_QUERY_CHARS]
    summary = " ".join(str(summary or "").split())[:2000]
    head = "\n".join(p for p in (title, summary) if p)
    if not head:
        return []
    backend = serving_backend()
    vec = backend.embed([head])[0]
    limit = max(1, min(int(limit), 50))
    params = {
        "vec": vector_literal(vec),
        "model": backend.name,
        "scan": max(40, limit * 4),
        "min_similarity": float(min_similarity),
        "limit": limit,
        "exclude": int(exclude or 0),
    }
    with connection.cursor() as cur:
        cur.execute(DUPLICATE_SQL, params)
        rows = cur.fetchall()
    terms = jtext.to_tsquery_terms(title)
    return [
        result_item(
            pid,
            page_title,
            url_path,
            page_type,
            json_value(labels) or {},
            similarity,
            jtext.highlight(body, terms, 120),
        )
        for pid, similarity, page_title, url_path, page_type, labels, body in rows
    ]

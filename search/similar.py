"""Similar pages and possible duplicates, from the pages' document vectors (chunk 0: title and
summary) on the partial HNSW index ``search_embedding_doc_hnsw``.

A page type declares how its similar pages are grouped (``SearchSpec.similar``, a
:class:`~search.registry.SimilarSplit`): by one facet, first pages with another value of it,
then pages with the page's own (cases: other prefectures, then the same prefecture).

:func:`similar_pages` is ONE SQL statement: the source page's vector, its nearest pages of the
same type with another value of the split facet and, in a second index scan of the same
statement, its nearest pages with the same value (for a facet with ``vector_index``, on that
value's own partial HNSW index); both with the visibility guard. Results are cached per page
until the search tables change.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db import connection

from search import prepared, registry
from search import text as jtext
from search.db import VISIBLE_SQL, json_value, set_hnsw_session, vector_literal
from search.results import PageUrls, result_item
from search.serving import serving_backend

SIMILAR_SQL = f"""
WITH src AS (
    SELECT e.embedding, e.page_type, e.filters
    FROM search_pageembedding e
    WHERE e.page_id = %(page)s AND e.model = %(model)s AND e.chunk = 0
),
other AS (
    SELECT e.page_id, e.filters -> %(split_key)s AS split_value,
           e.embedding <=> (SELECT embedding FROM src) AS distance
    FROM search_pageembedding e
    WHERE e.chunk = 0 AND e.model = %(model)s AND e.page_id <> %(page)s
      AND e.page_type = (SELECT page_type FROM src)
    ORDER BY distance
    LIMIT %(scan)s
),
same AS (
    SELECT e.page_id, e.filters -> %(split_key)s AS split_value,
           e.embedding <=> (SELECT embedding FROM src) AS distance
    FROM search_pageembedding e
    WHERE e.chunk = 0 AND (e.filters ->> %(split_key)s) = %(split)s
      AND %(split)s::text IS NOT NULL
      AND e.model = %(model)s AND e.page_id <> %(page)s
      AND e.page_type = (SELECT page_type FROM src)
    ORDER BY distance
    LIMIT %(same_scan)s
),
nn AS (
    SELECT page_id, min(distance) AS distance,
           coalesce((array_agg(split_value))[1] = (SELECT filters -> %(split_key)s FROM src),
                    false) AS same_split
    FROM (SELECT * FROM other UNION ALL SELECT * FROM same) u
    GROUP BY page_id
),
placed AS (
    SELECT nn.*, row_number() OVER (
        PARTITION BY same_split ORDER BY distance, page_id
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
"""The neighbours are ranked on the vector rows alone (their split value is stored with them);
only the first few of each group are joined with their page and text, with a margin for
pages that fail the visibility guard."""

SIMILAR_EF_SEARCH = 16
"""HNSW search width for similar pages: a handful of neighbours is wanted, not fifty."""


def _prepared_sql(params: dict) -> str:
    """The statement for one split value (a prefecture) and one set of list sizes, ``$1``
    (page) and ``$2`` (model) its only parameters. The split facet's name and value are
    literals, so that the plan uses that value's own HNSW index (a prefecture's); so are the
    LIMITs, which a generic plan could not see: with them as parameters PostgreSQL guessed hundreds of neighbours and, at 10k pages, joined
    them by reading the whole page table (4.6 ms of each 8 ms statement). Prepared once per
    session and shape (``search.prepared``)."""
    value = params["split"]
    literal = _literal(value)
    key = str(params["split_key"])
    if not _KEY.fullmatch(key):
        raise ValueError(f"split facet {key!r}")
    sql = SIMILAR_SQL.replace("%(split)s", literal).replace("%(split_key)s", f"'{key}'")
    for size in _LITERAL_SIZES:
        sql = sql.replace(f"%({size})s", str(int(params[size])))
    sql = sql.replace("%%", "%")
    for n, arg in enumerate(_PREPARED_ARGS, start=1):
        sql = sql.replace(f"%({arg})s", f"${n}")
    return sql


def _literal(value) -> str:
    """A split value as an SQL string literal (``NULL`` for none)."""
    if value is None or value == "" or "\x00" in str(value):
        return "NULL"
    if str(value).isascii() and str(value).isdigit():
        return f"'{int(value)}'"
    return "'" + str(value).replace("'", "''") + "'"


_KEY = re.compile(r"(?:[a-z][a-z0-9_]*)?")
_PREPARED_ARGS = ("page", "model")
_LITERAL_SIZES = ("scan", "same_scan", "keep")


def _execute_prepared(cur, params: dict) -> list:
    """The similar-pages statement for the page's split value, prepared, with the narrower
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


def similar_pages(page, other_limit: int = 5, same_limit: int = 3) -> dict:
    """The nearest live public pages of the same type, in two groups named by the type's
    :class:`~search.registry.SimilarSplit`: first ``other_limit`` with another value of the
    split facet, then ``same_limit`` with the page's own (cases:
    ``{"other_prefectures": [...], "same_prefecture": [...]}``). Each item is a result object
    plus the flag ``<same_key>`` and, per ``shared`` entry, the common values (names)."""
    page_id = getattr(page, "pk", page)
    if page_id is None:
        split = registry.spec_for(page).similar if hasattr(page, "_meta") else None
        split = split or registry.SimilarSplit()
        return {split.other_key: [], split.same_key: []}
    model = serving_backend().name
    with connection.cursor() as cur:
        cur.execute(
            "SELECT last_value, (SELECT page_type FROM search_pagesearchtext WHERE page_id = %s), "
            "(SELECT filters FROM search_pagesearchtext WHERE page_id = %s) "
            "FROM search_index_version",
            [int(page_id), int(page_id)],
        )
        version, page_type, filters = cur.fetchone()
    if page_type is None and hasattr(page, "_meta"):
        page_type = registry.page_type(page.specific_class or page)
    split = registry.spec_for(page_type or "").similar
    value = (json_value(filters) or {}).get(split.facet) if split.facet else None
    key = f"search:similar:{int(page_id)}:{model}:{other_limit}:{same_limit}:{version}"
    found = cache.get(key)
    if found is None:
        found = _similar_pages(int(page_id), model, split, value, other_limit, same_limit)
        cache.set(key, found, CACHE_SECONDS)
    return found


similar_cases = similar_pages
"""The former name (the ``similar_cases`` command and template tag keep it)."""

CACHE_SECONDS = 24 * 3600
"""Similar pages are cached per page under the value of the ``search_index_version`` counter;
any change to the search tables (a publish, unpublish, move, privacy change or rebuild) moves it
(``search.writer.bump_version``) and so retires every entry."""


def _similar_pages(
    page_id: int,
    model: str,
    split: registry.SimilarSplit,
    value,
    other_limit: int,
    same_limit: int,
) -> dict:
    params = {
        "page": page_id,
        "model": model,
        # literals in the statement, so that PostgreSQL picks that value's own HNSW index
        # (a prefecture's: search/migrations/0007)
        "split_key": split.facet or "",
        "split": None if value is None or not split.facet else str(value),
        "scan": max(12, other_limit + same_limit + 4),
        "same_scan": max(same_limit, 1) + 1,
        "keep": max(other_limit, same_limit) + 3,
    }
    with connection.cursor() as cur:
        rows = _execute_prepared(cur, params)
        if connection.in_atomic_block:  # SET LOCAL lasts until the end of the transaction
            set_hnsw_session(connection=connection)
    others, same = [], []
    urls = PageUrls()
    for pid, similarity, title, url_path, page_type, filters, labels, src_filters in rows:
        filters = json_value(filters) or {}
        labels = json_value(labels) or {}
        src_filters = json_value(src_filters) or {}
        src_value = src_filters.get(split.facet) if split.facet else None
        is_same = src_value is not None and filters.get(split.facet) == src_value
        bucket, limit = (same, same_limit) if is_same else (others, other_limit)
        if len(bucket) >= limit:
            continue
        item = {
            **result_item(pid, title, url_path, page_type, labels, similarity, "", urls),
            split.same_key: is_same,
        }
        for out_key, facet in split.shared.items():
            names = labels.get(facet, {})
            names = names if isinstance(names, dict) else {}
            item[out_key] = [
                names.get(v, v)
                for v in _as_list(filters.get(facet))
                if v in _as_list(src_filters.get(facet))
            ]
        bucket.append(item)
    return {split.other_key: others, split.same_key: same}


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
    urls = PageUrls()
    return [
        result_item(
            pid,
            page_title,
            url_path,
            page_type,
            json_value(labels) or {},
            similarity,
            jtext.highlight(body, terms, 120),
            urls,
        )
        for pid, similarity, page_title, url_path, page_type, labels, body in rows
    ]

"""Similar pages and possible duplicates.

Similar pages use everything a page says (:func:`similar_pages`):

* candidates, in ONE SQL statement, bounded: the nearest whole-page vectors (the mean of the
  page's chunk vectors, ``search_pagevector_hnsw``), the nearest document vectors (chunk 0:
  title and summary) with the page's own value of the split facet (a prefecture's own
  index), and the pages that weigh
  most the page's own key terms (its :data:`KEY_TERMS` terms of highest tf-idf in
  ``search_posting``; for each, the :data:`TERM_POSTINGS` postings of highest impact on
  ``search_posting_term_impact``); each candidate with its two cosine similarities (document
  and whole-page vectors, read by page) and its
  BM25 score over the key terms, and the visibility guard;
* a score (:func:`score_candidates`): the three signals, each scaled to 0..1 over the
  candidates, weighted (:data:`WEIGHTS`), plus the boosts that the page type declares for
  shared facet values (``SimilarSplit.boosts``); the shared boosted facets are the reason
  shown with each result (共通: テーマ・ツール);
* grouped by the type's :class:`~search.registry.SimilarSplit`: first pages with another
  value of the split facet (cases: other prefectures), then pages with the page's own.

Results are cached per page until the search tables change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language, gettext

from search import keyword, prepared, registry
from search import text as jtext
from search.db import VISIBLE_SQL, json_value, set_hnsw_session, vector_literal
from search.results import PageUrls, localized_labels, result_item
from search.serving import serving_backend

SAME_TYPE = "= (SELECT page_type FROM src)"
"""The candidates' page type in the statement: the source page's own, unless the split names
``targets`` (:func:`_type_match`)."""

SIMILAR_SQL = f"""
WITH src AS (
    SELECT t.page_type, t.filters,
           (SELECT e.embedding FROM search_pageembedding e
            WHERE e.page_id = %(page)s AND e.model = %(model)s AND e.chunk = 0) AS head,
           (SELECT w.embedding FROM search_pagevector w
            WHERE w.page_id = %(page)s AND w.model = %(model)s) AS whole
    FROM search_pagesearchtext t
    WHERE t.page_id = %(page)s
),
same_nn AS (
    SELECT e.page_id
    FROM search_pageembedding e
    WHERE e.chunk = 0 AND (e.filters ->> %(split_key)s) = %(split)s
      AND %(split)s::text IS NOT NULL
      AND e.model = %(model)s AND e.page_id <> %(page)s
      AND e.page_type {SAME_TYPE}
    ORDER BY e.embedding <=> (SELECT head FROM src)
    LIMIT %(same_scan)s
),
whole_nn AS (
    SELECT w.page_id
    FROM search_pagevector w
    WHERE w.model = %(model)s AND w.page_id <> %(page)s
      AND w.page_type {SAME_TYPE}
    ORDER BY w.embedding <=> (SELECT whole FROM src)
    LIMIT %(whole_scan)s
),
key_terms AS (
    SELECT s.term, ln(1 + (%(documents)s - st.documents + 0.5) / (st.documents + 0.5)) AS idf
    FROM search_posting s
    JOIN search_searchterm st ON st.term = s.term
    WHERE s.page_id = %(page)s AND st.documents > 1
    ORDER BY s.impact * ln(1 + (%(documents)s - st.documents + 0.5) / (st.documents + 0.5))
             DESC, s.term
    LIMIT %(key_terms)s
),
term_nn AS (
    SELECT x.page_id
    FROM key_terms k
    CROSS JOIN LATERAL (
        SELECT s.page_id, s.impact
        FROM search_posting s
        WHERE s.term = k.term AND s.page_id <> %(page)s
        ORDER BY s.impact DESC
        LIMIT %(term_postings)s
    ) x
    GROUP BY x.page_id
    ORDER BY sum(k.idf * x.impact) DESC, x.page_id
    LIMIT %(term_scan)s
),
candidates AS (
    SELECT page_id FROM whole_nn UNION SELECT page_id FROM same_nn
    UNION SELECT page_id FROM term_nn
)
SELECT c.page_id,
       1 - (h.embedding <=> (SELECT head FROM src)),
       1 - (w.embedding <=> (SELECT whole FROM src)),
       (SELECT coalesce(sum(k.idf * s.impact), 0)
        FROM key_terms k JOIN search_posting s ON s.page_id = c.page_id AND s.term = k.term),
       p.title, p.url_path, t.page_type, t.filters, t.labels, (SELECT filters FROM src)
FROM candidates c
JOIN search_pagesearchtext t ON t.page_id = c.page_id
JOIN wagtailcore_page p ON p.id = c.page_id
LEFT JOIN search_pageembedding h ON h.page_id = c.page_id AND h.model = %(model)s AND h.chunk = 0
LEFT JOIN search_pagevector w ON w.page_id = c.page_id AND w.model = %(model)s
WHERE t.page_type {SAME_TYPE} AND {VISIBLE_SQL}
"""
"""Every candidate comes with its document-vector and whole-page similarities and its BM25
score over the source page's key terms (postings read by primary key), whichever list named
it; the candidate lists are bounded, so the statement's cost does not grow with the index."""

SIMILAR_EF_SEARCH = 16
"""HNSW search width for similar pages: a dozen neighbours per list is wanted, not fifty."""

KEY_TERMS = 12
"""The page's own key terms: its terms of highest tf-idf (BM25 impact x IDF)."""

TERM_POSTINGS = 32
"""For each key term, the pages that weigh it most (an index range scan) are candidates."""

SCAN = 12
"""Candidates from the key terms."""

SAME_SCAN_FACTOR = 3
"""The page's own split value (its prefecture) is read for this many times the pages its list
shows: a page there is shown only with a theme or tool in common."""

WHOLE_SCAN = 16
"""Candidates from the whole-page vectors. The document vector is not a list of its own: every
candidate is scored on it, and a list of its nearest added nothing on the demo cases while its
HNSW scan cost as much as the whole-page one (docs/PERFORMANCE.md)."""


@dataclass(frozen=True)
class SimilarWeights:
    """How the three signals of a candidate weigh, each scaled to 0..1 over the candidates
    (``head``: document vector, ``whole``: whole-page vector, ``terms``: BM25 of the key
    terms); the type's boosts are added to this sum."""

    head: float = 0.3
    whole: float = 0.4
    terms: float = 0.3


WEIGHTS = SimilarWeights()


def _prepared_sql(params: dict) -> str:
    """The statement for one split value (a prefecture) and one set of list sizes, ``$1``
    (page), ``$2`` (model) and ``$3`` (number of pages, for the IDF) its only parameters. The
    split facet's name and value are literals, so that the plan uses that value's own HNSW
    index (a prefecture's); so are the LIMITs, which a generic plan could not see. Prepared
    once per session and shape (``search.prepared``)."""
    value = params["split"]
    literal = _literal(value)
    key = str(params["split_key"])
    if not _KEY.fullmatch(key):
        raise ValueError(f"split facet {key!r}")
    sql = SIMILAR_SQL.replace("%(split)s", literal).replace("%(split_key)s", f"'{key}'")
    sql = sql.replace(SAME_TYPE, _type_match(params.get("targets") or ()))
    for size in _LITERAL_SIZES:
        sql = sql.replace(f"%({size})s", str(int(params[size])))
    sql = sql.replace("%%", "%")
    for n, arg in enumerate(_PREPARED_ARGS, start=1):
        sql = sql.replace(f"%({arg})s", f"${n}" + ("::float8" if arg == "documents" else ""))
    return sql


def _literal(value) -> str:
    """A split value as an SQL string literal (``NULL`` for none)."""
    if value is None or value == "" or "\x00" in str(value):
        return "NULL"
    if str(value).isascii() and str(value).isdigit():
        return f"'{int(value)}'"
    return "'" + str(value).replace("'", "''") + "'"


def _type_match(targets) -> str:
    """The candidates' page type: the source page's own, or one of the split's targets (as
    literals; their names were checked by ``SimilarSplit``)."""
    if not targets:
        return SAME_TYPE
    for name in targets:
        if not registry.PAGE_TYPE_NAME.fullmatch(name):
            raise ValueError(f"target page type {name!r}")
    return "IN (" + ", ".join(f"'{name}'" for name in targets) + ")"


_KEY = re.compile(r"(?:[a-z][a-z0-9_]*)?")
_PREPARED_ARGS = ("page", "model", "documents")
_LITERAL_SIZES = ("same_scan", "whole_scan", "key_terms", "term_postings", "term_scan")


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
    """The most similar live public pages of the same type (or of the type's
    ``SimilarSplit.targets``), in two groups named by the type's
    :class:`~search.registry.SimilarSplit`: first ``other_limit`` with another value of the
    split facet, then ``same_limit`` with the page's own (cases:
    ``{"other_prefectures": [...], "same_prefecture": [...]}``). Each item is a result object
    plus the flag ``<same_key>``, per ``shared`` entry the common values (names), the boosted
    facets it shares (``shared_facets``) and their labels as ``reason`` (共通: テーマ・ツール,
    in the active language). A page of a type whose split names the pages it already shows
    (``SimilarSplit.shown``) never gets those."""
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
    # the names in the items are in the active language (search.results.localized_labels)
    language = get_language() or ""
    shown = frozenset(split.shown(page)) if split.shown and hasattr(page, "_meta") else frozenset()
    key = f"search:similar:{int(page_id)}:{model}:{other_limit}:{same_limit}:{version}:{language}"
    if shown:  # what a page shows is part of it: a change to it is a publish, a new version
        key += ":" + ",".join(map(str, sorted(shown)))
    found = cache.get(key)
    if found is None:
        documents = keyword.corpus_stats(version).documents
        found = _similar_pages(
            int(page_id), model, split, value, other_limit, same_limit, documents, shown=shown
        )
        cache.set(key, found, CACHE_SECONDS)
    for group in found.values():
        for item in group:
            item["reason"] = reason(item.get("shared_facets", ()))
    return found


similar_cases = similar_pages
"""The former name (the ``similar_cases`` command and template tag keep it)."""

CACHE_SECONDS = 24 * 3600
"""Similar pages are cached per page under the value of the ``search_index_version`` counter;
any change to the search tables (a publish, unpublish, move, privacy change or rebuild) moves it
(``search.writer.bump_version``) and so retires every entry."""


def reason(facet_names) -> str:
    """共通: テーマ・ツール: the labels of the shared facets, in the active language (empty
    when none is shared). Made once per language and set of facets (every view of similar
    pages, cached or not, gives each item its reason)."""
    made = registry.memo("similar reason")
    key = (get_language() or "", tuple(facet_names))
    if key not in made:
        made[key] = _reason(key[1])
    return made[key]


def _reason(facet_names) -> str:
    labels = []
    for name in facet_names:
        facet = registry.facet(name)
        labels.append(str(facet.label) if facet is not None else name)
    if not labels:
        return ""
    return gettext("共通: %(facets)s") % {"facets": gettext("・").join(labels)}


def shared_values(facet: str, filters: dict, src_filters: dict) -> list:
    """The values of ``facet`` that a candidate shares with the source page."""
    theirs = _as_list(src_filters.get(facet))
    return [v for v in _as_list(filters.get(facet)) if v in theirs]


def score_candidates(
    rows: list[tuple], boosts: dict[str, float], weights: SimilarWeights = WEIGHTS
) -> list[tuple[float, tuple, list[str]]]:
    """(score, row, shared boosted facets) of each candidate row (page id, document
    similarity, whole-page similarity, key-term score, ..., filters, labels, source filters),
    best first: each signal scaled to 0..1 between the lowest and highest candidate (a
    missing vector scores as the lowest), weighted, plus the boosts of the shared facets."""

    def scaled(values: list) -> list[float]:
        present = [v for v in values if v is not None]
        if not present:
            return [0.0] * len(values)
        low, high = min(present), max(present)
        spread = high - low
        return [0.0 if v is None else ((v - low) / spread if spread > 0 else 1.0) for v in values]

    heads = scaled([None if r[1] is None else float(r[1]) for r in rows])
    wholes = scaled([None if r[2] is None else float(r[2]) for r in rows])
    top_terms = max((float(r[3] or 0) for r in rows), default=0.0)
    out = []
    for row, head, whole in zip(rows, heads, wholes, strict=True):
        terms = float(row[3] or 0) / top_terms if top_terms > 0 else 0.0
        filters = json_value(row[7]) or {}
        src_filters = json_value(row[9]) or {}
        shared = [f for f in boosts if shared_values(f, filters, src_filters)]
        score = weights.head * head + weights.whole * whole + weights.terms * terms
        score += sum(boosts[f] for f in shared)
        out.append((score, row, shared))
    out.sort(key=lambda item: (-item[0], item[1][0]))
    return out


def _read_filters(rows: list[tuple]) -> list[tuple]:
    """The candidate rows with their filters and the source page's filters read from JSON
    once: the scoring and the grouping both read them, and the source's, the same in every
    row, would otherwise be read again for each candidate."""
    sources: dict = {}
    out = []
    for row in rows:
        raw = row[9]
        key = raw if isinstance(raw, (str, bytes)) else id(raw)
        if key not in sources:
            sources[key] = json_value(raw) or {}
        out.append((*row[:7], json_value(row[7]) or {}, row[8], sources[key]))
    return out


def _similar_pages(
    page_id: int,
    model: str,
    split: registry.SimilarSplit,
    value,
    other_limit: int,
    same_limit: int,
    documents: int,
    weights: SimilarWeights = WEIGHTS,
    shown: frozenset = frozenset(),
) -> dict:
    # each page skipped widens the lists it could have taken a place in
    extra = len(shown)
    params = {
        "page": page_id,
        "model": model,
        "documents": float(max(documents, 1)),
        # literals in the statement, so that PostgreSQL picks that value's own HNSW index
        # (a prefecture's: search/migrations/0007)
        "split_key": split.facet or "",
        "split": None if value is None or not split.facet else str(value),
        "targets": tuple(split.targets),
        "same_scan": SAME_SCAN_FACTOR * max(same_limit, 1) + 1 + extra,
        "whole_scan": max(WHOLE_SCAN, other_limit + 4 + extra),
        "key_terms": KEY_TERMS,
        "term_postings": TERM_POSTINGS,
        "term_scan": max(SCAN, other_limit + 4 + extra),
    }
    with connection.cursor() as cur:
        rows = _read_filters(_execute_prepared(cur, params))
        if connection.in_atomic_block:  # SET LOCAL lasts until the end of the transaction
            set_hnsw_session(connection=connection)
    others, same = [], []
    reasons = set(split.shared.values())
    urls = PageUrls()
    for score, row, shared in score_candidates(rows, split.boosts, weights):
        pid, _, _, _, title, url_path, page_type, filters, labels, src_filters = row
        if pid in shown:
            continue
        src_value = src_filters.get(split.facet) if split.facet else None
        is_same = src_value is not None and filters.get(split.facet) == src_value
        bucket, limit = (same, same_limit) if is_same else (others, other_limit)
        needs_reason = reasons and (is_same or split.always_shared)
        if len(bucket) >= limit or (needs_reason and not reasons.intersection(shared)):
            # the own split's list is drawn from few pages, so it is always full: a page there
            # is shown only with a shared value to name (a theme or a tool, not the size alone),
            # when the type names any (and everywhere with ``always_shared``)
            continue
        labels = localized_labels(json_value(labels) or {})
        item = {
            **result_item(pid, title, url_path, page_type, labels, score, "", urls),
            split.same_key: is_same,
            "shared_facets": shared,
        }
        for out_key, facet in split.shared.items():
            names = labels.get(facet, {})
            names = names if isinstance(names, dict) else {}
            item[out_key] = [names.get(v, v) for v in shared_values(facet, filters, src_filters)]
        bucket.append(item)
        if len(others) >= other_limit and len(same) >= same_limit:
            break
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

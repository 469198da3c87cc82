"""Keyword ranking: BM25 over the query's SudachiPy tokens, in one statement (the GIN-indexed
``tsvector`` selects the pages, ``search_posting`` gives the term frequencies and
``search_searchterm`` the page counts)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from search import caches
from search.db import VISIBLE_SQL
from search.filters import Filters
from search.query import CANDIDATES, Query

KEYWORD_BUDGET = 500
"""At most this many pages are ranked for a keyword query (see :func:`candidate_terms`)."""


def term_documents(terms: Sequence[str]) -> dict[str, int]:
    """How many indexed pages contain each term (terms in no page are left out)."""
    return _term_documents(terms)[0]


def _term_documents(terms: Sequence[str]) -> tuple[dict[str, int], int]:
    """The term counts and the ``search_index_version`` they were read at, in one query."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT term, documents FROM search_searchterm WHERE term = ANY(%s) "
            "UNION ALL SELECT NULL, last_value FROM search_index_version",
            [list(terms)],
        )
        rows = cur.fetchall()
    version = next(n for term, n in rows if term is None)
    return {term: n for term, n in rows if term is not None}, version


@dataclass(frozen=True)
class CorpusStats:
    """What BM25 needs to know of the whole keyword index."""

    documents: int
    avg_length: float


def corpus_stats(version: int | None = None) -> CorpusStats:
    """Number of indexed pages and their mean length in tokens, recomputed (one aggregate over
    the keyword rows) only when the search tables have changed since the last call
    (``search_index_version``, read here unless given; :data:`search.caches.corpus`)."""
    with connection.cursor() as cur:
        if version is None:
            cur.execute("SELECT last_value FROM search_index_version")
            version = cur.fetchone()[0]
        cached = caches.corpus.get(version)
        if cached is not None:
            return cached
        cur.execute("SELECT count(*), coalesce(avg(length), 0) FROM search_pagesearchtext")
        documents, avg_length = cur.fetchone()
    stats = CorpusStats(int(documents), float(avg_length))
    caches.corpus.put(version, stats)
    return stats


def candidate_terms(
    df: dict[str, int], budget: int | None = None, documents: int | None = None
) -> tuple[list[str], str]:
    """Which terms select the pages to rank, and how (``"any"`` or ``"all"``).

    The rarest terms are taken while the pages containing them add up to at most ``budget``:
    ranking is then exact over every page that has one of the words that tell pages apart.
    When every term is common (each in more than ``budget`` pages), the pages that contain the
    two rarest together are ranked instead (at most ``budget`` of them). When the pages holding
    any term add up to at most ``budget``, or the index has at most ``budget`` ``documents``,
    every matching page is ranked."""
    budget = KEYWORD_BUDGET if budget is None else budget
    by_rarity = sorted(df, key=lambda term: (df[term], term))
    if sum(df.values()) <= budget or (documents is not None and documents <= budget):
        return by_rarity, "any"
    chosen, total = [], 0
    for term in by_rarity:
        if total + df[term] > budget:
            break
        chosen.append(term)
        total += df[term]
    if chosen:
        return chosen, "any"
    return by_rarity[:2], "all"


@dataclass(frozen=True)
class BM25:
    """Okapi BM25 over SudachiPy tokens. A term's frequency in a page is
    ``head_weight x (occurrences in title and summary) + (occurrences in the whole text)``,
    normalised by the page's length; ``k1`` and ``b`` as usual. Chosen with
    ``manage.py evaluate_search`` (docs/PERFORMANCE.md)."""

    k1: float = 1.2
    b: float = 0.75
    head_weight: float = 1.0

    def idf(self, df: int, documents: int) -> float:
        documents = max(documents, df)
        return math.log(1.0 + (documents - df + 0.5) / (df + 0.5))


RANKING = BM25()


FIRST_SCORE_TERMS = 6
"""The first, cheaper score of the selected pages uses this many of the query's rarest terms."""

RERANK = 100
"""At most this many of the selected pages (the best by a first, cheaper score) are ranked
with exact BM25 from their postings."""

TERM_POSTINGS = 3000
"""Impact-ordered selection: the pages that weigh each query term most, this many per term on
average, shared out in proportion to the square of the terms' IDF (:func:`term_depths`)."""

IMPACT_RERANK = 200
"""Impact-ordered selection: this many of the selected pages are scored exactly."""

SELECTION = "rarest"
"""How the pages to rank are chosen when the index is larger than :data:`KEYWORD_BUDGET`
(and the query's pages add up to more) and no filter is set: ``"impact"`` (each term's best
postings by BM25 impact, on ``search_posting_term_impact``, :func:`term_depths` of them,
scored by the sum of IDF x impact) or ``"rarest"`` (the pages holding the rarest terms, at most
:data:`KEYWORD_BUDGET` in table order, scored on their title and summary, so that pages
matching in their body only tie at zero). ``"rarest"`` stays the default: at 100k pages
``"impact"`` finds 0.745 of the exhaustive top ten against 0.325 (0.81-0.90 against 0.40-0.50
on pages whose words go together by topic, ``bench/search.py --text topical``), but puts the
hybrid query's p95 at 21-37 ms against its 30 ms budget (docs/PERFORMANCE.md).
"""


def term_depths(idf: Sequence[float], per_term: int | None = None) -> list[int]:
    """How many of each term's postings (best impact first) the impact selection reads: a
    budget of ``per_term`` x the number of terms, shared in proportion to IDF squared. A common
    word's postings weigh little in any page's score, so its best few are enough; a rare word's
    (with fewer postings than its share) are read to the end. Against an even split, at 100k
    pages: more of the exhaustive top ten found on each query set, with fewer postings read
    (docs/PERFORMANCE.md)."""
    per_term = TERM_POSTINGS if per_term is None else per_term
    weights = [max(float(w), 0.0) ** 2 for w in idf]
    total = sum(weights)
    if total <= 0:
        return [max(1, int(per_term))] * len(weights)
    budget = per_term * len(weights)
    return [max(1, round(budget * w / total)) for w in weights]


def uses_impact_selection(df: dict[str, int], documents: int, filters: Filters | None) -> bool:
    """Whether :func:`keyword_ranking` selects its pages by impact: only when it could not
    rank every matching page (more than :data:`KEYWORD_BUDGET` of them, in an index of more
    pages than that), and unfiltered (a filter keeps the pages that match it, which a term's
    best postings overall need not include)."""
    if SELECTION != "impact" or filters:
        return False
    return sum(df.values()) > KEYWORD_BUDGET and documents > KEYWORD_BUDGET


def keyword_ranking(
    query: Query, filters: Filters | None = None, limit: int = CANDIDATES, bm25: BM25 = RANKING
) -> list[tuple[int, float]]:
    """(page_id, BM25 score) best first, over the visible pages selected by
    :func:`candidate_terms`; every query term counts in the score.

    In one statement: the selected pages (at most :data:`KEYWORD_BUDGET`) get a first score
    from their title-and-summary lexemes (``head_vector``: each term's ``ts_rank`` weighted by
    its IDF; a long page's whole vector, kept out of line, is not read again); the
    best :data:`RERANK` of them are scored exactly with BM25 from their postings. Below
    :data:`RERANK` selected pages (every index of up to a few hundred pages), every page is
    scored exactly. With :data:`SELECTION` ``"impact"``, beyond the budget and unfiltered
    (:func:`uses_impact_selection`), the selection is rank-aware instead: each term's pages of
    highest BM25 impact (:func:`term_depths` of them), first scored by the sum of IDF x impact
    (a page matching in its body only is scored, not tied at zero), the best
    :data:`IMPACT_RERANK` scored exactly. The pages to score exactly pass the visibility
    guard first (a materialised step: one page lookup each, not one per posting read)."""
    if not query.terms:
        return []
    df, version = _term_documents(query.terms)
    if not df:
        return []
    stats = corpus_stats(version)
    selecting, how = candidate_terms(df, documents=stats.documents)
    terms = list(df)
    idf = [bm25.idf(df[term], stats.documents) for term in terms]
    where, params = (filters or Filters()).sql("t")
    # the first score weighs the query's most telling words only (the highest IDF)
    first = sorted(zip(idf, terms, strict=True), reverse=True)[:FIRST_SCORE_TERMS]
    first_score = " + ".join(
        ["%s::float8 * ts_rank(t.head_vector, to_tsquery('simple', %s))"] * len(first)
    )
    joiner = " | " if how == "any" else " & "
    if uses_impact_selection(df, stats.documents, filters):
        # rank-aware: every term's best postings by impact, then the best sums of IDF x impact
        head = f"""
        WITH selected AS (
            SELECT x.page_id, sum(q.idf * x.impact) AS first_score
            FROM unnest(%s::text[], %s::float8[], %s::int[]) AS q(term, idf, depth)
            CROSS JOIN LATERAL (
                SELECT s.page_id, s.impact FROM search_posting s
                WHERE s.term = q.term
                ORDER BY s.impact DESC
                LIMIT q.depth
            ) x
            GROUP BY x.page_id
        ),
        best AS MATERIALIZED (
            SELECT b.page_id, t.length
            FROM (SELECT page_id, first_score FROM selected
                  ORDER BY first_score DESC, page_id LIMIT {int(IMPACT_RERANK)}) b
            JOIN search_pagesearchtext t ON t.page_id = b.page_id
            JOIN wagtailcore_page p ON p.id = b.page_id
            WHERE {VISIBLE_SQL}
        )"""
        args = [terms, idf, term_depths(idf)]
    else:
        head = f"""
        WITH selected AS (
            SELECT t.page_id, t.length, {first_score} AS first_score
            FROM search_pagesearchtext t
            WHERE t.search_vector @@ to_tsquery('simple', %s) AND {where}
            LIMIT {int(KEYWORD_BUDGET)}
        ),
        best AS MATERIALIZED (
            SELECT b.page_id, b.length
            FROM (SELECT page_id, length FROM selected ORDER BY first_score DESC, page_id
                  LIMIT {int(RERANK)}) b
            JOIN wagtailcore_page p ON p.id = b.page_id
            WHERE {VISIBLE_SQL}
        )"""
        args = [x for weight, term in first for x in (weight, term)]
        args += [joiner.join(selecting), *params]
    sql = f"""{head}
        SELECT best.page_id,
               sum(q.idf * x.tf * (%s::float8 + 1) / (x.tf + %s::float8)) AS score
        FROM best
        CROSS JOIN LATERAL (
            -- each page's postings by the primary key (OFFSET 0 keeps this a per-page
            -- lookup: flattened into a join, it could be planned as a scan of every posting
            -- of the terms on search_posting_term_impact; docs/PERFORMANCE.md)
            SELECT s.term, s.head_tf, s.body_tf FROM search_posting s
            WHERE s.page_id = best.page_id AND s.term = ANY(%s)
            OFFSET 0
        ) s
        JOIN unnest(%s::text[], %s::float8[]) AS q(term, idf) ON q.term = s.term
        CROSS JOIN LATERAL (
            SELECT (%s::float8 * s.head_tf + s.body_tf)
                   / (1 - %s::float8 + %s::float8 * best.length / %s::float8) AS tf
        ) x
        GROUP BY best.page_id
        ORDER BY score DESC, best.page_id
        LIMIT {int(limit)}
    """
    args += [
        bm25.k1,
        bm25.k1,
        terms,
        terms,
        idf,
        bm25.head_weight,
        bm25.b,
        bm25.b,
        max(stats.avg_length, 1.0),
    ]
    with connection.cursor() as cur:
        # Not prepared: planned for its terms, it runs faster than a generic plan by more than
        # its planning costs (at 100k pages, hybrid p50 17.4 against 19.4 ms, interleaved).
        cur.execute(KEYWORD_SETTINGS_SQL + sql, args)
        ranked = [(pid, float(score)) for pid, score in cur.fetchall()]
        if connection.in_atomic_block:  # SET LOCAL lasts until the end of the transaction
            cur.execute("SET LOCAL enable_seqscan TO DEFAULT")
        return ranked


KEYWORD_SETTINGS_SQL = "SET LOCAL enable_seqscan = off; "
"""Sent with the keyword statement, for it alone. When most pages contain the query's words,
PostgreSQL would read the table in order and test each page's tsvector, which for a long page
is kept out of line and fetched for the test (at 10k pages of 1,600 words: 8 ms of a 13 ms
statement); the GIN index answers the same test without reading the vectors (3 ms)."""

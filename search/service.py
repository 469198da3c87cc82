"""Hybrid search over every indexed page type: Japanese keyword ranking in PostgreSQL,
semantic ranking with pgvector, combined by a weighted sum of their scaled scores.

* Keyword: the query's SudachiPy tokens (the same tokens as the documents, so kana/kanji and
  spelling variants match) select pages through the GIN-indexed ``tsvector`` and are ranked
  with BM25 (:class:`BM25`) from the pages' term frequencies (``search_posting``) and the
  terms' page counts (``search_searchterm``).
* Semantic: the query is embedded with the serving model (an English query also with the
  glossary's Japanese words) and compared with every chunk on the HNSW index (cosine); a page
  scores 0.5 x its best chunk + 0.5 x its document vector.
* Hybrid: ``0.5 x keyword + 0.5 x semantic``, each scaled to 0..1 (:data:`FUSION`), chosen
  with ``manage.py evaluate_search`` on the labelled sets in ``tests/data/``
  (docs/PERFORMANCE.md).
* Filters are applied in SQL; only live pages without a view restriction (on the page or an
  ancestor) are returned, checked in the query as well as at indexing time.

Results are plain dicts: ``{id, title, url, type, municipality, prefecture, score, snippet}``.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import DatabaseError, connection
from wagtail.models import Site

from search import glossary, prepared
from search import text as jtext
from search.embedding import EmbeddingBackend, get_backend
from search.indexing import vector_literal

logger = logging.getLogger(__name__)

MODES = ("hybrid", "keyword", "semantic")
CANDIDATES = 100
"""How many pages each ranking contributes to the fusion."""

ANN_CHUNKS = 50
"""How many nearest chunks the HNSW scan returns before grouping them by page."""

EF_SEARCH = 40

_EMBEDDER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search-embed")

KEYWORD_BUDGET = 500
"""At most this many pages are ranked for a keyword query (see :func:`candidate_terms`)."""


@dataclass(frozen=True)
class Fusion:
    """How keyword and semantic rankings are combined.

    ``method="convex"``: each page scores ``(1 - w) x keyword + w x semantic``, where the keyword
    score is ``ts_rank`` divided by the best one and the semantic score is the similarity scaled
    to 0..1 between the lowest and highest candidate (a page missing from one ranking gets 0
    there). ``method="rrf"``: weighted reciprocal-rank fusion,
    ``1 / (k + rank_kw) + w / (k + rank_sem)``."""

    method: str = "convex"
    semantic_weight: float = 0.5
    k: float = 60.0
    # Semantic-only hits below this cosine similarity are dropped (noise for unrelated queries).
    min_similarity: float = 0.2


FUSION = Fusion()


# ---------------------------------------------------------------------------
# filters
# ---------------------------------------------------------------------------


@dataclass
class Filters:
    """Facet values; several values of one facet are OR-ed, facets are AND-ed."""

    prefecture: list[int] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    tool: list[str] = field(default_factory=list)
    population: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    page_type: list[str] = field(default_factory=list)

    JSON_FACETS = ("prefecture", "region", "theme", "tool", "population", "status")
    LIST_FACETS = ("theme", "tool")

    @classmethod
    def from_mapping(cls, data) -> Filters:
        """From a dict or QueryDict; unknown keys ignored, values as given (strings ok)."""
        out = cls()
        getlist = getattr(data, "getlist", None)
        for name in (*cls.JSON_FACETS, "page_type"):
            if getlist is not None:
                values = getlist(name)
            else:
                values = data.get(name) or []
                if not isinstance(values, (list, tuple)):
                    values = [values]
            cleaned = []
            for v in values:
                if v is None or v == "":
                    continue
                if name == "prefecture":
                    try:
                        v = int(v)
                    except (TypeError, ValueError):
                        continue
                else:
                    v = str(v)[:100]
                    if name == "tool":
                        v = v.casefold()
                cleaned.append(v)
            setattr(out, name, cleaned)
        return out

    def __bool__(self) -> bool:
        return any(getattr(self, n) for n in (*self.JSON_FACETS, "page_type"))

    def sql(self, alias: str = "t", vectors: bool = False) -> tuple[str, list]:
        """A WHERE fragment (``TRUE`` when empty) on a table alias with ``filters`` and
        ``page_type`` columns: search_pagesearchtext (containment, which its GIN index
        answers) or, with ``vectors``, search_pageembedding (the prefecture as the expression
        of its per-prefecture HNSW indexes)."""
        clauses: list[str] = []
        params: list = []
        for name in self.JSON_FACETS:
            values = getattr(self, name)
            if not values:
                continue
            ors = []
            for v in values[:50]:
                if name == "prefecture" and vectors:
                    # the expression of the per-prefecture HNSW indexes (search/migrations/0007):
                    # a semantic search within one prefecture scans that prefecture's own index
                    ors.append(f"({alias}.filters ->> 'prefecture') = %s")
                    params.append(str(int(v)))
                    continue
                value = [v] if name in self.LIST_FACETS else v
                ors.append(f"{alias}.filters @> %s::jsonb")
                params.append(json.dumps({name: value}, ensure_ascii=False))
            clauses.append("(" + " OR ".join(ors) + ")")
        if self.page_type:
            clauses.append(f"{alias}.page_type = ANY(%s)")
            params.append(list(self.page_type[:20]))
        return (" AND ".join(clauses) or "TRUE"), params


VISIBLE_SQL = """
    p.live AND NOT p.expired AND NOT (p.path LIKE ANY (ARRAY(
        SELECT rp.path || '%%' FROM wagtailcore_pageviewrestriction r
        JOIN wagtailcore_page rp ON rp.id = r.page_id
    )))
"""
"""Second guard: live, not expired, and no view restriction on the page or an ancestor. The
restricted paths are read once per statement (an uncorrelated subquery), whatever the plan."""


# ---------------------------------------------------------------------------
# serving model
# ---------------------------------------------------------------------------

_coverage_lock = threading.Lock()
_coverage: dict = {"at": 0.0, "counts": {}}
COVERAGE_TTL = 60.0


def model_coverage(refresh: bool = False) -> dict[str, int]:
    """Pages with a document vector, per model name (cached per process for a minute)."""
    with _coverage_lock:
        if refresh or time.monotonic() - _coverage["at"] > COVERAGE_TTL:
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT model, count(*) FROM search_pageembedding WHERE chunk = 0 "
                    "GROUP BY model"
                )
                _coverage["counts"] = dict(cur.fetchall())
            _coverage["at"] = time.monotonic()
        return dict(_coverage["counts"])


def reset_coverage() -> None:
    with _coverage_lock:
        _coverage["at"] = 0.0


def serving_backend() -> EmbeddingBackend:
    """The backend whose vectors answer queries: the ``default`` one, unless it covers fewer
    pages than another configured backend (a model switch whose rebuild is still running:
    the old vectors keep serving until the new ones are complete)."""
    default = get_backend()
    aliases = list(getattr(settings, "SEARCH_EMBEDDING_BACKENDS", {}) or {})
    if len(aliases) <= 1:
        return default
    counts = model_coverage()
    best, best_count = default, counts.get(default.name, 0)
    for alias in aliases:
        if alias == "default":
            continue
        try:
            other = get_backend(alias)
        except Exception:  # a misconfigured spare backend must not break search
            logger.exception("search: backend %r unavailable", alias)
            continue
        if counts.get(other.name, 0) > best_count:
            best, best_count = other, counts[other.name]
    return best


# ---------------------------------------------------------------------------
# rankings
# ---------------------------------------------------------------------------


TRANSLATION_WEIGHT = 0.5
"""Weight of the glossary's Japanese words in the query vector of an English query."""


@dataclass
class Query:
    text: str
    terms: list[str]
    _vector: np.ndarray | None = None
    backend: EmbeddingBackend | None = None
    japanese: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, raw: str | None) -> Query:
        """The cleaned query and its keyword terms: its own tokens, then the tokens of the
        Japanese words for its English words (``search.glossary``)."""
        q = jtext.clean_query(raw)
        terms = [t for t in jtext.to_tsquery_terms(q) if t not in glossary.STOPWORDS]
        japanese = glossary.japanese_terms(q)
        if japanese:
            # Japanese words first, so that a long English query keeps its translations
            # within MAX_QUERY_TERMS; Latin words (tool names: kintone, ChatGPT) follow.
            extra = jtext.to_tsquery_terms(" ".join(japanese))
            latin = [t for t in terms if t.isascii()]
            native = [t for t in terms if not t.isascii()]
            terms = list(dict.fromkeys(native + extra + latin))[: jtext.MAX_QUERY_TERMS]
        return cls(text=q, terms=terms, japanese=japanese)

    def vector(self) -> np.ndarray:
        """The query's embedding. With glossary words (an English query), the embedding of
        those Japanese words is added with :data:`TRANSLATION_WEIGHT`: the multilingual model
        places a Japanese case nearer to Japanese words than to their English equivalents.
        Recent query vectors are kept per process (the next page of the same search, the same
        question asked again)."""
        if self._vector is None:
            self.backend = self.backend or serving_backend()
            key = (self.backend.name, self.text, tuple(self.japanese))
            with _vectors_lock:
                cached = _vectors.get(key)
                if cached is not None:
                    _vectors.move_to_end(key)
            if cached is None:
                cached = self._embed()
                with _vectors_lock:
                    _vectors[key] = cached
                    while len(_vectors) > QUERY_VECTOR_CACHE:
                        _vectors.popitem(last=False)
            self._vector = cached
        return self._vector

    def _embed(self) -> np.ndarray:
        if not self.japanese:
            return self.backend.embed_query(self.text)
        own, translated = self.backend.embed_queries([self.text, " ".join(self.japanese)])
        vec = own + TRANSLATION_WEIGHT * translated
        norm = float(np.linalg.norm(vec))
        return (vec / norm if norm > 0 else own).astype(np.float32)


QUERY_VECTOR_CACHE = 256
_vectors: OrderedDict[tuple, np.ndarray] = OrderedDict()
_vectors_lock = threading.Lock()


def clear_query_vectors() -> None:
    """Forget the cached query vectors (benchmarks measure queries embedded afresh)."""
    with _vectors_lock:
        _vectors.clear()


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


_stats_lock = threading.Lock()
_stats: dict = {"version": None, "stats": CorpusStats(0, 0.0)}


def corpus_stats(version: int | None = None) -> CorpusStats:
    """Number of indexed pages and their mean length in tokens, recomputed (one aggregate over
    the keyword rows) only when the search tables have changed since the last call
    (``search_index_version``, read here unless given)."""
    with connection.cursor() as cur:
        if version is None:
            cur.execute("SELECT last_value FROM search_index_version")
            version = cur.fetchone()[0]
        with _stats_lock:
            if _stats["version"] == version:
                return _stats["stats"]
        cur.execute("SELECT count(*), coalesce(avg(length), 0) FROM search_pagesearchtext")
        documents, avg_length = cur.fetchone()
    stats = CorpusStats(int(documents), float(avg_length))
    with _stats_lock:
        _stats.update(version=version, stats=stats)
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
    scored exactly."""
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
    sql = f"""
        WITH selected AS (
            SELECT t.page_id, t.length, {first_score} AS first_score
            FROM search_pagesearchtext t
            WHERE t.search_vector @@ to_tsquery('simple', %s) AND {where}
            LIMIT {int(KEYWORD_BUDGET)}
        ),
        best AS (
            SELECT page_id, length FROM selected ORDER BY first_score DESC, page_id
            LIMIT {int(RERANK)}
        )
        SELECT best.page_id,
               sum(q.idf * x.tf * (%s::float8 + 1) / (x.tf + %s::float8)) AS score
        FROM best
        JOIN wagtailcore_page p ON p.id = best.page_id
        JOIN search_posting s ON s.page_id = best.page_id AND s.term = ANY(%s)
        JOIN unnest(%s::text[], %s::float8[]) AS q(term, idf) ON q.term = s.term
        CROSS JOIN LATERAL (
            SELECT (%s::float8 * s.head_tf + s.body_tf)
                   / (1 - %s::float8 + %s::float8 * best.length / %s::float8) AS tf
        ) x
        WHERE {VISIBLE_SQL}
        GROUP BY best.page_id
        ORDER BY score DESC, best.page_id
        LIMIT {int(limit)}
    """
    joiner = " | " if how == "any" else " & "
    args = [x for weight, term in first for x in (weight, term)]
    args += [
        joiner.join(selecting),
        *params,
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


HNSW_SETTINGS_SQL = (
    "SELECT set_config('hnsw.ef_search', %s, false), "
    "set_config('hnsw.iterative_scan', 'relaxed_order', false), "
    "set_config('plan_cache_mode', 'force_generic_plan', false)"
)


def set_hnsw_session(sender=None, connection=None, **kwargs) -> None:
    """pgvector's search settings for a new database connection (``connection_created``):
    ``ef_search`` = :data:`EF_SEARCH` and iterative scans, so that a filtered HNSW scan keeps
    going until it has enough rows; and generic plans for prepared statements, which only the
    search statements use (``search.prepared``). Set once per connection, not per query."""
    if connection is None or connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute(HNSW_SETTINGS_SQL, [str(EF_SEARCH)])


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
               0.5 * max(d.similarity)
               + 0.5 * coalesce(max(d.similarity) FILTER (WHERE d.chunk = 0), max(d.similarity))
                 AS similarity
        FROM (
            SELECT c.page_id, c.chunk, 1 - (c.embedding <=> (SELECT v FROM q)) AS similarity
            FROM search_pageembedding c JOIN visible v ON v.page_id = c.page_id
            WHERE c.model = %s
        ) d
        GROUP BY d.page_id
        ORDER BY similarity DESC, d.page_id
        LIMIT {int(limit)}
    """
    with connection.cursor() as cur:
        prepared.execute(
            cur, sql, [vector_literal(vec), model, *params, model], prepare=not filters
        )
        return [(pid, float(sim)) for pid, sim in cur.fetchall()]


def fuse(
    keyword: Sequence[tuple[int, float]],
    semantic: Sequence[tuple[int, float]],
    fusion: Fusion = FUSION,
) -> list[tuple[int, float]]:
    """One ranking from both (see :class:`Fusion`); semantic-only hits under
    ``min_similarity`` are dropped."""
    kw_ids = {pid for pid, _ in keyword}
    semantic = [
        (pid, sim) for pid, sim in semantic if pid in kw_ids or sim >= fusion.min_similarity
    ]
    w = fusion.semantic_weight
    scores: dict[int, float] = {}
    if fusion.method == "rrf":
        for rank, (pid, _) in enumerate(keyword, start=1):
            scores[pid] = scores.get(pid, 0.0) + 1.0 / (fusion.k + rank)
        for rank, (pid, _) in enumerate(semantic, start=1):
            scores[pid] = scores.get(pid, 0.0) + w / (fusion.k + rank)
    else:
        top = max((score for _, score in keyword), default=0.0)
        for pid, score in keyword:
            scores[pid] = (1 - w) * (score / top if top > 0 else 0.0)
        if semantic:
            high = max(sim for _, sim in semantic)
            low = min(sim for _, sim in semantic)
            spread = high - low
            for pid, sim in semantic:
                scaled = (sim - low) / spread if spread > 0 else 1.0
                scores[pid] = scores.get(pid, 0.0) + w * scaled
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def semantic_on_worker() -> bool:
    """Whether the semantic statement may run on the worker thread's own connection: only
    outside a transaction, and only on PostgreSQL."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _worker_semantic(query: Query, filters: Filters | None, candidates: int):
    """Runs on a worker thread, with that thread's own database connection (kept open for
    the next query; closed after a database error so that the next query reconnects)."""
    try:
        return semantic_ranking(query, filters, candidates)
    except DatabaseError:
        connection.close()
        raise


def rank(
    raw_query: str | None,
    *,
    mode: str = "hybrid",
    filters: Filters | None = None,
    fusion: Fusion = FUSION,
    candidates: int = CANDIDATES,
) -> tuple[Query, list[tuple[int, float]]]:
    """The ranked (page_id, score) list for a query, visible pages only (both rankings check
    :data:`VISIBLE_SQL` in their statements)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    query = Query.parse(raw_query)
    if not query.text:
        return query, []
    if mode == "keyword":
        ranked = keyword_ranking(query, filters, candidates)
    elif mode == "semantic":
        ranked = [
            (pid, sim)
            for pid, sim in semantic_ranking(query, filters, candidates)
            if sim >= fusion.min_similarity
        ]
    else:
        # The semantic side runs on a worker thread while the keyword statement runs here:
        # the worker embeds the query and, outside a transaction, sends the semantic statement
        # on its own database connection, so both statements run at once on two cores.
        # Inside a transaction (whose uncommitted rows another connection cannot see) the
        # worker only embeds, and the semantic statement follows the keyword one here.
        together = semantic_on_worker()
        job = None
        try:
            query.backend = query.backend or serving_backend()
            if together:
                job = _EMBEDDER.submit(_worker_semantic, query, filters, candidates)
            else:
                job = _EMBEDDER.submit(query.vector)
        except Exception:
            logger.exception("search: could not start the semantic ranking")
        kw = keyword_ranking(query, filters, candidates)
        try:
            if together and job is not None:
                sem = job.result()
            else:
                if job is not None:
                    job.result()
                sem = semantic_ranking(query, filters, candidates)
        except Exception:  # the embedder is down: keyword results are still an answer
            logger.exception("search: semantic ranking failed; keyword results only")
            sem = []
        ranked = fuse(kw, sem, fusion)
    return query, ranked


# ---------------------------------------------------------------------------
# presenting results
# ---------------------------------------------------------------------------


def json_value(value):
    """A jsonb column from a raw cursor (Django's PostgreSQL backend leaves it as text)."""
    if isinstance(value, (str, bytes, bytearray)):
        return json.loads(value)
    return value


def page_url(url_path: str) -> str | None:
    """A page's URL from its url_path, like ``Page.get_url`` (relative for a single site)."""
    roots = Site.get_site_root_paths()
    for root in roots:
        if url_path.startswith(root.root_path):
            rel = "/" + url_path[len(root.root_path) :]
            if len(roots) == 1:
                return rel
            return root.root_url.rstrip("/") + rel
    return None


def result_item(pid, title, url_path, page_type, labels, score, snippet) -> dict:
    """One result as the page, the JSON endpoint and the commands give it."""
    return {
        "id": pid,
        "title": title,
        "url": page_url(url_path),
        "type": type_slug(page_type),
        "municipality": labels.get("municipality", ""),
        "prefecture": labels.get("prefecture", ""),
        "score": round(float(score), 6),
        "snippet": snippet,
    }


def type_slug(page_type: str) -> str:
    """``cases.casepage`` -> ``case``, ``diary.diaryentrypage`` -> ``diaryentry``."""
    model = page_type.rsplit(".", 1)[-1]
    return model[: -len("page")] if model.endswith("page") and len(model) > 4 else model


def present(
    ranked: Sequence[tuple[int, float]], terms: Sequence[str], *, snippet_chars: int = 160
) -> list[dict]:
    """Result objects for ``ranked`` (in that order), in one query."""
    ids = [pid for pid, _ in ranked]
    if not ids:
        return []
    with connection.cursor() as cur:
        prepared.execute(
            cur,
            f"""
            SELECT p.id, p.title, p.url_path, t.page_type, t.labels, t.text
            FROM search_pagesearchtext t JOIN wagtailcore_page p ON p.id = t.page_id
            WHERE t.page_id = ANY(%s::integer[]) AND {VISIBLE_SQL}
            """,
            [ids],
        )
        rows = {row[0]: row for row in cur.fetchall()}
    out = []
    for pid, score in ranked:
        row = rows.get(pid)
        if row is None:
            continue
        _, title, url_path, page_type, labels, body = row
        labels = json_value(labels) or {}
        out.append(
            result_item(
                pid,
                title,
                url_path,
                page_type,
                labels,
                score,
                jtext.highlight(body, list(terms), snippet_chars),
            )
        )
    return out


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

"""Search benchmark: synthetic realistic cases at 10k and 100k pages.

    .venv/bin/python bench/search.py [--sizes 10000,100000] [--queries 100] [--body-tokens 160]

Runs in its own throwaway database (``dxforum_bench`` on the embedded server, or
``--database``), never the development database: it is dropped and created, migrated, and
filled directly with pages, keyword rows and vectors (2 chunks per page: the document vector
and one body chunk). Document text is sampled from the token distribution of the demo cases
(``--text topical``: each page mostly in the words of one demo case, its vectors from that
case's sentences); vectors are mixtures of real USE vectors of case sentences plus noise, so they cluster like real
ones (uniform random vectors would be the HNSW worst case and unrealistic).

Prints: index build time and size, EXPLAIN of the semantic and similar-cases queries (HNSW
index in use), server-side latency p50/p95 of hybrid and semantic search (the search service,
query embedding included, top 10 presented) and of similar cases, and USE throughput on one core.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "dxforum_bench"
PREFECTURE_INDEXES = importlib.import_module("search.migrations.0007_prefecture_doc_indexes")
TABLES = (
    "search_pageembedding",
    "search_pagevector",
    "search_pagesearchtext",
    "search_searchterm",
    "search_posting",
)
INDEXES = {
    "search_embedding_hnsw": (
        "CREATE INDEX search_embedding_hnsw ON search_pageembedding "
        "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
    ),
    "search_embedding_doc_hnsw": (
        "CREATE INDEX search_embedding_doc_hnsw ON search_pageembedding "
        "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64) "
        "WHERE chunk = 0"
    ),
    "search_embedding_filters_gin": (
        "CREATE INDEX search_embedding_filters_gin ON search_pageembedding "
        "USING gin (filters jsonb_path_ops) WHERE chunk = 0"
    ),
    "search_text_vector_gin": (
        "CREATE INDEX search_text_vector_gin ON search_pagesearchtext USING gin (search_vector)"
    ),
    "search_text_filters_gin": (
        "CREATE INDEX search_text_filters_gin ON search_pagesearchtext "
        "USING gin (filters jsonb_path_ops)"
    ),
    "search_pagevector_hnsw": (
        "CREATE INDEX search_pagevector_hnsw ON search_pagevector "
        "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
    ),
    "search_posting_term_impact": (
        "CREATE INDEX search_posting_term_impact ON search_posting (term, impact DESC) "
        "INCLUDE (page_id)"
    ),
}
PAGE_VECTORS_ALL_SQL = """
    INSERT INTO search_pagevector (page_id, model, content_hash, embedding, page_type, filters)
    SELECT e.page_id, e.model, md5(string_agg(e.content_hash, ',' ORDER BY e.chunk)),
           l2_normalize(avg(e.embedding)), min(e.page_type), (array_agg(e.filters))[1]
    FROM search_pageembedding e
    GROUP BY e.page_id, e.model
"""
"""Every page's whole-page vector at once (``search.writer.PAGE_VECTORS_SQL`` per batch)."""


def setup_django(database: str) -> None:
    os.environ["EMBEDDED_DB_NAME"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if "DATABASE_URL" in os.environ:
        raise SystemExit("bench/search.py uses the embedded server only (unset DATABASE_URL)")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no query log


def recreate_database(database: str, keep_existing: bool = False) -> None:
    """Drop and create the bench database (``keep_existing``: only create it when missing)."""
    import psycopg2

    from core import embedded_db

    server = embedded_db.ensure_server()
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=server.socket_dir)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        exists = cur.fetchone() is not None
        if exists and not keep_existing:
            cur.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        if not exists or not keep_existing:
            cur.execute(f'CREATE DATABASE "{database}"')
    conn.close()


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def ms(values) -> str:
    return f"p50 {pct(values, 50) * 1000:6.1f} ms   p95 {pct(values, 95) * 1000:6.1f} ms"


class Corpus:
    """Token distribution, sentences and their USE vectors from the demo cases."""

    def __init__(self, backend, rng: random.Random):
        from collections import Counter

        from search import text as jtext

        rows = json.loads((ROOT / "cases" / "demo_data" / "cases.json").read_text("utf-8"))
        counts: Counter = Counter()
        self.sentences: list[str] = []
        self.titles = [r["title"] for r in rows]
        # per case, for --text topical: its head and body tokens, and its sentences' numbers
        self.case_head: list[list[str]] = []
        self.case_body: list[list[str]] = []
        self.case_sentences: list[list[int]] = []
        for r in rows:
            body = f"{r['summary']}\n{r.get('body', '')}"
            tokens = jtext.tokenize(body)
            counts.update(tokens)
            sentences = jtext.split_sentences(body)
            first = len(self.sentences)
            self.case_sentences.append(list(range(first, first + len(sentences))) or [0])
            self.sentences += sentences
            self.case_head.append(jtext.tokenize(f"{r['title']}\n{r['summary']}") or tokens)
            self.case_body.append(tokens)
        self.tokens, self.weights = zip(*counts.most_common(), strict=True)
        started = time.perf_counter()
        self.vectors = backend.embed(self.sentences)
        self.embed_rate = len(self.sentences) / (time.perf_counter() - started)
        self.rng = rng
        self.body_tokens = 160
        self.themes = ["rpa", "ai-ocr", "online-application", "kakanai-madoguchi", "bosai-dx"]
        self.tools = ["kintone", "winactor", "logoform", "lgwan-chat", "graffer", "power automate"]
        self.bands = ["under-10k", "10k-50k", "50k-100k", "100k-300k", "300k-plus"]

    def tokens_sample(self, n: int) -> list[str]:
        return self.rng.choices(self.tokens, weights=self.weights, k=n)

    def topical_sample(self, n: int, pools: list[tuple[list[str], float]]) -> list[str]:
        """``n`` tokens, each from one of ``pools`` (tokens, share) or, for the share left,
        from the whole distribution: a page about a topic, in the words its cases use."""
        out = []
        for _ in range(n):
            x = self.rng.random()
            for pool, share in pools:
                if x < share:
                    out.append(self.rng.choice(pool))
                    break
                x -= share
            else:
                out.append(self.rng.choices(self.tokens, weights=self.weights, k=1)[0])
        return out

    def vector(self, np, base: list[int]):
        v = self.vectors[base].sum(axis=0)
        v = v + np.random.default_rng(self.rng.randrange(1 << 30)).normal(0, 0.02, v.shape)
        return v / np.linalg.norm(v)


TOPICAL_SHARES = (0.6, 0.15)
"""--text topical: the share of a page's tokens from its own case and from a second case (the
rest from the whole distribution)."""


def fill(size: int, corpus: Corpus, cur, parent, topical: bool = False) -> None:
    """``size`` synthetic case pages under ``parent``. Independent text (the default): every
    token drawn from the demo cases' distribution on its own. ``topical``: each page takes
    most of its words from one demo case and some from a second (:data:`TOPICAL_SHARES`), as
    real pages about a topic share their words, and its vectors from those cases' sentences."""
    import numpy as np

    from search.db import vector_literal

    cur.execute("SELECT id FROM wagtailcore_locale ORDER BY id LIMIT 1")
    locale_id = cur.fetchone()[0]
    cur.execute(
        "SELECT id FROM django_content_type WHERE app_label = 'cases' AND model = 'casepage'"
    )
    ct_id = cur.fetchone()[0]
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    batch = 2000
    n_sent = len(corpus.sentences)
    for start in range(0, size, batch):
        paths, titles, topics = [], [], []
        for i in range(start, min(size, start + batch)):
            step = ""
            x = i
            for _ in range(4):
                step = alphabet[x % 36] + step
                x //= 36
            paths.append(parent["path"] + step)
            if topical:
                own, other = (corpus.rng.randrange(len(corpus.titles)) for _ in range(2))
                topics.append((own, other))
                titles.append(f"{corpus.titles[own][:40]} #{i}")
            else:
                titles.append(f"{corpus.rng.choice(corpus.titles)[:40]} #{i}")
        cur.execute(
            """
            INSERT INTO wagtailcore_page (path, depth, numchild, title, draft_title, slug, live,
                has_unpublished_changes, url_path, seo_title, show_in_menus, search_description,
                expired, content_type_id, locked, translation_key, locale_id)
            SELECT u.path, %s, 0, u.title, u.title, 'b' || u.n, true, false,
                   %s || 'b' || u.n || '/', '', false, '', false, %s, false,
                   gen_random_uuid(), %s
            FROM unnest(%s::text[], %s::text[], %s::int[]) AS u(path, title, n)
            RETURNING id
            """,
            [
                parent["depth"] + 1,
                parent["url_path"],
                ct_id,
                locale_id,
                paths,
                titles,
                list(range(start, start + len(paths))),
            ],
        )
        ids = [row[0] for row in cur.fetchall()]
        text_rows, vec_rows = [], []
        for n, (pid, title) in enumerate(zip(ids, titles, strict=True)):
            if topical:
                own, other = topics[n]
                head = corpus.topical_sample(12, [(corpus.case_head[own], 0.8)])
                body = corpus.topical_sample(
                    corpus.body_tokens,
                    [
                        (corpus.case_body[own], TOPICAL_SHARES[0]),
                        (corpus.case_body[other], TOPICAL_SHARES[1]),
                    ],
                )
            else:
                head = corpus.tokens_sample(12)
                body = corpus.tokens_sample(corpus.body_tokens)
            pref = corpus.rng.randint(1, 47)
            filters = {
                "prefecture": pref,
                "theme": sorted(set(corpus.rng.sample(corpus.themes, corpus.rng.randint(1, 2)))),
                "tool": sorted(set(corpus.rng.sample(corpus.tools, corpus.rng.randint(0, 2)))),
                "population": corpus.rng.choice(corpus.bands),
                "status": corpus.rng.choice(["pilot", "production"]),
            }
            text_rows += [
                pid,
                ct_id,
                " ".join(head),
                " ".join(body),
                json.dumps(filters),
                json.dumps({"prefecture": f"県{pref}", "municipality": f"県{pref}市"}),
                title + "。" + "".join(body[:80]),
                len(body),
            ]
            if topical:
                topic = [corpus.rng.choice(corpus.case_sentences[own]) for _ in range(2)]
            else:
                topic = [corpus.rng.randrange(n_sent) for _ in range(2)]
            for chunk in (0, 1):
                if topical:
                    base = topic + [corpus.rng.choice(corpus.case_sentences[other])]
                else:
                    base = topic + [corpus.rng.randrange(n_sent)]
                vec_rows += [pid, chunk, vector_literal(corpus.vector(np, base))]
                vec_rows.append(json.dumps(filters))
        n = len(ids)
        cur.execute(
            "INSERT INTO search_pagesearchtext (page_id, content_type_id, page_type, search_vector,"
            " filters, labels, text, length, content_hash, updated_at) VALUES "
            + ", ".join(
                [
                    "(%s, %s, 'cases.casepage', setweight(to_tsvector('simple', %s), 'A') || "
                    "to_tsvector('simple', %s), %s::jsonb, %s::jsonb, %s, %s, '', now())"
                ]
                * n
            ),
            text_rows,
        )
        cur.execute(
            "INSERT INTO search_pageembedding (page_id, model, chunk, content_hash, embedding, "
            "page_type, filters) VALUES "
            + ", ".join(
                ["(%s, 'usem3-multilingual-v3', %s, '', %s::vector, 'cases.casepage', %s::jsonb)"]
                * (2 * n)
            ),
            vec_rows,
        )


def build(size: int, corpus: Corpus, parent, topical: bool = False) -> None:
    """Fill the bench database with ``size`` pages and build every search index."""
    from django.db import connection

    from search import indexing

    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE search_pageembedding, search_pagevector, search_pagesearchtext, "
            "search_searchterm, search_posting"
        )
        cur.execute(
            "DELETE FROM wagtailcore_page WHERE path LIKE %s AND depth > %s",
            [parent["path"] + "%", parent["depth"]],
        )
        for name in INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")
        cur.execute(PREFECTURE_INDEXES.drop_sql())
        cur.execute("ALTER TABLE search_posting DROP CONSTRAINT IF EXISTS search_posting_pkey")
        started = time.perf_counter()
        fill(size, corpus, cur, parent, topical)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        cur.execute(indexing.POSTINGS_ALL_SQL)  # every page at once
        cur.execute("ALTER TABLE search_posting ADD PRIMARY KEY (page_id, term)")
        postings_s = time.perf_counter() - started
        started = time.perf_counter()
        cur.execute(PAGE_VECTORS_ALL_SQL)
        page_vectors_s = time.perf_counter() - started
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        build = {}
        for name, sql in INDEXES.items():
            started = time.perf_counter()
            cur.execute(sql)
            build[name] = time.perf_counter() - started
        started = time.perf_counter()
        cur.execute(PREFECTURE_INDEXES.create_sql())
        build["search_embedding_doc_pref_01..47"] = time.perf_counter() - started
        cur.execute(
            "SELECT sum(pg_relation_size(indexrelid)) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'search_embedding_doc_pref_%'"
        )
        pref_size = cur.fetchone()[0]
        started = time.perf_counter()
        cur.execute("DELETE FROM search_searchterm")
        cur.execute(
            "INSERT INTO search_searchterm (term, documents) SELECT word, ndoc "
            "FROM ts_stat('SELECT search_vector FROM search_pagesearchtext')"
        )
        build["search_searchterm (recount)"] = time.perf_counter() - started
        build["search_posting (fill + primary key)"] = postings_s
        build["search_pagevector (fill: mean of chunks)"] = page_vectors_s
        cur.execute(
            "ANALYZE search_pageembedding, search_pagevector, search_pagesearchtext, "
            "search_searchterm, search_posting, wagtailcore_page, wagtailcore_pageviewrestriction"
        )
        sizes = {}
        for name in (*INDEXES, *TABLES):
            cur.execute("SELECT pg_table_size(%s)", [name])
            sizes[name] = cur.fetchone()[0]
        sizes["search_embedding_doc_pref_01..47"] = pref_size

    print(f"\n=== {size:,} pages ({2 * size:,} vectors) — loaded in {load_s:.1f} s")
    for name, seconds in build.items():
        size = f"size {sizes[name] / 2**20:7.1f} MB" if name in sizes else ""
        print(f"  index {name:<36} build {seconds:6.1f} s   {size}")
    for name in TABLES:
        print(f"  table {name:<28} size {sizes[name] / 2**20:7.1f} MB")


def bench_pages(parent) -> list[int]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT id FROM wagtailcore_page WHERE depth = %s", [parent["depth"] + 1])
        return [r[0] for r in cur.fetchall()]


def measure(
    size: int, n_queries: int, parent, seed: int = 7, warm: bool = True, only_similar: bool = False
) -> dict:
    """Latency of the search service on the filled bench database."""
    from django.db import connection

    from search import semantic, service, similar
    from search.evaluation import load

    page_ids = bench_pages(parent)
    print(f"\n--- {len(page_ids):,} pages: latency (server-side, top 10 presented)")
    if warm:
        # As on a server that has run a while: the search relations in shared buffers (a fresh
        # start, or another database's run, leaves them on disk; --cold measures that).
        from search.prewarm import prewarm

        started = time.perf_counter()
        read = prewarm()
        print(
            f"  prewarmed {sum(r.megabytes for r in read):,.0f} MB in {len(read)} relations "
            f"in {time.perf_counter() - started:.1f} s"
        )
    queries = [q["query"] for q in load()]
    queries += [q["query"] for q in load(ROOT / "tests" / "data" / "search_eval_heldout.json")]
    service.reset_coverage()
    backend = service.serving_backend()
    backend.load()
    # Warm-up with other queries (the third evaluation file): the database's working set is in
    # memory, as on a running server, but no timed query has been seen before.
    for q in load(ROOT / "tests" / "data" / "search_eval_third.json"):
        service.search(q["query"])
    rng = random.Random(seed)
    picked = [queries[i % len(queries)] for i in range(n_queries)]
    results = {}
    for mode in () if only_similar else ("hybrid", "semantic", "keyword"):
        times = []
        for q in picked:
            service.clear_query_vectors()  # every query embedded afresh
            started = time.perf_counter()
            service.search(q, mode=mode, limit=10)
            times.append(time.perf_counter() - started)
        results[mode] = times
        print(f"  {mode:<9} search  {ms(times)}")
    filtered = []
    for q in [] if only_similar else picked:
        filters = service.Filters.from_mapping({"prefecture": str(rng.randint(1, 47))})
        service.clear_query_vectors()
        started = time.perf_counter()
        service.search(q, filters=filters, limit=10)
        filtered.append(time.perf_counter() - started)
    if filtered:
        results["hybrid+prefecture"] = filtered
        print(f"  hybrid + prefecture filter {ms(filtered)}")
    from django.core.cache import cache

    sim_times, warm_times = [], []
    sample = rng.sample(page_ids, min(n_queries, len(page_ids)))
    # A connection that has served one page of each prefecture (its prepared statements);
    # the timed pages are others, seen for the first time.
    with connection.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT ON (filters ->> 'prefecture') page_id FROM search_pagesearchtext "
            "WHERE NOT page_id = ANY(%s) ORDER BY filters ->> 'prefecture', page_id",
            [sample],
        )
        for (pid,) in cur.fetchall():
            similar.similar_cases(pid)
    cache.clear()
    statement_times = []
    execute = similar._execute_prepared

    def timed_execute(cur, params):
        started = time.perf_counter()
        try:
            return execute(cur, params)
        finally:
            statement_times.append(time.perf_counter() - started)

    similar._execute_prepared = timed_execute
    try:
        for pid in sample:  # first view of each page: computed (one SQL statement)
            started = time.perf_counter()
            found = similar.similar_cases(pid)
            sim_times.append(time.perf_counter() - started)
    finally:
        similar._execute_prepared = execute
    for pid in sample:  # later views: the cached list, checked against the index version
        started = time.perf_counter()
        similar.similar_cases(pid)
        warm_times.append(time.perf_counter() - started)
    results["similar"] = sim_times
    results["similar (cached)"] = warm_times
    print(
        f"  similar cases   {ms(sim_times)}   (last: {len(found['other_prefectures'])} + "
        f"{len(found['same_prefecture'])})"
    )
    print(f"  similar cases, its SQL statement {ms(statement_times)}")
    print(f"  similar cached  {ms(warm_times)}")
    if only_similar:
        return {name: (pct(t, 50), pct(t, 95)) for name, t in results.items()}

    data = ROOT / "tests" / "data"
    sets = {
        "search_eval": [q["query"] for q in load()],
        "heldout": [q["query"] for q in load(data / "search_eval_heldout.json")],
        "third": [q["query"] for q in load(data / "search_eval_third.json")],
    }
    results.update(keyword_selection({name: qs[:SELECTION_QUERIES] for name, qs in sets.items()}))

    from search.db import vector_literal

    with connection.cursor() as cur:
        vec = vector_literal(backend.embed_query(queries[0]))
        cur.execute("BEGIN")
        cur.execute(
            "EXPLAIN SELECT e.page_id FROM search_pageembedding e WHERE e.model = %s "
            "ORDER BY e.embedding <=> %s::vector LIMIT %s",
            ["usem3-multilingual-v3", vec, semantic.ANN_CHUNKS],
        )
        plan = [r[0] for r in cur.fetchall()]
        print("  EXPLAIN semantic: " + " | ".join(p.strip() for p in plan if "Scan" in p))
        cur.execute(
            "EXPLAIN (ANALYZE) " + similar.SIMILAR_SQL,
            {
                "page": page_ids[0],
                "model": "usem3-multilingual-v3",
                "documents": float(len(page_ids)),
                "split_key": "prefecture",
                "split": "1",
                "same_scan": 4,
                "whole_scan": similar.WHOLE_SCAN,
                "key_terms": similar.KEY_TERMS,
                "term_postings": similar.TERM_POSTINGS,
                "term_scan": similar.SCAN,
            },
        )
        plan = [r[0] for r in cur.fetchall()]
        print("  EXPLAIN similar: " + " | ".join(p.strip() for p in plan if "Index" in p))
        print("  " + plan[-1].strip())
        cur.execute("COMMIT")
    return {name: (pct(t, 50), pct(t, 95)) for name, t in results.items()}


SELECTION_QUERIES = 20
"""The keyword selections are compared on the first this many queries of each query set."""


def keyword_selection(sets: dict[str, list[str]]) -> dict:
    """Recall@10 of the keyword ranking against an exhaustive BM25 ranking (every page with a
    query term scored exactly: no budget), for both candidate selections, and their keyword
    latency, interleaved query by query; per query set (the selection's settings were chosen
    on search_eval). Beside the recall, the share of the exhaustive top ten's summed BM25 score
    that the ten found reach (both scored exactly): where many pages score nearly alike, a miss
    of the exact ten can still be ten pages nearly as good."""
    from search import keyword
    from search.query import Query

    saved = (keyword.KEYWORD_BUDGET, keyword.RERANK, keyword.SELECTION)
    selections = ("rarest", "impact")

    def top(q: str) -> list[tuple[int, float]]:
        return keyword.keyword_ranking(Query.parse(q), limit=10)

    times = {selection: [] for selection in selections}
    try:
        for name, queries in sets.items():
            exhaustive, full_times = {}, []
            keyword.KEYWORD_BUDGET = keyword.RERANK = 10**9
            for q in queries:
                started = time.perf_counter()
                exhaustive[q] = top(q)
                full_times.append(time.perf_counter() - started)
            keyword.KEYWORD_BUDGET, keyword.RERANK = saved[0], saved[1]
            recall = {selection: [] for selection in selections}
            score_share = {selection: [] for selection in selections}
            set_times = {selection: [] for selection in selections}
            for q in queries:
                wanted = {pid for pid, _ in exhaustive[q]}
                best = sum(score for _, score in exhaustive[q])
                for selection in selections:
                    keyword.SELECTION = selection
                    started = time.perf_counter()
                    found = top(q)
                    set_times[selection].append(time.perf_counter() - started)
                    hits = wanted & {pid for pid, _ in found}
                    recall[selection].append(len(hits) / len(wanted) if wanted else 1)
                    share = sum(score for _, score in found) / best if best > 0 else 1
                    score_share[selection].append(share)
            print(
                f"  keyword exhaustive (no budget), {name}: {ms(full_times)}, {len(queries)} queries"
            )
            for selection in selections:
                times[selection] += set_times[selection]
                mean = sum(recall[selection]) / len(queries)
                share = sum(score_share[selection]) / len(queries)
                print(
                    f"  keyword selection {selection:<7} {name:<12} recall@10 vs exhaustive "
                    f"{mean:.3f}   score@10 {share:.3f}   {ms(set_times[selection])}"
                )
    finally:
        keyword.KEYWORD_BUDGET, keyword.RERANK, keyword.SELECTION = saved
    return {f"keyword ({name})": values for name, values in times.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated page counts")
    parser.add_argument("--queries", type=int, default=100, help="timed queries per mode")
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the kept bench database when it holds that many pages (implies --keep)",
    )
    parser.add_argument(
        "--body-tokens",
        type=int,
        default=160,
        help="tokens of body text per synthetic page (160; real pages with long bodies: 1,500+)",
    )
    parser.add_argument(
        "--text",
        choices=("independent", "topical"),
        default="independent",
        help="synthetic text: every token drawn on its own (default), or each page in the words "
        "of one demo case and a little of a second (real pages' words go together by topic)",
    )
    parser.add_argument("--seed", type=int, default=7, help="which queries' prefectures and pages")
    parser.add_argument(
        "--selection",
        choices=("rarest", "impact"),
        help="keyword candidates for the timed searches (default: search.keyword.SELECTION)",
    )
    parser.add_argument(
        "--similar-only", action="store_true", help="time similar cases only (on --reuse)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="do not read the search relations into shared buffers first (manage.py prewarm_search)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.database in ("dxforum", "test_dxforum"):
        raise SystemExit("refusing to use the development or test database")

    args.keep = args.keep or args.reuse
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    setup_django(args.database)
    recreate_database(args.database, keep_existing=args.reuse)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"bench database {args.database!r} migrated in {time.perf_counter() - started:.1f} s")

    from home import demo
    from search.embedding import get_backend

    sections = demo.ensure_sections(demo.ensure_home())
    cases = sections["cases"]
    parent = {"path": cases.path, "depth": cases.depth, "url_path": cases.url_path}
    backend = get_backend()
    backend.load()
    corpus = Corpus(backend, random.Random(42))
    corpus.body_tokens = max(1, args.body_tokens)
    print(
        f"USE embedding throughput (1 thread): {corpus.embed_rate:,.0f} sentences/s "
        f"({len(corpus.sentences)} sentences of the demo cases)"
    )
    if args.selection:
        from search import keyword

        keyword.SELECTION = args.selection
    summary = {}
    for size in sizes:
        if not (args.reuse and len(bench_pages(parent)) == size):
            build(size, corpus, parent, topical=args.text == "topical")
        summary[size] = measure(
            size, args.queries, parent, args.seed, not args.cold, args.similar_only
        )
    print("\nsummary (p50 / p95 ms):")
    for size, res in summary.items():
        cells = "  ".join(
            f"{name} {p50 * 1000:.1f}/{p95 * 1000:.1f}" for name, (p50, p95) in res.items()
        )
        print(f"  {size:>7,}: {cells}")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        recreate_database(args.database)  # leave an empty database behind
    if all("hybrid" in r for r in summary.values()):
        medians = [r["hybrid"][0] for r in summary.values()]
        print(f"median of medians: {statistics.median(medians):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Reading the search relations into the server's shared buffers (``manage.py prewarm_search``).

Similar pages and semantic search walk HNSW graphs, and keyword search reads postings, at
random places: on a server that has just started (or whose buffers another database took),
every page of them is read from disk on first use, and first views cost several times more
(docs/PERFORMANCE.md). With the ``pg_prewarm`` extension installed, its function reads each
relation. Without it (the embedded server's build has none), each relation is read by a scan
that must visit all of it:

* a table: a sequential scan (PostgreSQL keeps the pages of tables up to a quarter of
  ``shared_buffers``; a larger one is read through a small ring and not kept);
* an HNSW index: an iterative index scan (pgvector's ``hnsw.iterative_scan``) with no limit
  below the number of rows, so the walk reaches every element of the graph;
* a btree index: an index-only scan of its first column in order.

The TOAST relation of each table (and its index) is read too, when the database role may (a
superuser's may; a table owner's may not): a long page's text, out of line, is what the snippets
of its results read. GIN indexes are left to use (keyword search reads
only the entries of its terms).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction

from search.writer import SEARCH_TABLES


@dataclass
class Warmed:
    relation: str
    kind: str  # "table", "hnsw", "btree"
    rows: int  # rows (or graph elements, index entries) read by the fallback scan; -1: pg_prewarm
    megabytes: float
    seconds: float


def prewarm(tables=SEARCH_TABLES) -> list[Warmed]:
    """Read ``tables`` and their HNSW and btree indexes into shared buffers."""
    out = []
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_prewarm'")
        extension = cur.fetchone() is not None
        for rel in _relations(cur, tables):
            started = time.perf_counter()
            if extension:
                cur.execute("SELECT pg_prewarm(%s::regclass)", [rel["name"]])
                rows = -1
            else:
                rows = _scan(cur, rel)
            out.append(
                Warmed(
                    rel["name"],
                    rel["kind"],
                    rows,
                    rel["bytes"] / 1048576,
                    time.perf_counter() - started,
                )
            )
    return out


def _relations(cur, tables) -> list[dict]:
    """Each table, then its HNSW and btree indexes (name, kind, table, first column, partial
    index predicate, size)."""
    cur.execute(
        """
        SELECT t.relname, 'table', t.relname, NULL, NULL, pg_relation_size(t.oid), 0, 0
        FROM pg_class t WHERE t.relname = ANY(%(tables)s) AND t.relkind = 'r'
        UNION ALL
        SELECT 'pg_toast.' || tt.relname, 'table', 'pg_toast.' || tt.relname, NULL, NULL,
               pg_relation_size(tt.oid), 0, 0
        FROM pg_class t JOIN pg_class tt ON tt.oid = t.reltoastrelid
        WHERE t.relname = ANY(%(tables)s) AND t.relkind = 'r' AND pg_relation_size(tt.oid) > 0
          AND %(toast)s
        UNION ALL
        SELECT 'pg_toast.' || i.relname, 'btree', 'pg_toast.' || tt.relname, 'chunk_id', NULL,
               pg_relation_size(i.oid), 1, 0
        FROM pg_class t JOIN pg_class tt ON tt.oid = t.reltoastrelid
        JOIN pg_index x ON x.indrelid = tt.oid JOIN pg_class i ON i.oid = x.indexrelid
        WHERE t.relname = ANY(%(tables)s) AND t.relkind = 'r' AND pg_relation_size(tt.oid) > 0
          AND %(toast)s
        UNION ALL
        SELECT i.relname, am.amname, t.relname, a.attname, pg_get_expr(x.indpred, x.indrelid),
               pg_relation_size(i.oid), 1, 0
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_am am ON am.oid = i.relam
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
        WHERE t.relname = ANY(%(tables)s) AND am.amname IN ('hnsw', 'btree')
          AND x.indkey[0] <> 0
        ORDER BY 7, 3, 1
        """,
        # reading a TOAST relation needs USAGE on the pg_toast schema (a superuser's, not a
        # table owner's): without it, those relations are left out
        {"tables": list(tables), "toast": _may_read_toast(cur)},
    )
    keys = ("name", "kind", "table", "column", "predicate", "bytes")
    return [dict(zip(keys, row[:6], strict=True)) for row in cur.fetchall()]


def _may_read_toast(cur) -> bool:
    cur.execute("SELECT has_schema_privilege('pg_toast', 'USAGE')")
    return bool(cur.fetchone()[0])


def _scan(cur, rel: dict) -> int:
    # a TOAST relation is named with its schema (pg_toast.pg_toast_1234)
    table = ".".join(connection.ops.quote_name(part) for part in rel["table"].split("."))
    with transaction.atomic():
        if rel["kind"] == "table":
            # a count from an index would not read the table
            cur.execute(
                "SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; "
                "SET LOCAL enable_bitmapscan = off; SET LOCAL max_parallel_workers_per_gather = 0"
            )
            cur.execute(f"SELECT count(*) FROM ONLY {table}")
            return int(cur.fetchone()[0])
        column = connection.ops.quote_name(rel["column"])
        where = f"WHERE {rel['predicate']}" if rel["predicate"] else ""
        cur.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        if rel["kind"] == "btree":
            cur.execute(
                f"SELECT count(*) FROM (SELECT {column} FROM {table} {where} ORDER BY {column}) s"
            )
            return int(cur.fetchone()[0])
        cur.execute(f"SELECT count(*) FROM {table} {where}")
        total = int(cur.fetchone()[0])
        if not total:
            return 0
        # Every element: the walk goes on until it has returned all rows (its memory bound
        # raised, or it stops early).
        cur.execute(
            "SET LOCAL hnsw.iterative_scan = relaxed_order; "
            f"SET LOCAL hnsw.max_scan_tuples = {total + 1}; SET LOCAL hnsw.ef_search = 100; "
            "SET LOCAL work_mem = '256MB'; SET LOCAL hnsw.scan_mem_multiplier = 8"
        )
        cur.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} {where} ORDER BY {column} <=> "
            f"(SELECT {column} FROM {table} {where} LIMIT 1) LIMIT {total}) s"
        )
        return int(cur.fetchone()[0])

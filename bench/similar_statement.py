"""The similar-cases statement alone, on a kept bench database: for 60 case pages, the best of
five warm runs of each page's statement, and the shared buffers its plan touched.

    .venv/bin/python bench/similar_statement.py --database dxforum_bench

For A/B comparisons of storage or plans between two databases built alike (run it on each in
turn): the best of five takes out most of a shared machine's noise. ``EXPLAIN`` does not count
the TOAST reads of the returned columns, so the buffer counts can hide what the timings show.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="dxforum_bench")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    from _kept import open_kept_database  # bench/, the script's own folder

    if not open_kept_database(args.database):
        return 0
    from django.db import connection

    from search import keyword, registry, similar
    from search.db import json_value
    from search.serving import serving_backend

    model = serving_backend().name
    split = registry.spec_for("cases.casepage").similar
    documents = float(keyword.corpus_stats().documents)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT page_id, filters FROM search_pagesearchtext "
            "WHERE page_type = 'cases.casepage' ORDER BY page_id"
        )
        rows = cur.fetchall()
    random.Random(args.seed).shuffle(rows)

    def statement(page_id: int, filters) -> str:
        value = (json_value(filters) or {}).get(split.facet)
        params = {
            "page": page_id,
            "model": model,
            "documents": documents,
            "split_key": split.facet,
            "split": None if value is None else str(value),
            "targets": tuple(split.targets),
            "same_scan": 4,
            "whole_scan": similar.WHOLE_SCAN,
            "key_terms": similar.KEY_TERMS,
            "term_postings": similar.TERM_POSTINGS,
            "term_scan": max(similar.SCAN, 9),
        }
        sql = similar._prepared_sql(params)
        sql = sql.replace("$1", str(int(page_id))).replace("$2", "'" + model.replace("'", "") + "'")
        return sql.replace("$3::float8", f"{documents}::float8")

    times, buffers = [], []
    with connection.cursor() as cur:
        cur.execute(f"SET hnsw.ef_search = {int(similar.SIMILAR_EF_SEARCH)}")
        sqls = [statement(pid, filters) for pid, filters in rows[: args.pages]]
        for sql in sqls:  # warm
            cur.execute(sql)
            cur.fetchall()
        for sql in sqls:
            best = float("inf")
            for _ in range(5):
                started = time.perf_counter()
                cur.execute(sql)
                cur.fetchall()
                best = min(best, time.perf_counter() - started)
            times.append(best)
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cur.fetchone()[0]
            top = (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]
            buffers.append(top["Shared Hit Blocks"] + top.get("Shared Read Blocks", 0))
    times.sort()
    print(
        f"{args.database}: similar statement, best of 5, p50 {statistics.median(times) * 1000:.2f}"
        f" ms  p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms  buffers p50 "
        f"{statistics.median(buffers):.0f}  ({len(times)} pages)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

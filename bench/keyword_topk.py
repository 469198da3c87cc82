"""How far an exact top ten of keyword search would have to read, on a kept bench database:
the threshold algorithm over each query term's postings in impact order.

    .venv/bin/python bench/keyword_topk.py --database dxforum_bench [--queries 20]

For the first ``--queries`` queries of each query set: every posting list of the query's
terms is read whole (in Python), a page's exact score is the sum of IDF x impact over its
terms, and the lists are advanced together, ``--step`` postings at a time, until the tenth best
exact score of the pages seen reaches the sum of IDF x the impacts at that depth (no page not
yet seen can beat it). Prints, per set, the median (and largest) depth per term, the median
number of pages whose exact score was needed, and how flat the scores are (tenth best over
best). The impact selection of ``search.keyword`` reads a fixed share of each list instead.
"""

from __future__ import annotations

import argparse
import heapq
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def threshold_depth(lists: dict, idf: dict, k: int, step: int) -> tuple[int, int, float]:
    """(depth per term, pages seen, tenth best / best exact score) for one query: ``lists``
    maps each term to its (page id, impact) postings, best impact first."""
    exact: dict[int, float] = {}
    for term, postings in lists.items():
        for page, impact in postings:
            exact[page] = exact.get(page, 0.0) + idf[term] * impact
    top = heapq.nlargest(k, exact.values())
    flatness = top[-1] / top[0] if top and top[0] > 0 else 1.0
    longest = max(len(postings) for postings in lists.values())
    seen: set[int] = set()
    best: list[float] = []
    depth = 0
    while depth < longest:
        until = min(depth + step, longest)
        for postings in lists.values():
            for page, _ in postings[depth:until]:
                if page not in seen:
                    seen.add(page)
                    heapq.heappush(best, exact[page])
                    if len(best) > k:
                        heapq.heappop(best)
        depth = until
        bound = sum(
            idf[term] * postings[depth][1] if depth < len(postings) else 0.0
            for term, postings in lists.items()
        )
        if len(best) == k and best[0] >= bound:
            break
    return depth, len(seen), flatness


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="dxforum_bench")
    parser.add_argument("--queries", type=int, default=20, help="first queries of each set")
    parser.add_argument("--step", type=int, default=50, help="postings read at a time")
    args = parser.parse_args(argv)
    from _kept import open_kept_database  # bench/, the script's own folder

    if not open_kept_database(args.database):
        return 0
    from django.db import connection

    from search import keyword
    from search.evaluation import load
    from search.query import Query

    data = ROOT / "tests" / "data"
    sets = {
        "search_eval": load(data / "search_eval.json"),
        "heldout": load(data / "search_eval_heldout.json"),
        "third": load(data / "search_eval_third.json"),
    }
    documents = keyword.corpus_stats().documents
    print(f"{args.database}: {documents:,} pages, top 10, lists advanced {args.step} at a time")
    for name, queries in sets.items():
        depths, seen, flat = [], [], []
        for q in queries[: args.queries]:
            df = keyword.term_documents(Query.parse(q["query"]).terms)
            if not df:
                continue
            lists = {}
            with connection.cursor() as cur:
                for term in df:
                    cur.execute(
                        "SELECT page_id, impact FROM search_posting WHERE term = %s "
                        "ORDER BY impact DESC, page_id",
                        [term],
                    )
                    lists[term] = cur.fetchall()
            idf = {term: keyword.RANKING.idf(n, documents) for term, n in df.items()}
            depth, pages, flatness = threshold_depth(lists, idf, 10, args.step)
            depths.append(depth)
            seen.append(pages)
            flat.append(flatness)
        median = statistics.median
        print(
            f"  {name:<12} depth per term median {median(depths):,.0f} (max {max(depths):,})   "
            f"pages scored median {median(seen):,.0f}   tenth/best {median(flat):.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""nDCG@k and recall@k of the search modes on a labelled query file.

File format (``tests/data/search_eval.json``)::

    {"queries": [{"query": "...", "lang": "ja", "relevant": {"<source_url>": grade, ...}}]}

Every figure is reported per set and per query class (:func:`query_class`: a ``class`` field of
the query when it has one, else a general rule), so that one kind of query cannot hide another.
Similar pages are evaluated too (:func:`evaluate_similar`), and the fusion setting is
cross-validated across the sets (:func:`cross_validate`): chosen on the other sets, read on each.

Relevance keys are the pages' stable keys that their types declare
(``SearchSpec.evaluation_keys``: the cases' ``source_url``), grades 1 = related, 2 = answers
the query.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from django.db import connection

from search import registry, service, similar
from search import text as jtext

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "search_eval.json"
SETS = (
    DEFAULT_FILE,
    DEFAULT_FILE.with_name("search_eval_heldout.json"),
    DEFAULT_FILE.with_name("search_eval_third.json"),
)
"""The three labelled sets, each written by a different session (docs/PERFORMANCE.md)."""

CLASSES = ("japanese", "english", "tool")


def load(path: str | Path = DEFAULT_FILE) -> list[dict]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["queries"] if isinstance(data, dict) else data


def ndcg(ranked_keys: Sequence[str], relevant: dict[str, float], k: int = 10) -> float:
    dcg = sum(
        (2 ** relevant.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked_keys[:k])
    )
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked_keys: Sequence[str], relevant: dict[str, float], k: int = 10) -> float:
    wanted = {key for key, grade in relevant.items() if grade > 0}
    if not wanted:
        return 0.0
    return len(wanted & set(ranked_keys[:k])) / len(wanted)


def source_urls() -> dict[int, str]:
    """page id -> the eval file's key (a case's source_url) of every page whose type declares
    ``evaluation_keys``."""
    keys: dict[int, str] = {}
    for spec in registry.specs():
        if spec.evaluation_keys is not None:
            keys.update(spec.evaluation_keys())
    return keys


def facet_vocabulary(facet: str) -> set[str]:
    """Every value of ``facet`` stored with an indexed page (casefolded): the tool names."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT v FROM search_pagesearchtext t, "
            "jsonb_array_elements_text(CASE jsonb_typeof(t.filters -> %s) WHEN 'array' "
            "THEN t.filters -> %s ELSE '[]'::jsonb END) AS v",
            [facet, facet],
        )
        return {str(v).casefold() for (v,) in cur.fetchall()}


def facet_queries(facet: str = "tool", min_pages: int = 2) -> list[dict]:
    """A set that nobody wrote: each value of ``facet`` that editors gave to at least
    ``min_pages`` pages, asked as a bare query (「kintone」), the pages with that value relevant
    (grade 2). For tool names, the class the written sets lack."""
    keys = source_urls()
    pages: dict[str, set[str]] = {}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT t.page_id, v FROM search_pagesearchtext t, "
            "jsonb_array_elements_text(CASE jsonb_typeof(t.filters -> %s) WHEN 'array' "
            "THEN t.filters -> %s ELSE '[]'::jsonb END) AS v",
            [facet, facet],
        )
        for page_id, value in cur.fetchall():
            if page_id in keys:
                pages.setdefault(str(value).casefold(), set()).add(keys[page_id])
    return [
        {"query": value, "class": "tool", "relevant": dict.fromkeys(sorted(found), 2)}
        for value, found in sorted(pages.items())
        if len(found) >= min_pages
    ]


def label_queries(key: str, language: str = "en", min_pages: int = 2) -> list[dict]:
    """Another set nobody wrote: each display name stored under ``labels[language][key]``
    (a prefecture's English name, "Ishikawa") that at least ``min_pages`` pages carry, asked
    as a bare query, those pages relevant (grade 2). An English reader names a place so."""
    keys = source_urls()
    pages: dict[str, set[str]] = {}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT page_id, labels -> %s ->> %s FROM search_pagesearchtext "
            "WHERE labels -> %s ->> %s IS NOT NULL",
            [language, key, language, key],
        )
        for page_id, value in cur.fetchall():
            if page_id in keys:
                pages.setdefault(value, set()).add(keys[page_id])
    return [
        {"query": value, "relevant": dict.fromkeys(sorted(found), 2)}
        for value, found in sorted(pages.items())
        if len(found) >= min_pages
    ]


def query_class(item: dict, tools: set[str]) -> str:
    """``tool`` (the query is a name of the tools vocabulary), ``english`` (ASCII only) or
    ``japanese``; a ``class`` field of the query, when present, decides instead."""
    if item.get("class") in CLASSES:
        return item["class"]
    text = " ".join(jtext.clean_query(item["query"]).split()).casefold()
    if text in tools:
        return "tool"
    return "english" if text.isascii() else "japanese"


def by_class(per_query: Sequence[dict]) -> dict[str, dict]:
    """``{class: {"n": count, "ndcg": mean, "recall": mean}}`` of per-query rows."""
    out = {}
    for name in CLASSES:
        rows = [r for r in per_query if r.get("class") == name]
        if rows:
            out[name] = {
                "n": len(rows),
                "ndcg": sum(r["ndcg"] for r in rows) / len(rows),
                "recall": sum(r["recall"] for r in rows) / len(rows),
            }
    return out


def evaluate(
    queries: list[dict],
    modes: Sequence[str] = service.MODES,
    k: int = 10,
    ranker: Callable | None = None,
    tool_facet: str = "tool",
) -> dict[str, dict]:
    """``{mode: {"ndcg": mean, "recall": mean, "classes": {...}, "per_query": [...]}}``."""
    keys = source_urls()
    tools = facet_vocabulary(tool_facet) if tool_facet else set()
    ranker = ranker or (lambda q, mode: service.rank(q, mode=mode)[1])
    out = {}
    for mode in modes:
        per_query = []
        for item in queries:
            # The sets label pages with keys (cases); other pages (events, diary entries) are
            # left out of the ranking, as in a search of that section.
            ranked = [keys[pid] for pid, _ in ranker(item["query"], mode) if pid in keys]
            per_query.append(
                {
                    "query": item["query"],
                    "lang": item.get("lang", ""),
                    "class": query_class(item, tools),
                    "ndcg": ndcg(ranked, item["relevant"], k),
                    "recall": recall(ranked, item["relevant"], k),
                }
            )
        n = len(per_query) or 1
        out[mode] = {
            "ndcg": sum(r["ndcg"] for r in per_query) / n,
            "recall": sum(r["recall"] for r in per_query) / n,
            "classes": by_class(per_query),
            "per_query": per_query,
        }
    return out


FUSION_GRID = tuple(
    [service.Fusion(method="convex", semantic_weight=w) for w in (0.3, 0.4, 0.5, 0.6, 0.7)]
    + [
        service.Fusion(method="rrf", semantic_weight=w, k=rrf_k)
        for rrf_k in (20.0, 60.0)
        for w in (0.5, 1.0, 1.5)
    ]
)
"""The fusion settings :func:`cross_validate` chooses among (the deployed one is in it)."""


def signal_rankings(query_text: str) -> tuple[list, list]:
    """The keyword and the semantic ranking of a query, unfiltered, as :func:`service.rank`
    fuses them in a hybrid search."""
    query = service.Query.parse(query_text)
    if not query.text:
        return [], []
    query.backend = query.backend or service.serving_backend()
    return (
        service.keyword_ranking(query, None, service.CANDIDATES),
        service.semantic_ranking(query, None, service.CANDIDATES),
    )


def _fused_scores(
    queries: Sequence[dict], signals: Sequence[tuple], fusion, keys: dict, tools: set, k: int
) -> dict:
    """Mean nDCG and recall (and by class) of the hybrid ranking that ``fusion`` makes from
    each query's stored signals."""
    rows = []
    for item, (kw, sem) in zip(queries, signals, strict=True):
        ranked = [keys[pid] for pid, _ in service.fuse(kw, sem, fusion) if pid in keys]
        rows.append(
            {
                "class": query_class(item, tools),
                "ndcg": ndcg(ranked, item["relevant"], k),
                "recall": recall(ranked, item["relevant"], k),
            }
        )
    return {
        "ndcg": _mean([r["ndcg"] for r in rows]),
        "recall": _mean([r["recall"] for r in rows]),
        "classes": by_class(rows),
    }


def fusion_label(fusion) -> str:
    if fusion.method == "rrf":
        return f"rrf k={fusion.k:g} w={fusion.semantic_weight:g}"
    return f"convex w={fusion.semantic_weight:g}"


def cross_validate(
    sets: dict[str, list[dict]],
    grid: Sequence = FUSION_GRID,
    k: int = 10,
    deployed=None,
    signals: Callable[[str], tuple[list, list]] = signal_rankings,
    tool_facet: str = "tool",
) -> dict[str, dict]:
    """Leave one set out: for each set, the fusion setting of ``grid`` with the best hybrid
    nDCG@k on the *other* sets (their means, each set weighing the same) and its figures on
    this set, beside the deployed setting's and the best setting chosen on this set itself
    (what tuning on the set we report would claim). Each query's two rankings are computed
    once; only the fusion varies."""
    if len(sets) < 2:
        raise ValueError("cross-validation needs at least two sets")
    deployed = deployed or service.FUSION
    keys = source_urls()
    tools = facet_vocabulary(tool_facet) if tool_facet else set()
    stored = {name: [signals(item["query"]) for item in qs] for name, qs in sets.items()}
    grid = list(grid) if deployed in grid else [*grid, deployed]
    table = {
        name: [_fused_scores(sets[name], stored[name], f, keys, tools, k) for f in grid]
        for name in sets
    }

    def best(names: Sequence[str]) -> int:
        # ties go to the earlier setting of the grid
        return max(
            range(len(grid)), key=lambda i: (_mean([table[n][i]["ndcg"] for n in names]), -i)
        )

    out = {}
    for name in sets:
        others = [n for n in sets if n != name]
        chosen, own = best(others), best([name])
        out[name] = {
            "chosen": fusion_label(grid[chosen]),
            "chosen_on": others,
            "cross_validated": table[name][chosen],
            "deployed": table[name][grid.index(deployed)],
            "deployed_setting": fusion_label(deployed),
            "tuned_here": fusion_label(grid[own]),
            "tuned_here_scores": table[name][own],
        }
    return out


def related_pairs(queries: Sequence[dict]) -> dict[str, set[str]]:
    """key -> the keys of the other pages relevant to one query of the set with it (two cases
    that answer the same need are related): the set's ground truth for similar pages."""
    related: dict[str, set[str]] = {}
    for item in queries:
        wanted = [key for key, grade in item["relevant"].items() if grade > 0]
        for key in wanted:
            related.setdefault(key, set()).update(w for w in wanted if w != key)
    return related


def similar_lists(limit: int = 5) -> dict[int, list[int]]:
    """page id -> the first ``limit`` similar pages it shows (the other-split group first,
    then its own), for every page with an evaluation key. Each page asks for its own similar
    pages, so it is left out of its own list (leave-one-out)."""
    out = {}
    for page_id in sorted(source_urls()):
        found = similar.similar_pages(page_id, other_limit=limit, same_limit=3)
        groups = list(found.values())
        out[page_id] = [item["id"] for group in groups for item in group][:limit]
    return out


def page_facet_values(facet: str) -> dict[int, set]:
    """page id -> its stored values of ``facet``."""
    with connection.cursor() as cur:
        cur.execute("SELECT page_id, filters -> %s FROM search_pagesearchtext", [facet])
        rows = cur.fetchall()
    out = {}
    for page_id, value in rows:
        value = json.loads(value) if isinstance(value, str) else value
        values = value if isinstance(value, list) else ([] if value is None else [value])
        out[page_id] = set(map(str, values))
    return out


def evaluate_similar(
    sets: dict[str, list[dict]], facet: str = "theme", k: int = 5
) -> dict[str, dict]:
    """Similar pages of every labelled page (leave-one-out):

    * ``by_facet``: P@k by ``facet``, the share of the first ``k`` similar pages of each page
      that share a value of ``facet`` with it (a missing page counts as a miss);
    * per set, ``related``: over the pages that the set relates to others (:func:`related_pairs`),
      the first ``k`` similar pages' hits among them divided by ``min(k, related)``."""
    lists = similar_lists(k)
    keys = source_urls()
    values = page_facet_values(facet)
    shared = [
        sum(1 for other in found if values.get(pid, set()) & values.get(other, set())) / k
        for pid, found in lists.items()
        if values.get(pid)
    ]
    out: dict[str, dict] = {
        "by_facet": {"facet": facet, "pages": len(shared), "p_at_k": _mean(shared)}
    }
    for name, queries in sets.items():
        related = related_pairs(queries)
        scores = []
        for pid, found in lists.items():
            wanted = related.get(keys.get(pid, ""), set())
            if wanted:
                hits = sum(1 for other in found if keys.get(other) in wanted)
                scores.append(hits / min(k, len(wanted)))
        out[name] = {"pages": len(scores), "related_at_k": _mean(scores)}
    return out


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0

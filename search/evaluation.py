"""nDCG@k and recall@k of the search modes on a labelled query file.

File format (``tests/data/search_eval.json``)::

    {"queries": [{"query": "...", "lang": "ja", "relevant": {"<source_url>": grade, ...}}]}

Relevance keys are the pages' stable keys that their types declare
(``SearchSpec.evaluation_keys``: the cases' ``source_url``), grades 1 = related, 2 = answers
the query.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from search import registry, service

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "search_eval.json"


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


def evaluate(
    queries: list[dict],
    modes: Sequence[str] = service.MODES,
    k: int = 10,
    ranker: Callable | None = None,
) -> dict[str, dict]:
    """``{mode: {"ndcg": mean, "recall": mean, "per_query": [...]}}``."""
    keys = source_urls()
    ranker = ranker or (lambda q, mode: service.rank(q, mode=mode)[1])
    out = {}
    for mode in modes:
        per_query = []
        for item in queries:
            ranked = [keys.get(pid, f"page:{pid}") for pid, _ in ranker(item["query"], mode)]
            per_query.append(
                {
                    "query": item["query"],
                    "lang": item.get("lang", ""),
                    "ndcg": ndcg(ranked, item["relevant"], k),
                    "recall": recall(ranked, item["relevant"], k),
                }
            )
        n = len(per_query) or 1
        out[mode] = {
            "ndcg": sum(r["ndcg"] for r in per_query) / n,
            "recall": sum(r["recall"] for r in per_query) / n,
            "per_query": per_query,
        }
    return out

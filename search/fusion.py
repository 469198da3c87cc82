"""Fusion: one ranking from the keyword and semantic ones, and :func:`rank`, which runs both
(the semantic side on a worker thread) and fuses them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import DatabaseError, connection, connections

from search.filters import Filters
from search.keyword import keyword_ranking
from search.query import CANDIDATES, MODES, Query
from search.semantic import semantic_ranking
from search.serving import serving_backend

logger = logging.getLogger(__name__)

WORKERS = 4
_EMBEDDER = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="search-embed")


def close_worker_connections(timeout: float = 30.0) -> None:
    """Each worker thread closes the database connections it keeps open between queries
    (they otherwise last as long as the process: a test database cannot be dropped while
    they do). One task per worker, held at a barrier until every worker has one, so that no
    worker runs two and none is left out."""
    barrier = threading.Barrier(WORKERS)

    def close() -> None:
        barrier.wait(timeout)
        connections.close_all()

    for job in [_EMBEDDER.submit(close) for _ in range(WORKERS)]:
        job.result(timeout)


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

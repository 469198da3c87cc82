"""Which embedding model answers queries (during a model switch, the one with more vectors)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection

from search import caches
from search.embedding import EmbeddingBackend, get_backend

logger = logging.getLogger(__name__)


def _count_coverage() -> dict[str, int]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT model, count(*) FROM search_pageembedding WHERE chunk = 0 GROUP BY model"
        )
        return dict(cur.fetchall())


def model_coverage(refresh: bool = False) -> dict[str, int]:
    """Pages with a document vector, per model name (cached per process for a minute:
    :data:`search.caches.coverage`)."""
    return dict(caches.coverage.get(_count_coverage, refresh=refresh))


def reset_coverage() -> None:
    caches.coverage.expire()


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

"""Database helpers shared by the read and write paths: the visibility guard, the vector
literal, jsonb from a raw cursor and pgvector's per-connection settings."""

from __future__ import annotations

import json
from collections.abc import Sequence

EF_SEARCH = 40

VISIBLE_SQL = """
    p.live AND NOT p.expired AND NOT (p.path LIKE ANY (ARRAY(
        SELECT rp.path || '%%' FROM wagtailcore_pageviewrestriction r
        JOIN wagtailcore_page rp ON rp.id = r.page_id
    )))
"""
"""Second guard: live, not expired, and no view restriction on the page or an ancestor. The
restricted paths are read once per statement (an uncorrelated subquery), whatever the plan."""


def vector_literal(vec: Sequence[float]) -> str:
    return "[" + ",".join(f"{float(x):.7g}" for x in vec) + "]"


def json_value(value):
    """A jsonb column from a raw cursor (Django's PostgreSQL backend leaves it as text)."""
    if isinstance(value, (str, bytes, bytearray)):
        return json.loads(value)
    return value


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

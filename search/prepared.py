"""Server-side prepared statements for the search statements.

A search statement is planned by PostgreSQL every time it is sent; for the ranking statements
planning costs as much as a fifth of their run time. Prepared once per database session with a
generic plan (``plan_cache_mode = force_generic_plan``, set per connection by
``search.db.set_hnsw_session``), they are planned once.

* A statement is named by a digest of its text, so each shape (number of query terms, filters,
  the prefecture of a similar-cases statement) is prepared once per session on first use.
* Values that decide the plan are literals in the text, not parameters: LIMITs (a generic plan
  cannot see a parameter's value and would guess) and the prefecture of a per-prefecture index.
* The names prepared on a session are remembered per connection; a statement that has gone
  from the session (a connection pooler swapped it, ``DISCARD ALL``) is prepared again, outside
  a transaction. With a pooler in transaction mode prepared statements do not work: use
  session mode (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from django.db import ProgrammingError, connection

_PLACEHOLDER = re.compile(r"%%|%s")
INVALID_STATEMENT_NAME = "26000"


def numbered(sql: str) -> tuple[str, int]:
    """``sql`` with psycopg2's ``%s`` placeholders as ``$1``, ``$2``… (and ``%%`` as ``%``),
    and the number of parameters."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(replace, sql), count


def statement_name(text: str) -> str:
    return "search_" + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def prepared_names() -> set[str]:
    """The statements prepared on the current connection's database session."""
    raw = connection.connection
    key = (id(raw), raw.get_backend_pid())
    held = getattr(connection, "_search_prepared", None)
    if held is None or held[0] != key:
        held = (key, set())
        connection._search_prepared = held
    return held[1]


def execute(cur, sql: str, args: Sequence = (), *, before: str = "", prepare: bool = True) -> None:
    """Run ``sql`` (``%s`` placeholders) as a prepared statement; ``before`` is sent in the same
    round trip, ahead of it (``SET LOCAL`` settings for this statement only: outside a
    transaction they end with the statement's implicit transaction). With ``prepare=False``
    the statement is sent as it is (its values as literals, planned for them: a filtered
    search, whose plan depends on the filter values). Fetch from ``cur``."""
    if not prepare:
        cur.execute(before + sql, list(args))
        return
    text, count = numbered(sql)
    execute_numbered(cur, text, count, args, before=before)


def execute_numbered(cur, text: str, count: int, args: Sequence, *, before: str = "") -> None:
    """Like :func:`execute`, for a statement written with ``$1``… placeholders."""
    name = statement_name(text)
    names = prepared_names()
    if name not in names:
        cur.execute(f"PREPARE {name} AS {text}")
        names.add(name)
    run = f"{before}EXECUTE {name}" + (" (" + ", ".join(["%s"] * count) + ")" if count else "")
    try:
        cur.execute(run, list(args))
    except ProgrammingError as exc:
        gone = getattr(exc.__cause__, "pgcode", None) == INVALID_STATEMENT_NAME
        if not gone or connection.in_atomic_block:
            raise
        cur.execute(f"PREPARE {name} AS {text}")
        cur.execute(run, list(args))

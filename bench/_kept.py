"""Opening a bench database kept by ``bench/search.py --keep`` (for the scripts that measure
on one: ``similar_statement.py``, ``keyword_topk.py``). Not a benchmark itself: ``make bench``
leaves out the files whose name starts with ``_``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def open_kept_database(name: str) -> bool:
    """Django set up on the kept bench database ``name``: False, with a line saying how to
    make it, when the embedded server has no such database (``make bench`` on a machine
    without one goes on)."""
    if name in ("dxforum", "test_dxforum"):
        raise SystemExit("refusing to use the development or test database")
    if "DATABASE_URL" in os.environ:
        raise SystemExit("the bench scripts use the embedded server only (unset DATABASE_URL)")
    os.environ["EMBEDDED_DB_NAME"] = name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    import psycopg2

    from core import embedded_db

    server = embedded_db.ensure_server()
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=server.socket_dir)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cur.fetchone() is not None
    finally:
        conn.close()
    if not exists:
        print(
            f"no kept bench database {name!r}: make one with "
            f".venv/bin/python bench/search.py --sizes 100000 --keep --database {name}"
        )
    return exists

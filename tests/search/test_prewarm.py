"""``manage.py prewarm_search`` reads every search table and every HNSW graph whole (the
fallback scans of a server without pg_prewarm)."""

import pytest
from django.core.management import call_command
from django.db import connection

from search.prewarm import prewarm

pytestmark = pytest.mark.django_db


def _count(sql: str) -> int:
    with connection.cursor() as cur:
        cur.execute(sql)
        return int(cur.fetchone()[0])


def test_every_graph_and_table_is_read_whole(demo_index):
    read = {item.relation: item for item in prewarm()}
    vectors = _count("SELECT count(*) FROM search_pageembedding")
    assert vectors > 136
    assert read["search_pageembedding"].rows == vectors
    assert read["search_posting"].rows == _count("SELECT count(*) FROM search_posting")
    # the walk of each graph returns every element, not the first ef_search
    assert read["search_embedding_hnsw"].kind == "hnsw"
    assert read["search_embedding_hnsw"].rows == vectors
    assert read["search_embedding_doc_hnsw"].rows == _count(
        "SELECT count(*) FROM search_pageembedding WHERE chunk = 0"
    )
    assert read["search_pagevector_hnsw"].rows == _count("SELECT count(*) FROM search_pagevector")
    tokyo = _count(
        "SELECT count(*) FROM search_pageembedding "
        "WHERE chunk = 0 AND filters ->> 'prefecture' = '13'"
    )
    assert tokyo > 0 and read["search_embedding_doc_pref_13"].rows == tokyo
    assert read["search_posting_pkey"].kind == "btree"
    # a long page's text lies out of line, in the text table's TOAST relation, which is read too
    with connection.cursor() as cur:
        cur.execute(
            "SELECT t.relname FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid "
            "WHERE c.relname = 'search_pagesearchtext'"
        )
        (toast,) = cur.fetchone()
        cur.execute(f"SELECT count(*) FROM pg_toast.{toast}")
        chunks = cur.fetchone()[0]
    assert chunks > 0
    assert read[f"pg_toast.{toast}"].rows == chunks
    assert read[f"pg_toast.{toast}_index"].kind == "btree"
    assert read[f"pg_toast.{toast}_index"].rows == chunks
    assert all(item.megabytes > 0 for item in read.values() if item.kind == "hnsw")


def test_the_command_reports_what_it_read(demo_index, capsys):
    call_command("prewarm_search")
    out = capsys.readouterr().out
    assert "search_pagevector_hnsw（hnsw）" in out
    assert "を読み込みました" in out


def test_a_role_that_may_not_read_toast_still_prewarms_the_rest(demo_index):
    """With ``DATABASE_URL`` the site's role is usually no superuser, and may not read the
    pg_toast schema: the prewarm leaves the TOAST relations out instead of failing."""
    with connection.cursor() as cur:
        cur.execute("CREATE ROLE prewarm_probe NOLOGIN")
        cur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO prewarm_probe")
        cur.execute("SET ROLE prewarm_probe")
        try:
            read = {item.relation: item for item in prewarm()}
        finally:
            cur.execute("RESET ROLE")
    assert not [name for name in read if name.startswith("pg_toast.")]
    assert read["search_pagevector_hnsw"].rows == _count("SELECT count(*) FROM search_pagevector")

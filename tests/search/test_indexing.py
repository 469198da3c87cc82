"""Indexing through the signals and the task: publish, unchanged text, unpublish, private,
delete, a failing embedder, and rebuild_search_index switching models."""

import io

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import PageViewRestriction

from cases.bodytext import body_to_stream
from search import indexing
from search.embedding import EmbeddingBackend, HashingBackend, get_backend
from search.models import PageEmbedding, PageSearchText, PageVector, SearchPosting, SearchTerm
from search.writer import chunk_hash
from tests.search.conftest import case_page

# The real model: the rows of the model in use must be told apart from another model's
# (rebuild with --backend switches models and removes the old model's rows).
pytestmark = [pytest.mark.django_db, pytest.mark.real_embedder]


class CountingBackend(EmbeddingBackend):
    """The real USE model, counting the texts it embeds."""

    def __init__(self):
        super().__init__()
        self.inner = get_backend()
        self.name, self.dimensions = self.inner.name, self.inner.dimensions
        self.texts = []

    def _encode(self, texts):
        self.texts += texts
        return self.inner._encode(texts)


class BrokenBackend(EmbeddingBackend):
    name, dimensions = "broken", 512

    def _encode(self, texts):
        raise RuntimeError("model server down")


@pytest.fixture
def counting(monkeypatch):
    backend = CountingBackend()
    monkeypatch.setattr(indexing, "get_backend", lambda alias="default": backend)
    return backend


@pytest.fixture
def publish(site_tree, django_capture_on_commit_callbacks):
    def make(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return case_page(site_tree["cases"], **fields)

    return make


def test_publish_indexes_keyword_row_and_chunks(publish, counting):
    text = "紙の申請書を職員が手で入力していた。" * 40
    page = publish(
        body=[{"type": "section", "value": {"kind": "challenge", "text": f"<p>{text}</p>"}}]
    )
    row = PageSearchText.objects.get(page=page)
    assert row.page_type == "cases.casepage"
    assert row.filters["prefecture"] == 17 and row.labels["municipality"] == "石川県金沢市"
    chunks = PageEmbedding.objects.filter(page=page).order_by("chunk")
    assert chunks.count() >= 3 and {c.model for c in chunks} == {"usem3-multilingual-v3"}
    assert len(chunks[0].embedding) == 512
    assert counting.texts[0].startswith("テスト事例")  # chunk 0: title and summary
    assert all(len(t) <= indexing.CHUNK_CHARS for t in counting.texts[1:])
    assert PageSearchText.objects.filter(page=page, search_vector="申請").exists()


def test_unchanged_text_is_not_embedded_again(
    publish, counting, django_capture_on_commit_callbacks
):
    page = publish()
    first = len(counting.texts)
    assert first >= 2
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len(counting.texts) == first
    page.summary = "窓口で住民が書かずに済むようにした。"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert counting.texts[first:] and all("窓口" in t for t in counting.texts[first:])


def test_unpublish_private_and_delete_remove_rows(
    publish, counting, django_capture_on_commit_callbacks
):
    page = publish()
    assert PageEmbedding.objects.filter(page=page).exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not PageEmbedding.objects.filter(page=page).exists()
    assert not PageSearchText.objects.filter(page=page).exists()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert PageSearchText.objects.filter(page=page).exists()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    assert not PageSearchText.objects.filter(page=page).exists()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert PageSearchText.objects.filter(page=page).exists()

    page_id = page.pk
    page.delete()
    assert not PageEmbedding.objects.filter(page_id=page_id).exists()
    assert not PageSearchText.objects.filter(page_id=page_id).exists()


def test_drafts_are_not_indexed(site_tree, counting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = case_page(site_tree["cases"], publish=False)
    assert not PageSearchText.objects.filter(page=draft).exists()
    assert counting.texts == []


def test_failing_embedder_never_blocks_publishing(publish, monkeypatch, caplog):
    monkeypatch.setattr(indexing, "get_backend", lambda alias="default": BrokenBackend())
    page = publish(title="壊れた埋め込みでも公開できる事例")
    assert page.live
    assert PageSearchText.objects.filter(page=page).exists()
    assert not PageEmbedding.objects.filter(page=page).exists()
    assert "keyword index updated only" in caplog.text


def test_rebuild_switches_models_and_reports_progress(publish, counting, settings):
    page = publish()
    PageSearchText.objects.filter(page=page).delete()
    settings.SEARCH_EMBEDDING_BACKENDS = {
        **settings.SEARCH_EMBEDDING_BACKENDS,
        "other": {"BACKEND": "search.embedding.HashingBackend", "OPTIONS": {"dimensions": 512}},
    }
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", "--backend", "other", stdout=out, stderr=err)
    assert "検索索引" in err.getvalue() and "ページ" in out.getvalue()
    models = set(PageEmbedding.objects.filter(page=page).values_list("model", flat=True))
    assert models == {"hashing-test-double-512"}  # the old model's rows are gone
    assert PageSearchText.objects.filter(page=page).exists()  # the keyword row is rebuilt
    # a second run embeds nothing: every chunk's hash is unchanged
    out = io.StringIO()
    call_command("rebuild_search_index", "--backend", "other", stdout=out, stderr=io.StringIO())
    assert "埋め込み 0チャンク" in out.getvalue()


def test_rebuild_refuses_other_dimensions(settings):
    settings.SEARCH_EMBEDDING_BACKENDS = {
        "default": {"BACKEND": "search.embedding.HashingBackend", "OPTIONS": {"dimensions": 64}}
    }
    from django.core.management.base import CommandError

    from search.embedding import reset_backends

    reset_backends()
    try:
        with pytest.raises(CommandError, match="migration"):
            call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    finally:
        reset_backends()


def test_hashing_vectors_are_unit_length():
    vec = HashingBackend(dimensions=512).embed(["申請書"])[0]
    assert np.isclose(np.linalg.norm(vec), 1.0)


def term_counts(*terms):
    return dict(SearchTerm.objects.filter(term__in=terms).values_list("term", "documents"))


def recounted():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM search_pagesearchtext')"
        )
        return dict(cur.fetchall())


def test_term_counts_follow_publish_edit_unpublish_and_delete(
    publish, counting, django_capture_on_commit_callbacks
):
    first = publish(summary="カピバラ温泉の予約をオンライン化した。")
    second = publish(summary="カピバラの見守りにセンサーを使った。", source_url="https://e.lg.jp/2")
    assert term_counts("カピバラ", "温泉", "センサー") == {"カピバラ": 2, "温泉": 1, "センサー": 1}

    first.summary = "予約をオンライン化した。"  # カピバラ and 温泉 leave this page
    with django_capture_on_commit_callbacks(execute=True):
        first.save_revision().publish()
    assert term_counts("カピバラ", "温泉") == {"カピバラ": 1}

    with django_capture_on_commit_callbacks(execute=True):
        second.unpublish()
    assert term_counts("カピバラ", "センサー") == {}
    first.delete()
    assert dict(SearchTerm.objects.values_list("term", "documents")) == recounted()


def test_rebuild_recounts_terms(publish, counting):
    publish(summary="カピバラ温泉の予約をオンライン化した。")
    SearchTerm.objects.update(documents=99)
    SearchTerm.objects.create(term="存在しない語", documents=5)
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert dict(SearchTerm.objects.values_list("term", "documents")) == recounted()
    assert term_counts("カピバラ", "存在しない語") == {"カピバラ": 1}
    # and the planner's statistics of the search tables are fresh
    with connection.cursor() as cur:
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_posting'")
        assert cur.fetchone()[0] >= SearchPosting.objects.count() > 0


def test_vector_rows_carry_the_page_type_and_filters(publish, counting):
    page = publish()
    rows = PageEmbedding.objects.filter(page=page)
    assert rows.count() >= 2
    assert {(r.page_type, r.filters["prefecture"]) for r in rows} == {("cases.casepage", 17)}
    # a filter value changes without the text changing: no chunk is embedded again, the
    # vector rows follow
    doc = indexing.build_document(page)
    doc.filters = {**doc.filters, "prefecture": 1}
    indexing.sync_vector_filters([doc])
    assert {r.filters["prefecture"] for r in PageEmbedding.objects.filter(page=page)} == {1}


def postings(page):
    return {
        term: (head, body)
        for term, head, body in SearchPosting.objects.filter(page=page).values_list(
            "term", "head_tf", "body_tf"
        )
    }


def test_postings_follow_the_text(publish, counting, django_capture_on_commit_callbacks):
    page = publish(
        title="カピバラ温泉の予約",
        summary="カピバラ温泉の予約をオンライン化した。",
        body="【取組】\n予約の電話が減った。カピバラも喜んだ。",
    )
    found = postings(page)
    # title and summary hold カピバラ twice; the whole text (title, summary, body) three times
    assert found["カピバラ"] == (2, 3)
    assert found["電話"] == (0, 1)
    tokens = indexing.jtext.tokenize(indexing.build_document(page).keyword_text)
    assert set(found) == set(tokens)
    assert PageSearchText.objects.get(page=page).length == len(tokens)

    page.body = []  # the body leaves: its words leave the postings
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "電話" not in postings(page) and postings(page)["カピバラ"] == (2, 2)

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert postings(page) == {}
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert postings(page)
    page_id = page.pk
    page.delete()
    assert not SearchPosting.objects.filter(page_id=page_id).exists()


def test_navigation_pages_are_not_indexed(site_tree, counting, django_capture_on_commit_callbacks):
    home, cases = site_tree["home"], site_tree["cases"]
    for page in (home, cases):
        assert page.site_search is False
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        assert indexing.index_page(page.pk) == "removed"
        assert not PageSearchText.objects.filter(page=page).exists()


def test_analyze_tables_covers_the_tables_of_the_visibility_guard():
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        indexing.analyze_tables()
    analyzed = {name.strip() for name in sent[-1].removeprefix("ANALYZE ").split(",")}
    assert {"wagtailcore_page", "wagtailcore_pageviewrestriction"} <= analyzed
    assert set(indexing.SEARCH_TABLES) <= analyzed
    with connection.cursor() as cur:  # analysed: the planner no longer guesses its size
        cur.execute(
            "SELECT reltuples >= 0 FROM pg_class WHERE relname = 'wagtailcore_pageviewrestriction'"
        )
        assert cur.fetchone()[0]


def test_head_vector_holds_the_title_and_summary_lexemes_in_the_row(publish, counting):
    body = "【課題】\n" + "庁内のフロッピーディスクを廃止した。" * 300  # a long body
    page = publish(title="窓口のキントーン導入", summary="申請書の入力を自動化した。", body=body)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tsvector_to_array(head_vector), tsvector_to_array(search_vector) "
            "FROM search_pagesearchtext WHERE page_id = %s",
            [page.pk],
        )
        head, whole = cur.fetchone()
        cur.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = "
            "'search_pagesearchtext'::regclass AND attname IN ('head_vector', 'filters')"
        )
        storage = dict(cur.fetchall())
    assert "窓口" in head and "申請書" in head
    assert "フロッピー" in whole and "フロッピー" not in head  # body words stay out
    assert set(head) < set(whole)
    # kept in the row when a long page's other columns go out of line (migration 0009)
    assert storage == {"head_vector": "m", "filters": "m"}


def test_every_stored_vector_is_kept_in_its_table_row(publish, counting):
    """Each vector column of the search tables is PLAIN (migrations 0003, 0011): a 2 KB vector
    moved out to TOAST costs a lookup in the TOAST index for every candidate read."""
    page = publish(body="【課題】\n" + "紙の申請書を職員が手で入力していた。" * 40)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, a.attname, a.attstorage FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid "
            "WHERE c.relkind = 'r' AND c.relname LIKE 'search%%' AND t.typname = 'vector' "
            "AND NOT a.attisdropped ORDER BY c.relname"
        )
        columns = cur.fetchall()
        in_toast = None
        if connection.pg_version >= 170000:  # pg_column_toast_chunk_id: PostgreSQL 17
            cur.execute(
                "SELECT pg_column_toast_chunk_id(embedding) IS NOT NULL FROM search_pagevector "
                "WHERE page_id = %s",
                [page.pk],
            )
            in_toast = cur.fetchone()[0]
    assert [(table, storage) for table, _, storage in columns] == [
        ("search_pageembedding", "p"),
        ("search_pagevector", "p"),
    ]
    assert PageVector.objects.filter(page=page).exists()
    assert in_toast is False or connection.pg_version < 170000


def test_what_every_candidate_reads_stays_in_the_row_of_a_long_page(publish, counting):
    """A row with a 2 KB vector or a long page's tsvector is over the TOAST threshold, and
    PostgreSQL moves its other columns out, however small, unless they are MAIN (migration
    0012): a candidate's labels and filters would each cost a TOAST lookup."""
    body = "【課題】\n" + "紙の申請書を職員が手で入力していた。窓口で待つ時間も長かった。" * 200
    page = publish(title="申請書の入力を自動化", summary="AI-OCRで読み取った。", body=body)
    read = [
        ("search_pagesearchtext", "labels"),
        ("search_pagesearchtext", "filters"),
        ("search_pageembedding", "filters"),
        ("search_pagevector", "filters"),
    ]
    with connection.cursor() as cur:
        storage = {}
        for table, column in read:
            cur.execute(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attname = %s",
                [table, column],
            )
            storage[(table, column)] = cur.fetchone()[0]
        out_of_line = {}
        if connection.pg_version >= 170000:  # pg_column_toast_chunk_id: PostgreSQL 17
            cur.execute(
                "SELECT pg_column_toast_chunk_id(text) IS NOT NULL FROM search_pagesearchtext "
                "WHERE page_id = %s",
                [page.pk],
            )
            assert cur.fetchone()[0]  # the long text itself does go out of line
            for table, column in read:
                cur.execute(
                    f"SELECT bool_or(pg_column_toast_chunk_id({column}) IS NOT NULL) "
                    f"FROM {table} WHERE page_id = %s",
                    [page.pk],
                )
                out_of_line[(table, column)] = cur.fetchone()[0]
    assert set(storage.values()) == {"m"}
    assert not any(out_of_line.values())


def _whole_vector(page_id: int, model: str):
    row = PageVector.objects.filter(page_id=page_id, model=model).first()
    return None if row is None else np.asarray(row.embedding, dtype=float)


def test_whole_page_vector_written_with_the_chunks_and_removed_with_the_page(
    publish, counting, django_capture_on_commit_callbacks
):
    page = publish(body="【課題】\n" + "紙の申請書を職員が手で入力していた。" * 40)
    chunks = np.array(
        [
            np.asarray(v, dtype=float)
            for v in PageEmbedding.objects.filter(page=page, model=counting.name)
            .order_by("chunk")
            .values_list("embedding", flat=True)
        ]
    )
    assert len(chunks) > 2
    mean = chunks.mean(axis=0)
    whole = _whole_vector(page.pk, counting.name)
    assert whole is not None
    assert np.allclose(whole, mean / np.linalg.norm(mean), atol=1e-5)
    row = PageVector.objects.get(page=page)
    assert row.page_type == "cases.casepage" and row.filters["prefecture"] == 17

    # new text: a new mean
    page.body = body_to_stream("【課題】\n窓口で住民を待たせていた。" * 30)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert not np.allclose(_whole_vector(page.pk, counting.name), whole, atol=1e-3)

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert _whole_vector(page.pk, counting.name) is None
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert _whole_vector(page.pk, counting.name) is not None
    page_id = page.pk
    page.delete()
    assert not PageVector.objects.filter(page_id=page_id).exists()


def test_a_case_document_vector_reads_its_place_themes_and_tools(publish, counting):
    page = publish(summary="紙の申請書をAI-OCRで読み取り、入力作業を減らした。")
    doc = indexing.build_document(page)
    head = doc.chunks[0]
    lg = page.local_government
    themes = [t.name for t in page.themes.all()]
    tools = [t.name for t in page.tools.all()]
    assert themes and tools
    for part in (page.title, lg.full_name, *themes, *tools, page.summary):
        assert part in head
    # the keyword head stays the title and summary: tools and place count once, in the text
    assert doc.head == f"{page.title}\n{page.summary}"
    assert tools[0] not in doc.head
    # and the stored chunk 0 is that text's vector
    stored = PageEmbedding.objects.get(page=page, chunk=0)
    assert stored.content_hash == chunk_hash(stored.model, head)

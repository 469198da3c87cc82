"""Hybrid search, similar cases, the search page, the JSON API and the commands, over the demo
cases with real USE vectors (imported once for the module)."""

import json
import re

import numpy as np
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CasePage
from search import evaluation, fusion, keyword, prepared, service, similar
from search.models import PageEmbedding, PageSearchText
from search.text import MAX_QUERY_CHARS
from tests.search.conftest import SECRET_WORD

# The real model: this module holds the search-quality tests (the evaluation sets, English
# queries, similar cases) over the demo index it builds once.
pytestmark = [pytest.mark.django_db, pytest.mark.real_embedder]


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield


def _ids(results):
    return [r["id"] for r in results]


def test_every_published_case_is_indexed_and_drafts_and_private_are_not(demo_index):
    live = set(CasePage.objects.live().public().values_list("id", flat=True))
    assert len(live) == 136
    indexed = set(
        PageSearchText.objects.filter(page_type="cases.casepage").values_list("page_id", flat=True)
    )
    assert indexed == live
    with_vectors = set(PageEmbedding.objects.filter(chunk=0).values_list("page_id", flat=True))
    assert live <= with_vectors
    for hidden in (demo_index["draft"], demo_index["private"]):
        assert not PageSearchText.objects.filter(page_id=hidden.pk).exists()
        assert not PageEmbedding.objects.filter(page_id=hidden.pk).exists()


HELDOUT = evaluation.DEFAULT_FILE.with_name("search_eval_heldout.json")
THIRD = evaluation.DEFAULT_FILE.with_name("search_eval_third.json")


@pytest.mark.parametrize(
    ("path", "least"),
    [(evaluation.DEFAULT_FILE, 0.84), (HELDOUT, 0.82), (THIRD, 0.84)],
    ids=["tuning-set", "held-out-set", "third-set"],
)
def test_evaluation_hybrid_beats_each_signal(demo_index, path, least):
    result = evaluation.evaluate(evaluation.load(path), k=10)
    hybrid, keyword, semantic = (result[m]["ndcg"] for m in ("hybrid", "keyword", "semantic"))
    assert hybrid >= least, result
    assert hybrid > keyword and hybrid > semantic
    assert result["hybrid"]["recall"] >= 0.68


@pytest.mark.parametrize(
    ("path", "least"),
    [(evaluation.DEFAULT_FILE, 0.79), (HELDOUT, 0.775), (THIRD, 0.765)],
    ids=["tuning-set", "held-out-set", "third-set"],
)
def test_semantic_side_reads_what_a_case_is_about(demo_index, path, least):
    # the document vector over title, place, themes, tools and summary; over the title and
    # summary alone the three sets gave 0.780, 0.761 and 0.760
    result = evaluation.evaluate(evaluation.load(path), modes=["semantic"], k=10)
    assert result["semantic"]["ndcg"] >= least, result["semantic"]["ndcg"]


def test_bare_tool_names_from_the_cases_own_tool_field(demo_index):
    queries = evaluation.facet_queries("tool")
    keys = evaluation.source_urls()
    kintone = next(q for q in queries if q["query"] == "kintone")
    with_kintone = {
        keys[p.pk] for p in CasePage.objects.live().public().filter(tools__name__iexact="kintone")
    }
    assert set(kintone["relevant"]) == with_kintone and len(with_kintone) >= 2
    assert all(len(q["relevant"]) >= 2 and q["class"] == "tool" for q in queries)
    result = evaluation.evaluate(queries, modes=["hybrid"], k=10)
    assert result["hybrid"]["classes"]["tool"]["n"] == len(queries)
    assert result["hybrid"]["ndcg"] >= 0.9


def test_evaluation_ranks_only_the_labelled_pages(demo_index):
    keys = evaluation.source_urls()
    second = sorted(keys)[1]
    other = max(keys) + 1000  # an event or a diary entry: no key
    item = {"query": "x", "relevant": {keys[second]: 2}}
    result = evaluation.evaluate(
        [item], modes=["hybrid"], k=1, ranker=lambda q, mode: [(other, 1.0), (second, 0.5)]
    )
    assert result["hybrid"]["ndcg"] == 1.0


def test_result_objects(demo_index):
    results = service.search("紙の申請書の入力を自動化したい", limit=5)
    assert len(results) == 5
    first = results[0]
    assert set(first) == {
        "id",
        "title",
        "url",
        "type",
        "municipality",
        "prefecture",
        "starts_on",  # the events' result field: every result has the same keys
        "series",  # the diary's result fields
        "writer",
        "theme",  # a case's themes, as a list of names
        "score",
        "snippet",
    }
    assert first["type"] == "case"
    assert first["theme"] and all(isinstance(name, str) for name in first["theme"])
    assert first["url"].startswith("/cases/")
    assert first["prefecture"] and first["municipality"].startswith(first["prefecture"])
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert any("<mark>" in r["snippet"] for r in results)


def test_keyword_search_segments_japanese_and_unifies_kana(demo_index):
    kanji = _ids(service.search("申請書", mode="keyword", limit=20))
    assert kanji, "a word inside compounds must be found"
    # spelling variants and kana spellings reach the same documents
    for variants in (("問合せ", "問い合わせ", "といあわせ"), ("こども", "子供", "子ども")):
        found = [_ids(service.search(v, mode="keyword", limit=10)) for v in variants]
        assert found[0] and all(ids == found[0] for ids in found), variants


def test_candidate_terms_start_from_the_rarest():
    df = {"申請": 900, "入力": 300, "紙": 50, "ai-ocr": 20}
    big = {"documents": 100_000}
    assert service.candidate_terms(df, budget=2000, **big) == (
        ["ai-ocr", "紙", "入力", "申請"],
        "any",
    )
    assert service.candidate_terms(df, budget=400, **big) == (["ai-ocr", "紙", "入力"], "any")
    assert service.candidate_terms(df, budget=60, **big) == (["ai-ocr"], "any")
    # only common words: the pages holding the two rarest
    assert service.candidate_terms({"申請": 900, "入力": 800, "職員": 950}, budget=500, **big) == (
        ["入力", "申請"],
        "all",
    )
    # an index no larger than the budget: every page with any word is ranked
    assert service.candidate_terms(df, budget=400, documents=400) == (
        ["ai-ocr", "紙", "入力", "申請"],
        "any",
    )


def _pages_with(term):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT page_id FROM search_pagesearchtext WHERE search_vector @@ to_tsquery('simple', %s)",
            [term],
        )
        return {row[0] for row in cur.fetchall()}


def test_keyword_ranking_within_a_budget_ranks_the_pages_with_rare_words(demo_index, monkeypatch):
    monkeypatch.setattr(keyword, "SELECTION", "rarest")
    query = service.Query.parse("紙の申請書の入力を自動化したい")
    full = service.keyword_ranking(query, limit=200)
    df = service.term_documents(query.terms)
    assert set(df) <= set(query.terms) and all(n > 0 for n in df.values())
    rarest = min(df, key=lambda term: (df[term], term))
    monkeypatch.setattr(keyword, "KEYWORD_BUDGET", df[rarest])
    bounded = service.keyword_ranking(query, limit=200)
    assert {pid for pid, _ in bounded} == _pages_with(rarest)
    assert len(bounded) < len(full)
    # the same scores and order as the full ranking, restricted to those pages
    kept = {pid for pid, _ in bounded}
    restricted = [(pid, score) for pid, score in full if pid in kept]
    assert [pid for pid, _ in bounded] == [pid for pid, _ in restricted]
    assert [score for _, score in bounded] == pytest.approx([score for _, score in restricted])

    # every word common: the pages that have them all
    both = service.Query(text="申請 入力", terms=["申請", "入力"])
    common = service.term_documents(both.terms)
    monkeypatch.setattr(keyword, "KEYWORD_BUDGET", min(common.values()) - 1)
    wanted = _pages_with("申請") & _pages_with("入力")
    assert 0 < len(wanted) < min(common.values()) - 1
    assert {pid for pid, _ in service.keyword_ranking(both, limit=200)} == wanted


IMPACT_QUERIES = [
    "紙の申請書の入力を自動化したい",
    "窓口の待ち時間を減らしたい",
    "災害時の避難所の情報を共有する",
    "職員の働き方改革とテレワーク",
    "AI-OCR RPA",
]


def test_impact_selection_beyond_the_budget_keeps_the_exhaustive_top_ten(demo_index, monkeypatch):
    """Beyond the budget the pages to rank are each term's best postings by impact: the top
    ten stay those of the exhaustive ranking, where the rarest-terms selection loses some."""

    def top(q):
        return [pid for pid, _ in service.keyword_ranking(service.Query.parse(q), limit=10)]

    exhaustive = {q: top(q) for q in IMPACT_QUERIES}  # 144 pages: every match ranked
    assert all(len(found) == 10 for found in exhaustive.values())
    monkeypatch.setattr(keyword, "KEYWORD_BUDGET", 20)
    monkeypatch.setattr(keyword, "SELECTION", "impact")
    documents = keyword.corpus_stats().documents
    for q in IMPACT_QUERIES:
        df = service.term_documents(service.Query.parse(q).terms)
        assert keyword.uses_impact_selection(df, documents, None)
        assert not keyword.uses_impact_selection(
            df, documents, service.Filters(values={"prefecture": [17]})
        )

    def recall(selection):
        monkeypatch.setattr(keyword, "SELECTION", selection)
        return [len(set(top(q)) & set(exhaustive[q])) / 10 for q in IMPACT_QUERIES]

    assert recall("impact") == [1.0] * len(IMPACT_QUERIES)
    assert sum(recall("rarest")) < len(IMPACT_QUERIES)


@pytest.mark.parametrize("selection", ["rarest", "impact"])
def test_keyword_ranking_beyond_the_budget_keeps_the_visibility_guard(
    demo_index, monkeypatch, selection
):
    """A page unpublished behind the index's back (its keyword rows still there) is left out
    by the statement's own guard, on either selection beyond the budget; the impact
    selection, which rescores more pages than it shows, fills its place with the next."""
    from wagtail.models import Page

    monkeypatch.setattr(keyword, "KEYWORD_BUDGET", 20)
    monkeypatch.setattr(keyword, "SELECTION", selection)
    query = service.Query.parse("紙の申請書の入力を自動化したい")
    before = [pid for pid, _ in service.keyword_ranking(query, limit=10)]
    assert len(before) == 10
    Page.objects.filter(pk__in=before[:2]).update(live=False)
    after = [pid for pid, _ in service.keyword_ranking(query, limit=10)]
    assert not set(before[:2]) & set(after)
    assert after[:8] == before[2:]
    if selection == "impact":
        assert len(after) == 10


def test_term_depths_share_the_postings_budget_by_idf_squared():
    depths = keyword.term_depths([4.0, 2.0, 1.0], per_term=100)
    assert sum(depths) == pytest.approx(300, abs=2)
    assert depths == [229, 57, 14]  # 16 : 4 : 1
    assert keyword.term_depths([0.0, 0.0], per_term=50) == [50, 50]
    assert min(keyword.term_depths([9.0, 0.01], per_term=10)) == 1  # never no posting at all


def test_impact_selection_reads_each_term_s_share_of_postings(demo_index, monkeypatch):
    """The statement reads :func:`keyword.term_depths` postings per term: with a budget of one
    posting a term, at most that many pages (one per term, shared by IDF) are ranked."""
    query = service.Query.parse("紙の申請書の入力を自動化したい")
    df = service.term_documents(query.terms)
    monkeypatch.setattr(keyword, "KEYWORD_BUDGET", 20)
    monkeypatch.setattr(keyword, "SELECTION", "impact")
    wide = service.keyword_ranking(query, limit=200)
    monkeypatch.setattr(keyword, "TERM_POSTINGS", 1)
    documents = keyword.corpus_stats().documents
    depths = keyword.term_depths([keyword.RANKING.idf(n, documents) for n in df.values()])
    narrow = service.keyword_ranking(query, limit=200)
    assert 0 < len(narrow) <= sum(depths) < len(wide)


def test_keyword_statement_plans_with_the_index_and_restores_the_setting(demo_index):
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    assert connection.in_atomic_block  # the SET LOCAL would otherwise outlive the test
    with connection.execute_wrapper(record):
        ranked = service.keyword_ranking(service.Query.parse("紙の申請書の入力を自動化したい"))
    assert ranked
    statement = next(sql for sql in sent if "search_posting" in sql)
    assert statement.startswith(service.KEYWORD_SETTINGS_SQL)
    with connection.cursor() as cur:
        cur.execute("SHOW enable_seqscan")
        assert cur.fetchone()[0] == "on"


def test_bm25_weighs_rare_words_and_short_pages(demo_index):
    query = service.Query.parse("申請 ユニコーン")
    stats = service.corpus_stats()
    assert stats.documents == PageSearchText.objects.count() and stats.avg_length > 10
    df = service.term_documents(["申請"])
    bm25 = service.RANKING
    assert bm25.idf(1, stats.documents) > bm25.idf(df["申請"], stats.documents) > 0
    # never negative, even with counts from a moment ago
    assert bm25.idf(stats.documents + 5, stats.documents) > 0
    ranked = service.keyword_ranking(query, limit=200)
    scores = dict(ranked)
    assert ranked == sorted(ranked, key=lambda item: (-item[1], item[0]))
    # a page's score is the sum of its terms' scores: the pages holding 申請 score the same
    # as for the query 申請 alone, as ユニコーン is in no published page
    alone = dict(service.keyword_ranking(service.Query.parse("申請"), limit=200))
    assert scores == pytest.approx(alone)
    # the same number of occurrences weighs more in a shorter page
    with connection.cursor() as cur:
        cur.execute(
            "SELECT s.page_id, t.length FROM search_posting s "
            "JOIN search_pagesearchtext t USING (page_id) "
            "WHERE s.term = '申請' AND s.head_tf = 0 AND s.body_tf = 1 ORDER BY t.length"
        )
        rows = cur.fetchall()
    assert len(rows) >= 2 and rows[0][1] < rows[-1][1]
    assert scores[rows[0][0]] > scores[rows[-1][0]]


def test_english_query_vector_leans_to_the_glossary_japanese(demo_index):
    query = service.Query.parse("paperless council meetings")
    assert query.japanese
    backend = service.serving_backend()
    own, japanese = backend.embed_queries([query.text, " ".join(query.japanese)])
    vec = query.vector()
    assert np.linalg.norm(vec) == pytest.approx(1.0, abs=1e-5)
    assert float(vec @ japanese) > float(own @ japanese)
    assert float(vec @ own) > 0.8
    plain = service.Query.parse("紙の申請書")
    assert plain.japanese == []
    assert np.allclose(plain.vector(), backend.embed_query(plain.text))


def test_english_query_finds_japanese_cases(demo_index):
    results = service.search("paper application forms read by OCR", mode="semantic", limit=5)
    assert results
    assert any(
        "OCR" in r["title"] or "文字認識" in r["title"] or "読み取" in r["title"] for r in results
    )


def test_filters_apply_in_sql(demo_index):
    tokyo = service.Filters.from_mapping({"prefecture": "13"})
    results = service.search("紙の申請書の入力を自動化したい", filters=tokyo, limit=50)
    assert results and all(r["prefecture"] == "東京都" for r in results)
    rpa = service.Filters.from_mapping({"theme": ["rpa"]})
    ids = _ids(service.search("業務の効率化", filters=rpa, limit=50))
    assert ids
    assert set(ids) <= set(CasePage.objects.filter(themes__slug="rpa").values_list("id", flat=True))
    none = service.Filters.from_mapping({"page_type": ["events.eventpage"]})
    assert service.search("自動化", filters=none) == []


def test_drafts_and_private_pages_never_appear(demo_index, client):
    hidden = {demo_index["draft"].pk, demo_index["private"].pk}
    for mode in service.MODES:
        assert not hidden & set(_ids(service.search(SECRET_WORD, mode=mode, limit=50)))
    response = client.get(reverse("api_search"), {"q": SECRET_WORD, "limit": 50})
    assert not hidden & set(_ids(response.json()))
    page = client.get(reverse("search"), {"q": SECRET_WORD + " 紙の申請書"})
    shown = [item["id"] for item in page.context["results"]]
    assert shown and not hidden & set(shown)
    # similar cases of a case close to them, and duplicates of their own text
    near = similar.possible_duplicates(
        demo_index["private"].title, demo_index["private"].summary, 50, 0
    )
    assert not hidden & set(_ids(near))
    found = similar.similar_cases(CasePage.objects.live().public().first(), 50, 50)
    assert not hidden & set(_ids(found["other_prefectures"] + found["same_prefecture"]))
    assert similar.similar_cases(demo_index["private"]) == {
        "other_prefectures": [],
        "same_prefecture": [],
    }
    assert (
        client.get(reverse("api_search_similar"), {"page": demo_index["draft"].pk}).status_code
        == 404
    )


def test_similar_cases_other_prefectures_first_then_same(demo_index):
    case = CasePage.objects.live().get(
        source_url="https://www.city.kanazawa.ishikawa.jp/dx/rpa-aiocr-2019"
    )
    with CaptureQueriesContext(connection) as queries:
        found = similar.similar_cases(case)
    # one statement for the nearest neighbours (a prepared one, made on first use; plus a
    # lookup of the page's prefecture)
    assert len([q for q in queries if "EXECUTE search_" in q["sql"]]) == 1
    assert all("EXECUTE" in q["sql"] or "PREPARE" in q["sql"] for q in queries if "<=>" in q["sql"])
    others, same = found["other_prefectures"], found["same_prefecture"]
    assert len(others) == 5 and 1 <= len(same) <= 3
    assert all(r["prefecture"] != "石川県" for r in others)
    assert all(r["prefecture"] == "石川県" for r in same)
    assert case.pk not in _ids(others + same)
    assert [r["score"] for r in others] == sorted((r["score"] for r in others), reverse=True)
    # AI-OCR / RPA cases come first and show what they share
    assert any("AI-OCR" in r["shared_themes"] or "RPA" in r["shared_themes"] for r in others[:3])


def test_similar_cases_are_cached_until_the_index_changes(
    demo_index, django_capture_on_commit_callbacks
):
    case = CasePage.objects.live().get(
        source_url="https://www.city.kanazawa.ishikawa.jp/dx/rpa-aiocr-2019"
    )
    first = similar.similar_cases(case)
    with CaptureQueriesContext(connection) as queries:
        assert similar.similar_cases(case) == first
    assert not [q for q in queries if "EXECUTE search_" in q["sql"]]  # from the cache

    nearest = CasePage.objects.get(pk=first["other_prefectures"][0]["id"])
    with django_capture_on_commit_callbacks(execute=True):
        nearest.unpublish()  # the index changes: the cached list is retired
    found = similar.similar_cases(case)
    assert nearest.pk not in _ids(found["other_prefectures"] + found["same_prefecture"])
    assert len(found["other_prefectures"]) == 5
    with django_capture_on_commit_callbacks(execute=True):
        nearest.save_revision().publish()
    assert nearest.pk in _ids(similar.similar_cases(case)["other_prefectures"])


def test_similar_cases_prepared_statement_gives_the_same_rows(demo_index):
    case = CasePage.objects.live().get(
        source_url="https://www.city.kanazawa.ishikawa.jp/dx/rpa-aiocr-2019"
    )
    model = service.serving_backend().name
    params = {
        "page": case.pk,
        "model": model,
        "documents": 144.0,
        "split_key": "prefecture",
        "split": str(case.local_government.prefecture_id),
        "same_scan": 4,
        "whole_scan": 11,
        "key_terms": 10,
        "term_postings": 30,
        "term_scan": 9,
    }
    with connection.cursor() as cur:
        cur.execute(f"SET LOCAL hnsw.ef_search = {similar.SIMILAR_EF_SEARCH}")
        cur.execute(similar.SIMILAR_SQL, params)
        plain = sorted(cur.fetchall())
        prepared_rows = similar._execute_prepared(cur, params)
        again = similar._execute_prepared(cur, params)  # prepared once per session
        text = similar._prepared_sql(params)
        cur.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE name = %s",
            [prepared.statement_name(text)],
        )
        assert cur.fetchone()[0] == 1
    service.set_hnsw_session(connection=connection)  # SET LOCAL lasts as long as this test
    assert plain and sorted(r[0] for r in prepared_rows) == [r[0] for r in plain]
    assert sorted(r[0] for r in again) == [r[0] for r in plain]
    assert "$3::float8" in text and "$4" not in text and "'17'" in text
    for limit in (4, 11, 10, 30, 9):
        assert f"LIMIT {limit}\n" in text
    assert "%(" not in text and "'%%'" not in text
    assert "NULL::text IS NOT NULL" in similar._prepared_sql({**params, "split": None})


def test_prepared_statements_are_made_again_when_the_session_lost_them(demo_index):
    with connection.cursor() as cur:
        prepared.execute(cur, "SELECT %s::int + 1, 'a%%b'", [41])
        assert cur.fetchone() == (42, "a%b")
        cur.execute("DEALLOCATE ALL")  # as a connection pooler might
        connection._search_prepared = None  # a fresh session: the registry starts again
        prepared.execute(cur, "SELECT %s::int + 1, 'a%%b'", [1])
        assert cur.fetchone() == (2, "a%b")
    assert prepared.numbered("a = %s AND b LIKE 'x%%' AND c = %s") == (
        "a = $1 AND b LIKE 'x%' AND c = $2",
        2,
    )


def test_hybrid_search_runs_the_semantic_statement_on_a_worker_connection(demo_index, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["紙の申請書の入力を自動化したい", "paperless council meetings", "除雪 問い合わせ"]
    serial = [service.rank(q)[1] for q in queries]
    worker = ThreadPoolExecutor(max_workers=1)
    threads = []
    on_worker = fusion._worker_semantic

    def semantic_in_thread(*args):
        import threading

        threads.append(threading.current_thread().name)
        return on_worker(*args)

    monkeypatch.setattr(fusion, "_EMBEDDER", worker)
    monkeypatch.setattr(fusion, "semantic_on_worker", lambda: True)
    monkeypatch.setattr(fusion, "_worker_semantic", semantic_in_thread)
    try:
        together = [service.rank(q)[1] for q in queries]
    finally:
        from django.db import connection as any_connection

        worker.submit(lambda: any_connection.close()).result()  # the worker thread's own
        worker.shutdown()
    assert threads and all(name != "MainThread" for name in threads)
    assert together == serial


def test_the_search_workers_close_their_connections(demo_index, monkeypatch):
    """The worker threads keep a connection each between queries; asked to, every one of them
    closes it (the last test does, so that the test database can be dropped)."""
    import time

    def others() -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_stat_clear_snapshot()")
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cur.fetchone()[0]

    monkeypatch.setattr(fusion, "semantic_on_worker", lambda: True)
    for q in ["紙の申請書の入力を自動化したい", "paperless council meetings"]:
        service.rank(q)
    assert others() >= 1
    fusion.close_worker_connections()
    deadline = time.monotonic() + 5
    while others() and time.monotonic() < deadline:  # a closed session ends on its own time
        time.sleep(0.05)
    assert others() == 0


def test_case_page_shows_similar_cases(demo_index, client):
    case = CasePage.objects.live().get(
        source_url="https://www.city.kanazawa.ishikawa.jp/dx/rpa-aiocr-2019"
    )
    html = client.get(case.url).content.decode()
    assert "他の都道府県の類似事例" in html
    assert "共通" in html


def test_possible_duplicates_of_a_draft(demo_index, client):
    case = CasePage.objects.live().get(
        source_url="https://www.city.kanazawa.ishikawa.jp/dx/rpa-aiocr-2019"
    )
    found = similar.possible_duplicates(case.title, case.summary)
    assert found and found[0]["id"] == case.pk and found[0]["score"] > 0.95
    assert similar.possible_duplicates("桜の花見イベント", "公園で花見をする") == []
    response = client.get(reverse("api_search"), {"title": case.title, "summary": case.summary})
    assert response.status_code == 200 and response.json()[0]["id"] == case.pk


BAD_QUERIES = [
    "",
    "あ" * 10_000,
    "😀🙏🏽👨‍👩‍👧",
    "\x00\x01\x1b[31m制御\x7f",
    "100%",
    "%_%",
    "\"'「」'",
    "'; DROP TABLE search_pagesearchtext; --",
    "a & b | !c :* <-> (",
    "\\",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_gives_a_normal_page(demo_index, client, query):
    response = client.get(reverse("search"), {"q": query, "page": "abc", "prefecture": "x"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    api = client.get(reverse("api_search"), {"q": query})
    assert api.status_code == 200 and isinstance(api.json(), list)
    assert PageSearchText.objects.count() >= 136


def test_a_filter_it_cannot_use_is_left_out_and_said_so(demo_index, client):
    plain = client.get(reverse("search"), {"q": "書かない窓口"})
    response = client.get(reverse("search"), {"q": "書かない窓口", "prefecture": "99"})
    html = response.content.decode()
    assert "「99」は選べない値です。" in html
    assert "使えない条件（都道府県）を外して表示しています。" in html
    # the results are those of the query without it
    assert response.context["results"].paginator.count == plain.context["results"].paginator.count
    assert "使えない条件" not in plain.content.decode()


def test_long_query_is_cut_and_said_so(demo_index, client):
    response = client.get(reverse("search"), {"q": "自動化" * 200})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"最初の{MAX_QUERY_CHARS}文字" in html
    assert response.context["search_query"] == ("自動化" * 200)[:MAX_QUERY_CHARS]


def test_search_page(demo_index, client):
    response = client.get(reverse("search"), {"q": "書かない窓口", "region": "kinki"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    assert "件見つかりました" in html and "<mark>" in html
    page_obj = response.context["results"]
    assert page_obj.paginator.count >= 1
    assert all(
        item["prefecture"]
        in {"大阪府", "京都府", "兵庫県", "奈良県", "和歌山県", "滋賀県", "三重県"}
        for item in page_obj
    )
    many = client.get(reverse("search"), {"q": "自動化", "page": "2"})
    assert many.context["results"].number == 2
    assert "ページ送り" in many.content.decode()
    # the filters open when one is set (above), folded otherwise so that results come first
    assert '<details class="search-filters" id="filter-heading" open>' in html
    assert '<details class="search-filters" id="filter-heading">' in many.content.decode()
    empty_selects = client.get(reverse("search"), {"q": "自動化", "region": "", "mode": ""})
    assert '<details class="search-filters" id="filter-heading">' in empty_selects.content.decode()


def test_api_modes_limit_and_errors(demo_index, client):
    url = reverse("api_search")
    for mode in service.MODES:
        data = client.get(url, {"q": "保育園の入所申請", "mode": mode, "limit": 3}).json()
        assert isinstance(data, list) and 1 <= len(data) <= 3
    assert client.get(url, {"q": "x", "mode": "magic"}).status_code == 400
    assert client.get(url, {"q": "x", "limit": "abc"}).status_code == 400
    assert client.get(url, {"q": "x", "limit": "1000"}).status_code == 400
    assert client.get(url).json() == []
    # Japanese unless the client asks: ?lang=en gives English messages and place names
    assert "hybrid" in client.get(url, {"q": "x", "mode": "magic"}).json()["error"]
    assert "のいずれか" in client.get(url, {"q": "x", "mode": "magic"}).json()["error"]
    english = client.get(url, {"q": "x", "mode": "magic", "lang": "en"}).json()["error"]
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", english), english
    found = client.get(url, {"q": "金沢市 RPA", "mode": "keyword", "lang": "en"}).json()
    assert any(r["municipality"] == "Kanazawa City (Ishikawa)" for r in found)


@pytest.mark.parametrize("page", ["²", "①", "abc", "0", "-3", "99999999999999999999", "9" * 5000])
def test_similar_api_answers_400_for_a_page_that_is_no_page_id(demo_index, client, page):
    response = client.get(reverse("api_search_similar"), {"page": page})
    assert response.status_code == 400
    assert response.json()["error"].startswith("page は")
    assert '"page は' in response.content.decode()  # written as the other replies, not \\u-escaped
    assert response["X-Robots-Tag"] == "noindex"
    assert client.get(reverse("api_search_similar"), {"limit": "²"}).status_code == 400
    assert client.get(reverse("api_search_similar"), {"limit": "9" * 30}).status_code == 400
    case = CasePage.objects.live().public().first()
    found = client.get(reverse("api_search_similar"), {"page": f" {case.pk} ", "limit": "2"})
    assert found.status_code == 200 and len(found.json()["other_prefectures"]) == 2


@pytest.mark.parametrize("name", ["theme", "tool", "region", "population", "status", "page_type"])
def test_api_answers_400_for_a_control_character_in_a_filter(demo_index, client, caplog, name):
    for value in ("\x00", "rpa\x00", "\x1b[31m"):
        response = client.get(reverse("api_search"), {"q": "自動化", name: value})
        assert response.status_code == 400
        assert response.json()["error"].startswith(f"{name} に制御文字（")
    assert "（NUL）" in response.json()["error"] or "U+001B" in response.json()["error"]
    assert not [r for r in caplog.records if r.exc_info]
    # the free text is normalised instead: its control characters are dropped
    plain = client.get(reverse("api_search"), {"q": "書かない窓口", "mode": "keyword"}).json()
    same = client.get(reverse("api_search"), {"q": "書かない\x00窓口\x07", "mode": "keyword"})
    assert same.status_code == 200 and _ids(same.json()) == _ids(plain)


def test_search_page_drops_control_characters_like_the_api(demo_index, client, caplog):
    plain = client.get(reverse("search"), {"q": "書かない窓口"})
    response = client.get(
        reverse("search"), {"q": "書かない\x00窓口", "theme": "\x00", "tool": "x\x00"}
    )
    assert response.status_code == 200
    assert response.context["search_query"] == "書かない窓口"
    assert not response.context["search_error"]
    assert [i["id"] for i in response.context["results"]] == [
        i["id"] for i in plain.context["results"]
    ]
    assert not [r for r in caplog.records if r.exc_info]


def test_api_is_rate_limited_per_client(demo_index, client):
    url = reverse("api_search")
    codes = [client.get(url, {"q": ""}).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429
    response = client.get(url, {"q": "自動化"})
    assert response.status_code == 429
    assert "リクエストが多すぎます" in response.json()["error"]
    other = client.get(url, {"q": ""}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


def test_commands_print_the_same_objects(demo_index, capsys):
    call_command("search_cases", "紙の申請書の入力を自動化したい", "--limit", "3", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == service.search("紙の申請書の入力を自動化したい", limit=3)
    case = CasePage.objects.live().first()
    call_command("similar_cases", str(case.pk), "--json")
    items = json.loads(capsys.readouterr().out)
    assert 5 <= len(items) <= 8 and case.pk not in _ids(items)
    call_command("search_cases", "自動化", "--mode", "keyword")
    assert "1." in capsys.readouterr().out
    call_command("evaluate_search")
    out = capsys.readouterr().out
    assert "hybrid" in out and "keyword" in out and "semantic" in out


def test_cross_validation_reads_the_deployed_fusion_as_the_live_search_does(demo_index, capsys):
    # The fusion is varied over rankings computed once: the deployed setting's figures must be
    # those of the hybrid search itself.
    paths = [evaluation.DEFAULT_FILE, HELDOUT]
    call_command("evaluate_search", "--cross-validate", "--json", *[f"--file={p}" for p in paths])
    printed = json.loads(capsys.readouterr().out)
    for path in paths:
        row = printed[path.stem]
        live = evaluation.evaluate(evaluation.load(path), modes=["hybrid"])["hybrid"]
        assert row["deployed"]["ndcg"] == pytest.approx(live["ndcg"])
        assert row["deployed"]["recall"] == pytest.approx(live["recall"])
        assert row["chosen_on"] == [p.stem for p in paths if p != path]
        assert row["tuned_here_scores"]["ndcg"] >= row["cross_validated"]["ndcg"]


def test_hybrid_search_answers_with_keywords_when_the_embedder_fails(demo_index, monkeypatch):
    backend = service.serving_backend()

    def broken(text):
        raise RuntimeError("model unavailable")

    monkeypatch.setattr(backend, "embed_query", broken)
    hybrid = _ids(service.search("申請書 自動化", limit=10))
    keyword = _ids(service.search("申請書 自動化", mode="keyword", limit=10))
    assert hybrid and hybrid == keyword


def test_nothing_found_is_said_in_words(demo_index, client):
    """A word no page has: 「…見つかりませんでした」, not 「0 件見つかりました」."""
    response = client.get(reverse("search"), {"q": "ずぁずぉ", "mode": "keyword"})
    html = response.content.decode()
    assert response.context["results"].paginator.count == 0
    assert "「ずぁずぉ」に合うページは見つかりませんでした。" in html
    assert "0 件見つかりました" not in html


def test_the_search_page_shows_the_query_as_typed(demo_index, client):
    """「RPA」 is searched as 「rpa」 but shown back as typed, in the box and in a message."""
    response = client.get(reverse("search"), {"q": "  ＲＰＡ   zzqxnothing "})
    html = response.content.decode()
    assert response.context["search_query"] == "ＲＰＡ zzqxnothing"
    assert 'value="ＲＰＡ zzqxnothing"' in html
    assert "「ＲＰＡ zzqxnothing」" in html and "rpa zzqxnothing" not in html


def test_filters_that_find_nothing_say_how_many_the_query_finds_without_them(demo_index, client):
    """No case uses a tool of that name: the page says that the filters found nothing and links
    the search without them, which finds the RPA cases (段階 with 種類 = 日記 is the same)."""
    response = client.get(
        reverse("search"), {"q": "RPA", "type": "cases.casepage", "tool": "どこにもないツール"}
    )
    html = response.content.decode()
    assert not response.context["form"].errors, response.context["form"].errors
    assert response.context["results"].paginator.count == 0
    assert "「RPA」に合うページは、この絞り込みでは見つかりませんでした。" in html
    unfiltered = response.context["unfiltered"]
    assert f"絞り込みを外すと {unfiltered['count']} 件見つかります" in html
    # said once, before the (open) filters: on a phone the way out is in view, not below them
    assert html.count("この絞り込みでは見つかりませんでした") == 1
    assert html.index("この絞り込みでは見つかりませんでした") < html.index('id="filter-heading"')
    assert unfiltered["url"] == "/search/?q=RPA"
    wider = client.get(unfiltered["url"])
    assert wider.context["results"].paginator.count == unfiltered["count"] > 0
    # a word no page has: removing the filters would not help, so it is not offered
    nothing = client.get(reverse("search"), {"q": "ずぁずぉ", "type": "cases.casepage"})
    assert nothing.context["unfiltered"] is None
    assert "言葉を変えてみてください" in nothing.content.decode()

"""Writing the search tables: the keyword row and its postings and term counts, the chunk
vectors, removal, and the bulk steps of a rebuild (term recount, planner statistics)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import numpy as np
from django.db import connection, transaction

from search import text as jtext
from search.db import vector_literal
from search.documents import Document, content_hash
from search.embedding import EmbeddingBackend
from search.models import DIMENSIONS, PageEmbedding


def write_keyword_row(doc: Document) -> None:
    """Upsert the page's keyword row and keep :class:`SearchTerm` counts in step (nothing is
    written when the row's content is unchanged)."""
    row_hash = content_hash(
        str(jtext.ANALYZER_VERSION),
        doc.page_type,
        doc.head,
        doc.keyword_text,
        doc.snippet_text,
        json.dumps(doc.filters),
        json.dumps(doc.labels),
    )
    with connection.cursor() as cur:
        cur.execute(
            "SELECT content_hash, tsvector_to_array(search_vector) FROM search_pagesearchtext "
            "WHERE page_id = %s FOR UPDATE",
            [doc.page_id],
        )
        row = cur.fetchone()
        if row is not None and row[0] == row_hash:
            return
        old_terms = set(row[1]) if row is not None else set()
        body_tokens = jtext.to_tsvector_text(doc.keyword_text)
        cur.execute(
            """
            INSERT INTO search_pagesearchtext
                (page_id, content_type_id, page_type, search_vector, filters, labels, text,
                 length, content_hash, updated_at)
            VALUES (%s, %s, %s,
                    setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s),
                    %s::jsonb, %s::jsonb, %s, %s, %s, now())
            ON CONFLICT (page_id) DO UPDATE SET
                content_type_id = EXCLUDED.content_type_id,
                page_type = EXCLUDED.page_type,
                search_vector = EXCLUDED.search_vector,
                filters = EXCLUDED.filters,
                labels = EXCLUDED.labels,
                text = EXCLUDED.text,
                length = EXCLUDED.length,
                content_hash = EXCLUDED.content_hash,
                updated_at = now()
            RETURNING tsvector_to_array(search_vector)
            """,
            [
                doc.page_id,
                doc.content_type_id,
                doc.page_type,
                jtext.to_tsvector_text(doc.head),
                body_tokens,
                json.dumps(doc.filters, ensure_ascii=False),
                json.dumps(doc.labels, ensure_ascii=False),
                doc.snippet_text,
                len(body_tokens.split()),
                row_hash,
            ],
        )
        new_terms = set(cur.fetchone()[0])
        write_postings(cur, doc.page_id)
        count_terms(cur, added=new_terms - old_terms, removed=old_terms - new_terms)
        bump_version(cur)


IMPACT_SQL = """
    (%(tf)s * (%(k1)s + 1)
     / (%(tf)s + %(k1)s * (1 - %(b)s + %(b)s * t.length / %(avg)s)))
"""

POSTINGS_ALL_SQL = """
    INSERT INTO search_posting (page_id, term, head_tf, body_tf, impact)
    SELECT t.page_id, u.lexeme, w.head_tf, w.body_tf, IMPACT
    FROM search_pagesearchtext t, unnest(t.search_vector) u
    CROSS JOIN LATERAL (
        SELECT coalesce(cardinality(array_positions(u.weights, 'A')), 0) AS head_tf,
               coalesce(cardinality(array_positions(u.weights, 'D')), 0) AS body_tf
    ) w
    CROSS JOIN (
        SELECT greatest(coalesce(avg(length), 1), 1)::float8 AS avg FROM search_pagesearchtext
    ) a
""".replace(
    "IMPACT",
    IMPACT_SQL % {"tf": "(w.head_tf + w.body_tf)", "k1": "1.2", "b": "0.75", "avg": "a.avg"},
)
"""The postings of pages from their tsvectors: weight A positions are a page's title and
summary, weight D positions its whole text (which repeats the title and summary); ``impact``
is the BM25 term-frequency part (k1 1.2, b 0.75, head weight 1: ``search.keyword.RANKING``)
against the mean page length at the time of writing."""

POSTINGS_SQL = POSTINGS_ALL_SQL + "    WHERE t.page_id = %s\n"

REFRESH_IMPACTS_SQL = """
    UPDATE search_posting s SET impact = IMPACT
    FROM search_pagesearchtext t,
         (SELECT greatest(coalesce(avg(length), 1), 1)::float8 AS avg
          FROM search_pagesearchtext) a
    WHERE t.page_id = s.page_id
""".replace(
    "IMPACT",
    IMPACT_SQL % {"tf": "(s.head_tf + s.body_tf)", "k1": "1.2", "b": "0.75", "avg": "a.avg"},
)
"""The impacts of every posting against the current mean length (after a rebuild, whose
first pages were written against a mean of the few written before them)."""


def write_postings(cur, page_id: int) -> None:
    """Replace the page's :class:`~search.models.SearchPosting` rows (BM25 term frequencies)."""
    cur.execute("DELETE FROM search_posting WHERE page_id = %s", [page_id])
    cur.execute(POSTINGS_SQL, [page_id])


def refresh_impacts() -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(REFRESH_IMPACTS_SQL)
        bump_version(cur)


def bump_version(cur) -> None:
    """Mark the search tables as changed: cached results keyed on the counter are retired
    (``search.similar``)."""
    cur.execute("SELECT nextval('search_index_version')")


def count_terms(cur, added: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
    """Add one page to the counts of ``added`` terms and take it from ``removed`` ones.
    Rows are touched in term order, so concurrent indexing tasks cannot deadlock."""
    added, removed = sorted(added), sorted(removed)
    if added:
        cur.execute(
            """
            INSERT INTO search_searchterm (term, documents)
            SELECT term, 1 FROM unnest(%s::text[]) AS term ORDER BY term
            ON CONFLICT (term) DO UPDATE SET documents = search_searchterm.documents + 1
            """,
            [added],
        )
    if removed:
        cur.execute(
            """
            UPDATE search_searchterm s SET documents = s.documents - 1
            FROM (SELECT term FROM unnest(%s::text[]) AS term ORDER BY term) r
            WHERE s.term = r.term
            """,
            [removed],
        )
        cur.execute(
            "DELETE FROM search_searchterm WHERE term = ANY(%s) AND documents <= 0", [removed]
        )


SEARCH_TABLES = (
    "search_pagesearchtext",
    "search_posting",
    "search_pageembedding",
    "search_pagevector",
    "search_searchterm",
)


ANALYZED_WAGTAIL_TABLES = ("wagtailcore_page", "wagtailcore_pageviewrestriction")
"""Read by the visibility guard of every search statement. A never-analysed restriction table
is planned as 130 rows, joined to the page table by reading all of it; once analysed (even
empty, or with a few private pages), by its primary key."""


def analyze_tables() -> None:
    """Refresh the planner's statistics of the search tables and of the Wagtail tables the
    search statements read (after a rebuild or a bulk import: plans made before autovacuum
    has looked at a table that just grew can be poor)."""
    with connection.cursor() as cur:
        cur.execute("ANALYZE " + ", ".join((*SEARCH_TABLES, *ANALYZED_WAGTAIL_TABLES)))


def recount_terms() -> int:
    """Recount :class:`SearchTerm` from the keyword rows (after a rebuild or a bulk load);
    returns the number of distinct terms."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("LOCK TABLE search_searchterm IN EXCLUSIVE MODE")
        cur.execute("DELETE FROM search_searchterm")
        cur.execute(
            "INSERT INTO search_searchterm (term, documents) SELECT word, ndoc "
            "FROM ts_stat('SELECT search_vector FROM search_pagesearchtext')"
        )
        terms = cur.rowcount
        bump_version(cur)
        return terms


def chunk_hash(model: str, chunk_text: str) -> str:
    return content_hash(model, chunk_text)


def stale_chunks(docs: Sequence[Document], model: str) -> list[tuple[Document, int, str]]:
    """(doc, chunk number, hash) of the chunks whose stored vector is missing or outdated."""
    existing: dict[tuple[int, int], str] = {}
    ids = [d.page_id for d in docs]
    for page_id, chunk, h in PageEmbedding.objects.filter(page_id__in=ids, model=model).values_list(
        "page_id", "chunk", "content_hash"
    ):
        existing[(page_id, chunk)] = h
    todo = []
    for doc in docs:
        for i, chunk in enumerate(doc.chunks):
            h = chunk_hash(model, chunk)
            if existing.get((doc.page_id, i)) != h:
                todo.append((doc, i, h))
    return todo


def write_vectors(rows: Iterable[tuple[Document, int, str, np.ndarray]], model: str) -> None:
    """Upsert (document, chunk, hash, vector) rows for ``model``."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cur:
        for start in range(0, len(rows), 200):
            batch = rows[start : start + 200]
            values = ", ".join(["(%s, %s, %s, %s, %s::vector, %s, %s::jsonb)"] * len(batch))
            params: list = []
            for doc, chunk, h, vec in batch:
                params += [doc.page_id, model, chunk, h, vector_literal(vec), doc.page_type]
                params.append(json.dumps(doc.filters, ensure_ascii=False))
            cur.execute(
                f"""
                INSERT INTO search_pageembedding
                    (page_id, model, chunk, content_hash, embedding, page_type, filters)
                VALUES {values}
                ON CONFLICT (page_id, model, chunk) DO UPDATE SET
                    content_hash = EXCLUDED.content_hash, embedding = EXCLUDED.embedding,
                    page_type = EXCLUDED.page_type, filters = EXCLUDED.filters
                """,
                params,
            )
        bump_version(cur)


def sync_vector_filters(docs: Sequence[Document]) -> None:
    """Copy the pages' type and filter values to their stored vectors of every model (when
    a page's theme changes but its text does not, no chunk is embedded again)."""
    if not docs:
        return
    args = [
        [d.page_id for d in docs],
        [d.page_type for d in docs],
        [json.dumps(d.filters, ensure_ascii=False) for d in docs],
    ]
    with connection.cursor() as cur:
        cur.execute(
            """
            UPDATE search_pageembedding e SET page_type = v.page_type, filters = v.filters
            FROM unnest(%s::int[], %s::text[], %s::jsonb[]) AS v(page_id, page_type, filters)
            WHERE e.page_id = v.page_id
              AND (e.page_type <> v.page_type OR e.filters <> v.filters)
            """,
            args,
        )
        changed = cur.rowcount
        cur.execute(
            """
            UPDATE search_pagevector e SET page_type = v.page_type, filters = v.filters
            FROM unnest(%s::int[], %s::text[], %s::jsonb[]) AS v(page_id, page_type, filters)
            WHERE e.page_id = v.page_id
              AND (e.page_type <> v.page_type OR e.filters <> v.filters)
            """,
            args,
        )
        if changed or cur.rowcount:
            bump_version(cur)


def trim_chunks(docs: Sequence[Document], model: str) -> None:
    """Delete vectors of chunks beyond each page's current chunk count."""
    for doc in docs:
        PageEmbedding.objects.filter(
            page_id=doc.page_id, model=model, chunk__gte=len(doc.chunks)
        ).delete()


def check_dimensions(backend: EmbeddingBackend) -> None:
    if backend.dimensions != DIMENSIONS:
        raise ValueError(
            f"{backend!r} gives {backend.dimensions}-dimension vectors but the search index "
            f"stores {DIMENSIONS}: change search.models.DIMENSIONS and add a migration first "
            "(see docs/PERFORMANCE.md, 'Changing the embedding model')."
        )


def embed_documents(docs: Sequence[Document], backend: EmbeddingBackend, batch_size=256) -> int:
    """Embed the changed chunks of ``docs`` in batches and store them; returns how many."""
    check_dimensions(backend)
    todo = stale_chunks(docs, backend.name)
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        vecs = backend.embed([doc.chunks[i] for doc, i, _ in batch])
        write_vectors(
            ((doc, i, h, vec) for (doc, i, h), vec in zip(batch, vecs, strict=True)),
            backend.name,
        )
    trim_chunks(docs, backend.name)
    write_page_vectors([d.page_id for d in docs], backend.name)
    return len(todo)


PAGE_VECTORS_SQL = """
    INSERT INTO search_pagevector (page_id, model, content_hash, embedding, page_type, filters)
    SELECT e.page_id, e.model, md5(string_agg(e.content_hash, ',' ORDER BY e.chunk)),
           l2_normalize(avg(e.embedding)), min(e.page_type), (array_agg(e.filters))[1]
    FROM search_pageembedding e
    WHERE e.model = %s AND e.page_id = ANY(%s)
    GROUP BY e.page_id, e.model
    ON CONFLICT (page_id, model) DO UPDATE SET
        content_hash = EXCLUDED.content_hash, embedding = EXCLUDED.embedding,
        page_type = EXCLUDED.page_type, filters = EXCLUDED.filters
    WHERE search_pagevector.content_hash <> EXCLUDED.content_hash
       OR search_pagevector.page_type <> EXCLUDED.page_type
       OR search_pagevector.filters <> EXCLUDED.filters
"""


def write_page_vectors(page_ids: Sequence[int], model: str) -> None:
    """Upsert the whole-page vectors (:class:`~search.models.PageVector`: the normalised mean
    of each page's chunk vectors) of ``page_ids`` for ``model``, in one statement; a page
    whose chunks are unchanged keeps its row."""
    if not page_ids:
        return
    with connection.cursor() as cur:
        cur.execute(PAGE_VECTORS_SQL, [model, list(page_ids)])
        if cur.rowcount:
            bump_version(cur)


def remove_page(page_id: int) -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM search_pageembedding WHERE page_id = %s", [page_id])
        removed_vectors = cur.rowcount
        cur.execute("DELETE FROM search_pagevector WHERE page_id = %s", [page_id])
        cur.execute("DELETE FROM search_posting WHERE page_id = %s", [page_id])
        cur.execute(
            "DELETE FROM search_pagesearchtext WHERE page_id = %s "
            "RETURNING tsvector_to_array(search_vector)",
            [page_id],
        )
        row = cur.fetchone()
        if row is not None:
            count_terms(cur, removed=row[0])
        if row is not None or removed_vectors:
            bump_version(cur)

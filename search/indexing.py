"""Keeping the search tables in step with the pages: the write path's façade.

* :func:`index_page` (re)indexes one page: the keyword row always, then the vectors of the
  chunks whose text changed. A failing embedder is logged and never raises: publishing is
  never blocked, the keyword row is still written, the old vectors stay until the next try.
* A page that is not live, is private (a view restriction on it or an ancestor) or was deleted
  loses its rows (:func:`~search.writer.remove_page`).
* What a page gives is built in ``search.documents``, the rows are written by
  ``search.writer``, the tasks are in ``search.tasks`` and the signal handlers that queue them
  after the commit in ``search.signals``; a whole rebuild is ``search.rebuild``.
"""

from __future__ import annotations

import logging

from django.db import transaction
from wagtail.models import Page

from search import text as jtext
from search.documents import CHUNK_CHARS, Document, build_document, content_hash, is_indexable
from search.embedding import EmbeddingBackend, get_backend
from search.writer import (
    POSTINGS_ALL_SQL,
    SEARCH_TABLES,
    analyze_tables,
    bump_version,
    check_dimensions,
    count_terms,
    embed_documents,
    recount_terms,
    remove_page,
    sync_vector_filters,
    write_keyword_row,
    write_vectors,
)

__all__ = [
    "CHUNK_CHARS",
    "POSTINGS_ALL_SQL",
    "SEARCH_TABLES",
    "Document",
    "analyze_tables",
    "build_document",
    "bump_version",
    "check_dimensions",
    "content_hash",
    "count_terms",
    "embed_documents",
    "index_page",
    "is_indexable",
    "jtext",
    "recount_terms",
    "remove_page",
    "sync_vector_filters",
    "write_keyword_row",
    "write_vectors",
]

logger = logging.getLogger(__name__)


def index_page(page_id: int, backend: EmbeddingBackend | None = None) -> str:
    """(Re)index one page; returns what happened: "indexed", "removed" or "keyword-only"."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if not is_indexable(page):
        remove_page(page_id)
        return "removed"
    doc = build_document(page)
    with transaction.atomic():
        write_keyword_row(doc)
        sync_vector_filters([doc])
    try:
        backend = backend or get_backend()
        with transaction.atomic():
            embed_documents([doc], backend)
    except Exception:
        logger.exception("search: embedding page %s failed; keyword index updated only", page_id)
        return "keyword-only"
    return "indexed"

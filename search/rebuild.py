"""Rebuilding the whole index (``manage.py rebuild_search_index``): every live public page of
an indexed type, chunks whose text has not changed are not embedded again; the vectors of
other models are dropped once the new ones are complete."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Page

from search import caches, writer
from search.documents import build_document, is_indexable
from search.embedding import EmbeddingBackend
from search.models import PageEmbedding, PageSearchText, PageVector


@dataclass
class Rebuilt:
    pages: int
    embedded: int
    gone: int
    removed: int
    terms: int
    seconds: float


def rebuild(
    backend: EmbeddingBackend,
    *,
    batch_size: int = 64,
    keep_other_models: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Rebuilt:
    """Reindex every indexable page with ``backend``; ``on_start(total)`` and
    ``on_progress(done)`` report progress."""
    writer.check_dimensions(backend)
    started = time.monotonic()
    pages = Page.objects.live().public().specific().order_by("path")
    candidates = [p for p in pages if is_indexable(p)]
    keep = {p.pk for p in candidates}

    # Rows of pages that are no longer live and public (or not BasePage) go first.
    gone = set(PageSearchText.objects.values_list("page_id", flat=True)) - keep
    gone |= set(PageEmbedding.objects.values_list("page_id", flat=True).distinct()) - keep
    for page_id in gone:
        writer.remove_page(page_id)

    if on_start:
        on_start(len(candidates))
    embedded = 0
    batch = max(1, batch_size)
    for start in range(0, len(candidates), batch):
        docs = [build_document(p) for p in candidates[start : start + batch]]
        with transaction.atomic():
            for doc in docs:
                writer.write_keyword_row(doc)
            writer.sync_vector_filters(docs)
            embedded += writer.embed_documents(docs, backend)
        if on_progress:
            on_progress(min(start + batch, len(candidates)))

    removed = 0
    if not keep_other_models:
        removed, _ = PageEmbedding.objects.exclude(model=backend.name).delete()
        PageVector.objects.exclude(model=backend.name).delete()
    caches.coverage.expire()
    terms = writer.recount_terms()
    writer.refresh_impacts()
    writer.analyze_tables()
    return Rebuilt(
        pages=len(candidates),
        embedded=embedded,
        gone=len(gone),
        removed=removed,
        terms=terms,
        seconds=time.monotonic() - started,
    )

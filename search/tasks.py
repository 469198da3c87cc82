"""The indexing tasks (Django's tasks API: immediate in development and tests, a worker in
production) and :func:`enqueue`, which queues one after the commit."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_tasks import task
from wagtail.models import Page

from search.indexing import index_page
from search.models import PageSearchText

logger = logging.getLogger(__name__)


@task()
def index_page_task(page_id: int) -> str:
    return index_page(page_id)


@task()
def index_subtree_task(page_id: int) -> int:
    """Reindex a page and its descendants (after a move or a privacy change)."""
    root = Page.objects.filter(pk=page_id).first()
    if root is None:
        return 0
    ids = list(Page.objects.descendant_of(root, inclusive=True).values_list("pk", flat=True))
    for pk in ids:
        index_page(pk)
    return len(ids)


@task()
def index_hidden_descendants_task(page_id: int) -> int:
    """Index the live descendants of a page that search does not hold: after a page with
    children is published again, the pages below it that its unpublishing hid come back (a
    routine publish finds none, or only private pages, which it passes over)."""
    root = Page.objects.filter(pk=page_id).first()
    if root is None or root.numchild == 0:
        return 0
    held = PageSearchText.objects.filter(page_id=OuterRef("pk"))
    ids = list(
        Page.objects.descendant_of(root).live().filter(~Exists(held)).values_list("pk", flat=True)
    )
    for pk in ids:
        index_page(pk)
    return len(ids)


def enqueue(page_id: int, subtree: bool = False) -> None:
    """Queue the (re)indexing of a page once the current transaction commits. Queueing
    itself must never break a publish: a failure is logged."""
    chosen = index_subtree_task if subtree else index_page_task
    _on_commit(chosen, page_id)


def enqueue_hidden_descendants(page_id: int) -> None:
    _on_commit(index_hidden_descendants_task, page_id)


def _on_commit(chosen, page_id: int) -> None:
    def run():
        try:
            chosen.enqueue(page_id)
        except Exception:
            logger.exception("search: could not queue indexing of page %s", page_id)

    transaction.on_commit(run)

"""Signal handlers: every change that can alter what search may show queues a reindex task
after the commit (immediate in development and tests, a worker in production)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.models import BasePage
from search.tasks import enqueue, enqueue_hidden_descendants
from search.writer import remove_page


def _is_base_page(instance) -> bool:
    return isinstance(instance, BasePage)


def on_published(sender, instance, **kwargs):
    if _is_base_page(instance):
        enqueue(instance.pk)
    if instance.numchild:  # the pages below come back if its unpublishing hid them
        enqueue_hidden_descendants(instance.pk)


def on_unpublished(sender, instance, **kwargs):
    # Remove now, in this transaction: an unpublished page must disappear even if the task
    # queue is down. The task then confirms (it also removes), and takes the pages below it
    # out too (an entry of a series taken offline is hidden with it).
    remove_page(instance.pk)
    enqueue(instance.pk, subtree=bool(instance.numchild))


def on_page_deleted(sender, instance, **kwargs):
    # The foreign keys cascade; this also covers deletions that bypass the ORM collector.
    if isinstance(instance, Page):
        remove_page(instance.pk)


def on_moved(sender, instance, **kwargs):
    # A move can put the page under a private section (or take it out of one).
    enqueue(instance.pk, subtree=True)


def on_view_restriction_changed(sender, instance, **kwargs):
    page_id = instance.page_id
    if page_id is not None:
        enqueue(page_id, subtree=True)


def connect() -> None:
    page_published.connect(on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search_page_unpublished")
    post_delete.connect(on_page_deleted, dispatch_uid="search_page_deleted")
    post_page_move.connect(on_moved, dispatch_uid="search_page_moved")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            on_view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_view_restriction_{uid}",
        )

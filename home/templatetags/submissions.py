"""Where the author of a page edits it, for the mails Wagtail sends them about its review."""

from __future__ import annotations

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def author_edit_url(page, user) -> str:
    """The form its author wrote ``page`` in (the public case or diary form, as 「自分の投稿」
    links it) when ``user`` is its author; the admin's edit view for anyone else."""
    from home.views import submission

    if page.owner_id is not None and page.owner_id == getattr(user, "pk", None):
        return submission(page.specific).edit_url
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


@register.simple_tag
def approval(page):
    """The task that approved ``page`` last (its ``finished_by`` and ``comment``), or None."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, TaskState

    return (
        TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )

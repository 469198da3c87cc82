"""What a contributor sees of other people's pages in the admin.

Contributors (staff, organisers, diary writers) hold Wagtail's ``add`` permission on their
section, which Wagtail reads as "may explore every page below it": its page explorer, page
search and choosers listed every case with its status, other people's drafts and pages in
review included. A page that is not public belongs, until it is published, to its author, to
the colleagues who may edit it (staff: the cases of their local government; organisers: the
events of their prefecture and their reports, as ``cases.permissions`` and
``events.permissions`` decide) and to the editors. So a contributor is shown the live pages,
their own and their workplace's; whoever may publish (editors, superusers) sees everything, as
before."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def sees_every_page(user) -> bool:
    return user.is_active and (
        user.is_superuser or page_policy.user_has_permission(user, "publish")
    )


def visible_pages(pages, user):
    """``pages`` as ``user`` may see them listed in the admin."""
    if sees_every_page(user):
        return pages
    return pages.filter(Q(live=True) | Q(owner=user) | _workplace_pages(user))


def _workplace_pages(user) -> Q:
    from accounts.models import local_government_id_of, prefecture_id_of
    from cases.models import CasePage
    from events.models import EventPage, EventReportPage

    found = Q(pk__in=[])
    local_government = local_government_id_of(user)
    if local_government is not None:
        cases = CasePage.objects.filter(local_government_id=local_government)
        found |= Q(pk__in=cases.values("pk"))
    prefecture = prefecture_id_of(user)
    if prefecture is not None:
        events = EventPage.objects.filter(organiser__prefecture_id=prefecture)
        reports = EventReportPage.objects.annotate(
            parent_path=Substr("path", 1, Length("path") - Page.steplen)
        ).filter(parent_path__in=events.values("path"))
        found |= Q(pk__in=events.values("pk")) | Q(pk__in=reports.values("pk"))
    return found


class SitePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, with the explorer and page search limited by
    :func:`visible_pages`."""

    def explorable_instances(self, user):
        return visible_pages(super().explorable_instances(user), user)


page_policy = SitePagePermissionPolicy(Page)


def register() -> None:
    """Use the policy for every page type (``HomeConfig.ready``: before Wagtail's views ask)."""
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Page, page_policy)

"""The admin's page views for every page of the site (:class:`BasePageViewSet`, registered
in ``core.wagtail_hooks``; a section's own page viewset builds on it).

After an editor approves or sends back a page from its edit view, Wagtail says
「…の更新が完了しました」, the message of a saved draft, and from the dashboard's buttons it
says nothing, so the editor could not tell whether the decision was taken. The views here say
what happened instead. Asked to add a page where none can be added now, they say why
(:class:`ExplainedAddSubpageView`).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.create import AddSubpageView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState

from core.models import BasePage


class ReviewEditView(EditView):
    def add_save_confirmation_message(self):
        action = getattr(self, "workflow_action", None)
        if self.request.POST.get("action-workflow-action") and action in ("approve", "reject"):
            messages.success(self.request, review_message(self.page, action))
            return
        super().add_save_confirmation_message()


class ReviewActionView(WorkflowActionView):
    """The dashboard's 承認 / 差し戻し buttons (and their comment dialogs)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        decided = self.task_state.status != TaskState.STATUS_IN_PROGRESS
        if decided and self.action_name in ("approve", "reject"):
            messages.success(request, review_message(self.object.specific, self.action_name))
        return response


class ExplainedAddSubpageView(AddSubpageView):
    """「子ページを追加」 under a page where nothing can be added now (an event that has its
    report, or has not begun) said "no permission" to the very organiser who may add there.
    A person who holds the ``add`` permission on the page is told why (``why_no_subpage``) on
    the page's listing instead."""

    def dispatch(self, request, parent_page_id, *args, **kwargs):
        parent = get_object_or_404(Page, id=parent_page_id).specific
        tester = parent.permissions_for_user(request.user)
        reason = getattr(parent, "why_no_subpage", lambda: "")()
        # who may add pages here and edit this page (not an organiser of another prefecture)
        may_add = request.user.is_superuser or "add" in getattr(tester, "permissions", ())
        may_add = may_add and tester.can_edit()
        if reason and may_add and not tester.can_add_subpage():
            messages.warning(request, reason)
            return redirect("wagtailadmin_explore", parent.pk)
        return super().dispatch(request, parent_page_id, *args, **kwargs)


def review_message(page, action: str) -> str:
    """What an editor's decision did to ``page``: published, passed on to the review's next
    step, or sent back to its writer."""
    title = page.get_admin_display_title()
    if action == "reject":
        return _("「%(title)s」を差し戻しました。投稿者が直して再提出するまで公開されません。") % {
            "title": title
        }
    current = Page.objects.filter(pk=page.pk).values_list("live", "has_unpublished_changes")
    live, unpublished = current.get()
    if live and not unpublished:
        return _("「%(title)s」を承認し、公開しました。") % {"title": title}
    return _("「%(title)s」を承認しました。審査の次の段階に進みます。") % {"title": title}


class BasePageViewSet(PageViewSet):
    """Every page type of the site (they all build on :class:`core.models.BasePage`, found
    in a page type's MRO). The abstract model only routes: its views work on ``Page`` as
    Wagtail's default viewset's do, and it takes over no parent's listing."""

    model = BasePage
    edit_view_class = ReviewEditView
    workflow_action_view_class = ReviewActionView
    add_subpage_view_class = ExplainedAddSubpageView

    @property
    def parent_models(self):
        return [] if self.model is BasePage else super().parent_models

    def get_common_view_kwargs(self, **kwargs):
        kwargs = super().get_common_view_kwargs(**kwargs)
        if kwargs.get("model") is BasePage:
            kwargs["model"] = Page
        return kwargs

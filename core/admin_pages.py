"""The admin's page views for every page of the site (:class:`BasePageViewSet`, registered
in ``core.wagtail_hooks``; a section's own page viewset builds on it).

After an editor approves or sends back a page from its edit view, Wagtail says
「…の更新が完了しました」, the message of a saved draft, and from the dashboard's buttons it
says nothing, so the editor could not tell whether the decision was taken. The views here say
what happened instead.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
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

    @property
    def parent_models(self):
        return [] if self.model is BasePage else super().parent_models

    def get_common_view_kwargs(self, **kwargs):
        kwargs = super().get_common_view_kwargs(**kwargs)
        if kwargs.get("model") is BasePage:
            kwargs["model"] = Page
        return kwargs

"""「自分の投稿」: what a signed-in member has written, with where each stands in review."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Page, TaskState

from cases.models import CasePage
from cases.submission import may_create
from core.review import in_review, sent_back_comment
from diary.models import DiaryEntryPage, SeriesWriter
from diary.submission import turns_of

STATUS_LABELS = {
    "draft": _("下書き"),
    "in_review": _("審査中"),
    "needs_changes": _("差し戻し"),
    "live": _("公開"),
    "live_with_draft": _("公開（未提出の変更あり）"),
}


@dataclass
class Submission:
    page: Page
    status: str
    comment: str
    edit_url: str
    hand_over_url: str = ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def delete_url(self) -> str:
        """A draft never published may be thrown away by its author; a page that has been
        public is the editors' to unpublish (its address may be linked from elsewhere)."""
        if self.status in ("draft", "needs_changes") and self.page.first_published_at is None:
            return reverse("delete_draft", args=(self.page.pk,))
        return ""


def submission(
    page: Page, my_series: set[int] | None = None, approvals: dict[int, str] | None = None
) -> Submission:
    """Where ``page`` stands and where its author edits it. ``my_series``: the ids of the
    series whose writers include the author, read once for a whole list (else looked up);
    ``approvals``: the comment of each page's last approval (:func:`approval_comments`), shown
    beside a published page as a sent-back page shows its editor's comment."""
    state = page.current_workflow_state
    comment = sent_back_comment(page)
    if comment is not None:
        status = "needs_changes"
    elif state is not None:
        status = "in_review"
    elif page.live:
        status = "live_with_draft" if page.has_unpublished_changes else "live"
        comment = (approvals or {}).get(page.pk, "")
    else:
        status = "draft"
    comment = comment or ""
    if isinstance(page, CasePage):
        edit_url = reverse("submit_case_edit", args=(page.pk,))
        hand_over_url = reverse("hand_over_case", args=(page.pk,))
    elif isinstance(page, DiaryEntryPage) and _writes_in_series(page, my_series):
        edit_url = reverse("write_entry_edit", args=(page.pk,))
        hand_over_url = ""
    else:
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        hand_over_url = ""
    return Submission(page, status, comment, edit_url, hand_over_url)


def _writes_in_series(entry: DiaryEntryPage, my_series: set[int] | None = None) -> bool:
    """The public writing form serves the writers of the entry's series (editors writing
    news without a writer profile use the admin)."""
    if my_series is not None and entry.series_id is not None:
        return entry.series_id in my_series
    series = entry.get_series()
    return series is not None and series.has_writer_user(entry.owner)


def approval_comments(pages) -> dict[int, str]:
    """Each page's comment of its last approval (an editor's 「承認」 with a comment), in one
    query for the whole list; pages approved without a comment are left out."""
    ids = [str(page.pk) for page in pages if page.live]
    approved = (
        TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=ids,
            status=TaskState.STATUS_APPROVED,
        )
        .order_by("finished_at")
        .values_list("workflow_state__object_id", "comment")
    )
    return {int(pk): comment for pk, comment in approved if comment} if ids else {}


@login_required
def my_submissions(request):
    pages = (
        Page.objects.filter(owner=request.user)
        .order_by("-latest_revision_created_at")
        .specific()
        .prefetch_workflow_states()[:200]
    )
    my_series = set(
        SeriesWriter.objects.filter(writer__user=request.user).values_list("page_id", flat=True)
    )
    approvals = approval_comments(pages)
    items = [submission(page, my_series, approvals) for page in pages]
    context = {
        "items": items,
        "may_submit_case": may_create(request.user),
        "turns": turns_of(request.user),
    }
    return TemplateResponse(request, "home/my_submissions.html", context)


def may_delete(user, page: Page) -> bool:
    """What :attr:`Submission.delete_url` offers, checked against Wagtail's permission to
    delete (a contributor deletes only what they own and never published) and the review
    (what an editor is reading stays)."""
    return (
        page.owner_id == user.pk
        and not page.live
        and page.first_published_at is None
        and not in_review(page)
        and page.permissions_for_user(user).can_delete()
    )


@login_required
def delete_draft(request, page_id: int):
    """Throwing away one of one's own drafts, after a confirmation; anything else is refused
    with the reason and nothing changes."""
    page = get_object_or_404(Page, pk=page_id, owner=request.user).specific
    if not may_delete(request.user, page):
        messages.error(
            request,
            gettext(
                "「%(title)s」は削除できません。公開されたことがあるか審査中のページは、"
                "編集者に相談してください。"
            )
            % {"title": page.draft_title},
        )
        return redirect("my_submissions")
    if request.method == "POST":
        title = page.draft_title
        DeletePageAction(page, user=request.user).execute()
        messages.success(request, gettext("下書き「%(title)s」を削除しました。") % {"title": title})
        return redirect("my_submissions")
    return TemplateResponse(request, "home/delete_draft.html", {"draft": page})

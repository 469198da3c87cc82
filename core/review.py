"""Sending a page to the editors' review from the public site, as the admin's 「審査に提出」 does,
and the POST of the public submission forms that do it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def submit_for_review(page, user) -> None:
    """Start the page's review workflow, or resume it after 差し戻し (the same review goes on).
    A page already in review stays where it is."""
    state = page.current_workflow_state
    if state is None:
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
    elif state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)


def in_review(page) -> bool:
    """Whether the page waits for an editor's decision (submitted, not yet approved or sent
    back)."""
    state = page.current_workflow_state
    return state is not None and state.status == state.STATUS_IN_PROGRESS


def sent_back_comment(page) -> str | None:
    """The editor's comment when the page was sent back for changes ('' if they left none),
    else None: 「自分の投稿」 and the form the member fixes it in show it."""
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return None
    task_state = state.current_task_state
    return (task_state.get_comment() if task_state else "") or ""


def in_review_response(request, page):
    """What a public form shows for a page in review instead of the form: what the editor is
    reviewing is what approval publishes, so nothing may change it meanwhile (Wagtail's admin
    locks it too). A POST saves nothing."""
    return TemplateResponse(
        request,
        "components/in_review.html",
        {"page": page, "site_search": False},
        status=409 if request.method == "POST" else 200,
    )


def submitting(request) -> bool:
    """Whether a public form's POST is 「審査に提出」 (its ``submit`` button) rather than
    「下書き保存」."""
    return "submit" in request.POST


def save_submission(request, form, save):
    """The POST of a public submission form: a valid one is saved (``save(submit)``, with
    ``submit`` true for 「審査に提出」, returns the page) and the member sent to 「自分の投稿」 with
    what happened; a bot's (the honeypot filled) is dropped without a word. None when the form
    has errors, to show it again."""
    if not form.is_valid():
        return None
    if form.is_bot:
        return redirect("my_submissions")
    submit = submitting(request)
    saved = save(submit)
    message = (
        _("「%(title)s」を審査に提出しました。編集者の承認後に公開されます。")
        if submit
        else _("「%(title)s」を下書きとして保存しました。")
    )
    messages.success(request, message % {"title": saved.title})
    return redirect("my_submissions")

"""Staff submit cases from the public site, not the Wagtail admin.

The form is the case input form (:mod:`cases.input`) with widgets, so its messages are the
importer's. Saving makes (or updates) a draft :class:`CasePage` owned by the staff member;
「審査に提出」 also starts the editors' review workflow. A live case edited here gets a new
revision and goes to review again; the live version stays as it was until an editor approves.
Staff may resume their own cases and those of their local government (a colleague's, after a
人事異動).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import StaffProfile
from cases import importing
from cases.exporting import case_record, result_text
from cases.input import CaseInputForm, resolve_local_government
from cases.models import CaseIndexPage, CasePage, CaseStatus, Theme
from core.forms import DraftForm, HoneypotForm
from core.ratelimit import ratelimit
from core.review import (
    in_review,
    in_review_response,
    save_submission,
    sent_back_comment,
    submit_for_review,
    submitting,
)
from core.text import unique_slug
from localgov.models import LocalGovernment, Prefecture


class CaseSubmissionForm(HoneypotForm, DraftForm, CaseInputForm):
    """The case input form as staff fill it in on the site. A draft needs a title and where
    (the prefecture, given from the member's workplace); the summary and the themes, only
    「審査に提出」."""

    column_names_in_messages = False
    needed_to_submit = ("summary", "theme")

    title = forms.CharField(label=gettext_lazy("タイトル"), max_length=255)
    summary = forms.CharField(
        label=gettext_lazy("概要"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("何を、なぜ、どうしたか。2〜4文で。"),
    )
    prefecture = forms.ChoiceField(label=gettext_lazy("都道府県"))
    municipality = forms.CharField(
        label=gettext_lazy("市区町村"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("都道府県の事例は空のまま。例: 金沢市"),
    )
    theme = forms.MultipleChoiceField(
        label=gettext_lazy("テーマ"), widget=forms.CheckboxSelectMultiple
    )
    tools = forms.CharField(
        label=gettext_lazy("ツール"),
        required=False,
        help_text=gettext_lazy("読点かカンマで区切ります。例: kintone、LoGoフォーム"),
    )
    results = forms.CharField(
        label=gettext_lazy("成果"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "1行に1つ。例: 年間削減時間 3000 時間/年、問い合わせ件数 120 件 → 10 件（導入前 → 導入後）"
        ),
    )
    year = forms.CharField(
        label=gettext_lazy("開始年"), required=False, help_text=gettext_lazy("例: 2023、令和5年")
    )
    month = forms.CharField(label=gettext_lazy("開始月"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("段階"), choices=CaseStatus.choices)
    source_url = forms.CharField(label=gettext_lazy("出典URL"), required=False)
    body = forms.CharField(
        label=gettext_lazy("本文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("空行で段落を分けます。「## 見出し」で見出しになります。"),
    )
    department = forms.CharField(label=gettext_lazy("担当課"), required=False, max_length=100)
    contact = forms.CharField(label=gettext_lazy("問い合わせ先"), required=False, max_length=200)
    local_government_code = forms.CharField(required=False, widget=forms.HiddenInput)
    co_implementers = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = [("", _("選んでください"))] + [
            (p.name, p.display_name) for p in Prefecture.objects.order_by("code")
        ]
        self.fields["theme"].choices = [(t.slug, t.display_name) for t in Theme.objects.all()]

    def clean_local_government_code(self):
        """The code of the case being resumed (a hidden field), kept while the names still
        agree with it: a member who changes the municipality or the prefecture means another
        local government, which the names then give."""
        code = super().clean_local_government_code()
        if code:
            try:
                resolve_local_government(
                    str(self.data.get("municipality") or "").strip(),
                    str(self.data.get("prefecture") or "").strip(),
                    code,
                )
            except ValueError:
                return ""
        return code

    def clean_theme(self):
        if not self.submitting and not self.cleaned_data.get("theme"):
            return []
        return super().clean_theme()

    def clean_results(self):
        lines = str(self.cleaned_data.get("results") or "").splitlines()
        self.cleaned_data["results"] = [line.strip() for line in lines if line.strip()]
        return super().clean_results()


def initial_from(page: CasePage) -> dict:
    """The form's values for a case being resumed (its latest revision)."""
    record = case_record(page)
    record["prefecture"] = page.local_government.prefecture.name
    record["theme"] = [t.slug for t in page.themes.all()]
    record["tools"] = "、".join(record["tools"])
    record["co_implementers"] = "、".join(record["co_implementers"])
    record["results"] = "\n".join(result_text(r) for r in record["results"])
    record["year"] = record["year"] or ""
    record["month"] = record["month"] or ""
    return record


def may_edit(user, page: CasePage) -> bool:
    """What the admin allows (``cases.permissions``): the owner, staff of the case's local
    government, editors."""
    return page.permissions_for_user(user).can_edit()


def may_create(user) -> bool:
    """What the admin allows: adding a case under the case index (staff, editors)."""
    index = CaseIndexPage.objects.live().first()
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def save_case(form: CaseSubmissionForm, user, *, page: CasePage | None, submit: bool) -> CasePage:
    """A new revision of the case (a new draft when ``page`` is None), never published here."""
    item = form.case_data()
    index = CaseIndexPage.objects.live().first()
    if index is None:
        raise Http404
    codes = {item.local_government_code, *item.co_implementer_codes}
    lgs = {lg.code: lg for lg in LocalGovernment.objects.filter(code__in=codes)}
    themes = {t.slug: t for t in Theme.objects.all()}
    with transaction.atomic():
        if page is None:
            page = CasePage(
                slug=unique_slug(index, item.title, set(), "case"), live=False, owner=user
            )
            importing.fill_page(page, item, lgs, themes)
            index.add_child(instance=page)
        else:
            page = page.get_latest_revision_as_object()
            kept = {r.label: r for r in page.results.all()}
            importing.fill_page(page, item, lgs, themes)
            for result in page.results.all():
                # the form's line has no place for a period or a note: an unchanged label
                # keeps what the admin or an import gave it
                before = kept.get(result.label)
                if before is not None:
                    result.period = result.period or before.period
                    result.note = result.note or before.note
        revision = page.save_revision(user=user, log_action=True)
        if submit:
            submit_for_review(page, user)
    return CasePage.objects.get(pk=page.pk) if revision else page


@login_required
@ratelimit("submission", methods=("POST",))
def submit_case(request, page_id: int | None = None):
    page = None
    if page_id is not None:
        page = get_object_or_404(CasePage, pk=page_id)
        if not may_edit(request.user, page):
            raise Http404
        if in_review(page):
            return in_review_response(request, page)
        page = page.get_latest_revision_as_object()
    elif not may_create(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = CaseSubmissionForm(request.POST, submitting=submitting(request))
        done = save_submission(
            request, form, lambda submit: save_case(form, request.user, page=page, submit=submit)
        )
        if done is not None:
            return done
    else:
        initial = initial_from(page) if page is not None else {}
        if page is None:
            profile = StaffProfile.objects.filter(user=request.user).first()
            if profile is not None:
                lg = profile.local_government
                initial = {
                    "prefecture": lg.prefecture.name,
                    "municipality": "" if lg.is_prefecture else lg.name,
                }
        form = CaseSubmissionForm(initial=initial)
    context = {"form": form, "case": page, "site_search": False}
    context["sent_back"] = sent_back_comment(page) if page is not None else None
    return TemplateResponse(request, "cases/submit_case.html", context)

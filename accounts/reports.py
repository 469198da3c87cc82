"""「問題を報告」: anyone may report a published page; the editors are emailed."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from accounts.models import PageReport
from core.ratelimit import ratelimit
from core.visibility import visible


class ReportForm(forms.ModelForm):
    website = forms.CharField(required=False, label=_("ウェブサイト（空欄のまま）"))

    class Meta:
        model = PageReport
        fields = ["reason", "message"]
        widgets = {"reason": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # radio buttons need no empty choice (Django's 「---------」): choosing none is refused
        self.fields["reason"].choices = PageReport.Reason.choices


def notify_editors(report: PageReport, request) -> None:
    editors = (
        get_user_model()
        .objects.filter(groups__name=settings.EDITORS_GROUP, is_active=True)
        .exclude(email="")
    )
    addresses = sorted({u.email for u in editors})
    if not addresses:
        return
    context = {
        "report": report,
        "page_url": report.page.full_url or request.build_absolute_uri(report.page.url or "/"),
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/snippets/accounts/pagereport/",
    }
    send_mail(
        render_to_string("accounts/report_subject.txt", context).strip(),
        render_to_string("accounts/report_email.txt", context),
        None,
        addresses,
    )


@require_http_methods(["GET", "POST"])
@ratelimit("report", methods=("POST",))
def report_page(request, page_id: int):
    page = get_object_or_404(visible(Page.objects), pk=page_id).specific
    if page.depth <= 1:
        raise Http404
    done = False
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            if not form.cleaned_data.get("website"):  # a bot filling the trap: dropped
                report = form.save(commit=False)
                report.page = page
                report.reporter = request.user if request.user.is_authenticated else None
                report.save()
                notify_editors(report, request)
            done = True
    else:
        form = ReportForm()
    return TemplateResponse(
        request, "accounts/report_page.html", {"form": form, "reported": page, "done": done}
    )

"""Handing a case over to a colleague (人事異動).

The owner of a case (or an editor) names another staff member of the case's local government as
its new owner; the case, its revisions and its place in review stay as they are. The new owner
is emailed, and the change is in the page's history.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log

from cases.models import CasePage

HAND_OVER_ACTION = "cases.hand_over"


def colleagues(page: CasePage):
    """Active staff of the case's local government (members of a group that may add cases under
    the case's index), other than its owner."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__local_government_id=page.local_government_id,
            groups__page_permissions__page_id=page.get_parent().pk,
            groups__page_permissions__permission__codename="add_page",
        )
        .exclude(pk=page.owner_id)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def may_hand_over(user, page: CasePage) -> bool:
    """The owner, or whoever may publish the case (editors)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return page.owner_id == user.pk or page.permissions_for_user(user).can_publish()


class ColleagueField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class HandOverForm(forms.Form):
    new_owner = ColleagueField(
        queryset=get_user_model().objects.none(),
        label=_("引き継ぐ職員"),
        empty_label=_("選んでください"),
        error_messages={
            "required": _("引き継ぐ職員を選んでください。"),
            "invalid_choice": _("同じ自治体の職員から選んでください。"),
        },
    )

    def __init__(self, *args, page: CasePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_owner"].queryset = colleagues(page)


def hand_over(page: CasePage, new_owner, by) -> None:
    previous = page.owner
    with transaction.atomic():
        CasePage.objects.filter(pk=page.pk).update(owner=new_owner)
        page.owner = new_owner
        log(
            instance=page,
            action=HAND_OVER_ACTION,
            user=by,
            data={
                "from": previous.get_full_name() if previous else "",
                "to": new_owner.get_full_name() or new_owner.get_username(),
            },
        )
    if new_owner.email:
        context = {
            "page": page,
            "previous": previous,
            "by": by,
            "new_owner": new_owner,
            "my_url": settings.WAGTAILADMIN_BASE_URL + reverse("my_submissions"),
        }
        transaction.on_commit(
            lambda: send_mail(
                render_to_string("cases/handover_subject.txt", context).strip(),
                render_to_string("cases/handover_email.txt", context),
                None,
                [new_owner.email],
            )
        )


@login_required
@require_http_methods(["GET", "POST"])
def hand_over_case(request, page_id: int):
    page = get_object_or_404(CasePage, pk=page_id)
    if not may_hand_over(request.user, page):
        raise Http404
    form = HandOverForm(request.POST or None, page=page)
    if request.method == "POST" and form.is_valid():
        new_owner = form.cleaned_data["new_owner"]
        hand_over(page, new_owner, request.user)
        messages.success(
            request,
            gettext("「%(title)s」を%(name)sさんに引き継ぎました。")
            % {"title": page.title, "name": new_owner.get_full_name() or new_owner.get_username()},
        )
        return redirect("my_submissions")
    return TemplateResponse(
        request, "cases/handover.html", {"form": form, "case": page, "site_search": False}
    )

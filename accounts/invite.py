"""Editors invite staff by email from the admin: the account is made with its local government
and role, its address counts as verified, and the invitee is sent an invitation that says who
invited them, as what and where, with a link to set a password (django-allauth's password-reset
key, so the same form and the same expiry)."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.adapter import AccountAdapter, allowed_email
from accounts.models import StaffProfile
from core.mail import send_japanese_mail
from localgov.models import LocalGovernment


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("メールアドレス"))
    last_name = forms.CharField(label=gettext_lazy("姓"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("名"), max_length=150)
    local_government = forms.ModelChoiceField(
        label=gettext_lazy("所属の自治体"),
        queryset=LocalGovernment.objects.select_related("prefecture").order_by("code"),
    )
    group = forms.ModelChoiceField(label=gettext_lazy("役割"), queryset=Group.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(
            name__in=settings.INVITABLE_GROUPS
        ).order_by("name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if not allowed_email(email):
            raise forms.ValidationError(
                _("招待できるのは、%(domains)s（とその下のドメイン）のメールアドレスです。")
                % {"domains": "・".join(settings.SIGNUP_EMAIL_DOMAINS)}
            )
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("このメールアドレスのアカウントはすでにあります。"))
        return email


def is_editor(user) -> bool:
    return user.is_superuser or user.groups.filter(name=settings.EDITORS_GROUP).exists()


def invite(request):
    if not is_editor(request.user):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model()(
                email=data["email"], last_name=data["last_name"], first_name=data["first_name"]
            )
            AccountAdapter(request).populate_username(request, user)
            user.set_unusable_password()
            user.save()
            user.groups.add(data["group"])
            StaffProfile.objects.create(user=user, local_government=data["local_government"])
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        send_invitation(request, user, data)
        messages.success(
            request,
            _("%(email)s を招待しました。パスワードを設定するためのメールを送りました。")
            % {"email": user.email},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(request, "accounts/invite.html", {"form": form})


def send_invitation(request, user, data) -> None:
    """The invitation mail: who invited the invitee, as what role and for which local
    government, their user name, and the link that sets their first password."""
    adapter = AccountAdapter(request)
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    context = {
        "user": user,
        "inviter": request.user,
        "role": data["group"].name,
        "local_government": data["local_government"],
        "set_password_url": adapter.get_reset_password_from_key_url(key),
        "reset_url": request.build_absolute_uri(reverse("account_reset_password")),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = _("[自治体DX共創ひろば] 招待が届いています: パスワードを設定してください")
    send_japanese_mail(subject, "accounts/email/invite", context, [user.email])

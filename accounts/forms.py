"""The sign-up form: a work address, the staff member's name (family name first) and the
local government they work for, chosen by prefecture and name."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import StaffProfile
from localgov.codes import PREFECTURE
from localgov.lookup import resolve_all
from localgov.models import LocalGovernment, Prefecture


class PrefectureField(forms.ModelChoiceField):
    """Prefectures by the name a person reads in the site's language (「石川県」, "Ishikawa")."""

    def label_from_instance(self, obj):
        return obj.display_name


class SignupForm(AllauthSignupForm):
    last_name = forms.CharField(label=gettext_lazy("姓"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("名"), max_length=150)
    prefecture = PrefectureField(
        label=gettext_lazy("都道府県"),
        queryset=Prefecture.objects.order_by("code"),
        empty_label=gettext_lazy("選んでください"),
    )
    municipality = forms.CharField(
        label=gettext_lazy("市区町村"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("都道府県の職員は空のままにしてください。例: 金沢市、葉山町"),
    )
    # A field people never see (hidden by CSS and from assistive technology): bots fill it.
    website = forms.CharField(required=False, label=gettext_lazy("ウェブサイト（空欄のまま）"))

    field_order = ["email", "last_name", "first_name", "prefecture", "municipality"]

    def clean(self):
        cleaned = super().clean()
        prefecture = cleaned.get("prefecture")
        if prefecture is None:
            return cleaned
        name = cleaned.get("municipality", "").strip()
        if not name:
            found = LocalGovernment.objects.filter(prefecture=prefecture, kind=PREFECTURE).first()
        else:
            codes = [record.code for record in resolve_all(name, prefecture.name)]
            found = LocalGovernment.objects.filter(code__in=codes).first() if codes else None
            if len(codes) > 1:
                found = None
                self.add_error(
                    "municipality",
                    _("「%(name)s」は複数あります。正式な名称で入力してください。")
                    % {"name": name},
                )
            elif found is None:
                self.add_error(
                    "municipality",
                    _("%(prefecture)sに「%(name)s」は見つかりません。")
                    % {"prefecture": prefecture.display_name, "name": name},
                )
        cleaned["local_government"] = found
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def save(self, request):
        user = super().save(request)
        user.last_name = self.cleaned_data["last_name"]
        user.first_name = self.cleaned_data["first_name"]
        user.save(update_fields=["last_name", "first_name"])
        if self.cleaned_data.get("local_government") is not None:
            StaffProfile.objects.update_or_create(
                user=user, defaults={"local_government": self.cleaned_data["local_government"]}
            )
        group = Group.objects.filter(name=settings.SIGNUP_GROUP).first()
        if group is not None:
            user.groups.add(group)
        return user


class LoginForm(AllauthLoginForm):
    """Sign-in by user name or work address: the field says so (allauth calls it 「ログイン」)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("ユーザー名またはメールアドレス")

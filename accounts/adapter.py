"""django-allauth's adapter: who may sign up (work addresses of the configured domains)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


def allowed_email(address: str) -> bool:
    """An address whose domain is one of ``SIGNUP_EMAIL_DOMAINS`` or below one:
    ``foo@city.example.lg.jp`` yes, ``foo@lg.jp.evil.com`` and ``foo@evil-lg.jp`` no."""
    _local, at, domain = address.rpartition("@")
    if not at or not _local:
        return False
    domain = domain.strip().lower().rstrip(".")
    return any(
        domain == allowed or domain.endswith("." + allowed)
        for allowed in settings.SIGNUP_EMAIL_DOMAINS
    )


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        if not allowed_email(email):
            raise forms.ValidationError(
                _("登録できるのは、%(domains)s（とその下のドメイン）の職場のメールアドレスです。")
                % {"domains": "・".join(settings.SIGNUP_EMAIL_DOMAINS)}
            )
        return email

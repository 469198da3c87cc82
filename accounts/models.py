"""Who a user is at work: the local government they belong to.

Roles are Wagtail groups (``home/roles.py``); what a role may touch can depend on where its
member works: an organiser edits the events of their own prefecture only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.names import display_name
from localgov.models import LocalGovernment


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("ユーザー"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="staff_profiles",
        verbose_name=_("所属の自治体"),
        help_text=_("都道府県の職員は都道府県（例: 神奈川県）を選びます。"),
    )

    class Meta:
        verbose_name = _("職員の所属")
        verbose_name_plural = _("職員の所属")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.local_government}）"


def _workplace(user) -> tuple[int | None, int | None]:
    """(local government id, prefecture code) of the user's workplace, read once per user
    object ((None, None) without a profile)."""
    if not getattr(user, "is_authenticated", False):
        return (None, None)
    cache_name = "_staff_workplace"
    if not hasattr(user, cache_name):
        found = (
            StaffProfile.objects.filter(user=user)
            .values_list("local_government_id", "local_government__prefecture_id")
            .first()
        )
        setattr(user, cache_name, found or (None, None))
    return getattr(user, cache_name)


def prefecture_id_of(user) -> int | None:
    """The prefecture code of the user's local government (None without a profile)."""
    return _workplace(user)[1]


def local_government_id_of(user) -> int | None:
    """The id of the user's local government (None without a profile)."""
    return _workplace(user)[0]


class PageReport(models.Model):
    """A visitor's report that a published page is wrong, outdated or abusive; editors are
    emailed and handle it in the admin."""

    class Reason(models.TextChoices):
        WRONG = "wrong", _("内容に誤りがある")
        OUTDATED = "outdated", _("情報が古い")
        PRIVACY = "privacy", _("個人情報が含まれている")
        ABUSE = "abuse", _("不適切な内容・宣伝")
        OTHER = "other", _("その他")

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("ページ"),
    )
    reason = models.CharField(_("理由"), max_length=20, choices=Reason.choices)
    message = models.TextField(_("詳しい内容"), max_length=2000, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("報告者"),
    )
    created_at = models.DateTimeField(_("報告日時"), auto_now_add=True)
    handled = models.BooleanField(_("対応済み"), default=False)

    class Meta:
        verbose_name = _("ページの報告")
        verbose_name_plural = _("ページの報告")
        ordering = ["handled", "-created_at"]

    def __str__(self) -> str:
        return f"{self.page.title}（{self.get_reason_display()}）"

    @property
    def reporter_name(self) -> str:
        """Who reported, family name first; 「（ログインなし）」 for a visitor not signed in."""
        if self.reporter is None:
            return str(_("（ログインなし）"))
        return display_name(self.reporter)

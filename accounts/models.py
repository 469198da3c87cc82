"""Who a user is at work: the local government they belong to.

Roles are Wagtail groups (``home/roles.py``); what a role may touch can depend on where its
member works: an organiser edits the events of their own prefecture only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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


def prefecture_id_of(user) -> int | None:
    """The prefecture code of the user's local government (None without a profile)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache_name = "_staff_prefecture_id"
    if not hasattr(user, cache_name):
        profile = (
            StaffProfile.objects.filter(user=user)
            .values_list("local_government__prefecture_id", flat=True)
            .first()
        )
        setattr(user, cache_name, profile)
    return getattr(user, cache_name)

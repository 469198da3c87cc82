"""People's names in Japanese order: family name first (「編集部 花子」), everywhere a person reads
one: the admin's user column, workflow history, notification emails and public bylines.

Django's ``User.get_full_name()`` gives "given family" and Wagtail reads names only through it
(``wagtail.admin.utils.get_user_display_name``, the admin's user columns, audit-log entries) and
has no setting for the order, so :func:`use_japanese_name_order` (called from
``CoreConfig.ready``) gives Django's user model this function instead. The site keeps Django's
own user model: no custom model, no proxy.
"""

from __future__ import annotations


def full_name(user) -> str:
    """「編集部 花子」 from last_name 「編集部」 and first_name 「花子」; one of them alone if the other
    is empty, "" if both are."""
    parts = (getattr(user, "last_name", "") or "", getattr(user, "first_name", "") or "")
    return " ".join(part.strip() for part in parts if part.strip())


def short_name(user) -> str:
    """The family name, as a person is addressed at work in Japan (「編集部」)."""
    return (user.last_name or user.first_name or "").strip()


def display_name(user) -> str:
    """What the site calls a signed-in person (django-allauth's ``ACCOUNT_USER_DISPLAY``): their
    name family first, or their user name when they have none."""
    return full_name(user) or user.get_username()


def use_japanese_name_order() -> None:
    from django.contrib.auth.models import User

    User.get_full_name = full_name
    User.get_short_name = short_name

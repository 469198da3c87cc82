"""Wagtail's users app with the site's user viewset (``accounts.users``)."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.users.UserViewSet"

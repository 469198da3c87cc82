"""Wagtail's user admin for editors: they change roles and deactivate accounts, but only a
superuser can make another superuser (Wagtail shows the flag to anyone who may change users)."""

from __future__ import annotations

from wagtail.users.views import users


class _NoSuperuserFlag:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields.pop("is_superuser", None)
        return form


class CreateView(_NoSuperuserFlag, users.CreateView):
    pass


class EditView(_NoSuperuserFlag, users.EditView):
    pass


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts import invite
from accounts.models import PageReport, StaffProfile


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_order = 900
    list_display = ["user", "local_government"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]


register_snippet(StaffProfileViewSet)


class PageReportViewSet(SnippetViewSet):
    model = PageReport
    icon = "warning"
    menu_order = 910
    list_display = ["page", "reason", "created_at", "handled"]
    list_filter = ["handled", "reason"]


register_snippet(PageReportViewSet)


@hooks.register("register_admin_urls")
def register_invite_url():
    return [path("accounts/invite/", invite.invite, name="accounts_invite")]


class EditorsOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return invite.is_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_invite_menu_item():
    return EditorsOnlyMenuItem(
        _("職員を招待"), reverse("accounts_invite"), icon_name="mail", order=905
    )

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
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


class ReporterPanel(FieldPanel):
    """The reporter by name, family name first, rather than by user name."""

    def format_value_for_display(self, value):
        return PageReport(reporter=value).reporter_name


class PageReportViewSet(SnippetViewSet):
    """Editors read what was reported and mark it handled: the report itself (page, reason,
    message, reporter) stays as the reporter sent it."""

    model = PageReport
    icon = "warning"
    menu_order = 910
    list_display = [
        "page",
        "reason",
        Column("reporter_name", label=_("報告者")),
        "created_at",
        BooleanColumn("handled", label=_("対応済み")),
    ]
    list_filter = ["handled", "reason"]
    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("reason", read_only=True),
        FieldPanel("message", read_only=True),
        ReporterPanel("reporter", read_only=True),
        FieldPanel("handled"),
    ]


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

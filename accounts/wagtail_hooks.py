from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cases import admin_views
from cases.models import CasePage, Theme, Tool
from core.admin_choosers import SiteSnippetViewSet
from localgov.views import LocalGovernmentViewSet


class ThemeViewSet(SiteSnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "name_en", "slug", "sort_order"]
    search_fields = ["name", "name_en", "slug", "aliases"]


class ToolViewSet(SiteSnippetViewSet):
    model = Tool
    icon = "cog"
    list_display = ["name", "aliases", "slug"]
    search_fields = ["name", "aliases"]


class CaseVocabularyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, ToolViewSet, LocalGovernmentViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("事例の分類")
    menu_name = "case-vocabulary"


register_snippet(CaseVocabularyGroup)


@hooks.register("register_admin_urls")
def register_case_admin_urls():
    urls = [path("duplicates/", admin_views.duplicates, name="duplicates")]
    return [path("cases/", include((urls, "cases_admin"), namespace="cases_admin"))]


@hooks.register("register_log_actions")
def register_hand_over_action(actions):
    from cases.handover import HAND_OVER_ACTION

    actions.register_action(HAND_OVER_ACTION, _("事例の引き継ぎ"), _("事例を引き継ぎました"))


@hooks.register("construct_page_chooser_queryset")
def choose_published_cases(pages, request):
    """A chooser of cases (the cases presented in an event's session) offers the published,
    public ones: a draft or a case in review shows nowhere on the site, so linking it would
    leave the session's list silently short."""
    from wagtail.admin.views.chooser import page_models_from_string

    try:
        wanted = page_models_from_string(request.GET.get("page_type") or "wagtailcore.page")
    except (ValueError, LookupError):
        return pages
    if wanted != (CasePage,):
        return pages
    return pages.live().public()

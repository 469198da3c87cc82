from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cases.models import LocalGovernment, Theme, Tool


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "name_en", "slug", "sort_order"]
    search_fields = ["name", "name_en", "slug", "aliases"]


class LocalGovernmentViewSet(SnippetViewSet):
    """Editors keep populations current; names and codes come from the code table."""

    model = LocalGovernment
    icon = "site"
    list_display = ["code", "full_name", "kind", "population", "population_as_of"]
    list_filter = ["kind", "prefecture"]
    search_fields = ["name", "kana", "code"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return LocalGovernment.objects.select_related("prefecture")


class ToolViewSet(SnippetViewSet):
    model = Tool
    icon = "cog"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CaseVocabularyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, ToolViewSet, LocalGovernmentViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("事例の分類")
    menu_name = "case-vocabulary"


register_snippet(CaseVocabularyGroup)

from django import forms
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cases import admin_views
from cases.models import LocalGovernment, Prefecture, Theme, Tool


class LocalGovernmentFilterForm(BaseFilterForm):
    """The chooser's search: name, reading or code, and the prefecture."""

    q = forms.CharField(
        label=_("検索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"placeholder": _("名称・よみ・団体コード（例: 白山、はくさん、172103）")}
        ),
    )
    prefecture = forms.ModelChoiceField(
        label=_("都道府県"),
        queryset=Prefecture.objects.all(),
        required=False,
        empty_label=_("すべて"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        prefecture = self.cleaned_data.get("prefecture")
        if prefecture is not None:
            objects = objects.filter(prefecture=prefecture)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.search(query)
            self.is_searching = True
            self.search_query = query
        return objects


class LocalGovernmentChooseMixin:
    filter_form_class = LocalGovernmentFilterForm

    def get_object_list(self):
        return LocalGovernment.objects.select_related("prefecture")

    def apply_object_list_ordering(self, objects):
        return objects if objects.ordered else objects.order_by("code")

    @property
    def title_column(self):
        column = super().title_column
        column.label = _("名称")
        return column

    @property
    def columns(self):
        return [
            *super().columns,
            Column("kana", label=_("よみ")),
            Column("code", label=_("団体コード")),
        ]


class LocalGovernmentChooseView(LocalGovernmentChooseMixin, ChooseView):
    pass


class LocalGovernmentChooseResultsView(LocalGovernmentChooseMixin, ChooseResultsView):
    pass


class LocalGovernmentChooserViewSet(SnippetChooserViewSet):
    choose_view_class = LocalGovernmentChooseView
    choose_results_view_class = LocalGovernmentChooseResultsView


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
    chooser_viewset_class = LocalGovernmentChooserViewSet

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


@hooks.register("register_admin_urls")
def register_case_admin_urls():
    urls = [path("duplicates/", admin_views.duplicates, name="duplicates")]
    return [path("cases/", include((urls, "cases_admin"), namespace="cases_admin"))]

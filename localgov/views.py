"""Admin views of local governments: the snippet listing (editors keep populations current)
and the chooser used by every model that points at a local government.

The viewset is registered by the section whose menu shows it (``cases.wagtail_hooks``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
)

from core.admin_choosers import LazyTextChooserViewSet, SiteSnippetViewSet
from localgov.forms import LocalGovernmentFilterForm
from localgov.models import LocalGovernment


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


class LocalGovernmentChooserViewSet(LazyTextChooserViewSet):
    choose_view_class = LocalGovernmentChooseView
    choose_results_view_class = LocalGovernmentChooseResultsView


class LocalGovernmentViewSet(SiteSnippetViewSet):
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

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm

from localgov.models import Prefecture


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

"""The search page's form: the query and the filters of the case listing, all optional."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from search import service
from search.models import PageSearchText


def _choices(pairs) -> list[tuple[str, str]]:
    return [("", _("すべて")), *[(str(value), label) for value, label in pairs]]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("キーワードや困りごと"), required=False)
    type = forms.ChoiceField(label=_("種類"), required=False)
    prefecture = forms.ChoiceField(label=_("都道府県"), required=False)
    region = forms.ChoiceField(label=_("地方"), required=False)
    theme = forms.ChoiceField(label=_("テーマ"), required=False)
    tool = forms.CharField(label=_("ツール"), required=False, max_length=100)
    population = forms.ChoiceField(label=_("人口規模"), required=False)
    status = forms.ChoiceField(label=_("段階"), required=False)
    mode = forms.ChoiceField(
        label=_("検索方式"),
        required=False,
        choices=[
            ("", _("おすすめ（キーワード＋意味）")),
            ("keyword", _("キーワード")),
            ("semantic", _("意味")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = PageSearchText.objects.values_list("content_type_id", flat=True).distinct()
        type_choices = []
        for ct_id in sorted(set(types)):
            model = ContentType.objects.get_for_id(ct_id).model_class()
            if model is not None:
                type_choices.append((model._meta.label_lower, str(model._meta.verbose_name_plural)))
        self.fields["type"].choices = _choices(type_choices)
        if apps.is_installed("cases"):
            from cases import localgov
            from cases.models import CaseStatus, Prefecture, Theme

            self.fields["prefecture"].choices = _choices(
                Prefecture.objects.values_list("code", "name")
            )
            self.fields["region"].choices = _choices(localgov.REGION_CHOICES)
            self.fields["theme"].choices = _choices(Theme.objects.values_list("slug", "name"))
            self.fields["population"].choices = _choices(localgov.POPULATION_BAND_CHOICES)
            self.fields["status"].choices = _choices(CaseStatus.choices)

    def filters(self) -> service.Filters:
        """The valid filter values (an invalid one is ignored rather than failing the page)."""
        data = {}
        for name in ("prefecture", "region", "theme", "tool", "population", "status"):
            if name in self.fields and not self.has_error(name):
                value = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
                if value:
                    data[name] = value
        if hasattr(self, "cleaned_data") and self.cleaned_data.get("type"):
            data["page_type"] = self.cleaned_data["type"]
        return service.Filters.from_mapping(data)

    def search_mode(self) -> str:
        value = self.cleaned_data.get("mode") if hasattr(self, "cleaned_data") else ""
        return value if value in service.MODES and not self.has_error("mode") else "hybrid"

"""The search page's form: the query, the page type and the facets the page types declare
(``search.registry``), all optional."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from core.forms import LeavesOutInvalid
from core.widgets import WrittenSelect
from search import registry
from search.filters import PAGE_TYPE, Filters
from search.models import PageSearchText
from search.query import MODES


def _choices(pairs) -> list[tuple[str, str]]:
    return [("", _("すべて")), *[(str(value), label) for value, label in pairs]]


class FreeTextField(forms.CharField):
    """A query typed by a person: :func:`search.text.normalize` drops its control characters
    (NUL included), as the JSON API does, instead of the whole query being refused."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class SearchForm(LeavesOutInvalid, forms.Form):
    q = FreeTextField(label=_("キーワードや困りごと"), required=False)
    type = forms.ChoiceField(label=_("種類"), required=False)
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
        # the facets after the type, the mode last
        mode = self.fields.pop("mode")
        for facet in registry.facets():
            if facet.choices is None:
                field = forms.CharField(
                    label=facet.label, required=False, max_length=facet.max_length
                )
            else:
                field = forms.ChoiceField(
                    label=facet.label,
                    required=False,
                    choices=_choices(facet.choices()),
                    widget=WrittenSelect if facet.written else forms.Select,
                )
            self.fields[facet.name] = field
        self.fields["mode"] = mode
        self.word_left_out()

    def filters(self) -> Filters:
        """The valid filter values (an invalid one is ignored rather than failing the page)."""
        data = {}
        for name in Filters.facet_names():
            if name in self.fields and not self.has_error(name):
                value = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
                if value:
                    data[name] = value
        if hasattr(self, "cleaned_data") and self.cleaned_data.get("type"):
            data[PAGE_TYPE] = self.cleaned_data["type"]
        return Filters.from_mapping(data)

    def chooses_filters(self) -> bool:
        """Whether the request sets a filter or the mode: the filters are then shown open, and
        otherwise folded so that the results come first."""
        return self.is_bound and any(
            value for name in self.fields if name != "q" for value in self.data.getlist(name)
        )

    def search_mode(self) -> str:
        value = self.cleaned_data.get("mode") if hasattr(self, "cleaned_data") else ""
        return value if value in MODES and not self.has_error("mode") else "hybrid"

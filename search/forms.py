"""The search page's form: the query and the filters of the case listing, all optional."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.text import forbidden_character
from search import service
from search.models import PageSearchText

API_MAX_LIMIT = 50
"""The most results one JSON API request may ask for."""

PAGE_ID_MAX = connection.ops.integer_field_range(Page._meta.pk.get_internal_type())[1]
"""The largest page ID the database's page key can hold (a larger one is a 400, not an
overflow)."""


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


class SearchForm(forms.Form):
    q = FreeTextField(label=_("キーワードや困りごと"), required=False)
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
            from cases.models import CaseStatus, Theme
            from localgov.labels import population_band_choices, region_choices
            from localgov.models import Prefecture

            self.fields["prefecture"].choices = _choices(
                (p.code, p.display_name) for p in Prefecture.objects.all()
            )
            self.fields["region"].choices = _choices(region_choices())
            self.fields["theme"].choices = _choices(
                (t.slug, t.display_name) for t in Theme.objects.all()
            )
            self.fields["population"].choices = _choices(population_band_choices())
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


# ---------------------------------------------------------------------------
# The JSON API's parameters
# ---------------------------------------------------------------------------


class _ApiForm(forms.Form):
    """``limit`` as a bounded integer. Free text (``q``, ``title``, ``summary``) is not a field:
    it is normalised, never refused."""

    limit = forms.IntegerField(required=False, min_value=1, max_value=API_MAX_LIMIT)

    def error_message(self) -> str:
        """The first problem, in words for the API's 400 answer."""
        if self.has_error("limit"):
            return gettext("limit は 1 から %(max)d の整数で指定してください。") % {
                "max": API_MAX_LIMIT
            }
        return next(iter(self.errors.values()))[0]


class ApiSearchForm(_ApiForm):
    """``/api/search/``: a filter value with a control character can match nothing and
    PostgreSQL refuses NUL in text, so it is a 400 naming the parameter."""

    FILTER_PARAMS = (*service.Filters.JSON_FACETS, "page_type")

    def clean(self):
        getlist = getattr(self.data, "getlist", lambda name: [self.data.get(name, "")])
        for name in self.FILTER_PARAMS:
            for value in getlist(name):
                found = forbidden_character(str(value))
                if found:
                    raise ValidationError(
                        gettext("%(name)s に%(found)sが含まれています。")
                        % {"name": name, "found": found}
                    )
        return super().clean()


class ApiSimilarForm(_ApiForm):
    """``/api/search/similar/``: ``page`` is a page ID (``²`` or ``①`` pass ``isdigit()`` but
    are no integer; a huge number would not fit the page key)."""

    page = forms.IntegerField(required=False, min_value=1, max_value=PAGE_ID_MAX)

    def error_message(self) -> str:
        if self.has_error("page"):
            return gettext("page はページIDの整数です。")
        return super().error_message()

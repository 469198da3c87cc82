"""The JSON API's parameters: bounded integers and filter values free of control characters.
Free text (``q``, ``title``, ``summary``) is not a field: search normalises it, never refuses."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext
from wagtail.models import Page

from core.text import forbidden_character
from search.filters import PAGE_TYPE, Filters

API_MAX_LIMIT = 50
"""The most results one JSON API request may ask for."""

PAGE_ID_MAX = connection.ops.integer_field_range(Page._meta.pk.get_internal_type())[1]
"""The largest page ID the database's page key can hold (a larger one is a 400, not an
overflow)."""


class _ApiForm(forms.Form):
    """``limit`` as a bounded integer, :attr:`default_limit` when not given."""

    default_limit = 10
    limit = forms.IntegerField(required=False, min_value=1, max_value=API_MAX_LIMIT)

    def clean_limit(self):
        return self.cleaned_data.get("limit") or self.default_limit

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

    @staticmethod
    def filter_params() -> tuple[str, ...]:
        """The facets the page types declare, then ``page_type``."""
        return (*Filters.facet_names(), PAGE_TYPE)

    def clean(self):
        getlist = getattr(self.data, "getlist", lambda name: [self.data.get(name, "")])
        for name in self.filter_params():
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

    default_limit = 5
    page = forms.IntegerField(required=False, min_value=1, max_value=PAGE_ID_MAX)

    def error_message(self) -> str:
        if self.has_error("page"):
            return gettext("page はページIDの整数です。")
        return super().error_message()

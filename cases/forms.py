"""Forms of the case repository: the admin page form and the listing's filter form."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from localgov.bands import POPULATION_BAND_CHOICES
from localgov.regions import REGIONS


def normalize_tool_name(name: str) -> str:
    """「ｋｉｎｔｏｎｅ 」→「kintone」: NFKC and trimmed; case is folded by taggit's lookup."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


class CasePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        implementer = cleaned.get("local_government")
        links = self.formsets.get("co_implementer_links")
        if implementer is not None and links is not None:
            links.is_valid()  # the child forms are otherwise cleaned after this form
            for form in links.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if not data.get("DELETE") and data.get("local_government") == implementer:
                    form.add_error(
                        "local_government",
                        _("実施自治体（%(name)s）は共同実施自治体に重ねて入れられません。")
                        % {"name": implementer.full_name},
                    )
        return cleaned

    def clean_tools(self):
        tools = self.cleaned_data.get("tools") or []
        seen, result = set(), []
        for name in tools:
            cleaned = normalize_tool_name(str(name))
            if cleaned and cleaned.casefold() not in seen:
                seen.add(cleaned.casefold())
                result.append(cleaned)
        return result


SORT_CHOICES = [
    ("new", _("新着順")),
    ("year", _("開始年が新しい順")),
    ("title", _("タイトル順")),
]


class CaseFilterForm(forms.Form):
    """Filters of the case listing. Invalid values are dropped, never a 500."""

    prefecture = forms.TypedChoiceField(label=_("都道府県"), required=False, coerce=int)
    region = forms.ChoiceField(label=_("地方"), required=False)
    theme = forms.ChoiceField(label=_("テーマ"), required=False)
    tool = forms.CharField(label=_("ツール"), required=False, max_length=100)
    population = forms.ChoiceField(label=_("人口規模"), required=False)
    status = forms.ChoiceField(label=_("段階"), required=False)
    year = forms.TypedChoiceField(label=_("開始年"), required=False, coerce=int)
    sort = forms.ChoiceField(label=_("並び順"), required=False, choices=SORT_CHOICES)

    FACETS = ("prefecture", "region", "theme", "tool", "population", "status", "year")

    def __init__(self, *args, prefectures=(), themes=(), years=(), **kwargs):
        from cases.models import CaseStatus

        super().__init__(*args, **kwargs)
        everything = [("", _("すべて"))]
        self.fields["prefecture"].choices = everything + [(p.code, p.name) for p in prefectures]
        self.fields["region"].choices = everything + [(r.slug, r.name_ja) for r in REGIONS]
        self.fields["theme"].choices = everything + [(t.slug, t.name) for t in themes]
        self.fields["population"].choices = everything + list(POPULATION_BAND_CHOICES)
        self.fields["status"].choices = everything + list(CaseStatus.choices)
        self.fields["year"].choices = everything + [(y, f"{y}年") for y in years]

    def filters(self) -> dict:
        """The valid, non-empty filters; an invalid field is ignored rather than failing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        result = {}
        for name in self.FACETS:
            if name in self.errors:
                continue
            value = data.get(name)
            if value not in (None, ""):
                result[name] = value
        return result

    def sort_key(self) -> str:
        self.is_valid()
        if "sort" in self.errors:
            return "new"
        return self.cleaned_data.get("sort") or "new"

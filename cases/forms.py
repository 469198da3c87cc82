"""Forms of the case repository: the admin page form (the listing's filters are declared in
:mod:`cases.facets`)."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _

from core.page_forms import BasePageForm


def normalize_tool_name(name: str) -> str:
    """「ｋｉｎｔｏｎｅ 」→「kintone」: NFKC and trimmed; case is folded by taggit's lookup."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def canonical_tools(names, aliases: dict[str, str]) -> list[str]:
    """Each tool once, as its vocabulary writes it: NFKC and trimmed, an alias (「キントーン」,
    keys of ``aliases`` case-folded) replaced by its tool's name."""
    seen, result = set(), []
    for name in names:
        cleaned = normalize_tool_name(str(name))[:100]
        cleaned = aliases.get(cleaned.casefold(), cleaned)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            result.append(cleaned)
    return result


class CasePageForm(BasePageForm):
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
        from cases.models import Tool  # the models import this module

        names = self.cleaned_data.get("tools") or []
        return canonical_tools(names, Tool.canonical_names())

"""Admin panels shared by the sections.

:class:`InlinePanel` is Wagtail's, with a formset whose message for two rows that may not be
the same (a unique constraint over the parent and a field) names the field as editors see it:
「同じ「共催の自治体」が2行あります…」 rather than Django's 「page と local_government の重複
したデータを修正してください」, which names the database columns; and a row left blank (a 声
added, the draft saved before it was written) is dropped rather than kept, and is no error
on a row nobody wrote in when the page is published later.
"""

from __future__ import annotations

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin import panels

_NOT_WRITTEN = (None, "", False, [], ())

_BOOKKEEPING = ("DELETE", "ORDER", "id")


def is_blank(form) -> bool:
    """Nothing written in any field of the row, nor in a row nested in it (a session's
    speakers)."""
    for name, field in form.fields.items():
        if name in _BOOKKEEPING or field.disabled:
            continue
        if form[name].data not in _NOT_WRITTEN:
            return False
    nested = getattr(form, "formsets", {})
    return not any(not is_blank(child) for formset in nested.values() for child in formset.forms)


class ChildFormSet(BaseChildFormSet):
    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or is_blank(form)

    def get_unique_error_message(self, unique_check):
        names = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
            if name != self.fk.name
        ]
        return _("同じ「%(fields)s」が2行以上あります。重なった行を削除してください。") % {
            "fields": get_text_list(names, _("・"))
        }


class InlinePanel(panels.InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].setdefault("formset", ChildFormSet)
        return options

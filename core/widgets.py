"""Widgets shared by the sections' forms (no model is imported here: the models' modules
import their forms)."""

from __future__ import annotations

from django import forms

from core.templatetags.jp import written_lang


class WrittenSelect(forms.Select):
    """A select whose options are what people wrote (a series' title, a writer's name): each
    option but the empty one is marked Japanese when the interface is not (WCAG 3.1.2), as
    :func:`core.templatetags.jp.content_lang` marks an element."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        lang = written_lang()
        if lang and value not in (None, ""):
            option["attrs"] = {**option["attrs"], "lang": lang}
        return option

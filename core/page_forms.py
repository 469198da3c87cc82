"""The admin form every page type starts from."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

UNREADABLE_DATE = {
    forms.DateTimeField: gettext_lazy(
        "日時として読めませんでした。例: 2026/12/19 14:00、12月19日 14時、令和8年12月19日"
    ),
    forms.DateField: gettext_lazy(
        "日付として読めませんでした。例: 2026/12/19、12月19日、令和8年12月19日"
    ),
}
"""What a date field says of text it cannot read (static/js/admin-dates.js keeps such text,
where the picker put the current time in its place), with the forms it does read."""


class BasePageForm(WagtailAdminPageForm):
    """Says which page holds a slug that is taken. Wagtail's autosave makes a draft as soon as
    a new page is typed into; an organiser who starts again in another tab got only 「スラッグ
    は既に使われています」, with no word of the draft that holds it. A date it cannot read is
    named with an example of what it reads (:data:`UNREADABLE_DATE`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            message = UNREADABLE_DATE.get(type(field))
            if message is not None:
                field.error_messages = {**field.error_messages, "invalid": message}

    def clean(self):
        slug = self.cleaned_data.get("slug")  # Wagtail's clean drops it when it is taken
        cleaned = super().clean()
        parent = getattr(self, "parent_page", None)
        if slug and parent is not None and self.has_error("slug"):
            siblings = parent.get_children().filter(slug=slug)
            taken = siblings.exclude(pk=self.instance.pk).first()
            if taken is not None:
                self._errors["slug"] = self.error_class([slug_taken(taken, slug)])
        return cleaned


def slug_taken(page, slug: str) -> str:
    """The slug's error: which page holds it, a draft's edit form as a link."""
    values = {
        "slug": escape(slug),
        "title": escape(page.title),
        "url": escape(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    if page.live:
        message = _(
            "スラッグ「%(slug)s」は、公開中のページ「%(title)s」が使っています。"
            "別のスラッグにしてください。"
        )
    else:
        message = _(
            "スラッグ「%(slug)s」は、下書きのページ「%(title)s」が使っています（入力中に自動保存された"
            '下書きかもしれません）。続きは<a href="%(url)s">その下書き</a>で書くか、'
            "別のスラッグにしてください。"
        )
    return mark_safe(message % values)  # the values are escaped

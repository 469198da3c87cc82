"""Admin forms of the diary pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.page_forms import BasePageForm
from core.widgets import WrittenSelect


class DiaryEntryPageForm(BasePageForm):
    """An entry's writer and next writer are chosen among its series' writers; a contributor
    (who cannot publish) writes as themselves only. A new entry starts from the baton of the
    series' last entry: the question handed on, and the next writer in rotation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("writer", "baton_writer"):
            # writers' names, marked Japanese in the English admin (the querysets below
            # give this widget its choices)
            self.fields[name].widget = WrittenSelect(attrs=self.fields[name].widget.attrs)
        self.series = self._series()
        writers = self.fields["writer"].queryset
        if self.series is not None:
            # in the series' rotation (執筆順), as the public form lists them
            writers = writers.filter(series_links__page=self.series).order_by(
                "series_links__sort_order"
            )
        else:
            writers = writers.none()
        self.fields["writer"].required = True
        self.fields["baton_writer"].queryset = writers
        user = self.for_user
        self.is_editor = bool(
            user is not None
            and self.series is not None
            and self.series.permissions_for_user(user).can_publish_subpage()
        )
        if user is not None and not self.is_editor:
            writers = writers.filter(user=user)
        self.fields["writer"].queryset = writers
        if self.instance.pk is None and self.series is not None and not self.is_bound:
            self._initial_from_baton(writers)

    def _series(self):
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if parent is None:
            return None
        parent = parent.specific
        return parent if hasattr(parent, "series_writers") else None

    def _initial_from_baton(self, writers):
        series = self.series
        if not self.initial.get("question"):
            self.initial["question"] = series.next_question
        writer = series.next_writer
        if writer is None or not writers.filter(pk=writer.pk).exists():
            writer = writers.first()
        if writer is not None:
            # the instance gives the keys (as None): fill them, do not setdefault
            self.initial["writer"] = self.initial.get("writer") or writer.pk
            after = series.writer_after(writer)
            if after is not None and after.pk != writer.pk:
                self.initial["baton_writer"] = self.initial.get("baton_writer") or after.pk

    def clean(self):
        cleaned = super().clean()
        if self.series is None:
            raise forms.ValidationError(_("日記は連載の下に作成してください"))
        add_baton_errors(self, self.series, cleaned.get("writer"))
        return cleaned


def add_baton_errors(form, series, writer) -> None:
    """The baton goes to another writer of the series (when it has more than one), and a
    question handed on needs someone to hand it to."""
    baton = form.cleaned_data.get("baton_writer")
    same = writer is not None and baton is not None and writer.pk == baton.pk
    if same and len(series.rotation) > 1:
        form.add_error("baton_writer", _("次の執筆者には自分以外を選んでください"))
    if baton is None and form.cleaned_data.get("baton_question"):
        form.add_error("baton_writer", _("問いを渡す相手を選んでください"))

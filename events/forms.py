"""Admin forms of the event pages."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from accounts.models import StaffProfile, prefecture_id_of
from core.page_forms import BasePageForm
from events.permissions import is_organiser_of_section


class EventPageForm(BasePageForm):
    """An organiser's events are organised in their own prefecture (co-organisers may be from
    anywhere); a new event starts with the organiser's own local government."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        self.organiser_only = parent is not None and is_organiser_of_section(self.for_user, parent)
        if self.instance.pk is None and not self.is_bound and "organiser" in self.fields:
            profile = StaffProfile.objects.filter(user=self.for_user).first()
            if profile is not None and not self.initial.get("organiser"):
                self.initial["organiser"] = profile.local_government_id
        deadline = self.fields.get("registration_deadline")
        if deadline is not None:
            deadline.widget.attrs["data-end-of-day"] = ""  # static/js/admin-dates.js

    def clean_registration_deadline(self):
        """A deadline given as a date alone is the end of that day (Asia/Tokyo), not 0:00:
        「12月16日締切」 means applications on the 16th are still in time."""
        deadline = self.cleaned_data.get("registration_deadline")
        typed = self.data.get(self.add_prefix("registration_deadline"))
        if deadline is None or not isinstance(typed, str):
            return deadline
        day = parse_date(typed.strip())  # a valid date here: the field has parsed it
        if day is not None:
            end = datetime.datetime.combine(day, datetime.time(23, 59))
            deadline = timezone.make_aware(end, timezone.get_current_timezone())
        return deadline

    def clean(self):
        cleaned = super().clean()
        organiser = cleaned.get("organiser")
        if self.organiser_only and organiser is not None:
            mine = prefecture_id_of(self.for_user)
            if mine is None:
                self.add_error(
                    "organiser",
                    _("所属の自治体が登録されていません。編集者に登録を依頼してください。"),
                )
            elif organiser.prefecture_id != mine:
                self.add_error(
                    "organiser",
                    _("主催は、所属する都道府県の都道府県・市区町村から選んでください。"),
                )
        return cleaned


class EventReportPageForm(BasePageForm):
    """A report's highlights choose among the sessions of its own event only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("highlights")
        if formset is not None:
            event = self.parent_page if self.instance.pk is None else self.instance.get_parent()
            session_model = formset.model._meta.get_field("session").related_model
            sessions = session_model.objects.filter(page_id=event.pk if event else None)
            base = formset.form

            class HighlightForm(base):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    self.fields["session"].queryset = sessions

            HighlightForm.__name__ = base.__name__
            formset.form = HighlightForm  # the empty form (for "add") is built from it
            for form in formset.forms:
                form.fields["session"].queryset = sessions

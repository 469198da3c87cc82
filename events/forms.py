"""Admin forms of the event pages."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


class EventReportPageForm(WagtailAdminPageForm):
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

"""Admin panels of the case form."""

from django import forms
from django.urls import reverse
from wagtail.admin.panels import Panel


class DuplicateWarningPanel(Panel):
    """Possible duplicates of the case being written, shown while its title and summary are
    typed (``static/js/duplicate-check.js`` asks ``cases_admin:duplicates``)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cases/panels/duplicate_warning.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["check_url"] = reverse("cases_admin:duplicates")
            context["page_id"] = getattr(self.instance, "pk", None) or ""
            return context

        @property
        def media(self):
            return forms.Media(js=["js/duplicate-check.js"])

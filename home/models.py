from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.models import BasePage
from core.visibility import visible


class HomePage(BasePage):
    """The site's front page: what the site offers, the latest cases, events and diary entries."""

    site_search = False

    lead = models.CharField(_("キャッチコピー"), max_length=120, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("lead")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cases.CaseIndexPage", "events.EventIndexPage", "diary.DiaryIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("ホーム")
        verbose_name_plural = _("ホーム")

    def get_context(self, request, *args, **kwargs):
        from cases.models import CasePage
        from diary.models import DiaryEntryPage, SeriesKind
        from events.models import EventPage

        context = super().get_context(request, *args, **kwargs)
        cases = visible(CasePage.objects)
        events = visible(EventPage.objects)
        entries = visible(DiaryEntryPage.objects)
        context.update(
            latest_cases=cases.order_by("-first_published_at")[:6],
            upcoming_events=EventPage.upcoming(events)[:3],
            latest_entries=entries.exclude(series__kind=SeriesKind.NEWS)
            .select_related("series", "writer__local_government__prefecture")
            .order_by("-date", "-first_published_at")[:3],
            counts={
                "cases": cases.count(),
                "events": events.count(),
                "entries": entries.count(),
            },
        )
        return context

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage


class EventIndexPage(BasePage):
    site_search = False
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("イベント一覧")
        verbose_name_plural = _("イベント一覧")

    def get_events(self):
        return EventPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = self.get_events()
        context["upcoming_events"] = EventPage.upcoming(events)
        context["past_events"] = EventPage.past(events)[:50]
        return context


class EventPage(BasePage):
    """A forum event: keynote, panel discussion or workshop."""

    start_at = models.DateTimeField(_("開始日時"))
    end_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    online = models.BooleanField(_("オンライン配信あり"), default=False)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("内容"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("online")]),
            ],
            heading=_("日時と会場"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("venue"),
        index.FilterField("start_at"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        # Japanese has one form for both; the contexts give English "Event" and "Events"
        verbose_name = pgettext_lazy("model name", "イベント")
        verbose_name_plural = pgettext_lazy("model name plural", "イベント")

    @staticmethod
    def upcoming(queryset):
        """Events that have not ended: an event today stays upcoming until it is over."""
        now = timezone.now()
        return queryset.filter(
            models.Q(end_at__gte=now) | models.Q(end_at__isnull=True, start_at__gte=now)
        ).order_by("start_at")

    @staticmethod
    def past(queryset):
        now = timezone.now()
        return queryset.filter(
            models.Q(end_at__lt=now) | models.Q(end_at__isnull=True, start_at__lt=now)
        ).order_by("-start_at")

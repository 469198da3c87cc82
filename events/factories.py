"""Factories for the events section."""

import datetime

import factory
from django.utils import timezone

from core.factories import PageFactory
from events.models import EventIndexPage, EventPage


class EventIndexPageFactory(PageFactory):
    title = "イベント"
    slug = "events"
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(PageFactory):
    """An event (``parent``: an EventIndexPage) a week from now, for two hours."""

    title = factory.Sequence(lambda n: f"テストイベント{n}")
    summary = "自治体DXの事例を共有するフォーラムです。"
    start_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end_at = factory.LazyAttribute(lambda event: event.start_at + datetime.timedelta(hours=2))
    venue = "石川県庁"

    class Meta:
        model = EventPage

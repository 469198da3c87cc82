from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage


class DiaryIndexPage(BasePage):
    site_search = False
    parent_page_types = ["home.HomePage"]
    subpage_types = ["diary.DiaryEntryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("日記一覧")
        verbose_name_plural = _("日記一覧")

    def get_entries(self):
        return DiaryEntryPage.objects.child_of(self).live().public().order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        from core.pagination import paginate

        context = super().get_context(request, *args, **kwargs)
        context["entries"] = paginate(request, self.get_entries())
        return context


class DiaryEntryPage(BasePage):
    """One entry of the relay diary, written by one staff writer."""

    writer_name = models.CharField(_("執筆者"), max_length=100)
    writer_affiliation = models.CharField(_("所属"), max_length=150, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("本文"))

    content_panels = BasePage.content_panels + [
        FieldPanel("writer_name"),
        FieldPanel("writer_affiliation"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("writer_name")]
    parent_page_types = ["diary.DiaryIndexPage"]
    subpage_types = []

    class Meta:
        # Japanese has one form for both; the contexts give English "Diary" and "Diaries"
        verbose_name = pgettext_lazy("model name", "日記")
        verbose_name_plural = pgettext_lazy("model name plural", "日記")

"""Shared page base: a plain-text summary used in listings, search and feeds."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    summary = models.TextField(
        _("概要"),
        blank=True,
        help_text=_("一覧と検索結果に表示する短い説明（プレーンテキスト）"),
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        return self.search_description or self.summary[:160]

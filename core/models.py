"""Shared page base: a plain-text summary used in listings, search and feeds."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from core.page_forms import BasePageForm
from core.text import index_words


class BasePage(Page):
    summary = models.TextField(
        _("概要"),
        blank=True,
        help_text=_("一覧と検索結果に表示する短い説明（プレーンテキスト）"),
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    base_form_class = BasePageForm
    # Wagtail's own search (the admin, the page chooser) reads Japanese through the site
    # search's tokens (core.text.index_words, set by the search app): search/admin_backend.py
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("title_words", boost=2),
        index.AutocompleteField("title_words"),
        index.SearchField("summary_words"),
    ]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """A page below an unpublished one is not served: Wagtail checks only the page the
        URL ends at, so an entry of a series taken offline stayed at its address."""
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)

    def title_words(self) -> str:
        return index_words(self.title)

    def summary_words(self) -> str:
        return index_words(self.summary)

    def get_meta_description(self) -> str:
        return self.search_description or self.summary[:160]

    # --- What a page type gives to site search (keyword and semantic) -------------------------
    # A page type joins search by inheriting BasePage; it may override these two methods.
    # Navigation pages (home, section indexes) set ``site_search = False``: a search answers
    # with content (cases, events, diary entries), not with the pages that list it.
    site_search = True

    def get_search_text(self) -> str:
        """Plain text to index and embed: title, summary and any body text."""
        parts = [self.title, self.summary, self.get_body_text()]
        return "\n".join(p.strip() for p in parts if p and p.strip())

    def get_body_text(self) -> str:
        """The page's ``body`` (a StreamField) as plain text; "" for a type without one."""
        from django.utils.html import strip_tags

        body = getattr(self, "body", None)
        return strip_tags(str(body.render_as_block())).strip() if body is not None else ""

    def get_search_filters(self) -> dict:
        """Values the search filters match on (prefecture, theme, ...); none by default."""
        return {}

    def why_no_subpage(self) -> str:
        """Why no page can be added under this one now, in the reader's words, when a person
        allowed to add pages here asks (an event's report: one only, once it has begun); ""
        when there is nothing to say. The admin says it instead of "no permission"
        (``core.admin_pages.ExplainedAddSubpageView``)."""
        return ""

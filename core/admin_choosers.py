"""Snippet choosers whose texts follow the admin's language.

Wagtail 8 gives a chooser viewset's texts (「選択」, 「別のものを選ぶ」, 「編集」, 「検索」, 「作成」)
with ``gettext`` at import (``wagtail/admin/viewsets/chooser.py``), so they stay in the language
the process started in: the English admin's speaker chooser read 「選択 Speaker」. The same
messages, translated when they are shown. Every snippet of the site builds on
:class:`SiteSnippetViewSet`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet


class LazyTextChooserViewSet(SnippetChooserViewSet):
    choose_one_text = gettext_lazy("Choose")
    choose_another_text = gettext_lazy("Choose another")
    edit_item_text = gettext_lazy("Edit")
    search_tab_label = gettext_lazy("Search")
    create_action_label = gettext_lazy("Create")


class SiteSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = LazyTextChooserViewSet

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from diary.models import Writer


class WriterViewSet(SnippetViewSet):
    model = Writer
    icon = "user"
    list_display = ["full_name", "affiliation_label", "role", "user"]
    search_fields = ["family_name", "given_name", "family_name_kana", "given_name_kana"]
    menu_order = 310


register_snippet(WriterViewSet)

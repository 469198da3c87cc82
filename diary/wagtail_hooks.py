from wagtail.snippets.models import register_snippet

from core.admin_choosers import SiteSnippetViewSet
from diary.models import Writer


class WriterViewSet(SiteSnippetViewSet):
    model = Writer
    icon = "user"
    list_display = ["full_name", "affiliation_label", "role", "user"]
    search_fields = ["family_name", "given_name", "family_name_kana", "given_name_kana"]
    menu_order = 310


register_snippet(WriterViewSet)

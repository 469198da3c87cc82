"""A tool's 読み・別名: a case form or an import that writes 「キントーン」 gets kintone itself, and
search finds kintone's cases by the alias, also after an editor adds it to a tool in use."""

import pytest
from django.contrib.auth import get_user_model

from cases.forms import canonical_tools
from cases.models import CasePage, Tool
from search import service
from tests.cases.conftest import write_json
from tests.cases.test_import import GOOD, run_import
from tests.search.conftest import case_page

pytestmark = pytest.mark.django_db


def test_an_alias_is_the_tool_itself_in_every_way_it_is_written():
    Tool.objects.create(name="kintone", slug="kintone", aliases="キントーン; きんとーん")
    aliases = Tool.canonical_names()
    assert canonical_tools(["ｷﾝﾄｰﾝ", "Kintone", "きんとーん", "WinActor"], aliases) == [
        "kintone",
        "WinActor",
    ]


def test_aliases_may_be_parted_as_a_japanese_keyboard_types():
    """「；」 and 「、」 part aliases as 「;」 does: typed so, they were one alias that no one
    writes, and the tool filter found nothing for any of them."""
    tool = Tool.objects.create(
        name="BizRobo!", slug="bizrobo", aliases="ビズロボ；ﾋﾞｽﾞﾛﾎﾞ mini、 びずろぼ"
    )
    assert tool.alias_list() == ["ビズロボ", "ﾋﾞｽﾞﾛﾎﾞ mini", "びずろぼ"]
    aliases = Tool.canonical_names()
    assert canonical_tools(["ビズロボ", "ビズロボ mini", "びずろぼ"], aliases) == ["BizRobo!"]


def test_an_import_given_an_alias_tags_the_tool_not_a_second_one(tmp_path, site_tree):
    Tool.objects.create(name="kintone", slug="kintone", aliases="キントーン")
    run_import(write_json(tmp_path, [{**GOOD, "tools": "キントーン;UiPath"}]))
    page = CasePage.objects.get(title=GOOD["title"])
    assert sorted(page.tool_names) == ["UiPath", "kintone"]
    assert not Tool.objects.filter(name="キントーン").exists()


def _found(query):
    return [r["id"] for r in service.search(query, mode="keyword", limit=10)]


def test_search_finds_a_tools_cases_by_an_alias_an_editor_adds(
    site_tree, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = case_page(site_tree["cases"], title="申請受付をアプリで一元管理", tools=["kintone"])
    assert _found("キントーン") == []
    editor = get_user_model().objects.create_superuser("ed", "ed@example.lg.jp", "pw-123456")
    client.force_login(editor)
    tool = Tool.objects.get(name="kintone")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/snippets/cases/tool/edit/{tool.pk}/",
            {"name": "kintone", "slug": tool.slug, "aliases": "キントーン"},
        )
    assert response.status_code == 302
    assert _found("キントーン") == [page.pk]
    assert _found("ｷﾝﾄｰﾝ") == [page.pk]  # half-width katakana, as some keyboards give
    listing = client.get("/admin/snippets/cases/tool/?q=キントーン").content.decode()
    assert "キントーン" in listing and "kintone" in listing


def test_the_listing_and_search_filter_a_tool_by_its_alias(
    site_tree, client, django_capture_on_commit_callbacks
):
    Tool.objects.create(name="kintone", slug="kintone", aliases="キントーン")
    with django_capture_on_commit_callbacks(execute=True):
        page = case_page(site_tree["cases"], title="申請受付をアプリで一元管理", tools=["kintone"])
        other = case_page(
            site_tree["cases"],
            title="申請受付をロボットで一元管理",
            tools=["WinActor"],
            source_url="https://example.lg.jp/case/other",
        )
    listing = client.get("/cases/", {"tool": "ｷﾝﾄｰﾝ"}).content.decode()
    assert page.title in listing and other.title not in listing
    response = client.get("/search/", {"q": "申請受付", "tool": "キントーン", "mode": "keyword"})
    assert [r["id"] for r in response.context["results"]] == [page.pk]

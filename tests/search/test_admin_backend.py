"""Wagtail's own search (the admin's page search and page chooser) reads Japanese words: a title
is found by any of its words, not only by its first characters."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from cases.models import CaseIndexPage, CasePage
from home.demo import DEMO_USERS
from search import text as jtext
from tests.search.conftest import case_page

pytestmark = pytest.mark.django_db

ONLINE = "粗大ごみの収集予約をオンライン申請にした"
WAITING = "窓口の待ち時間をスマートフォンで知らせる"
DRAFT = "窓口の番号札をなくす下書きの事例"


@pytest.fixture
def cases(demo_site, django_capture_on_commit_callbacks):
    index = CaseIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail indexes after commit
        made = {
            ONLINE: case_page(index, title=ONLINE, slug="admin-search-online"),
            WAITING: case_page(index, title=WAITING, slug="admin-search-waiting"),
            DRAFT: case_page(index, publish=False, title=DRAFT, slug="admin-search-draft"),
        }
    return made


def titles(results):
    return {page.title for page in results} & {ONLINE, WAITING, DRAFT}


def test_a_title_is_found_by_any_of_its_words(cases):
    by_type = Page.objects.type(CasePage)
    assert titles(by_type.autocomplete("オンライン申請")) == {ONLINE}
    assert titles(by_type.autocomplete("収集予約")) == {ONLINE}  # two words, both needed
    assert titles(by_type.autocomplete("待ち時間")) == {WAITING}
    assert titles(by_type.autocomplete("スマート")) == {WAITING}  # typing: the last is a prefix
    assert titles(by_type.autocomplete("窓口")) == {WAITING, DRAFT}
    assert titles(by_type.autocomplete("窓口 オンライン")) == set()  # every word must match
    assert titles(CasePage.objects.search("オンラインで申請")) == {ONLINE}
    assert titles(CasePage.objects.search("知らせる窓口")) == {WAITING}


def test_a_compound_word_matches_as_its_parts():
    assert jtext.query_word_groups("オンライン申請の窓口") == [
        ("オンライン申請", ("オンライン", "申請")),
        ("窓口", ()),
    ]
    assert jtext.query_word_groups("の") == []


def test_the_case_chooser_offers_published_cases_by_a_word_inside_the_title(cases, client):
    client.force_login(get_user_model().objects.get(username=DEMO_USERS["organiser"][0]))
    url = reverse("wagtailadmin_choose_page_search")
    page = client.get(url, {"q": "窓口", "page_type": "cases.casepage"})
    assert page.status_code == 200
    html = page.content.decode()
    assert WAITING in html
    assert DRAFT not in html  # a draft shows nowhere on the site: not offered for a session
    # a chooser of any page (a link in a text) still offers drafts to its editor
    client.force_login(get_user_model().objects.get(username=DEMO_USERS["editor"][0]))
    assert DRAFT in client.get(url, {"q": "窓口"}).content.decode()

"""The case form in the Wagtail admin: choosing local governments, its weight, duplicates."""

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cases.models import CaseCoImplementer, CasePage
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db


def login(client, role="staff"):
    from home.demo import DEMO_USERS

    client.force_login(get_user_model().objects.get(username=DEMO_USERS[role][0]))
    return client


def chosen_names(response) -> list[str]:
    html = response.json()["html"] if "json" in response["Content-Type"] else response.content
    html = html.decode() if isinstance(html, bytes) else html
    return re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<\s]+)", html)


@pytest.mark.parametrize(
    "query", ["はくさん", "ハクサン", "白山", "172103", "17210", "石川県白山市"]
)
def test_local_government_chooser_finds_by_name_reading_and_code(demo_site, client, query):
    login(client)
    url = reverse("wagtailsnippetchoosers_localgov_localgovernment:choose_results")
    names = chosen_names(client.get(url, {"q": query}))
    assert names[0] == "石川県白山市"


def test_local_government_chooser_filters_by_prefecture_and_puts_exact_names_first(
    demo_site, client
):
    login(client)
    url = reverse("wagtailsnippetchoosers_localgov_localgovernment:choose_results")
    names = chosen_names(client.get(url, {"q": "府中市"}))
    assert set(names[:2]) == {"東京都府中市", "広島県府中市"}  # the exact names first
    in_hiroshima = chosen_names(client.get(url, {"q": "府中", "prefecture": "34"}))
    assert in_hiroshima == ["広島県府中市", "広島県府中町"]
    assert chosen_names(client.get(url, {"q": "そんなまちはない"})) == []
    # names that match alike: the larger kind of government first, not the lower code
    assert chosen_names(client.get(url, {"q": "横浜"}))[:2] == ["神奈川県横浜市", "青森県横浜町"]
    assert chosen_names(client.get(url, {"q": "府中"}))[-1] == "広島県府中町"


def test_chooser_modal_has_a_search_box(demo_site, client):
    login(client)
    response = client.get(reverse("wagtailsnippetchoosers_localgov_localgovernment:choose"))
    html = response.json()["html"]
    assert 'name="q"' in html and 'name="prefecture"' in html


def test_case_edit_page_is_light(demo_site, client, django_assert_max_num_queries):
    """No widget lists all 1,788 local governments; queries do not grow with them."""
    case = CasePage.objects.first()
    for n, code in enumerate(("172120", "173240")):  # 野々市市, 内灘町
        CaseCoImplementer.objects.create(
            page=case, local_government=LocalGovernment.objects.get(code=code), sort_order=n
        )
    case.save_revision()
    login(client, "editor")
    # 80, and one the first time a process names the case's place in its title
    with django_assert_max_num_queries(81):
        response = client.get(reverse("wagtailadmin_pages:edit", args=(case.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<option") < 200
    assert len(response.content) < 350_000
    # the co-implementers are there, each with its chooser
    for link in case.co_implementer_links.all():
        assert link.local_government.full_name in html


def test_co_implementer_cannot_repeat_the_implementer(demo_site):
    from cases.forms import CasePageForm

    case = CasePage.objects.first()
    form_class = CasePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, CasePageForm)
    lg = case.local_government
    data = {
        "title": case.title,
        "slug": case.slug,
        "local_government": lg.pk,
        "themes": [t.pk for t in case.themes.all()],
        "status": case.status,
        "body-count": 0,
        "co_implementer_links-TOTAL_FORMS": 1,
        "co_implementer_links-INITIAL_FORMS": 0,
        "co_implementer_links-MIN_NUM_FORMS": 0,
        "co_implementer_links-MAX_NUM_FORMS": 1000,
        "co_implementer_links-0-local_government": lg.pk,
        "co_implementer_links-0-ORDER": 1,
        "results-TOTAL_FORMS": 0,
        "results-INITIAL_FORMS": 0,
        "sources-TOTAL_FORMS": 0,
        "sources-INITIAL_FORMS": 0,
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
    }
    form = form_class(data, instance=case, parent_page=case.get_parent())
    assert not form.is_valid()
    errors = form.formsets["co_implementer_links"].forms[0].errors
    assert "共同実施自治体に重ねて入れられません" in str(errors)


def test_co_implementers_keep_their_order_and_filter_the_local_government_page(demo_site, client):
    case = CasePage.objects.first()
    nonoichi = LocalGovernment.objects.get(code="172120")
    CaseCoImplementer.objects.create(page=case, local_government=nonoichi, sort_order=9)
    page = client.get(f"/cases/lg/{nonoichi.code}/")
    assert case.title in page.content.decode()


# --- possible duplicates while writing ------------------------------------------------------


def test_case_form_shows_the_duplicate_warning_container(demo_site, client):
    from cases.models import CaseIndexPage

    login(client)
    index = CaseIndexPage.objects.get()
    html = client.get(
        reverse("wagtailadmin_pages:add", args=("cases", "casepage", index.pk))
    ).content.decode()
    assert "data-duplicate-check" in html
    assert reverse("cases_admin:duplicates") in html
    assert "js/duplicate-check.js" in html


def test_duplicate_check_finds_the_published_twin_but_not_the_page_itself(demo_site, client):
    case = CasePage.objects.live().filter(title__contains="書かない窓口").first()
    login(client)
    url = reverse("cases_admin:duplicates")
    found = client.get(url, {"title": case.title, "summary": case.summary}).json()["results"]
    assert found and found[0]["title"] == case.title
    assert unquote(found[0]["url"]) == unquote(case.url)
    again = client.get(url, {"title": case.title, "summary": case.summary, "page": case.pk})
    assert case.title not in [r["title"] for r in again.json()["results"]]


def test_duplicate_check_rejects_bad_input_and_needs_a_login(demo_site, client):
    url = reverse("cases_admin:duplicates")
    assert client.get(url, {"title": "RPA"}).status_code in (302, 403)
    login(client)
    assert client.get(url, {"title": "a\x00b"}).status_code == 400
    assert client.get(url, {"title": "RPA", "page": "²"}).status_code == 400
    assert client.get(url, {"title": "", "summary": ""}).json() == {"results": []}


def test_the_admin_names_a_case_with_its_place_and_follows_a_rename(demo_site, client):
    """An organiser choosing a case for a session (the page chooser) sees where each case was
    done; a renamed local government is shown by its new name."""
    login(client, "organiser")
    chooser = client.get(reverse("wagtailadmin_choose_page"), {"page_type": "cases.casepage"})
    html = chooser.json()["html"]
    case = CasePage.objects.live().select_related("local_government__prefecture").first()
    place = case.local_government.full_name
    assert case.get_admin_display_title() == f"{case.title}（{place}）"
    assert re.search(r"（[^）]+[都道府県][^）]*）", html)  # every row names its place

    lg = case.local_government
    original = lg.name
    lg.name = original + "改"
    lg.save()
    assert CasePage.objects.get(pk=case.pk).get_admin_display_title().endswith(f"{lg.name}）")
    lg.name = original
    lg.save()  # the rollback does not tell the process's names

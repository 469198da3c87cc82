"""The demo site: page tree, accounts per role, idempotent load, and every page answers 200."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Page, Site

from home import demo
from home.models import HomePage
from home.roles import ROLES

pytestmark = pytest.mark.django_db


def test_load_demo_builds_tree_and_accounts_and_is_idempotent(demo_site, capsys):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert [p.slug for p in home.get_children()] == ["cases", "events", "diary"]
    pages_before = Page.objects.count()
    users_before = get_user_model().objects.count()

    call_command("load_demo")

    assert Page.objects.count() == pages_before
    assert get_user_model().objects.count() == users_before
    out = capsys.readouterr().out
    for role in ROLES:
        user = get_user_model().objects.get(username=demo.DEMO_USERS[role.key][0])
        assert user.groups.filter(name=role.group_name).exists()
        assert user.username in out  # passwords are printed in development and tests


def test_the_demo_editor_finds_a_submission_to_review(demo_site, client):
    """The demo staff member's case waits for the editors' review: a draft, in the review
    workflow, on the editor's dashboard, public nowhere; loading the demo again adds no second
    one. Approving it publishes it."""
    from wagtail.models import WorkflowState

    from cases.models import CaseIndexPage, CasePage

    title = demo.PENDING_CASE["title"]
    page = CasePage.objects.get(title=title)
    assert not page.live
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.content_object.pk == page.pk
    assert state.requested_by.username == demo.DEMO_USERS["staff"][0]
    assert state.current_task_state.task.name == "編集者の承認"
    assert title not in client.get("/cases/").content.decode()
    assert title not in client.get("/search/?q=呼び出し").content.decode()

    editor = get_user_model().objects.get(username=demo.DEMO_USERS["editor"][0])
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert title in dashboard and "自治体職員 太郎" in dashboard
    assert demo.ensure_pending_submission(CaseIndexPage.objects.get()) is None
    assert CasePage.objects.filter(title=title).count() == 1

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")
    page.refresh_from_db()
    assert page.live
    assert title in client.get("/cases/").content.decode()


def test_demo_accounts_log_in_with_printed_password(demo_site, client):
    for account in demo_site:
        # django-axes needs the request to count a failure; Client.login() passes none
        assert client.login(
            request=HttpRequest(), username=account.username, password=account.password
        )
        client.logout()
        # the public sign-in asks for a verified address: the demo's are, no email is sent
        response = client.post(
            "/accounts/login/", {"login": account.username, "password": account.password}
        )
        assert response.status_code == 302, account.username
        assert "confirm-email" not in response["Location"], account.username
        assert client.get("/my/").status_code == 200, account.username
        client.logout()


def test_a_signed_in_member_logs_out_from_the_header(demo_site, client):
    client.force_login(get_user_model().objects.get(username=demo.DEMO_USERS["staff"][0]))
    html = client.get("/").content.decode()
    logout = reverse("account_logout")
    assert re.search(rf'<form class="logout-form" action="{logout}" method="post">', html)
    client.cookies["django_language"] = "en"
    assert "Log out" in client.get("/").content.decode()
    assert client.post(logout).status_code == 302
    html = client.get("/").content.decode()
    assert "logout-form" not in html and reverse("account_login") in html


def test_contributors_cannot_publish_but_editors_can(demo_site):
    from cases.models import CaseIndexPage

    index = CaseIndexPage.objects.get()
    users = {a.role: get_user_model().objects.get(username=a.username) for a in demo_site}
    assert index.permissions_for_user(users["editor"]).can_publish_subpage()
    staff_perms = index.permissions_for_user(users["staff"])
    assert staff_perms.can_add_subpage()
    assert not staff_perms.can_publish_subpage()
    writer_perms = index.permissions_for_user(users["writer"])
    assert not writer_perms.can_add_subpage()  # writers contribute to the diary only


def test_every_demo_page_answers_200(demo_site, client):
    urls = [page.url for page in Page.objects.live().public().specific() if page.depth > 1]
    urls += ["/search/", "/search/?q=RPA", "/sitemap.xml", "/healthz"]
    assert len(urls) > 4
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_home_page_is_japanese_with_navigation(demo_site, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert 'href="#main"' in html  # skip link
    for label in ("事例", "イベント", "日記", "検索"):
        assert f">{label}</a>" in html
    assert 'role="search"' in html


def test_english_on_request(demo_site, client):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    # The counters carry no Japanese counter words (件, 本) in English.
    counts = html[html.index('<dl class="counts">') : html.index("</dl>")]
    assert "件" not in counts and "本" not in counts
    assert re.search(r"<dd>\s*\d+\s*</dd>", counts)


def test_home_counters_have_japanese_units(demo_site, client):
    html = client.get("/").content.decode()
    counts = html[html.index('<dl class="counts">') : html.index("</dl>")]
    assert re.search(r"<dd>\s*[\d,]+<span>件</span>\s*</dd>", counts)
    assert "<span>本</span>" in counts


def test_404_is_japanese(demo_site, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_500_page_is_japanese(demo_site, client, settings):
    from core.views import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()


def test_400_page_is_japanese_and_says_nothing_was_saved(demo_site, client):
    # e.g. a request larger than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE)
    from django.core.exceptions import RequestDataTooBig
    from django.views.defaults import bad_request

    response = bad_request(client.get("/").wsgi_request, RequestDataTooBig())
    assert response.status_code == 400
    body = response.content.decode()
    assert '<html lang="ja">' in body and "何も保存されていません" in body


def test_bad_page_numbers_do_not_fail(demo_site, client):
    for value in ("abc", "9999", "-1", "%00"):
        assert client.get(f"/cases/?page={value}").status_code == 200


def test_the_site_has_an_icon(demo_site, client):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert icon and icon.group(1).endswith("favicon.svg")
    assert finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon.group(1)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_search_landmark_of_a_page_has_its_own_name(demo_site, client, language):
    """A screen reader lists landmarks by name: the header's search, the home page's and the
    search page's own form are told apart (axe landmark-unique)."""
    client.cookies["django_language"] = language
    for url in ["/", "/search/?q=RPA"]:
        html = client.get(url).content.decode()
        forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
        names = [re.search(r'aria-label="([^"]+)"', form) for form in forms]
        assert len(forms) == 2 and all(names), url
        assert len({name.group(1) for name in names}) == 2, url


def test_the_site_s_own_words_are_in_the_reader_s_language(demo_site, client):
    """The home page's lead and the sections' introductions are the site's own words, as the
    demo writes them: English in English; rewritten by an editor, they are shown as written and
    marked Japanese."""
    from events.models import EventIndexPage

    client.cookies["django_language"] = "en"
    home = client.get("/").content.decode()
    assert "<h1>Where “Has another town already solved this?” finds its answer</h1>" in home
    assert "他のまちは" not in home
    events = EventIndexPage.objects.get()
    assert (
        "Forums, talks, panel discussions and workshops" in client.get(events.url).content.decode()
    )
    events.summary = "県の主催するイベントです。"
    events.save_revision().publish()
    html = client.get(events.url).content.decode()
    assert '<p class="lead"><span lang="ja">県の主催するイベントです。</span></p>' in html
    client.cookies["django_language"] = "ja"
    assert (
        "「他のまちは、もう解決している？」にこたえる場所</h1>" in client.get("/").content.decode()
    )

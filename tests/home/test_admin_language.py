"""The admin in Japanese for Japanese users (no half-English screens), and people's names in
Japanese order, family name first, wherever a person reads them."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cases.models import CaseIndexPage, CasePage
from core.names import full_name

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = [
    "Moderators approval",
    " Pages",
    "awaiting moderation",
    "Collapse all",
    "Help</",
    "Privacy and access",
    "Task submitted by",
    "Search all pages",
    "There is 1 match",
    "調整のために",
    "new items in this menu",
    "Multi-word tags",
    "Toggle section",
]


def demo_user(role: str):
    from home.demo import DEMO_USERS

    return get_user_model().objects.get(username=DEMO_USERS[role][0])


def test_full_name_is_family_name_first():
    user = get_user_model()(username="x", first_name="花子", last_name="編集部")
    assert user.get_full_name() == "編集部 花子"
    assert user.get_short_name() == "編集部"
    assert full_name(get_user_model()(username="y", first_name="花子")) == "花子"
    assert get_user_model()(username="z").get_full_name() == ""


@pytest.fixture
def submitted_case(demo_site):
    """A case the demo staff member has submitted to the editors' review."""
    staff = demo_user("staff")
    case = CasePage.objects.live().first()
    case.save_revision(user=staff)
    mail.outbox.clear()
    case.get_workflow().start(case, staff)
    return case


def test_editor_screens_are_japanese(client, submitted_case):
    client.force_login(demo_user("editor"))
    index = CaseIndexPage.objects.get()
    pages = {
        "dashboard": reverse("wagtailadmin_home"),
        "listing": reverse("wagtailadmin_explore", args=(index.pk,)),
        "edit": reverse("wagtailadmin_pages:edit", args=(submitted_case.pk,)),
        "history": reverse("wagtailadmin_pages:history", args=(submitted_case.pk,)),
        "search": reverse("wagtailadmin_pages:search") + "?q=zzzz",
        "chooser": reverse("wagtailadmin_choose_page") + "?q=RPA",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        found = [text for text in ENGLISH_LEFTOVERS if text in html]
        assert not found, (name, found)
    dashboard = client.get(pages["dashboard"]).content.decode()
    assert "ページ" in dashboard and "提出者" in dashboard


def test_names_read_family_name_first_in_workflow_history_and_email(client, submitted_case):
    # the editors' notification greets the editor by family name (「編集部さん」), in Japanese
    editor = demo_user("editor")
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert to_editor
    assert "編集部さん" in to_editor[0].body and "花子さん" not in to_editor[0].body
    assert "has been submitted" not in to_editor[0].subject + to_editor[0].body
    client.force_login(demo_user("editor"))
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:history", args=(submitted_case.pk,)),
    ):
        html = client.get(url).content.decode()
        assert "自治体職員 太郎" in html, url
        assert "太郎 自治体職員" not in html, url


def test_staff_sees_japanese_moderation_status(client, submitted_case):
    client.force_login(demo_user("editor"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=(submitted_case.pk,))).content
    html = html.decode()
    assert "編集者による審査" in html  # the site's workflow, not "Moderators approval"
    assert "In Moderation" not in html

"""人事異動: the owner of a case hands it over to a colleague of the same local government, who
is emailed and finds it in 「自分の投稿」; nobody else may, and nobody outside the town can receive it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry

from accounts.models import StaffProfile
from cases.factories import CasePageFactory
from cases.models import CaseIndexPage, CasePage
from home import roles
from home.demo import DEMO_USERS
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db


def staff(username, code, last_name="", first_name=""):
    user = get_user_model().objects.create_user(
        username, f"{username}@city.example.lg.jp", last_name=last_name, first_name=first_name
    )
    user.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY["staff"].group_name))
    StaffProfile.objects.create(user=user, local_government=LocalGovernment.objects.get(code=code))
    return user


@pytest.fixture
def people(demo_site):
    return {
        "owner": get_user_model().objects.get(username=DEMO_USERS["staff"][0]),  # 金沢市
        "successor": staff("kanazawa-next", "172014", "後任", "次郎"),
        "kaga": staff("kaga-staff", "172065"),  # 加賀市
    }


@pytest.fixture
def case(people):
    page = CasePageFactory(
        parent=CaseIndexPage.objects.get(),
        live=False,
        owner=people["owner"],
        title="引き継ぐ事例",
        local_government=LocalGovernment.objects.get(code="172014"),
    )
    page.save_revision(user=people["owner"])
    return page


def url(case):
    return reverse("hand_over_case", args=(case.pk,))


def test_the_owner_hands_a_case_over_to_a_colleague(
    client, people, case, django_capture_on_commit_callbacks
):
    client.force_login(people["owner"])
    form = client.get(url(case)).content.decode()
    assert "後任 次郎" in form and "kaga-staff" not in form
    assert "引き継ぐ" in client.get(reverse("my_submissions")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(case), {"new_owner": people["successor"].pk}, follow=True)
    assert "「引き継ぐ事例」を後任 次郎さんに引き継ぎました。" in response.content.decode()
    assert CasePage.objects.get(pk=case.pk).owner == people["successor"]
    assert PageLogEntry.objects.filter(page=case, action="cases.hand_over").count() == 1
    (message,) = mail.outbox
    assert message.to == [people["successor"].email]
    assert "引き継ぐ事例" in message.subject
    assert "後任 次郎 様" in message.body and "/my/" in message.body
    assert "引き継ぐ事例" not in client.get(reverse("my_submissions")).content.decode()
    client.force_login(people["successor"])
    mine = client.get(reverse("my_submissions")).content.decode()
    assert "引き継ぐ事例" in mine
    assert client.get(reverse("submit_case_edit", args=(case.pk,))).status_code == 200


def test_only_a_colleague_can_receive_it_and_only_the_owner_can_give_it(client, people, case):
    client.force_login(people["owner"])
    response = client.post(url(case), {"new_owner": people["kaga"].pk})
    assert response.status_code == 200
    assert "同じ自治体の職員から選んでください。" in response.content.decode()
    assert CasePage.objects.get(pk=case.pk).owner == people["owner"]
    # a colleague may edit the case but not give it away; staff of another town see nothing
    for someone in ("successor", "kaga"):
        client.force_login(people[someone])
        assert client.post(url(case), {"new_owner": people[someone].pk}).status_code == 404
    assert CasePage.objects.get(pk=case.pk).owner == people["owner"]
    client.logout()
    assert client.get(url(case)).status_code == 302  # to sign in


def test_an_editor_may_hand_over_for_a_member_who_has_left(client, people, case):
    editor = get_user_model().objects.get(username=DEMO_USERS["editor"][0])
    people["owner"].is_active = False
    people["owner"].save()
    client.force_login(editor)
    response = client.post(url(case), {"new_owner": people["successor"].pk})
    assert response.status_code == 302
    assert CasePage.objects.get(pk=case.pk).owner == people["successor"]

"""Editors invite staff by email, change their role and deactivate them; nobody else can."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from home.demo import DEMO_USERS
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db
User = get_user_model()


def account(role):
    return User.objects.get(username=DEMO_USERS[role][0])


def test_an_editor_invites_a_staff_member_who_sets_a_password(client, demo_site):
    client.force_login(account("editor"))
    url = reverse("accounts_invite")
    assert client.get(url).status_code == 200
    staff_group = Group.objects.get(name="自治体職員")
    hayama = LocalGovernment.objects.get(code="143014")
    mail.outbox.clear()
    response = client.post(
        url,
        {
            "email": "yamada@town.hayama.lg.jp",
            "last_name": "山田",
            "first_name": "次郎",
            "local_government": hayama.pk,
            "group": staff_group.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="yamada@town.hayama.lg.jp")
    assert not user.has_usable_password()
    assert user.staff_profile.local_government == hayama
    assert list(user.groups.all()) == [staff_group]
    assert EmailAddress.objects.get(user=user).verified
    (message,) = mail.outbox
    # an invitation, not a reset of a password the invitee never had
    assert "招待" in message.subject and "パスワードの再設定" not in message.subject
    assert message.body.startswith("山田 次郎 さん")
    assert "編集部 花子 さんが、あなたを自治体DX共創ひろばに「自治体職員」（神奈川県葉山町）" in (
        message.body
    )
    assert f"ユーザー名: {user.get_username()}" in message.body
    assert "3 日間有効" in message.body
    assert message.from_email.startswith("自治体DX共創ひろば")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="ja">' in html
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    client.logout()
    form_url = client.get("/" + link.split("/", 3)[3], follow=True)
    assert form_url.status_code == 200
    client.post(
        form_url.redirect_chain[-1][0] if form_url.redirect_chain else link,
        {"password1": "hayama-dx-2026!", "password2": "hayama-dx-2026!"},
    )
    user.refresh_from_db()
    assert user.check_password("hayama-dx-2026!")
    client.logout()
    signed_in = client.post(
        reverse("account_login"),
        {"login": user.get_username(), "password": "hayama-dx-2026!"},
        follow=True,
    )
    assert "山田 次郎 さんとしてログインしました。" in signed_in.content.decode()


def test_only_allowed_domains_are_invited_and_only_by_editors(client, demo_site):
    client.force_login(account("editor"))
    response = client.post(
        reverse("accounts_invite"),
        {
            "email": "x@lg.jp.evil.com",
            "last_name": "x",
            "first_name": "y",
            "local_government": LocalGovernment.objects.first().pk,
            "group": Group.objects.get(name="自治体職員").pk,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@lg.jp.evil.com").exists()
    client.force_login(account("staff"))
    assert client.get(reverse("accounts_invite")).status_code in (302, 403)


def test_an_editor_changes_a_role_and_deactivates_a_user(client, demo_site):
    staff = account("staff")
    client.force_login(account("editor"))
    edit = reverse("wagtailusers_users:edit", args=(staff.pk,))
    page = client.get(edit)
    assert page.status_code == 200
    assert "is_superuser" not in page.content.decode()  # no way to make a superuser
    organisers = Group.objects.get(name="県の主催者")
    response = client.post(
        edit,
        {
            "username": staff.username,
            "email": staff.email,
            "first_name": staff.first_name,
            "last_name": staff.last_name,
            "password1": "",
            "password2": "",
            "groups": [organisers.pk],
            "is_active": "",  # unchecked: deactivated
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    staff.refresh_from_db()
    assert not staff.is_active
    assert list(staff.groups.all()) == [organisers]

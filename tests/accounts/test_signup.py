"""Sign-up on the public site: work addresses of the allowed domains only, verification by
email (in Japanese), the local government chosen by name, a honeypot and the shared limiter."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from accounts.adapter import allowed_email
from home import roles

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("foo@city.example.lg.jp", True),
        ("foo@pref.kanagawa.lg.jp", True),
        ("foo@lg.jp", True),
        ("foo@soumu.go.jp", True),
        ("FOO@CITY.EXAMPLE.LG.JP", True),
        ("foo@lg.jp.evil.com", False),
        ("foo@evil-lg.jp", False),
        ("foo@example.com", False),
        ("lg.jp", False),
        ("@city.lg.jp", False),
    ],
)
def test_only_addresses_of_the_configured_domains_may_sign_up(address, ok):
    assert allowed_email(address) is ok


def form(**fields):
    data = {
        "email": "tanaka@city.kanazawa.lg.jp",
        "last_name": "田中",
        "first_name": "花子",
        "prefecture": "17",
        "municipality": "金沢市",
        "password1": "kanazawa-dx-2026!",
        "password2": "kanazawa-dx-2026!",
        "website": "",
    }
    data.update(fields)
    return data


def test_a_staff_member_signs_up_verifies_and_signs_in(client, site_tree):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert "職員アカウントの登録" in page.content.decode()
    response = client.post("/accounts/signup/", form())
    assert response.status_code == 302
    user = User.objects.get(email="tanaka@city.kanazawa.lg.jp")
    assert (user.last_name, user.first_name) == ("田中", "花子")
    assert user.staff_profile.local_government.name == "金沢市"
    assert user.groups.filter(name=roles.ROLES_BY_KEY["staff"].group_name).exists()
    assert not EmailAddress.objects.get(user=user).verified
    # not signed in before the address is confirmed
    client.logout()
    login = client.post(
        "/accounts/login/",
        {"login": "tanaka@city.kanazawa.lg.jp", "password": "kanazawa-dx-2026!"},
    )
    assert "/accounts/confirm-email/" in login.get("Location", "") or login.status_code == 200
    assert "_auth_user_id" not in client.session

    message = [m for m in mail.outbox if "tanaka@city.kanazawa.lg.jp" in m.to][-1]
    assert re.search(r"[ぁ-んァ-ン一-龥]", message.subject + message.body)  # Japanese
    # from the site by its name, not the host it was reached at (「こんにちは、testserver です」)
    assert message.body.startswith("自治体DX共創ひろばからのお知らせです。")
    assert "testserver" not in message.body.split("\n")[0]
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    login = client.post(
        "/accounts/login/",
        {"login": "tanaka@city.kanazawa.lg.jp", "password": "kanazawa-dx-2026!"},
    )
    assert login.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_an_address_outside_the_domains_is_refused_in_japanese(client, site_tree):
    response = client.post("/accounts/signup/", form(email="foo@lg.jp.evil.com"))
    assert response.status_code == 200
    assert "lg.jp・go.jp" in response.content.decode()
    assert not User.objects.filter(email="foo@lg.jp.evil.com").exists()
    assert not mail.outbox


def test_an_unknown_municipality_is_refused_and_a_prefecture_alone_is_the_prefecture(
    client, site_tree
):
    response = client.post("/accounts/signup/", form(municipality="存在しない町"))
    assert response.status_code == 200
    assert "石川県に「存在しない町」は見つかりません" in response.content.decode()
    assert not User.objects.exists()
    client.post("/accounts/signup/", form(email="ken@pref.ishikawa.lg.jp", municipality=""))
    user = User.objects.get(email="ken@pref.ishikawa.lg.jp")
    assert user.staff_profile.local_government.name == "石川県"


def test_a_bot_filling_the_honeypot_gets_no_account(client, site_tree):
    response = client.post("/accounts/signup/", form(website="http://spam.example"))
    assert response.status_code == 302
    assert not User.objects.exists()
    assert not mail.outbox


def test_sign_up_and_password_reset_are_rate_limited(client, site_tree):
    # forms sent back with a mistake are no sign-ups: someone who mistypes their town may retry
    for _n in range(6):
        response = client.post("/accounts/signup/", form(municipality="存在しない町"))
        assert response.status_code == 200
    for n in range(5):
        client.post("/accounts/signup/", form(email=f"u{n}@city.kanazawa.lg.jp"))
    response = client.post("/accounts/signup/", form(email="u9@city.kanazawa.lg.jp"))
    assert response.status_code == 429
    assert not User.objects.filter(email="u9@city.kanazawa.lg.jp").exists()
    for _n in range(5):
        assert client.post("/accounts/password/reset/", {"email": "x@lg.jp"}).status_code != 429
    assert client.post("/accounts/password/reset/", {"email": "x@lg.jp"}).status_code == 429


def test_the_english_sign_up_form_names_prefectures_in_english(client, site_tree):
    client.cookies["django_language"] = "en"
    html = client.get("/accounts/signup/").content.decode()
    options = re.findall(r"<option value=\"\d+\">([^<]+)</option>", html)
    assert len(options) == 47
    assert "Ishikawa" in options and "Hokkaido" in options
    assert not [name for name in options if re.search(r"[\u3040-\u9fff]", name)]
    response = client.post("/accounts/signup/", form(municipality="存在しない町"))
    assert "“存在しない町” was not found in Ishikawa." in response.content.decode()
    client.cookies["django_language"] = "ja"
    assert "石川県</option>" in client.get("/accounts/signup/").content.decode()


def test_sign_up_attempts_have_their_own_wider_limit(client, site_tree, monkeypatch):
    from core import ratelimit

    monkeypatch.setitem(ratelimit.LIMITS, "signup-attempt", ratelimit.Limit("3/h", 3600))
    for _n in range(3):
        assert (
            client.post("/accounts/signup/", form(municipality="存在しない町")).status_code == 200
        )
    assert client.post("/accounts/signup/", form(municipality="存在しない町")).status_code == 429

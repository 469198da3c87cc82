"""Wrong passwords: the admin login locks out (django-axes), page passwords are limited."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "lockout-editor", "lockout@example.lg.jp", "right-password-123", is_superuser=True
    )
    return user


def admin_login(client, password, **extra):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "lockout-editor", "password": password, "next": "/admin/"},
        **extra,
    )


def test_admin_login_locks_out_after_five_wrong_passwords(client, editor):
    for _ in range(4):
        response = admin_login(client, "wrong")
        assert response.status_code == 200  # the form again, with its error
    assert admin_login(client, "wrong").status_code == 429  # the fifth locks
    locked = admin_login(client, "right-password-123")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "ログインを一時的に停止しています" in html and "15分" in html
    assert "_auth_user_id" not in client.session
    # another address is not locked out by these failures
    other = admin_login(client, "right-password-123", REMOTE_ADDR="192.0.2.50")
    assert other.status_code == 302


def test_a_right_password_before_the_limit_logs_in(client, editor):
    for _ in range(3):
        admin_login(client, "wrong")
    assert admin_login(client, "right-password-123").status_code == 302


def test_lockout_page_in_english(client, editor):
    client.cookies["django_language"] = "en"
    for _ in range(5):
        admin_login(client, "wrong")
    assert "temporarily" in admin_login(client, "wrong").content.decode().lower()


def test_page_password_tries_are_limited(client, site_tree):
    page = site_tree["cases"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="himitsu-2024"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=(restriction.pk, page.pk))
    codes = [
        client.post(url, {"password": f"guess{n}", "return_url": "/cases/"}).status_code
        for n in range(10)
    ]
    assert 429 not in codes
    blocked = client.post(url, {"password": "himitsu-2024", "return_url": "/cases/"})
    assert blocked.status_code == 429
    assert "15分" in blocked.content.decode()
    # still not let in: the page asks for its password again
    assert 'name="password"' in client.get("/cases/").content.decode()

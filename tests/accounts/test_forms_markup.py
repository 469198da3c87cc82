"""The sign-in, sign-up and password pages read as the site's other forms: labels without a
colon, the sign-in field named for what it takes, and every description an input points to
present on the page (WCAG 1.3.1, 3.3.2)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _check_ties(html):
    labels = re.findall(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", html, re.S)
    assert labels and not [label for label in labels if re.search(r"[:：]\s*$", label)]
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    described = [
        i for refs in re.findall(r'aria-describedby="([^"]+)"', html) for i in refs.split()
    ]
    assert not [i for i in described if i not in ids]
    return described
    # a help text is a block that may hold a list (the password rules), never an empty <p>
    assert '<p class="help"' not in html


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_forms_tie_their_help_and_labels(client, name):
    _check_ties(client.get(reverse(name)).content.decode())


def test_the_sign_in_field_says_what_it_takes(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '<form class="stack-form" method="post"' in html  # laid out as the sign-up form
    assert re.search(r'<label for="id_login">ユーザー名またはメールアドレス', html)
    client.cookies["django_language"] = "en"
    assert "User name or email address" in client.get(reverse("account_login")).content.decode()


def test_errors_and_groups_are_tied_to_their_inputs(client, demo_site):
    """After a bad submission every error an input points to exists, and the themes (a group of
    checkboxes) are a fieldset named by its legend."""
    from django.contrib.auth import get_user_model

    from home.demo import DEMO_USERS

    client.force_login(get_user_model().objects.get(username=DEMO_USERS["staff"][0]))
    html = client.post(
        reverse("submit_case"), {"title": "年の誤り", "year": "昔", "save": "1"}
    ).content.decode()
    assert "id_year_error" in _check_ties(html)
    assert re.search(r"<fieldset[^>]*>\s*<legend>テーマ", html)
    # the listing filters: a bad value gets a visible message its input points to
    for url in ("/events/?month=abc", "/diary/?series=abc"):
        page = client.get(url).content.decode()
        described = re.findall(r'aria-describedby="([^"]*_error)"', page)
        assert described and all(f'id="{i}"' in page for i in described), url


def test_the_english_account_pages_write_headings_in_sentence_case(client):
    """As the rest of the English site does: 「Sign in」, not allauth's "Sign In"
    (locale/overrides/en)."""
    client.cookies["django_language"] = "en"
    login = client.get(reverse("account_login")).content.decode()
    assert "Sign in" in login and "Remember me" in login
    assert "Sign In" not in login and "Remember Me" not in login
    reset = client.get(reverse("account_reset_password")).content.decode()
    assert "Password reset" in reset and "Reset my password" in reset
    assert "Password Reset" not in reset
    client.cookies["django_language"] = "ja"
    assert "ログイン" in client.get(reverse("account_login")).content.decode()

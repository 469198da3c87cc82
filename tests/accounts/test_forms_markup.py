"""The sign-in, sign-up and password pages read as the site's other forms: labels without a
colon, the sign-in field named for what it takes, and every description an input points to
present on the page (WCAG 1.3.1, 3.3.2)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_forms_tie_their_help_and_labels(client, name):
    html = client.get(reverse(name)).content.decode()
    labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    assert labels and not [label for label in labels if re.search(r"[:：]\s*$", label)]
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    described = [
        i for refs in re.findall(r'aria-describedby="([^"]+)"', html) for i in refs.split()
    ]
    assert not [i for i in described if i not in ids]


def test_the_sign_in_field_says_what_it_takes(client):
    html = client.get(reverse("account_login")).content.decode()
    assert re.search(r'<label for="id_login">ユーザー名またはメールアドレス', html)
    client.cookies["django_language"] = "en"
    assert "User name or email address" in client.get(reverse("account_login")).content.decode()

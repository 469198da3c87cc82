"""Absolute links (exports, notification emails) come from the configured site address."""

import json

import pytest
from wagtail.models import Site

from home import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_address(settings, demo_site):
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = "https://dx.example.lg.jp"
    demo.ensure_home()
    return settings.SITE_URL


def test_default_site_follows_site_url(public_address):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("dx.example.lg.jp", 443)
    assert site.root_url == public_address


def test_site_url_with_a_port(settings, demo_site):
    settings.SITE_URL = "http://127.0.0.1:8123"
    demo.ensure_home()
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_links_use_the_site_address(public_address, client, fmt):
    body = client.get("/cases/", {"format": fmt}).content.decode("utf-8-sig")
    assert "http://localhost" not in body
    if fmt == "json":
        urls = [case["url"] for case in json.loads(body)["cases"]]
        assert urls and all(u.startswith(public_address + "/cases/") for u in urls)
    else:
        assert f",{public_address}/cases/" in body


def test_review_email_links_use_the_site_address(public_address):
    from django.contrib.auth import get_user_model
    from django.core import mail
    from wagtail.models import Workflow

    from cases.models import CaseIndexPage, CasePage, Theme
    from home import roles
    from localgov.models import LocalGovernment

    staff = get_user_model().objects.get(username="demo-staff")
    case = CasePage(
        title="メールのリンク確認",
        slug="mail-link",
        local_government=LocalGovernment.objects.get(code="172103"),
        owner=staff,
        live=False,
    )
    CaseIndexPage.objects.get().add_child(instance=case)
    case.themes.set([Theme.objects.first()])
    case.save_revision(user=staff)
    mail.outbox.clear()
    Workflow.objects.get(name=roles.WORKFLOW_NAME).start(case, staff)
    bodies = "\n".join(m.body for m in mail.outbox)
    assert mail.outbox
    assert public_address + "/admin/" in bodies
    assert "127.0.0.1" not in bodies and "localhost" not in bodies
